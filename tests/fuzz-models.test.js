// Model files are untrusted input. Property-based tests mutate valid models of every
// format version (classifiers of versions 1 to 3, regressors), in JSON (as objects and as
// text) and in bytes, and every result either loads a model that predicts finite
// probabilities or numbers and saves to a file that loads again, or is refused with a plain
// Error; nothing pollutes Object.prototype. Every result goes to the library (MLPClassifier
// or MLPRegressor), wasmlp/infer's loadModel and exportModule alike, which must agree
// (helpers/entries.js).
// Crafted files that claim absurd sizes are refused before the memory they claim is
// allocated.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor } from "../build/index.js";
import { fc, check, assertCleanError, assertProbabilities, assertNoPollution, tally } from "./helpers/fuzz.js";
import { blobs } from "./helpers/data.js";
import { assertAgree } from "./helpers/entries.js";
import { loadModel } from "../build/infer.js";
import { SEED } from "./helpers/seed.js";

const two = blobs({ centers: [[0, 0], [2, 1]], counts: [12, 12], spread: 0.9, seed: 2 });
const four = blobs({ centers: [[0, 0], [3, 0], [0, 3], [3, 3]], counts: [8, 8, 8, 8], spread: 0.7, labels: ["b", "a", "__proto__", "é"], seed: 3 });
const bases = [
  await new MLPClassifier({ ...SEED, hiddenLayers: [3], epochs: 5 }).fit(two.X, two.y),
  await new MLPClassifier({ ...SEED, hiddenLayers: [4, 2], activation: "relu", optimizer: "adam", standardize: true, epochs: 5, classWeight: { b: 2 } })
    .fit(four.X, four.y, { featureNames: ["x", "__proto__"], labelName: "constructor" }),
  await new MLPClassifier({ ...SEED, hiddenLayers: [3], activation: "identity", epochs: 5 }).fit(two.X, two.y),
  await new MLPRegressor({ hiddenLayers: [3], activation: "tanh", epochs: 5, seed: 1 }).fit(two.X, two.X.map(([a, b]) => [a - b, 1000 * a])),
  await new MLPRegressor({ hiddenLayers: [2], standardize: false, standardizeTargets: false, epochs: 5 }).fit(four.X, four.X.map(([a]) => a), { featureNames: ["x", "__proto__"], labelName: "constructor" }),
].map((model) => ({ json: model.toJSON(), bytes: model.toBytes() }));

const PAYLOAD = '{"polluted":"yes","isAdmin":true}';
const FIELDS = ["format", "version", "kind", "sizes", "activation", "classes", "targetScaler", "scaler", "options", "featureNames", "labelName", "params", "paramCount"];

const jsonValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 1e308, -0, 65536, 65537, "", "1", "relu", [], {}, null, true, [1], [0, 0], [2, 65536, 3], [2, -1, 3], "regressor", "classifier", 3, { mean: [0], scale: [1] }) },
);
const hostileKey = fc.constantFrom("__proto__", "constructor", "prototype", "evil", "params", "mean", "classWeight");

/** An edit of the parsed model, applied in place; some edits rewrite the JSON text. */
const jsonEdit = fc.oneof(
  fc.record({ kind: fc.constant("set"), field: fc.constantFrom(...FIELDS), value: jsonValue }),
  fc.record({ kind: fc.constant("delete"), field: fc.constantFrom(...FIELDS) }),
  fc.record({ kind: fc.constant("add key"), where: fc.constantFrom("top", "options", "scaler", "targetScaler", "classWeight"), key: hostileKey, value: jsonValue }),
  fc.record({ kind: fc.constant("size"), at: fc.nat(), value: fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(2 ** 31, 1e9, 1.5, null, "3")) }),
  fc.record({ kind: fc.constant("sizes length"), grow: fc.boolean() }),
  fc.record({ kind: fc.constant("param"), at: fc.nat(), value: fc.oneof(fc.double(), fc.constantFrom(1e39, -3.5e38, 3.4e38, 5e-324, "0.5", null, [], true)) }),
  fc.record({ kind: fc.constant("params length"), delta: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant("class"), at: fc.nat(), value: fc.oneof(jsonValue, fc.constantFrom("a", "b", 0, 1, NaN)) }),
  fc.record({ kind: fc.constant("feature name"), at: fc.nat(), value: fc.oneof(jsonValue, fc.constantFrom("x", "__proto__", "", "constructor", 0)) }),
  fc.record({ kind: fc.constant("scaler value"), scaler: fc.constantFrom("scaler", "targetScaler"), which: fc.constantFrom("mean", "scale"), at: fc.nat(), value: fc.constantFrom(0, -1, 1e308, 1e-320, "1", null, 3) }),
  fc.record({ kind: fc.constant("option"), name: fc.constantFrom("learningRate", "epochs", "hiddenLayers", "activation", "momentum", "seed", "classWeight", "standardizeTargets", "unknown"), value: jsonValue }),
);

function applyEdit(model, edit) {
  const pick = (array, at) => (array.length ? at % array.length : 0);
  switch (edit.kind) {
    case "set": model[edit.field] = edit.value; break;
    case "delete": delete model[edit.field]; break;
    case "add key": {
      const target = edit.where === "top" ? model : edit.where === "classWeight" ? model.options?.classWeight : model[edit.where];
      if (target && typeof target === "object") Object.defineProperty(target, edit.key, { value: edit.value, enumerable: true, writable: true, configurable: true });
      break;
    }
    case "size": if (Array.isArray(model.sizes)) model.sizes[pick(model.sizes, edit.at)] = edit.value; break;
    case "sizes length": if (Array.isArray(model.sizes)) edit.grow ? model.sizes.splice(1, 0, 3) : model.sizes.splice(1, 1); break;
    case "param": if (Array.isArray(model.params)) model.params[pick(model.params, edit.at)] = edit.value; break;
    case "params length":
      if (Array.isArray(model.params)) edit.delta < 0 ? model.params.splice(edit.delta) : model.params.push(...new Array(edit.delta).fill(0.5));
      break;
    case "class": if (Array.isArray(model.classes)) model.classes[pick(model.classes, edit.at)] = edit.value; break;
    case "feature name": if (Array.isArray(model.featureNames)) model.featureNames[pick(model.featureNames, edit.at)] = edit.value; break;
    case "scaler value": {
      const values = model[edit.scaler]?.[edit.which];
      if (Array.isArray(values)) values[pick(values, edit.at)] = edit.value;
      break;
    }
    case "option": if (model.options && typeof model.options === "object") model.options[edit.name] = edit.value; break;
  }
}

/** A loaded model must predict finite probabilities or numbers (or refuse the input
 *  cleanly), and write files that load again to the same predictions. */
async function assertUsable(model, Model, context) {
  const rows = probe(model.coefs[0].length);
  const regressor = Model === MLPRegressor;
  let predicted;
  try {
    predicted = regressor ? model.predict(rows) : model.predictProba(rows);
  } catch (error) {
    assertCleanError(error, `${context}: predicting`);
    return;
  }
  if (regressor) assert.ok(predicted.length === rows.length && predicted.flat().every(Number.isFinite), `${context}: predictions ${predicted}`);
  else assertProbabilities(predicted, rows.length, model.classes.length, context);
  const again = (loaded) => (regressor ? loaded.predict(rows) : loaded.predictProba(rows));
  assert.equal(again(await Model.fromJSON(JSON.stringify(model.toJSON()))), predicted, `${context}: a saved and reloaded model predicts otherwise`);
  assert.equal(again(await Model.fromBytes(model.toBytes())), predicted, `${context}: its bytes predict otherwise`);
}

const probe = (features) => [new Array(features).fill(0), new Array(features).fill(1.5), new Array(features).fill(-1e3)];

/** Every entry reads `source` alike; a model the library loads must be usable. */
async function load(source, context) {
  try {
    const refused = await assertAgree(source, probe, context);
    if (refused) throw new Error(refused);
    const bytes = source instanceof Uint8Array || source instanceof ArrayBuffer;
    const kind = (await loadModel(source)).kind;
    const Model = kind === "regressor" ? MLPRegressor : MLPClassifier;
    const model = await (bytes ? Model.fromBytes(source) : Model.fromJSON(source));
    tally(`${context}: loaded a ${kind}`);
    await assertUsable(model, Model, context);
  } catch (error) {
    if (error.name === "Assertion") throw error;
    tally(`${context}: ${error.message.replace(/\[[^\]]*\]|"(\\.|[^"])*"|-?[\d.]+(e[+-]?\d+)?|an? \w+/g, "#").slice(0, 70)}`);
    assertCleanError(error, context);
  } finally {
    assertNoPollution(context);
  }
}

test("edited JSON models load and work, or are refused with a clean Error", async () => {
  const input = fc.record({
    base: fc.nat(bases.length - 1),
    edits: fc.array(jsonEdit, { minLength: 1, maxLength: 3 }),
    form: fc.constantFrom("object", "text", "text with a polluting key"),
  });
  await check(fc.asyncProperty(input, async ({ base, edits, form }) => {
    const model = structuredClone(bases[base].json);
    for (const edit of edits) applyEdit(model, edit);
    let given = model;
    if (form !== "object") given = JSON.stringify(model);
    // JSON.parse makes "__proto__" an own key, which object literals cannot.
    if (form === "text with a polluting key") given = given.replace(/"options":\{/, `"options":{"__proto__":${PAYLOAD},`).replace(/^\{/, `{"__proto__":${PAYLOAD},`);
    await load(given, `JSON (${form})`);
  }), 500);
});

test("damaged JSON text is refused with a clean Error", async () => {
  const input = fc.record({
    base: fc.nat(bases.length - 1),
    cut: fc.nat(),
    insert: fc.constantFrom("", "]", "}", ",", '"', "\\", "\u0000", "\ud800", "[".repeat(5000), "1e999", "-"),
    remove: fc.integer({ min: 0, max: 3 }),
  });
  await check(fc.asyncProperty(input, async ({ base, cut, insert, remove }) => {
    const text = JSON.stringify(bases[base].json);
    const at = cut % text.length;
    await load(text.slice(0, at) + insert + text.slice(at + remove), "JSON (text)");
  }), 300);
});

const HEADER_START = 8;
const headerLength = (bytes) => (bytes.length < 8 ? 0 : new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true));

/** The bytes of a model whose header JSON is `header`, with `params` float32 values after it. */
function bytesWith(header, params) {
  const text = new TextEncoder().encode(header);
  const start = Math.ceil((HEADER_START + text.length) / 4) * 4;
  const bytes = new Uint8Array(start + 4 * params.length);
  bytes.set([0x57, 0x4d, 0x4c, 0x50]);
  new DataView(bytes.buffer).setUint32(4, text.length, true);
  bytes.set(text, HEADER_START);
  new Float32Array(bytes.buffer, start, params.length).set(params);
  return bytes;
}

test("edited and damaged bytes load and work, or are refused with a clean Error", async () => {
  const byteEdit = fc.oneof(
    fc.record({ kind: fc.constant("flip"), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant("truncate"), at: fc.nat() }),
    fc.record({ kind: fc.constant("append"), count: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ kind: fc.constant("header length"), value: fc.oneof(fc.nat(), fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 2 ** 31)) }),
    fc.record({ kind: fc.constant("param bits"), at: fc.nat(), value: fc.constantFrom(0x7fc00000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff, 0x80000000) }),
    fc.record({ kind: fc.constant("header"), edit: jsonEdit }),
  );
  const input = fc.record({ base: fc.nat(bases.length - 1), edits: fc.array(byteEdit, { minLength: 1, maxLength: 3 }), form: fc.constantFrom("Uint8Array", "ArrayBuffer", "offset view") });
  await check(fc.asyncProperty(input, async ({ base, edits, form }) => {
    let bytes = bases[base].bytes.slice();
    for (const edit of edits) {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = Math.ceil((HEADER_START + headerLength(bytes)) / 4) * 4;
      switch (edit.kind) {
        case "flip": bytes[edit.at % bytes.length] = edit.value; break;
        case "truncate": bytes = bytes.slice(0, edit.at % bytes.length); break;
        case "append": bytes = Uint8Array.from([...bytes, ...new Array(edit.count).fill(0)]); break;
        case "header length": if (bytes.length >= 8) view.setUint32(4, edit.value, true); break;
        case "param bits": {
          const count = Math.floor((bytes.length - start) / 4);
          if (count > 0) view.setUint32(start + 4 * (edit.at % count), edit.value, true);
          break;
        }
        case "header": {
          let header;
          try {
            header = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_START, HEADER_START + headerLength(bytes))));
          } catch {
            break;
          }
          applyEdit(header, edit.edit);
          const params = new Float32Array(bytes.buffer.slice(start, start + 4 * Math.floor((bytes.length - start) / 4)));
          bytes = bytesWith(JSON.stringify(header), params);
          break;
        }
      }
    }
    let given = bytes;
    if (form === "ArrayBuffer") given = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    if (form === "offset view") {
      const padded = new Uint8Array(bytes.length + 3);
      padded.set(bytes, 3);
      given = padded.subarray(3);
    }
    await load(given, "bytes");
  }), 500);
});

/** Runs `read`, which must reject with `pattern`, and returns how much ArrayBuffer
 *  memory (wasm memory included) was allocated meanwhile. */
async function refusedCheaply(read, pattern) {
  globalThis.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  let refused;
  try {
    await read();
  } catch (error) {
    refused = error;
  }
  const grown = process.memoryUsage().arrayBuffers - before;
  assert.ok(refused, `expected a refusal matching ${pattern}`);
  assertCleanError(refused, String(pattern));
  assert.match(refused.message, pattern);
  return grown;
}

test("crafted files claiming absurd sizes are refused before allocating what they claim", async () => {
  const MiB = 2 ** 20;
  const base = bases[0].json;
  const header = (fields) => JSON.stringify({ format: "wasmlp-mlp", version: 1, activation: "sigmoid", classes: [0, 1], scaler: null, options: {}, ...fields });
  // 134 million parameters claimed (512 MiB), 12 bytes present.
  const claimed = [65536, 2047, 1];
  const claimedCount = 2047 * 65537 + 2048;
  let grown = await refusedCheaply(() => MLPClassifier.fromBytes(bytesWith(header({ sizes: claimed, paramCount: claimedCount }), [1, 2, 3])), new RegExp(`^truncated or damaged model: \\d+ bytes do not match paramCount \\(${claimedCount}\\)$`));
  assert.ok(grown < 16 * MiB, `${grown / MiB} MiB allocated`);
  // Counts far beyond the file, or that do not match the widths.
  grown = await refusedCheaply(() => MLPClassifier.fromBytes(bytesWith(header({ sizes: [65536, 65536, 65536, 1], paramCount: 2 ** 33 }), [])), /paramCount \(8589934592\)/);
  assert.ok(grown < 16 * MiB, `${grown / MiB} MiB allocated`);
  grown = await refusedCheaply(() => MLPClassifier.fromBytes(bytesWith(header({ sizes: [2, 3, 1], paramCount: 2 ** 31 }), [])), /paramCount \(2147483648\)/);
  assert.ok(grown < 16 * MiB, `${grown / MiB} MiB allocated`);
  grown = await refusedCheaply(() => MLPClassifier.fromBytes(bytesWith(header({ sizes: [2, 3, 1], paramCount: -13 }), [])), /paramCount \(-13\)/);
  assert.ok(grown < 16 * MiB);
  grown = await refusedCheaply(() => MLPClassifier.fromJSON({ ...base, sizes: [2, 1e9, 1] }), /sizes\[1\] must be an integer from 1 to 65536, got 1000000000/);
  assert.ok(grown < 16 * MiB);
  grown = await refusedCheaply(() => MLPClassifier.fromJSON({ ...base, sizes: new Array(1e6).fill(2) }), /sizes must be 2 to 64 layer widths, got an array of 1000000/);
  assert.ok(grown < 16 * MiB);
  grown = await refusedCheaply(() => MLPClassifier.fromJSON({ ...base, classes: new Array(1e6).fill("a") }), /classes/);
  assert.ok(grown < 16 * MiB);
  // A header longer than the file, and a header that is nothing but nesting.
  const longHeader = bytesWith(header({ sizes: [2, 3, 1], paramCount: 13 }), new Array(13).fill(0));
  new DataView(longHeader.buffer).setUint32(4, 0xfffffff0, true);
  await refusedCheaply(() => MLPClassifier.fromBytes(longHeader), /truncated or damaged model: its header is not UTF-8 JSON/);
  const deep = "[".repeat(200000) + "]".repeat(200000);
  for (const field of ["sizes", "classes", "version", "scaler", "activation"]) {
    // JSON.parse keeps the last of two equal keys: the nesting.
    await refusedCheaply(() => MLPClassifier.fromJSON(`{"format":"wasmlp-mlp","version":1,"sizes":[2,3,1],"classes":[0,1],"activation":"relu","scaler":null,"options":{},"params":[],"${field}":${deep}}`), /an array|must be|model has/);
    await refusedCheaply(() => MLPClassifier.fromBytes(bytesWith(`{"format":"wasmlp-mlp","version":1,"sizes":[2,3,1],"classes":[0,1],"activation":"relu","scaler":null,"options":{},"paramCount":13,"${field}":${deep}}`, [])), /an array|must be|model has|truncated/);
  }
  await refusedCheaply(() => MLPClassifier.fromJSON(deep), /not a wasmlp model: it must be a JSON object, got an array of 1/);
  assertNoPollution("crafted files");
});

// Widths of 1 and 65536 in turn need 2 GiB of activations for a 23 MB file, and every
// buffer placed after them has an address above 2^31, negative as an i32.
test("a model whose buffers lie beyond 2 GiB of WebAssembly memory predicts", async () => {
  const sizes = [1];
  for (let i = 0; i < 31; i++) sizes.push(65536, 1);
  sizes.push(1);
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l + 1] * (sizes[l] + 1);
  const header = JSON.stringify({ format: "wasmlp-mlp", version: 1, sizes, activation: "relu", classes: [0, 1], scaler: null, options: {}, paramCount: count });
  const clf = await MLPClassifier.fromBytes(bytesWith(header, new Float32Array(count).fill(1e-3)));
  assertProbabilities(clf.predictProba([[1], [2]]), 2, 2, "beyond 2 GiB");
});

test.run();
