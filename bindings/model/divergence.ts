// Why a fit diverged. epochs.ts stops when a loss or a weight is no longer finite; the
// error then names the likely causes, judged from the options and the data in use, each
// with what to try. One rule per cause; a learning rate smaller than the one in use is
// suggested when no other cause fits, or when the rate is above its optimizer's default.
import { LEARNING_RATES, type ResolvedOptions } from "./options.js";
import type { Samples } from "../data/samples.js";

/** What the rules read besides the options. */
export interface DataFacts {
  /** The largest |x| in the training rows, as given (before any standardizing). */
  inputMax: number;
  /** The mean row weight: sample weight times class weight, 1 without either. */
  meanWeight: number;
  /** Rows per batch. */
  batchRows: number;
}

/** The facts of the rows `samples` holds, weighted by `weights` (undefined: 1 each). */
export function trainingFacts(samples: Samples, weights: Float32Array | undefined): Omit<DataFacts, "batchRows"> {
  let inputMax = 0;
  for (let r = 0; r < samples.rows; r++) {
    for (let c = 0; c < samples.features; c++) inputMax = Math.max(inputMax, Math.abs(samples.value(r, c)));
  }
  let sum = 0;
  if (weights) for (const w of weights) sum += w;
  return { inputMax, meanWeight: weights ? sum / weights.length : 1 };
}

export type Settings = Pick<ResolvedOptions, "optimizer" | "learningRate" | "l2" | "momentum" | "beta1" | "standardize">;

// The loss is a weighted mean, so only the weights' ratios matter to the mathematics,
// but the core sums weighted gradients in float32: a batch weighing 2^96 (8e28) leaves
// 2^32 below float32's 3.4e38 for the gradients' own size.
const HEAVY_BATCH = 2 ** 96;
// Above these, a momentum or Adam's first decay keeps more than 99.9% of the last step.
const NEAR_ONE = 0.999;
// Standardized data rarely reaches 100 (100 standard deviations from the mean).
const LARGE_INPUT = 100;

// Three significant digits, in exponent form past a million: "300", "3.33e+27".
const n = (x: number): string => (Math.abs(x) >= 1e6 ? Number(x.toPrecision(3)).toExponential() : String(Number(x.toPrecision(3))));

/** The likely causes of a divergence, most specific first; never empty. */
export function divergenceCauses(o: Settings, data: DataFacts): string[] {
  const causes: string[] = [];
  const batchWeight = data.meanWeight * data.batchRows;
  if (batchWeight >= HEAVY_BATCH) {
    causes.push(
      `the sample or class weights are huge (a batch weighs ${n(batchWeight)}) and the weighted sums overflow float32: ` +
        `only their ratios matter, so divide them all by one factor to bring the largest near 1`,
    );
  }
  // Plain and momentum steps take learningRate · l2 / batch weight of each weight off it:
  // past 2 the weights flip sign and grow. Adam's steps are about learningRate whatever
  // the gradient, so l2 cannot make them grow.
  const shrink = (o.learningRate * o.l2) / batchWeight;
  if (o.optimizer !== "adam" && shrink >= 1) {
    causes.push(
      `l2 = ${n(o.l2)} is too large for learningRate ${n(o.learningRate)}: each step takes learningRate × l2 / batch weight = ` +
        `${n(shrink)} times each weight off it (above 2 the weights grow), so try an l2 below ${n(batchWeight / o.learningRate)}`,
    );
  }
  if (o.optimizer === "sgd" && o.momentum > NEAR_ONE) {
    causes.push(`momentum = ${o.momentum} is close to 1, so steps barely decay and pile up: try 0.9 (the default)`);
  }
  if (o.optimizer === "adam" && o.beta1 > NEAR_ONE) {
    causes.push(`beta1 = ${o.beta1} is close to 1, so each step carries nearly all the steps before it: try 0.9 (the default)`);
  }
  if (!o.standardize && data.inputMax > LARGE_INPUT) {
    causes.push(`X has values up to ${n(data.inputMax)} in magnitude with standardize off, and gradients grow with the inputs: pass standardize: true`);
  }
  if (causes.length === 0 || o.learningRate > LEARNING_RATES[o.optimizer]) {
    causes.push(`the learningRate ${n(o.learningRate)} may be too large for this data: try a learningRate smaller than ${o.learningRate}`);
  }
  return causes;
}

/**
 * The error a diverging epoch throws (marked `diverged`: the classifier keeps the last
 * finite weights rather than putting back the model from before the call).
 * @param what what stopped being finite, as "the loss is NaN"
 * @param keptFrom the epoch whose starting weights the model keeps
 */
export function divergenceError(epoch: number, what: string, keptFrom: number, o: Settings, data: DataFacts): Error {
  const kept = keptFrom > 1 ? `its weights from the end of epoch ${keptFrom - 1}` : "the weights it started this epoch with";
  const causes = divergenceCauses(o, data);
  const likely = causes.length === 1 ? `Likely cause: ${causes[0]}` : `Likely causes: ${causes.map((c, i) => `(${i + 1}) ${c}`).join("; ")}`;
  const error = new Error(`training diverged at epoch ${epoch}: ${what}; the model keeps ${kept}. ${likely}`);
  return Object.assign(error, { diverged: true });
}
