// Saving and loading: toJSON/fromJSON and toBytes/fromBytes give back the same model bit
// for bit, and every damaged, foreign or hostile file is refused with an Error saying why.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { MLPClassifier, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { importSource } from "./helpers/entries.js";
import { blobs } from "./helpers/data.js";
import { predictProba as referenceProba } from "./helpers/mlp-reference.js";
import { rejects } from "./helpers/errors.js";

const three = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [15, 15, 15], spread: 0.8, seed: 1 });
const two = blobs({ centers: [[0, 0], [2, 1]], counts: [15, 15], spread: 0.9, seed: 2 });
const strings = blobs({ centers: [[0, 0], [3, 0], [0, 3], [3, 3]], counts: [10, 10, 10, 10], spread: 0.7, labels: ["b", "a", "B", "é"], seed: 3 });
const probe = [[0.5, -1], [10, 10], [-30, 2], [1.5, 1.5], [0, 0]];

const models = [
  ["binary sigmoid", two, { hiddenLayers: [4] }],
  ["multiclass relu", three, { hiddenLayers: [6, 3], activation: "relu", optimizer: "adam", learningRate: 0.05 }],
  ["string labels tanh", strings, { hiddenLayers: [5], activation: "tanh", optimizer: "sgd", classWeight: { é: 2 } }],
  ["standardized, scaled inputs", { X: three.X.map(([a, b]) => [a * 1e4, b - 7]), y: three.y }, { hiddenLayers: [4], standardize: true, optimizer: "adam", learningRate: 0.05 }],
];

async function trained(data, options) {
  return new MLPClassifier({ epochs: 30, seed: 5, ...options }).fit(data.X, data.y);
}

function assertSameModel(loaded, original, X) {
  assert.equal(loaded.classes, original.classes);
  // Float32 probabilities widened to doubles: deep equality is bit identity.
  assert.equal(loaded.predictProba(X), original.predictProba(X));
  assert.equal(loaded.predict(X), original.predict(X));
  assert.equal({ coefs: loaded.coefs, intercepts: loaded.intercepts }, { coefs: original.coefs, intercepts: original.intercepts });
}

for (const [name, data, options] of models) {
  test(`round trips give bit-identical predictProba: ${name}`, async () => {
    const clf = await trained(data, options);
    const X = [...data.X, ...probe.map((r) => r.map((v) => v * (options.standardize ? 1e4 : 1)))];
    const json = clf.toJSON();
    assertSameModel(await MLPClassifier.fromJSON(json), clf, X);
    const text = JSON.stringify(json);
    assertSameModel(await MLPClassifier.fromJSON(JSON.parse(text)), clf, X);
    assertSameModel(await MLPClassifier.fromJSON(text), clf, X);
    const bytes = clf.toBytes();
    assert.instance(bytes, Uint8Array);
    assertSameModel(await MLPClassifier.fromBytes(bytes), clf, X);
    assertSameModel(await MLPClassifier.fromBytes(bytes.slice().buffer), clf, X);
    // Bytes inside a larger buffer (a file read into a pool) read the same.
    const pooled = new Uint8Array(bytes.length + 13);
    pooled.set(bytes, 13);
    const loaded = await MLPClassifier.fromBytes(pooled.subarray(13));
    assertSameModel(loaded, clf, X);
    // Saving a loaded model writes the same file.
    assert.equal(loaded.toBytes(), bytes);
    assert.equal((await MLPClassifier.fromJSON(text)).toJSON(), json);
    assert.equal(loaded.options, clf.options);
  });
}

test("a model trained with a classWeight for the labels \"constructor\" and \"prototype\" saves and loads", async () => {
  // fit accepts these labels as classWeight keys (bindings/model/classes.ts reads them through a Map for
  // exactly this reason), so the trained model must also be savable.
  const data = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [10, 10, 10], spread: 0.5, labels: ["constructor", "other", "prototype"], seed: 12 });
  const clf = await trained(data, { hiddenLayers: [4], classWeight: { constructor: 2, prototype: 3 } });
  assertSameModel(await MLPClassifier.fromJSON(JSON.stringify(clf.toJSON())), clf, data.X);
  assertSameModel(await MLPClassifier.fromBytes(clf.toBytes()), clf, data.X);
});

test("the JSON form holds the classes, widths, scaler and every parameter", async () => {
  const clf = await trained(strings, { hiddenLayers: [5], standardize: true });
  const json = clf.toJSON();
  assert.is(json.format, "wasmlp-mlp");
  assert.is(json.version, 1);
  assert.equal(json.classes, ["B", "a", "b", "é"]);
  assert.equal(json.sizes, [2, 5, 4]);
  assert.is(json.params.length, 5 * 3 + 4 * 6);
  assert.is(json.scaler.mean.length, 2);
  assert.equal(json.params.slice(0, 1), [clf.coefs[0][0][0]]);
});

test("a loaded model keeps training with partialFit", async () => {
  const clf = await trained(three, { hiddenLayers: [4], optimizer: "adam", learningRate: 0.05 });
  const loaded = await MLPClassifier.fromBytes(clf.toBytes());
  await loaded.partialFit(three.X, three.y);
  assert.is(loaded.loss.length, 1);
  assert.ok(Number.isFinite(loaded.loss[0]));
  assert.equal(clf.predictProba(three.X), (await MLPClassifier.fromBytes(clf.toBytes())).predictProba(three.X));
});

// Hostile files, crafted from a valid model.
const base = await trained(three, { hiddenLayers: [4], standardize: true });
const goodJSON = base.toJSON();
const goodBytes = base.toBytes();
const edited = (edit) => {
  const json = structuredClone(goodJSON);
  edit(json);
  return json;
};
const headerLength = new DataView(goodBytes.buffer).getUint32(4, true);
const paramsStart = (8 + headerLength + 3) & ~3;
// The bytes form with its JSON header text rewritten by `rewrite`, parameters unchanged.
const withHeaderText = (rewrite) => {
  const text = new TextEncoder().encode(rewrite(new TextDecoder().decode(goodBytes.subarray(8, 8 + headerLength))));
  const start = (8 + text.length + 3) & ~3;
  const bytes = new Uint8Array(start + goodBytes.length - paramsStart);
  bytes.set(goodBytes.subarray(0, 4));
  new DataView(bytes.buffer).setUint32(4, text.length, true);
  bytes.set(text, 8);
  bytes.set(goodBytes.subarray(paramsStart), start);
  return bytes;
};
const withHeader = (edit) => withHeaderText((text) => {
  const header = JSON.parse(text);
  edit(header);
  return JSON.stringify(header);
});

test("the header editor round-trips an unedited model (so the cases below test one change each)", async () => {
  assert.equal(withHeader(() => {}), goodBytes);
  assert.equal((await MLPClassifier.fromJSON(edited(() => {}))).predictProba(three.X), base.predictProba(three.X));
});

test("truncated bytes are refused, at every length", async () => {
  for (let length = 0; length < goodBytes.length; length++) {
    await rejects(MLPClassifier.fromBytes(goodBytes.subarray(0, length)), /truncated|not a wasmlp model|header/);
  }
  await rejects(MLPClassifier.fromBytes(goodBytes.subarray(0, goodBytes.length - 1)), /^truncated or damaged model: \d+ bytes do not match paramCount \(27\)$/);
  await rejects(MLPClassifier.fromBytes(goodBytes.subarray(0, 20)), /^truncated or damaged model: its header is not UTF-8 JSON/);
  const extra = new Uint8Array(goodBytes.length + 4);
  extra.set(goodBytes);
  await rejects(MLPClassifier.fromBytes(extra), /^truncated or damaged model: \d+ bytes do not match paramCount/);
});

test("foreign bytes are refused", async () => {
  const wrongMagic = goodBytes.slice();
  wrongMagic[0] = 0x50; // "P"
  await rejects(MLPClassifier.fromBytes(wrongMagic), /not a wasmlp model/);
  await rejects(MLPClassifier.fromBytes(new TextEncoder().encode(JSON.stringify(goodJSON))), /not a wasmlp model/);
  await rejects(MLPClassifier.fromBytes(readFileSync(new URL("../build/wasmlp.wasm", import.meta.url))), /not a wasmlp model/);
  await rejects(MLPClassifier.fromBytes("WMLP"), /Uint8Array or ArrayBuffer/);
  const garbledHeader = goodBytes.slice();
  garbledHeader[8] = 0xff;
  await rejects(MLPClassifier.fromBytes(garbledHeader), /its header is not UTF-8 JSON/);
  const hugeHeader = goodBytes.slice();
  new DataView(hugeHeader.buffer).setUint32(4, 0xffffffff, true);
  await rejects(MLPClassifier.fromBytes(hugeHeader), /^truncated or damaged model: its header is not UTF-8 JSON/);
});

test("bytes with a bad header or parameters are refused, naming the field", async () => {
  await rejects(MLPClassifier.fromBytes(withHeader((h) => (h.version = 5))), /^version must be 1 to 4 \(upgrade wasmlp for newer\), got 5$/);
  await rejects(MLPClassifier.fromBytes(withHeader((h) => (h.format = "keras"))), /^not a wasmlp model: format must be "wasmlp-mlp", got "keras"$/);
  await rejects(MLPClassifier.fromBytes(withHeader((h) => (h.paramCount += 1))), /do not match paramCount \(28\)$/);
  await rejects(MLPClassifier.fromBytes(withHeader((h) => (h.sizes = [2, 65536, 65536, 3]))), /^params must be \d+ numbers for sizes \[2,65536,65536,3\], got an array of 27$/);
  const nan = goodBytes.slice();
  new DataView(nan.buffer).setFloat32(paramsStart + 4 * 5, NaN, true);
  await rejects(MLPClassifier.fromBytes(nan), /^params\[5\] must be a finite float32 number, got NaN$/);
  const inf = goodBytes.slice();
  new DataView(inf.buffer).setFloat32(paramsStart, -Infinity, true);
  await rejects(MLPClassifier.fromBytes(inf), /^params\[0\] must be a finite float32 number, got -Infinity$/);
});

// Damaged and foreign JSON models: tests/model-acceptance.test.js, against every entry.

test("__proto__, constructor and prototype keys are refused and pollute nothing", async () => {
  const good = JSON.stringify(goodJSON);
  const payload = '{"polluted":"yes","isAdmin":true}';
  const texts = [
    good.replace("{", `{"__proto__":${payload},`),
    good.replace('"options":{', `"options":{"__proto__":${payload},`),
    good.replace('"options":{', `"options":{"constructor":{"prototype":${payload}},`),
    good.replace('"classWeight":null', `"classWeight":{"__proto__":${payload}}`),
    good.replace('"scaler":{', `"scaler":{"__proto__":${payload},`),
  ];
  for (const text of texts) {
    assert.is.not(text, good);
    await rejects(MLPClassifier.fromJSON(text), /__proto__|constructor|unknown field/);
    await rejects(MLPClassifier.fromJSON(JSON.parse(text)), /__proto__|constructor|unknown field/);
  }
  const header = new TextDecoder().decode(goodBytes.subarray(8, 8 + headerLength));
  const headerTexts = [
    (t) => t.replace("{", `{"__proto__":${payload},`),
    (t) => t.replace('"options":{', `"options":{"__proto__":${payload},`),
    (t) => t.replace('"options":{', `"options":{"constructor":{"prototype":${payload}},`),
  ];
  for (const rewrite of headerTexts) {
    assert.is.not(rewrite(header), header);
    await rejects(MLPClassifier.fromBytes(withHeaderText(rewrite)), /__proto__|constructor|unknown field/);
  }
  assert.is({}.polluted, undefined);
  assert.is({}.isAdmin, undefined);
  assert.is(Object.prototype.polluted, undefined);
  assert.is(Object.prototype.constructor.prototype.polluted, undefined);
});

// The hand-written fixtures in tests/fixtures/models (made by make-fixtures.mjs there,
// independently of the library's writer). Each damaged file must be refused
// with the fragment below and, if the folder's README documents one, with that one too.
const fixtures = new URL("./fixtures/models/", import.meta.url);

const expectedFragments = {
  "truncated.bin": /truncated/, "foreign.bin": /not a wasmlp model/, "foreign.json": /not a wasmlp model/,
  "newer-version.json": /upgrade wasmlp/, "absurd-sizes.json": /sizes/, "huge-params.bin": /params must be 8590131201 numbers/,
  "mismatched-params.json": /params must be 13 numbers for sizes \[2,3,1\], got an array of 12/, "nonfinite.bin": /params\[4\] must be a finite float32 number, got NaN/,
  "nonfinite.json": /params\[4\] must be a finite float32 number, got Infinity/, "proto-pollution.json": /__proto__/,
  "repeated-names.json": /featureNames\[1\] must be a string not used before, got "a"/,
  "regressor-with-classes.json": /unknown field "classes"/, "unknown-kind.json": /^kind must be one of/,
  "target-named-as-feature.json": /^targetNames\[1\] must be a string not used before, got "height"$/,
};
const loadFixture = (file) => {
  const data = readFileSync(new URL(file, fixtures));
  return /\.json$/i.test(file) ? MLPClassifier.fromJSON(data.toString("utf8")) : MLPClassifier.fromBytes(new Uint8Array(data));
};

test("the valid fixture loads from JSON and bytes, as the f64 reference reads its layout", async () => {
  const json = JSON.parse(readFileSync(new URL("valid.json", fixtures), "utf8"));
  const fromJSON = await loadFixture("valid.json");
  const fromBytes = await loadFixture("valid.bin");
  const X = [[0, 0], [1, -2], [0.5, -2], [-3, 4]];
  assert.equal(fromBytes.predictProba(X), fromJSON.predictProba(X));
  assert.equal(fromJSON.classes, json.classes);
  assert.equal({ c: fromBytes.coefs, i: fromBytes.intercepts }, { c: fromJSON.coefs, i: fromJSON.intercepts });
  // Float32's smallest subnormal and largest finite value survive loading.
  const loaded = [...fromJSON.coefs.flat(2), ...fromJSON.intercepts.flat()];
  assert.ok(loaded.includes(1.401298464324817e-45) && loaded.includes(3.4028234663852886e38));
  // The documented layout: per layer, weights [units x inputs] row-major, then biases.
  const [inputs, hidden] = json.sizes;
  const p = json.params;
  const weights = {
    coefs: [
      Array.from({ length: inputs }, (_, k) => Array.from({ length: hidden }, (_, j) => p[j * inputs + k])),
      Array.from({ length: hidden }, (_, k) => [p[hidden * (inputs + 1) + k]]),
    ],
    intercepts: [p.slice(hidden * inputs, hidden * (inputs + 1)), [p[p.length - 1]]],
  };
  const scaled = X.map((r) => r.map((v, c) => (v - json.scaler.mean[c]) / json.scaler.scale[c]));
  const expected = referenceProba(weights, scaled, json.activation);
  fromJSON.predictProba(X).forEach((row, i) => row.forEach((q, c) => assert.ok(Math.abs(q - expected[i][c]) <= 1e-6, `row ${i}: ${q} vs ${expected[i][c]}`)));
});

test("version 1 fixtures load without names; version 2 ones with them, in every entry", async () => {
  for (const file of ["valid.json", "valid.bin"]) assert.is((await loadFixture(file)).featureNames, undefined, file);
  const X = [[0, 0], [1, -2]];
  const v1 = (await loadFixture("valid.json")).predictProba(X);
  for (const file of ["valid-names.json", "valid-names.bin"]) {
    const clf = await loadFixture(file);
    assert.equal([clf.featureNames, clf.labelName], [["height", "weight"], "answer"], file);
    assert.equal(clf.predictProba(X), v1, `${file} is valid.json with names`);
    const data = readFileSync(new URL(file, fixtures));
    const source = file.endsWith(".json") ? data.toString("utf8") : new Uint8Array(data);
    assert.equal((await loadModel(source)).featureNames, ["height", "weight"], `${file} in wasmlp/infer`);
    const exported = await importSource(exportModule(source));
    assert.equal([exported.featureNames, exported.labelName], [["height", "weight"], "answer"], `${file} exported`);
  }
});

/** The README's expected fragment for `file`: the first code span of the last cell of the
 *  table row whose first cell names the file. */
function documentedFragment(lines, file) {
  const row = lines.find((l) => l.trim().startsWith("|") && l.split("|")[1]?.includes(`\`${file}\``));
  const cells = row?.split("|").map((c) => c.trim()).filter(Boolean);
  return cells && /`([^`]+)`/.exec(cells[cells.length - 1])?.[1];
}

test("every damaged fixture in tests/fixtures/models is refused with a message saying why", async () => {
  const names = readdirSync(fixtures);
  const readme = names.find((f) => /^readme/i.test(f));
  const lines = readme ? readFileSync(new URL(readme, fixtures), "utf8").split("\n") : [];
  const files = names.filter((f) => /\.(json|bin)$/i.test(f) && !/^valid[.-]/i.test(f));
  assert.ok(files.length >= 5, `only ${files.length} fixtures`);
  for (const file of files) {
    const patterns = [expectedFragments[file] ?? /\w/];
    const documented = documentedFragment(lines, file);
    if (documented) patterns.push(new RegExp(documented.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    for (const pattern of patterns) {
      await rejects(loadFixture(file), pattern);
      // JSON files are read as text above, and as the parsed object here.
      if (/\.json$/i.test(file)) await rejects(MLPClassifier.fromJSON(JSON.parse(readFileSync(new URL(file, fixtures), "utf8"))), pattern);
    }
  }
  assert.is({}.polluted, undefined);
  assert.is(Object.prototype.polluted, undefined);
});

test.run();
