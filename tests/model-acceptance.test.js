// One acceptance and one semantics for every entry that loads a model (the library's
// MLPClassifier and MLPRegressor, wasmlp/infer, exported modules): a corpus of valid,
// damaged and edited model files of every version goes to all of them, which must refuse
// each with the same message or load it and predict the same bits, failing alike on
// outputs that overflow float32. Also: the one copy the shared reader keeps for infer's
// budget (codePointOrder) agrees with bindings/model/classes.ts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { MLPClassifier, MLPRegressor, exportModule } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { blobs } from "./helpers/data.js";
import { assertAgree, importSource, OPTIONS_REFUSED } from "./helpers/entries.js";
import { fc, check } from "./helpers/fuzz.js";

const three = blobs({ centers: [[0, 0], [3, 0], [0, 3]], counts: [15, 15, 15], spread: 0.8, labels: ["ant", "bee", "cat"], seed: 1 });
const two = blobs({ centers: [[0, 0], [2, 1]], counts: [15, 15], spread: 0.9, seed: 2 });
const named = await new MLPClassifier({ hiddenLayers: [4], activation: "relu", standardize: true, epochs: 20, optimizer: "adam", learningRate: 0.05 })
  .fit(three.X, three.y, { featureNames: ["x", "y"], labelName: "animal" });
const plain = await new MLPClassifier({ hiddenLayers: [3], epochs: 20 }).fit(two.X, two.y);
// Version 3: an identity classifier, and regressors of two targets (standardized) and of one (as given, named).
const linear = await new MLPClassifier({ hiddenLayers: [3], activation: "identity", epochs: 20 }).fit(three.X, three.y);
const regressor = await new MLPRegressor({ hiddenLayers: [4], activation: "tanh", epochs: 20, learningRate: 0.01, seed: 3 })
  .fit(two.X, two.X.map(([a, b]) => [100 * a - b, a * b]));
const rawRegressor = await new MLPRegressor({ hiddenLayers: [3], activation: "identity", standardize: false, standardizeTargets: false, epochs: 10, seed: 4 })
  .fit(two.X, two.X.map(([a]) => 3 * a + 7), { featureNames: ["x", "y"], labelName: "t" });
// Version 4: a regressor that names its two targets.
const namedRegressor = await new MLPRegressor({ hiddenLayers: [4], activation: "tanh", epochs: 20, learningRate: 0.01, seed: 3 })
  .fit(two.X, two.X.map(([a, b]) => [100 * a - b, a * b]), { featureNames: ["x", "y"], targetNames: ["price", "rent"] });
const rows = [[0.5, -1], [10, 10], [-30, 2], [1.5, 1.5], [0, 0]];

const edited = (clf, edit) => {
  const json = clf.toJSON();
  edit(json);
  return json;
};
const deep = (depth) => Array.from({ length: depth }).reduce((inner) => [inner], []);

/** The bytes form with its header JSON edited by `edit` (a function of the parsed header,
 *  or of its text), parameters unchanged. */
function bytesWith(clf, edit, asText = false) {
  const good = clf.toBytes();
  const length = new DataView(good.buffer).getUint32(4, true);
  const params = good.subarray(Math.ceil(length / 4) * 4 + 8);
  let text = new TextDecoder().decode(good.subarray(8, 8 + length));
  if (asText) text = edit(text);
  else {
    const header = JSON.parse(text);
    edit(header);
    text = JSON.stringify(header);
  }
  const head = new TextEncoder().encode(text);
  const start = Math.ceil(head.length / 4) * 4 + 8;
  const bytes = new Uint8Array(start + params.length);
  bytes.set([0x57, 0x4d, 0x4c, 0x50]);
  new DataView(bytes.buffer).setUint32(4, head.length, true);
  bytes.set(head, 8);
  bytes.set(params, start);
  return bytes;
}

const damage = (bytes, change) => {
  const copy = bytes.slice();
  change(copy, new DataView(copy.buffer));
  return copy;
};

// [what, source, the message every entry refuses it with (null: all load it)]
const corpus = [
  ["a version 2 model with names, as an object", named.toJSON(), null],
  ["its JSON text", JSON.stringify(named.toJSON()), null],
  ["its bytes", named.toBytes(), null],
  ["its bytes as an ArrayBuffer", named.toBytes().slice().buffer, null],
  ["a version 1 model (no names)", plain.toJSON(), null],
  ["version 1 bytes", plain.toBytes(), null],
  ["a version 2 model whose names are null", edited(plain, (j) => Object.assign(j, { version: 2, featureNames: null, labelName: null })), null],
  ["classes sorted by code point, not by UTF-16 unit", edited(named, (j) => (j.classes = ["\uffff", "😀", "😀a"])), null],
  ["a label column name but no feature names", edited(named, (j) => (j.featureNames = null)), null],
  ["not JSON", "hello", /^not a wasmlp model: not valid JSON/],
  ["null", null, /^not a wasmlp model: it must be a JSON object, got null$/],
  ["a number", 42, /^not a wasmlp model: it must be a JSON object, got 42$/],
  ["an array", [named.toJSON()], /^not a wasmlp model: it must be a JSON object, got an array of 1$/],
  ["JSON nested past the stack", "[".repeat(1e5) + "]".repeat(1e5), /^not a wasmlp model: it must be a JSON object, got an array of 1$/],
  ["foreign JSON", { weights: [[1, 2]], layers: [2, 1] }, /^not a wasmlp model: format must be "wasmlp-mlp", got undefined$/],
  ["another format", edited(named, (j) => (j.format = "onnx")), /^not a wasmlp model: format must be "wasmlp-mlp", got "onnx"$/],
  ["a version 3 identity classifier", linear.toJSON(), null],
  ["its bytes", linear.toBytes(), null],
  ["a version 3 regressor, targets standardized", regressor.toJSON(), null],
  ["its bytes", regressor.toBytes(), null],
  ["a regressor of one target as given, with names", rawRegressor.toJSON(), null],
  ["its bytes", rawRegressor.toBytes(), null],
  ["a version 4 regressor naming its targets", namedRegressor.toJSON(), null],
  ["its bytes", namedRegressor.toBytes(), null],
  ["a version 4 regressor whose targetNames is null", edited(namedRegressor, (j) => (j.targetNames = null)), null],
  ["target names but no feature names", edited(namedRegressor, (j) => (j.featureNames = null)), null],
  ["a target named twice", edited(namedRegressor, (j) => (j.targetNames = ["price", "price"])), /^targetNames\[1\] must be a string not used before, got "price"$/],
  ["a target named as a feature", edited(namedRegressor, (j) => (j.targetNames = ["y", "rent"])), /^targetNames\[0\] must be a string not used before, got "y"$/],
  ["a name short", edited(namedRegressor, (j) => j.targetNames.pop()), /^targetNames must be 2 names, got an array of 1$/],
  ["targetNames as one string", edited(namedRegressor, (j) => (j.targetNames = "price,rent")), /^targetNames must be 2 names, got "price,rent"$/],
  ["a number for a name", edited(namedRegressor, (j) => (j.targetNames[1] = 7)), /^targetNames\[1\] must be a string not used before, got 7$/],
  ["a version 4 regressor without targetNames", edited(namedRegressor, (j) => delete j.targetNames), /^the model is missing "targetNames"$/],
  ["labelName in a version 4 regressor", edited(namedRegressor, (j) => (j.labelName = "price")), /^the model has an unknown field "labelName"$/],
  ["targetNames in a version 3 regressor", edited(regressor, (j) => (j.targetNames = ["a", "b"])), /^the model has an unknown field "targetNames"$/],
  ["a version 4 classifier", edited(named, (j) => Object.assign(j, { version: 4, kind: "classifier" })), null],
  ["targetNames in a version 4 classifier", edited(named, (j) => Object.assign(j, { version: 4, kind: "classifier", targetNames: ["a"] })), /^the model has an unknown field "targetNames"$/],
  ["version 4 bytes with a target named twice", bytesWith(namedRegressor, (h) => (h.targetNames = ["rent", "rent"])), /^targetNames\[1\] must be a string not used before, got "rent"$/],
  ["a version 3 file without kind", edited(linear, (j) => delete j.kind), /^kind must be one of \["classifier","regressor"\], got undefined$/],
  ["an unknown kind", edited(regressor, (j) => (j.kind = "ranker")), /^kind must be one of \["classifier","regressor"\], got "ranker"$/],
  ["kind in a version 2 file", edited(named, (j) => (j.kind = "classifier")), /^the model has an unknown field "kind"$/],
  ["a regressor with classes", edited(regressor, (j) => (j.classes = [0, 1])), /^the model has an unknown field "classes"$/],
  ["a regressor called a classifier", edited(regressor, (j) => (j.kind = "classifier")), /^the model has an unknown field "targetScaler"$/],
  ["a classifier with a targetScaler", edited(linear, (j) => (j.targetScaler = null)), /^the model has an unknown field "targetScaler"$/],
  ["a regressor without targetScaler", edited(regressor, (j) => delete j.targetScaler), /^the model is missing "targetScaler"$/],
  ["a short targetScaler", edited(regressor, (j) => j.targetScaler.mean.pop()), /^targetScaler\.mean must be 2 numbers, got an array of 1$/],
  ["a zero target scale", edited(regressor, (j) => (j.targetScaler.scale[1] = 0)), /^targetScaler\.scale\[1\] must be a finite number > 0, got 0$/],
  ["a targetScaler that is no object", edited(rawRegressor, (j) => (j.targetScaler = [1])), /^targetScaler must be null or \{ mean, scale \}, got an array of 1$/],
  ["a regressor with a classifier's option", edited(regressor, (j) => (j.options.classWeight = "balanced")), /^the model's options are invalid: unknown option "classWeight" \(it is an option of the classifier\)/],
  ["a classifier with a regressor's option", edited(linear, (j) => (j.options.standardizeTargets = true)), /^the model's options are invalid: unknown option "standardizeTargets" \(it is an option of the regressor\)/],
  ["a newer version", edited(named, (j) => (j.version = 5)), /^version must be 1 to 4 \(upgrade wasmlp for newer\), got 5$/],
  ["version as a string", edited(named, (j) => (j.version = "2")), /^version must be 1 to 4 .*, got "2"$/],
  ["version 1 with names", edited(named, (j) => (j.version = 1)), /^the model has an unknown field "featureNames"$/],
  ["version 2 without featureNames", edited(plain, (j) => Object.assign(j, { version: 2, labelName: null })), /^the model is missing "featureNames"$/],
  ["an unknown field", edited(named, (j) => (j.evil = true)), /^the model has an unknown field "evil"$/],
  ["a __proto__ key", JSON.stringify(named.toJSON()).replace("{", '{"__proto__":{"polluted":1},'), /^the model has an unknown field "__proto__"$/],
  ["missing params", edited(named, (j) => delete j.params), /^params must be 27 numbers for sizes \[2,4,3\], got undefined$/],
  ["a missing scaler", edited(named, (j) => delete j.scaler), /^the model is missing "scaler"$/],
  ["an absurd width", edited(named, (j) => (j.sizes = [2, 1e9, 3])), /^sizes\[1\] must be an integer from 1 to 65536, got 1000000000$/],
  ["too many layers", edited(named, (j) => (j.sizes = Array(100).fill(2))), /^sizes must be 2 to 64 layer widths, got an array of 100$/],
  ["nested sizes", edited(named, (j) => (j.sizes = [deep(1e5)])), /^sizes must be 2 to 64 layer widths, got an array of 1$/],
  ["absurd widths without the parameters", edited(named, (j) => (j.sizes = [2, 65536, 65536, 3])), /^params must be \d+ numbers for sizes \[2,65536,65536,3\], got an array of 27$/],
  ["a parameter too few", edited(named, (j) => j.params.pop()), /^params must be 27 numbers for sizes \[2,4,3\], got an array of 26$/],
  ["a null parameter (NaN in JSON)", JSON.stringify({ ...named.toJSON(), params: named.toJSON().params.map((v, i) => (i === 3 ? NaN : v)) }), /^params\[3\] must be a finite float32 number, got null$/],
  ["a parameter beyond float32", edited(named, (j) => (j.params[0] = 1e39)), /^params\[0\] must be a finite float32 number, got 1e\+39$/],
  ["a string parameter", edited(named, (j) => (j.params[2] = "0.5")), /^params\[2\] must be a finite float32 number, got "0.5"$/],
  ["unsorted classes", edited(named, (j) => (j.classes = ["cat", "bee", "ant"])), /^classes\[1\] must be sorted, distinct, all finite numbers or all strings, got "bee"$/],
  ["classes sorted by UTF-16 unit", edited(named, (j) => (j.classes = ["😀", "\uffff", "😀a"])), /^classes\[1\] must be sorted/],
  ["duplicate classes", edited(named, (j) => (j.classes = ["ant", "ant", "cat"])), /^classes\[1\] must be sorted, distinct/],
  ["-0 and 0 as classes", edited(plain, (j) => (j.classes = [-0, 0])), /^classes\[1\] must be sorted, distinct/],
  ["mixed classes", edited(named, (j) => (j.classes = [1, "bee", "cat"])), /^classes\[1\] must be sorted, distinct, all finite numbers or all strings, got "bee"$/],
  ["a NaN class", edited(plain, (j) => (j.classes = [0, NaN])), /^classes\[1\] must be .*, got NaN$/],
  ["a class that is no label", edited(plain, (j) => (j.classes = [null, 1])), /^classes\[0\] must be .*, got null$/],
  ["classes against outputs", edited(named, (j) => (j.classes = ["ant", "bee"])), /^the last of sizes must be 1 for 2 classes, got 3$/],
  ["one class", edited(plain, (j) => (j.classes = [0])), /^classes must be 2 or more labels, got an array of 1$/],
  ["an unknown activation", edited(named, (j) => (j.activation = "gelu")), /^activation must be one of \["sigmoid","tanh","relu","identity"\], got "gelu"$/],
  ["a zero scale", edited(named, (j) => (j.scaler.scale[1] = 0)), /^scaler\.scale\[1\] must be a finite number > 0, got 0$/],
  ["a short scaler", edited(named, (j) => j.scaler.mean.pop()), /^scaler\.mean must be 2 numbers, got an array of 1$/],
  ["a scaler with an extra field", edited(named, (j) => (j.scaler.median = [0, 0])), /^scaler has an unknown field "median"$/],
  ["a scaler that is no object", edited(named, (j) => (j.scaler = "z")), /^scaler must be null or \{ mean, scale \}, got "z"$/],
  ["feature names too few", edited(named, (j) => (j.featureNames = ["x"])), /^featureNames must be 2 names, got an array of 1$/],
  ["a feature name that is no string", edited(named, (j) => (j.featureNames = ["x", 7])), /^featureNames\[1\] must be a string not used before, got 7$/],
  ["repeated feature names", edited(named, (j) => (j.featureNames = ["x", "x"])), /^featureNames\[1\] must be a string not used before, got "x"$/],
  ["feature names that are no array", edited(named, (j) => (j.featureNames = "x,y")), /^featureNames must be 2 names, got "x,y"$/],
  ["a label name that is no string", edited(named, (j) => (j.labelName = 3)), /^labelName must be a string not in featureNames, got 3$/],
  ["a label name that is a feature's", edited(named, (j) => (j.labelName = "y")), /^labelName must be a string not in featureNames, got "y"$/],
  ["options that are no object", edited(named, (j) => (j.options = [])), /^options must be an object, got an array of 0$/],
  ["an out-of-range option", edited(named, (j) => (j.options.momentum = 5)), /^the model's options are invalid: momentum must be a number in \[0, 1\), got 5$/],
  ["an unknown option", edited(named, (j) => (j.options.extra = deep(100))), /^the model's options are invalid: unknown option "extra"/],
  ["a __proto__ option", JSON.stringify(named.toJSON()).replace('"options":{', '"options":{"__proto__":{"polluted":1},'), /^the model's options are invalid: unknown option "__proto__"/],
  ["no WMLP header", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), /^not a wasmlp model \(no WMLP header\)$/],
  ["three bytes", new Uint8Array([0x57, 0x4d, 0x4c]), /^not a wasmlp model \(no WMLP header\)$/],
  ["a header cut short", named.toBytes().subarray(0, 40), /^truncated or damaged model: its header is not UTF-8 JSON/],
  ["parameters cut short", named.toBytes().subarray(0, named.toBytes().length - 4), /^truncated or damaged model: \d+ bytes do not match paramCount \(27\)$/],
  ["bytes after the parameters", Uint8Array.from([...named.toBytes(), 0, 0, 0, 0]), /^truncated or damaged model: /],
  ["a header that is not UTF-8", damage(named.toBytes(), (b) => (b[9] = 0xff)), /^truncated or damaged model: its header is not UTF-8 JSON/],
  ["a header length past the end", damage(named.toBytes(), (b, v) => v.setUint32(4, 0xfffffff0, true)), /^truncated or damaged model: its header is not UTF-8 JSON/],
  ["paramCount off by one", bytesWith(named, (h) => (h.paramCount += 1)), /^truncated or damaged model: \d+ bytes do not match paramCount \(28\)$/],
  ["paramCount as text", bytesWith(named, (h) => (h.paramCount = "27")), /^truncated or damaged model: .* paramCount \("27"\)/],
  ["a NaN parameter", damage(named.toBytes(), (b, v) => v.setUint32(b.length - 8, 0x7fc00000, true)), /^params\[25\] must be a finite float32 number, got NaN$/],
  ["an Infinity parameter", damage(plain.toBytes(), (b, v) => v.setFloat32(b.length - 4, Infinity, true)), /^params\[12\] must be a finite float32 number, got Infinity$/],
  ["bytes with a params field", bytesWith(named, (h) => (h.params = [])), /^the model has an unknown field "params"$/],
  ["bytes of a newer version", bytesWith(named, (h) => (h.version = 5)), /^version must be 1 to 4/],
  ["regressor bytes without kind", bytesWith(regressor, (h) => delete h.kind), /^kind must be one of/],
  ["regressor bytes with too few parameters", bytesWith(regressor, (h) => (h.paramCount -= 1)), /^truncated or damaged model: \d+ bytes do not match paramCount \(21\)$/],
  ["bytes with a __proto__ key", bytesWith(named, (t) => t.replace("{", '{"__proto__":{"polluted":1},'), true), /^the model has an unknown field "__proto__"$/],
];

// Bytes whose padding is not zero: a header whose length is not a multiple of 4.
const padded = named.toBytes();
const padEnd = 8 + new DataView(padded.buffer).getUint32(4, true);
if (padEnd % 4) corpus.push(["header padding that is not zero", damage(padded, (b) => (b[padEnd] = 0x20)), /^truncated or damaged model: /]);

test("the corpus covers bytes with padding", () => {
  assert.ok(padEnd % 4, "the padding case needs a header length that is not a multiple of 4; change a name in the model");
});

for (const [what, source, expected] of corpus) {
  test(`every entry alike: ${what}`, async () => {
    const message = await assertAgree(source, rows, what);
    if (expected === null) assert.is(message, undefined, `${what}: refused with ${message}`);
    else assert.match(message ?? "(loaded)", expected);
    assert.is({}.polluted, undefined);
  });
}

test("an option MLPClassifier refuses is the one thing only infer accepts, and it predicts as the valid model does", async () => {
  const source = edited(named, (j) => (j.options.batchSize = 0));
  let refused;
  try {
    await MLPClassifier.fromJSON(source);
  } catch (error) {
    refused = error;
  }
  assert.match(refused.message, OPTIONS_REFUSED);
  assert.throws(() => exportModule(source), OPTIONS_REFUSED);
  assert.equal((await loadModel(source)).predictProba(rows), named.predictProba(rows));
});

// Hidden unit 0 sums 3e38·x0 - 3e38·x1: Infinity - Infinity for x0 = x1 = 2.
const overflowing = (classes) => {
  const labels = classes === 2 ? [0, 1] : [0, 1, 2];
  const params = new Array(2 * 3 + 2 + (classes === 2 ? 3 : 9)).fill(0.5);
  params.splice(0, 3, 3e38, -3e38, 0);
  return { format: "wasmlp-mlp", version: 1, sizes: [3, 2, classes === 2 ? 1 : 3], activation: "relu", classes: labels, scaler: null, options: {}, params };
};

test("outputs that overflow float32 fail with the same Error everywhere, naming the first such row", async () => {
  for (const classes of [2, 3]) {
    const json = overflowing(classes);
    const X = Array.from({ length: 600 }, () => [0, 0, 0]);
    X[301] = [2, 2, 0];
    X[550] = [2, 2, 0];
    const clf = await MLPClassifier.fromJSON(json);
    const model = await loadModel(json);
    const exported = await importSource(exportModule(json));
    const expected = "the model's outputs overflow float32 on X[301]; retrain it with a smaller learningRate or l2 > 0";
    const calls = [
      () => clf.predictProba(X), () => clf.predict(X), () => clf.predictProbaFlat(Float32Array.from(X.flat())),
      () => clf.predictProba(Float64Array.from(X.flat())), () => model.predictProba(X), () => model.predict(X),
      () => model.predictProba(Float32Array.from(X.flat())), () => exported.predictProba(X), () => exported.predict(X),
    ];
    for (const [i, call] of calls.entries()) {
      assert.throws(call, (error) => error.message === expected, `call ${i}, ${classes} classes`);
    }
    // A bad input anywhere comes first, even after the row that overflows.
    X[590] = [0, NaN, 0];
    for (const call of [() => clf.predictProba(X), () => model.predictProba(X), () => exported.predictProba(X)]) {
      assert.throws(call, /X\[590\]\[1\]/);
    }
  }
});

test("a bad value in a later chunk of a Float32Array still comes before an overflow in an earlier one", async () => {
  const json = overflowing(3);
  const clf = await MLPClassifier.fromJSON(json);
  const model = await loadModel(json);
  // The core reads about 2^20 input values per chunk: 400000 rows of 3 span two.
  const X = new Float32Array(3 * 400000);
  X.set([2, 2, 0], 3 * 301);
  X[3 * 399000 + 1] = NaN;
  for (const call of [() => clf.predictProbaFlat(X), () => clf.predict(X), () => model.predictProba(X)]) {
    assert.throws(call, /^X\[399000\]\[1\]/);
  }
  X[3 * 399000 + 1] = 0;
  assert.throws(() => clf.predictProbaFlat(X), /overflow float32 on X\[301\]/);
});

test("rows of ±3e38 into a relu model: every entry refuses them alike, none answers NaN", async () => {
  // Hidden units 2·x0 + 2·x1 overflow to ±Infinity; outputs add them with weights ±1.
  const json = { ...named.toJSON(), scaler: null, params: [...new Array(8).fill(2), 0, 0, 0, 0, ...[1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1], 0, 0, 0] };
  const X = [[1, 2], [3e38, 3e38], [-3e38, 3e38]];
  assert.is(await assertAgree(json, X, "±3e38 rows"), undefined);
  const model = await loadModel(json);
  assert.throws(() => model.predictProba(X), (error) => error.message === "the model's outputs overflow float32 on X[1]; retrain it with a smaller learningRate or l2 > 0");
  assert.ok(model.predictProba([X[0]])[0].every(Number.isFinite));
});

test("predictProba and predictProbaFlat give the same bits, two classes and more", async () => {
  for (const clf of [named, plain]) {
    const X = [...rows, [1e-8, 7], [40, -40]];
    const k = clf.classes.length;
    const flat = clf.predictProbaFlat(X);
    clf.predictProba(X).forEach((row, r) => row.forEach((p, c) => assert.ok(Object.is(p, flat[r * k + c]), `row ${r} class ${c}: ${p} vs ${flat[r * k + c]}`)));
  }
});

// codePointOrder (io/model-file.ts) and compareLabels (model/classes.ts), bundled from the sources.
const root = fileURLToPath(new URL("..", import.meta.url));
const orders = await importSource((await build({
  stdin: { contents: 'export { compareLabels } from "./bindings/model/classes.ts"; export { codePointOrder } from "./bindings/io/model-file.ts";', resolveDir: root, loader: "ts" },
  bundle: true, format: "esm", write: false, logLevel: "silent",
})).outputFiles[0].text);

test("the reader's codePointOrder orders labels as compareLabels does", async () => {
  const unit = fc.constantFrom("a", "b", "é", "\ud7ff", "\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\uffff", "😀", "\u{10ffff}", "");
  const label = fc.oneof(fc.array(unit, { maxLength: 4 }).map((parts) => parts.join("")), fc.string({ unit: "binary", maxLength: 4 }));
  await check(fc.property(label, label, (a, b) => {
    const { compareLabels, codePointOrder } = orders;
    const x = codePointOrder(a);
    const y = codePointOrder(b);
    return Math.sign(compareLabels(a, b)) === (x < y ? -1 : x > y ? 1 : 0);
  }), 3000);
});

test.run();
