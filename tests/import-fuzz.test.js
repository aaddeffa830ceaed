// Foreign model files are untrusted input too. Property-based tests edit the committed
// scikit-learn dumps and TF.js models (set a field anywhere in them to a hostile value,
// delete it, shorten a list; cut, extend or overwrite the weight bytes), and every result
// is either refused with a plain Error that says what is wrong (never a TypeError from
// inside, a wasm trap or a hang), or a model that MLPClassifier/MLPRegressor and
// wasmlp/infer load alike and that predicts finite numbers; nothing pollutes
// Object.prototype.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor, fromSklearn, fromTfjs } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { fc, check, assertCleanError, assertProbabilities, assertNoPollution, tally } from "./helpers/fuzz.js";

const dir = new URL("./fixtures/import/", import.meta.url);
const dumps = readdirSync(new URL("sklearn/", dir)).sort().map((f) => JSON.parse(readFileSync(new URL(`sklearn/${f}`, dir), "utf8")).dump);
const tfjsModels = readdirSync(new URL("tfjs/models/", dir)).sort().map((name) => {
  const at = (f) => new URL(`tfjs/models/${name}/${f}`, dir);
  const json = JSON.parse(readFileSync(at("model.json"), "utf8"));
  return { json, bytes: new Uint8Array(Buffer.concat(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(at(p))))) };
});

/** Every path into `value` (objects and arrays), the root included. */
function paths(value, prefix = [], out = []) {
  out.push(prefix);
  if (value !== null && typeof value === "object") for (const key of Object.keys(value)) paths(value[key], [...prefix, key], out);
  return out;
}

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(null, 0, -1, 1.5, 2 ** 31, 2 ** 53, 1e39, -1e39, 3.4028235677973366e38, "", "1", "relu", "softmax", "logistic", "linear", "Dense", "__proto__", [], {}, [[]], [0], [1, 2], true, { length: 3 }, { length: 1e12 }, [null]) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const edit = fc.record({ at: fc.nat(), action: fc.constantFrom("set", "set", "delete", "shorten"), value: hostile });

/** `value` with `edits` applied: a copy, each value set a copy of its own (so no edit
 *  can make a cycle). */
function edited(value, edits) {
  const copy = structuredClone(value);
  for (const { at, action, value: v } of edits) {
    const all = paths(copy).filter((p) => p.length > 0);
    if (all.length === 0) break;
    const path = all[at % all.length];
    const parent = path.slice(0, -1).reduce((o, k) => o[k], copy);
    const key = path.at(-1);
    if (action === "delete") delete parent[key];
    else if (action === "shorten" && Array.isArray(parent[key])) parent[key].pop();
    else parent[key] = structuredClone(v);
  }
  return copy;
}

/** The outcome of one import: a clean Error, or a model every entry loads and runs. */
async function checkOutcome(run, context) {
  let json;
  try {
    json = run();
  } catch (error) {
    assertCleanError(error, context);
    tally("refused");
    return;
  }
  tally("imported");
  const rows = [Array(json.sizes[0]).fill(0.5), Array(json.sizes[0]).fill(-3)];
  const infer = await loadModel(json);
  const regressor = json.kind === "regressor";
  const model = regressor ? await MLPRegressor.fromJSON(json) : await MLPClassifier.fromJSON(json);
  const outputs = (entry) => (regressor ? entry.predict(rows) : entry.predictProba(rows));
  let out;
  try {
    out = outputs(model);
  } catch (error) {
    // Weights or scales near float32's limits (a mean of -1e39 is a finite number) can
    // overflow on some row: that is the library's Error naming the row, from every entry.
    assertCleanError(error, context);
    assert.match(error.message, /overflow float32 on X\[\d\]/, context);
    assert.throws(() => outputs(infer), (e) => e.message === error.message, context);
    tally("imported, overflows");
    return;
  }
  if (regressor) assert.ok(out.flat().every(Number.isFinite), `${context}: predictions ${out}`);
  else assertProbabilities(out, 2, json.classes.length, context);
  assert.equal(outputs(infer), out);
  assertNoPollution(context);
}

test("edited scikit-learn dumps: a clean Error or a model that runs", async () => {
  await check(fc.asyncProperty(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), async (which, edits, asText) => {
    const dump = edited(dumps[which % dumps.length], edits);
    await checkOutcome(() => fromSklearn(asText ? JSON.stringify(dump) : dump), `dump ${which % dumps.length}, edits ${JSON.stringify(edits)}`);
  }), 1000);
});

const bytesEdit = fc.oneof(
  fc.record({ kind: fc.constant("cut"), at: fc.nat() }),
  fc.record({ kind: fc.constant("extend"), by: fc.integer({ min: 1, max: 9 }) }),
  fc.record({ kind: fc.constant("float"), at: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity, 1e38, -0, 3e-45) }),
);

function editedBytes(bytes, e) {
  if (e === null) return bytes;
  if (e.kind === "cut") return bytes.slice(0, e.at % (bytes.length + 1));
  if (e.kind === "extend") return Uint8Array.from([...bytes, ...Array(e.by).fill(0)]);
  const copy = bytes.slice();
  new DataView(copy.buffer).setFloat32(4 * (e.at % (copy.length / 4)), e.value, true);
  return copy;
}

test("edited TF.js models and weights: a clean Error or a model that runs", async () => {
  const options = fc.constantFrom({}, { classes: ["a", "b"] }, { classes: [3, 1, 2] }, { task: "classification" }, { task: "regression" });
  await check(fc.asyncProperty(fc.nat(), fc.array(edit, { maxLength: 3 }), fc.option(bytesEdit), options, async (which, edits, bytesChange, opts) => {
    const model = tfjsModels[which % tfjsModels.length];
    const json = edited(model.json, edits);
    await checkOutcome(() => fromTfjs(json, editedBytes(model.bytes, bytesChange), opts), `model ${which % tfjsModels.length}, edits ${JSON.stringify(edits)}, bytes ${JSON.stringify(bytesChange)}, options ${JSON.stringify(opts)}`);
  }), 1000);
});

test.run();
