// The limits a model must keep so that toJSON and toBytes can save it, checked before
// training starts: a fit never trains for minutes a model it could not save. The model
// format's own limits are io/model-file.ts's; the rest are the engine's.
import { FORMAT, VERSION } from "../io/model-file.js";
import { paramCount } from "./weights.js";
import type { Label } from "./classes.js";
import type { SharedOptions } from "./options.js";
import { MAX_STRING_LENGTH, MAX_WIDTH } from "../limits.js";

export { MAX_STRING_LENGTH };

// The most characters JSON.stringify writes for a float32 parameter (widened to a double)
// or a float64 scaler value, with the comma after it: 25, as in
// "-0.0000015157320376602001" (17 significant digits, the fixed notation used from 1e-6).
const NUMBER_CHARS = 26;

/**
 * The layer widths of a model with `features` inputs and `classes`, once it is known
 * that the model can be saved: every width at most MAX_WIDTH, and JSON text (`JSON.stringify(clf.toJSON())`, which also bounds the
 * header of `toBytes`) that fits in one string whatever values training gives it.
 * @param o the classifier's options: hiddenLayers, activation, standardize, and the
 *   options the model stores
 * @param names the column names the model will store, if any
 * @param targets a regressor's targets per row (then `classes` is empty)
 * @throws Error naming the class count, the features or hiddenLayers, and the limit
 */
export function modelSizes(
  features: number, o: SharedOptions, classes: readonly Label[],
  names: { featureNames: string[] | null; labelName: string | null; targetNames?: string[] | null } = { featureNames: null, labelName: null },
  targets?: number,
): number[] {
  if (features > MAX_WIDTH) throw new Error(`X has ${features} features; a model takes at most ${MAX_WIDTH}`);
  const outputs = targets ?? (classes.length === 2 ? 1 : classes.length);
  const what = targets === undefined ? `${classes.length} classes` : `${targets} target${targets === 1 ? "" : "s"}`;
  if (outputs > MAX_WIDTH) {
    throw new Error(`${what} are more than the ${MAX_WIDTH} a model holds (one output unit per ${targets === undefined ? "class" : "target"})`);
  }
  const sizes = [features, ...o.hiddenLayers, outputs];
  const count = paramCount(sizes);
  const network = `hiddenLayers [${o.hiddenLayers.join(", ")}] with ${features} feature${features === 1 ? "" : "s"} and ${what} make ${count} parameters`;
  const header = textLength({ format: FORMAT, version: VERSION, sizes, activation: o.activation, classes, scaler: null, ...names, options: o, params: [] });
  if (header > MAX_STRING_LENGTH) {
    throw new Error(`the classes and options alone take more than the ${MAX_STRING_LENGTH} characters a JavaScript string holds as JSON, so the model could not be saved; use shorter class labels`);
  }
  // A scaler replaces "null" with {"mean":[...],"scale":[...]}: 18 more characters and its numbers.
  const scaler = o.standardize ? 18 + 2 * features * NUMBER_CHARS : 0;
  const room = MAX_STRING_LENGTH - header - scaler;
  if (count * NUMBER_CHARS > room) {
    throw new Error(
      `${network}, whose JSON text could take ${header + scaler + count * NUMBER_CHARS} characters, more than the ${MAX_STRING_LENGTH} a JavaScript string holds, ` +
        `so toJSON's model could not be written out; use fewer or narrower hidden layers (at most ${Math.max(0, Math.floor(room / NUMBER_CHARS))} parameters)`,
    );
  }
  return sizes;
}

// JSON.stringify throws a RangeError when the text would outgrow a string.
function textLength(value: unknown): number {
  try {
    return JSON.stringify(value).length;
  } catch (error) {
    if (error instanceof RangeError) return Infinity;
    throw error;
  }
}
