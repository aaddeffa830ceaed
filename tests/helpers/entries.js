// The entries that load a model file: the library (MLPClassifier or MLPRegressor, fromJSON
// for JSON, fromBytes for bytes), wasmlp/infer's loadModel, wasmlp/infer/simd's (held to
// wasmlp/infer's outcome, error and predictions alike), and the module exportModule writes. `outcomes` gives what each makes of one source, and of some rows to
// predict; `assertAgree` holds them to one acceptance and one semantics. By design the
// stored options are checked by the library and exportModule only (infer never trains): a
// file refused for its options alone loads in infer.
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor, exportModule } from "../../build/index.js";
import { loadModel } from "../../build/infer.js";
import { loadModel as loadSimd } from "../../build/infer-simd.js";
import { assertCleanError } from "./fuzz.js";

export const OPTIONS_REFUSED = /^the model's options are invalid: /;
/** What infer and exported modules say when asked for a regressor's class probabilities
 *  (MLPRegressor has no predictProba at all). */
export const NO_PROBABILITIES = "an MLPRegressor's model has no predictProba: use predict";
const WRONG_CLASS = { MLPClassifier: /^this model is an MLPRegressor's; load it with MLPRegressor\.fromJSON or MLPRegressor\.fromBytes$/, MLPRegressor: /^this model is an MLPClassifier's; load it with MLPClassifier\.fromJSON or MLPClassifier\.fromBytes$/ };

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

/** The library's model of `source`: both classes read it with the one reader, so exactly
 *  one of them loads it while the other names the class that does, or both refuse it
 *  with the same message. */
async function libraryModel(source) {
  const load = (Model) => settle(() => (isBytes(source) ? Model.fromBytes(source) : Model.fromJSON(source)));
  const tried = { MLPClassifier: await load(MLPClassifier), MLPRegressor: await load(MLPRegressor) };
  const { MLPClassifier: classifier, MLPRegressor: regressor } = tried;
  if (classifier.value || regressor.value) {
    const [loaded, refused] = classifier.value ? [classifier, "MLPRegressor"] : [regressor, "MLPClassifier"];
    assert.ok(tried[refused].error, `both MLPClassifier and MLPRegressor loaded one file`);
    assert.match(tried[refused].error.message, WRONG_CLASS[refused]);
    return loaded;
  }
  assert.is(regressor.error.message, classifier.error.message, "MLPClassifier and MLPRegressor refuse a file alike");
  return classifier;
}

/** What `predict` and `predictProba` of a loaded model give for `rows` (or for the rows
 *  `rows(features)` makes): values, or the message of the Error thrown. */
function predictions(model, rows) {
  if (typeof rows === "function") rows = rows(model.features ?? model.coefs[0].length);
  const call = (method) => {
    if (model instanceof MLPRegressor && method === "predictProba") return { message: NO_PROBABILITIES };
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
    library: await libraryModel(source),
    infer: await settle(() => loadModel(source)),
    simd: await settle(() => loadSimd(source)),
    exported: await settle(async () => importSource(exportModule(source))),
  };
  for (const [entry, { value, error }] of Object.entries(loaded)) {
    if (error) assertCleanError(error, entry);
    else loaded[entry].predictions = predictions(value, rows);
  }
  return loaded;
}

/** Every entry refuses `source` with the same message, or loads it as the same kind of
 *  model and predicts the same bits (or fails alike); infer alone loads a file refused for
 *  its stored options. Returns the common message, or undefined when the model loaded. */
export async function assertAgree(source, rows, context) {
  const { library, infer, simd, exported } = await outcomes(source, rows);
  assert.is(simd.error?.message, infer.error?.message, `${context}: wasmlp/infer/simd and wasmlp/infer`);
  assert.equal(simd.value?.kind, infer.value?.kind, `${context}: wasmlp/infer/simd's kind of model`);
  assert.equal(simd.predictions, infer.predictions, `${context}: wasmlp/infer/simd's predictions`);
  assert.is(exported.error?.message, library.error?.message, `${context}: exportModule and the library`);
  if (OPTIONS_REFUSED.test(library.error?.message ?? "")) {
    assert.ok(!infer.error, `${context}: infer refused a model whose only fault is its options: ${infer.error?.message}`);
    return library.error.message;
  }
  assert.is(infer.error?.message, library.error?.message, `${context}: loadModel and the library`);
  if (library.error) return library.error.message;
  const kind = library.value instanceof MLPRegressor ? "regressor" : "classifier";
  assert.equal([infer.value.kind, exported.value.kind], [kind, kind], `${context}: the kind of model`);
  assert.equal(infer.predictions, library.predictions, `${context}: loadModel's predictions`);
  assert.equal(exported.predictions, library.predictions, `${context}: the exported module's predictions`);
  return undefined;
}
