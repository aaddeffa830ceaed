// fromONNX on files other tools wrote (tests/fixtures/onnx, made by make-onnx-fixtures.py
// with PyTorch and onnx.helper): each imported model predicts what the source framework
// computed on the committed inputs, within float32 rounding, in the library and in
// wasmlp/infer; the classes option orders the columns; and every damaged, hostile or
// foreign file is refused with an Error that names the problem.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor, fromONNX } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { boundedForward } from "./helpers/float32-bound.js";

const dir = new URL("./fixtures/onnx/", import.meta.url);
const { X, cases } = JSON.parse(readFileSync(new URL("cases.json", dir), "utf8"));
const hostile = JSON.parse(readFileSync(new URL("hostile.json", dir), "utf8"));
const bytesOf = (file) => new Uint8Array(readFileSync(new URL(file, dir)));

/** The probabilities a classifier's head gives for the framework's outputs: a sigmoid's p
 *  as [1 − p, p], logits through the softmax (or the sigmoid, for one), in float64. */
function probabilities(head, outputs) {
  return outputs.map((row) => {
    if (head === "sigmoid") return [1 - row[0], row[0]];
    if (head !== "logits") return row;
    if (row.length === 1) return [1 - 1 / (1 + Math.exp(-row[0])), 1 / (1 + Math.exp(-row[0]))];
    const top = Math.max(...row);
    const e = row.map((z) => Math.exp(z - top));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
}

/** Asserts `actual` (rows) is within twice the float32 bound of `expected` for each row. */
function checkClose(actual, expected, json, what) {
  actual.forEach((row, r) => {
    const { bounds } = boundedForward(json, X[r]);
    row.forEach((v, c) => {
      assert.ok(Math.abs(v - expected[r][c]) <= 2 * bounds[c], `${what} row ${r} column ${c}: ${v}, the framework's ${expected[r][c]} (± ${2 * bounds[c]})`);
    });
  });
}

for (const c of cases) {
  test(`fromONNX ${c.name} (${c.source}, opset ${c.opset}) predicts as ${c.source} did`, async () => {
    const json = fromONNX(bytesOf(c.file), { task: c.task });
    assert.is(json.activation, c.activation);
    const infer = await loadModel(json);
    if (c.task === "regression") {
      const reg = await MLPRegressor.fromJSON(json);
      const rows = reg.predict(X).map((v) => (Array.isArray(v) ? v : [v]));
      checkClose(rows, c.outputs, json, c.name);
      assert.equal(infer.predict(X), reg.predict(X));
    } else {
      const clf = await MLPClassifier.fromJSON(json);
      const expected = probabilities(c.head, c.outputs);
      assert.equal(clf.classes, expected[0].map((_, i) => i));
      checkClose(clf.predictProba(X), expected, json, c.name);
      assert.equal(infer.predictProba(X), clf.predictProba(X));
    }
  });
}

test("a classifier's task comes from its Softmax or Sigmoid head without the option", () => {
  for (const c of cases.filter((c) => c.head === "softmax" || c.head === "sigmoid")) {
    assert.equal(fromONNX(bytesOf(c.file)), fromONNX(bytesOf(c.file), { task: "classification" }), c.name);
  }
});

test("classes name the output columns in the file's order; wasmlp sorts them and keeps each column's meaning", async () => {
  const multi = cases.find((c) => c.name === "torch-relu-softmax-scaled");
  const clf = await MLPClassifier.fromJSON(fromONNX(bytesOf(multi.file), { classes: ["zebra", "ant", "moose"] }));
  assert.equal(clf.classes, ["ant", "moose", "zebra"]);
  const plain = await MLPClassifier.fromJSON(fromONNX(bytesOf(multi.file)));
  const p = plain.predictProba(X);
  // Reordering moves rows of the last layer without changing a bit of them; the softmax
  // then sums its exponentials in another order, which may move the last bit or two.
  clf.predictProba(X).forEach((row, r) => {
    const expected = [p[r][1], p[r][2], p[r][0]];
    row.forEach((v, k) => assert.ok(Math.abs(v - expected[k]) <= 2 ** -22, `row ${r} class ${k}: ${v} vs ${expected[k]}`));
  });

  const binary = cases.find((c) => c.name === "torch-tanh-sigmoid-scaled");
  const yes = await MLPClassifier.fromJSON(fromONNX(bytesOf(binary.file), { classes: ["yes", "no"] }));
  assert.equal(yes.classes, ["no", "yes"]);
  // The sigmoid gives P("no"), output 1; negating the unit makes it P("yes") = 1 − that,
  // as σ(−z) = 1 − σ(z): the same within float32 rounding.
  const pNo = (await MLPClassifier.fromJSON(fromONNX(bytesOf(binary.file), { classes: ["yes", "zz"] }))).predictProba(X).map((r) => r[1]);
  yes.predictProba(X).forEach((row, r) => assert.ok(Math.abs(row[0] - pNo[r]) <= 2 ** -23, `row ${r}`));
  const labels = yes.predict(X);
  assert.ok(labels.every((l) => l === "yes" || l === "no"));
});

test("numeric classes are sorted as numbers; mixed or repeated ones are refused", async () => {
  const c = cases.find((c) => c.name === "torch-sigmoid-softmax");
  assert.equal(fromONNX(bytesOf(c.file), { classes: [30, 10, 20] }).classes, [10, 20, 30]);
  assert.throws(() => fromONNX(bytesOf(c.file), { classes: [1, "a", 2] }), /classes/);
  assert.throws(() => fromONNX(bytesOf(c.file), { classes: [1, 1, 2] }), /twice/);
});

test("fromONNX checks its options", () => {
  const file = bytesOf(cases[0].file);
  assert.throws(() => fromONNX(file, { tsak: "regression" }), /no option "tsak"/);
  assert.throws(() => fromONNX(file, { task: "ranking" }), /task must be "classification" or "regression"/);
  assert.throws(() => fromONNX(file, { task: "regression", classes: [0, 1, 2] }), /a regressor has no classes/);
  assert.throws(() => fromONNX(file, { classes: "abc" }), /classes must be an array/);
  assert.throws(() => fromONNX("model.onnx"), /Uint8Array/);
});

for (const h of hostile) {
  test(`fromONNX refuses ${h.name} with an Error that says why`, () => {
    let error;
    try {
      fromONNX(bytesOf(h.file), h.options);
    } catch (e) {
      error = e;
    }
    assert.instance(error, Error, "no error");
    // A plain Error with a message, not a RangeError or TypeError from a slip in the reader.
    assert.is(error.constructor, Error, error.stack);
    assert.ok(error.message.includes(h.expect), `expected "${h.expect}" in: ${error.message}`);
  });
}

// Seeded damage to real files: every truncation, and bytes overwritten at random. Each
// must give a model that loads, or a plain Error; nothing else may escape, and nothing may
// hang (the reader's loops all advance through the bytes).
function damaged(bytes, seed) {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const copy = bytes.slice();
  const count = 1 + Math.floor(next() * 4);
  for (let i = 0; i < count; i++) copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256);
  return copy;
}

test("every truncation and 400 random corruptions of real files give a model or a plain Error", async () => {
  let refused = 0;
  let loaded = 0;
  for (const c of [cases[0], cases.find((c) => c.source === "onnx.helper")]) {
    const bytes = bytesOf(c.file);
    const variants = [...Array.from({ length: bytes.length }, (_, n) => bytes.subarray(0, n)), ...Array.from({ length: 200 }, (_, i) => damaged(bytes, i + 1))];
    for (const variant of variants) {
      try {
        const json = fromONNX(variant, { task: c.task });
        (c.task === "regression" ? await MLPRegressor.fromJSON(json) : await MLPClassifier.fromJSON(json));
        loaded++;
      } catch (error) {
        assert.is(error.constructor, Error, error.stack);
        assert.ok(error.message.length > 10);
        refused++;
      }
    }
  }
  assert.ok(refused > 1000, `${refused} refused`);
  assert.ok(loaded > 0, "some corruptions (in names or weights) leave a valid model");
});

test.run();
