// The three entries that load a model file: MLPClassifier (fromJSON for JSON, fromBytes
// for bytes), wasmlp/infer's loadModel, and the module exportModule writes. `outcomes`
// gives what each makes of one source, and of some rows to predict; `assertAgree` holds
// them to one acceptance and one semantics. By design the stored options are checked by
// MLPClassifier and exportModule only (infer never trains): a file refused for its options
// alone loads in infer.
import * as assert from "uvu/assert";
import { MLPClassifier, exportModule } from "../../build/index.js";
import { loadModel } from "../../build/infer.js";
import { assertCleanError } from "./fuzz.js";

export const OPTIONS_REFUSED = /^the model's options are invalid: /;

const isBytes = (source) => source instanceof Uint8Array || source instanceof ArrayBuffer;

/** Imports ES module source text. */
export const importSource = (source) => import(`data:text/javascript;base64,${Buffer.from(source).toString("base64")}`);

async function settle(make) {
  try {
    return { value: await make() };
  } catch (error) {
    return { error };
  }
}

/** What `predict` and `predictProba` of a loaded model give for `rows` (or for the rows
 *  `rows(features)` makes): values, or the message of the Error thrown. */
function predictions(model, rows) {
  if (typeof rows === "function") rows = rows(model.features ?? model.coefs[0].length);
  const call = (method) => {
    try {
      return { value: model[method](rows) };
    } catch (error) {
      assertCleanError(error, method);
      return { message: error.message };
    }
  };
  return { proba: call("predictProba"), labels: call("predict") };
}

/** Each entry's loaded model (or Error) for `source`, and its predictions for `rows` (an
 *  array, or a function of the feature count). */
export async function outcomes(source, rows) {
  const loaded = {
    library: await settle(() => (isBytes(source) ? MLPClassifier.fromBytes(source) : MLPClassifier.fromJSON(source))),
    infer: await settle(() => loadModel(source)),
    exported: await settle(async () => importSource(exportModule(source))),
  };
  for (const [entry, { value, error }] of Object.entries(loaded)) {
    if (error) assertCleanError(error, entry);
    else loaded[entry].predictions = predictions(value, rows);
  }
  return loaded;
}

/** Every entry refuses `source` with the same message, or loads it and predicts the same
 *  bits (or fails alike); infer alone loads a file refused for its stored options.
 *  Returns the common message, or undefined when the model loaded. */
export async function assertAgree(source, rows, context) {
  const { library, infer, exported } = await outcomes(source, rows);
  assert.is(exported.error?.message, library.error?.message, `${context}: exportModule and MLPClassifier`);
  if (OPTIONS_REFUSED.test(library.error?.message ?? "")) {
    assert.ok(!infer.error, `${context}: infer refused a model whose only fault is its options: ${infer.error?.message}`);
    return library.error.message;
  }
  assert.is(infer.error?.message, library.error?.message, `${context}: loadModel and MLPClassifier`);
  if (library.error) return library.error.message;
  assert.equal(infer.predictions, library.predictions, `${context}: loadModel's predictions`);
  assert.equal(exported.predictions, library.predictions, `${context}: the exported module's predictions`);
  return undefined;
}
