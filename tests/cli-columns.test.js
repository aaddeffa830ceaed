// The model carries its schema: wasmlp train keeps the columns' names, and predict and
// eval find the columns by header name, in any order, extra ones ignored, the label
// without --label; a missing or doubled column is an error naming it; a model that names
// no columns is read by position, with a note saying so.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { wasmlp, workspace, blobs, toCsv } from "./helpers/cli.js";

const ws = workspace("columns");
// Two features on very different scales, so reading one for the other is plainly wrong.
const rows = blobs(400, 3).map(([a, b, label]) => [a, (50 * Number(b) + 200).toFixed(2), label === 1 ? "yes" : "no"]);
const data = ws.file("train.csv", toCsv(["a", "b", "answer"], rows));
const model = ws.path("model.json");
const FAST = ["--epochs", "40", "--lr", "0.01", "--quiet"];
const trained = wasmlp(["train", data, "-o", model, ...FAST]);
// The same rows with the label first, b before a, and a column the model never saw.
const shuffled = ws.file("shuffled.csv", toCsv(["answer", "note", "b", "a"], rows.map(([a, b, label]) => [label, "x", b, a])));

const ok = (result) => {
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stderr, "");
  return result.stdout;
};

test("train keeps the feature names in order and the label column's name", () => {
  ok(trained);
  const json = JSON.parse(readFileSync(model, "utf8"));
  assert.is(json.version, 2);
  assert.equal([json.featureNames, json.labelName], [["a", "b"], "answer"]);
});

test("eval and predict read columns by name: any order, extra columns, the label without --label", () => {
  const expected = JSON.parse(ok(wasmlp(["eval", model, data, "--json"])));
  assert.ok(expected.accuracy > 0.9, `accuracy ${expected.accuracy}`);
  assert.equal(JSON.parse(ok(wasmlp(["eval", model, shuffled, "--json"]))), expected);
  const proba = ok(wasmlp(["predict", model, data, "--proba"]));
  assert.is(ok(wasmlp(["predict", model, shuffled, "--proba"])), proba);
  // Without the label column, and with the features alone in another order.
  const features = ws.file("features.csv", toCsv(["b", "a"], rows.map(([a, b]) => [b, a])));
  assert.is(ok(wasmlp(["predict", model, features, "--proba"])), proba);
});

test("--label names another label column; --label on a feature column is an error", () => {
  const renamed = ws.file("renamed.csv", toCsv(["a", "b", "truth"], rows));
  const expected = ok(wasmlp(["eval", model, data, "--json"]));
  assert.is(ok(wasmlp(["eval", model, renamed, "--json", "--label", "truth"])), expected);
  const missing = wasmlp(["eval", model, renamed]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /^wasmlp: error: .*renamed\.csv, line 1: there is no column named "answer" \(the model's label column; give --label if it has another name\); the header has "a", "b", "truth"\n$/);
  for (const command of ["eval", "predict"]) {
    const result = wasmlp([command, model, data, "--label", "b"]);
    assert.is(result.status, 1);
    assert.match(result.stderr, /^wasmlp: error: .*train\.csv, line 1: --label names "b", one of the model's feature columns; the model's features are "a", "b"\n$/);
  }
});

test("a missing or doubled feature column is an error naming it, and predict -o writes nothing", () => {
  const out = ws.path("predictions.csv");
  const noB = ws.file("no-b.csv", toCsv(["a", "answer"], rows.map(([a, , label]) => [a, label])));
  for (const args of [["eval", model, noB], ["predict", model, noB, "-o", out]]) {
    const result = wasmlp(args);
    assert.is(result.status, 1);
    assert.match(result.stderr, /^wasmlp: error: .*no-b\.csv, line 1: there is no column named "b" \(one of the model's features\); the header has "a", "answer"\n$/);
  }
  assert.not.ok(existsSync(out));
  const doubled = ws.file("doubled.csv", "a,b,a\n1,2,3\n");
  const result = wasmlp(["predict", model, doubled]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /doubled\.csv, line 1: columns 1 and 3 are both named "a" \(one of the model's features\); it must be one column\n$/);
  // A doubled column the model does not read is just another extra column.
  const extra = ws.file("extra.csv", toCsv(["z", "a", "z", "b"], rows.map(([a, b]) => [0, a, 0, b])));
  assert.is(ok(wasmlp(["predict", model, extra])), ok(wasmlp(["predict", model, data])));
});

test("train refuses a header whose names repeat", () => {
  const file = ws.file("repeat.csv", "a,a,answer\n1,2,yes\n3,4,no\n");
  const out = ws.path("repeat.json");
  const result = wasmlp(["train", file, "-o", out, ...FAST]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /^wasmlp: error: .*repeat\.csv, line 1, column 2: columns 1 and 2 are both named "a": every column read needs a name of its own, since a model finds its features by name\n$/);
  assert.not.ok(existsSync(out));
});

test("a model without names (an older wasmlp's) still loads: by position, with a note", () => {
  const json = JSON.parse(readFileSync(model, "utf8"));
  delete json.featureNames;
  delete json.labelName;
  const old = ws.file("old.json", JSON.stringify({ ...json, version: 1 }));
  for (const args of [["eval", old, data, "--json"], ["predict", old, data, "--proba"]]) {
    const result = wasmlp(args);
    assert.is(result.status, 0, result.stderr);
    assert.match(result.stderr, /^wasmlp: note: .*old\.json names no columns .*; reading the data's columns by position, as in training\n$/);
    assert.is(result.stdout, ok(wasmlp([args[0], model, data, args[3]])));
  }
  // By position: the label is the last column, whatever it is called.
  const last = ws.file("last.csv", toCsv(["p", "q", "r"], rows));
  assert.is(wasmlp(["eval", old, last, "--json"]).stdout, ok(wasmlp(["eval", model, data, "--json"])));
});

test.after(() => ws.remove());

test.run();
