// One table of the classifier's options: defaults, and the check each value must pass.
// Every error names the option and the value it got; numbers the core computes with are
// checked as float32 rounds them (data/float32.ts). The defaults are scikit-learn's
// MLPClassifier's, with the inputs standardized: a network that works on data as users
// bring it (the README's defaults table measures them). The seed article's network is
// SEED_OPTIONS.
import { F32_MAX, float32Failure, positiveFloat32, roundedNote } from "../data/float32.js";
import { MAX_LAYERS, MAX_THREADS, MAX_WIDTH } from "../limits.js";

import { ACTIVATIONS, type Activation } from "../io/model-file.js";

export type { Activation };
export type Optimizer = "gd" | "sgd" | "adam";
export type Init = "normal" | "glorot" | "he";
export type LearningRateSchedule = "constant" | "invscaling" | "adaptive";
export type ClassWeight = "balanced" | Record<string, number>;

/** Options of {@link MLPClassifier}. */
export interface MLPClassifierOptions {
  /** Widths of the hidden layers, input side first; `[]` is no hidden layer (logistic
   *  regression; for a regressor, linear regression). Default `[100]`. */
  hiddenLayers?: number[];
  /** Hidden-layer activation: "sigmoid", "tanh", "relu" or "identity" (a linear layer,
   *  as scikit-learn's). Default `"relu"`. */
  activation?: Activation;
  /** `"gd"`: full-batch gradient descent (the seed); `"sgd"`: mini-batch SGD with
   *  momentum; `"adam"`: mini-batch Adam. Default `"adam"`. */
  optimizer?: Optimizer;
  /** Step size (the first one, under a schedule). Default 1.0 for "gd" (the seed), 0.01
   *  for "sgd", 0.001 for "adam". */
  learningRate?: number;
  /** How "sgd" changes its step size, as scikit-learn's `learning_rate`: "constant";
   *  "invscaling", `learningRate / (t + 1)^powerT` after each epoch, t the rows trained
   *  on so far; "adaptive", divided by 5 each time `patience` epochs in a row fail to
   *  improve the monitored loss by `tol` (stopping once it would be at most 1e-6).
   *  Default "constant". */
  learningRateSchedule?: LearningRateSchedule;
  /** The exponent of "invscaling", ≥ 0. Default 0.5. */
  powerT?: number;
  /** Samples per mini-batch for "sgd"/"adam" (capped at the row count). Default 200. */
  batchSize?: number;
  /** "sgd" momentum in [0, 1). Default 0.9. */
  momentum?: number;
  /** "sgd": use Nesterov's momentum. Default true. */
  nesterov?: boolean;
  /** "adam" decay rates in [0, 1) and its stabiliser > 0. Defaults 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** L2 penalty on the weights (scikit-learn's alpha), ≥ 0. Default 1e-4. */
  l2?: number;
  /** Weight initialisation: "normal" N(0, 0.1²) for weights and biases (the seed),
   *  "glorot" (scikit-learn's uniform), "he" (normal, std √(2/fan-in)). Default "glorot". */
  init?: Init;
  /** Learn each feature's mean and standard deviation in fit and scale inputs by them
   *  (kept in the model). Default true. */
  standardize?: boolean;
  /** Epochs per `fit`. Default 200. */
  epochs?: number;
  /** Reshuffle the rows every epoch for "sgd"/"adam". Default true. */
  shuffle?: boolean;
  /** Fraction of the rows held out (stratified) to stop early on validation loss; 0
   *  turns early stopping off. In [0, 1). Default 0. */
  validationFraction?: number;
  /** With no rows held out, stop once `patience` epochs in a row have not lowered the
   *  training loss below the best so far by `tol` (scikit-learn's rule without
   *  early_stopping; its n_iter_no_change is `patience` - 1). Default false. */
  stopOnTrainingLoss?: boolean;
  /** Early stopping: epochs without an improvement larger than `tol` (in the loss's
   *  units: bits for a classifier). Defaults 10, 1e-4. */
  patience?: number;
  tol?: number;
  /** "balanced" (n / (classes · count)) or a weight per label. Default none. */
  classWeight?: ClassWeight | null;
  /** Seed of initialisation, shuffling and the validation split. Default 0. */
  seed?: number;
  /** Threads a fit trains with (1 to 16), or "auto": every core for fits large enough
   *  to gain from them, else 1. Any count gives bit-identical weights. Threads run in
   *  Node 20.16+; elsewhere (browsers included) training uses one thread. Default "auto". */
  threads?: number | "auto";
}

/** Options of {@link MLPRegressor}: the classifier's but `classWeight`, and
 *  `standardizeTargets`. Defaults are the classifier's (scikit-learn's MLPRegressor's,
 *  with inputs and targets standardized). */
export interface MLPRegressorOptions extends Omit<MLPClassifierOptions, "classWeight"> {
  /** Learn each target's mean and standard deviation in fit, train on the standardized
   *  targets, and predict in the user's units (kept in the model). Default true. */
  standardizeTargets?: boolean;
}

/** The options both models have, every default filled in: what training reads. */
export type SharedOptions = Required<Omit<MLPClassifierOptions, "classWeight">>;
/** A classifier's options with every default filled in (`options`, `getParams`). */
export type ResolvedOptions = SharedOptions & { classWeight: ClassWeight | null };
/** A regressor's options with every default filled in (`options`, `getParams`). */
export type ResolvedRegressorOptions = SharedOptions & { standardizeTargets: boolean };

/** Which model's options: their defaults and the options only one kind has differ. */
export type ModelKind = "classifier" | "regressor";

// The model format holds the input and output layers besides these.
const MAX_HIDDEN_LAYERS = MAX_LAYERS - 2;
/** Each optimizer's default learningRate. */
export const LEARNING_RATES: Readonly<Record<Optimizer, number>> = { gd: 1.0, sgd: 0.01, adam: 0.001 };

const shared: Omit<SharedOptions, "learningRate"> = {
  hiddenLayers: [100], activation: "relu", optimizer: "adam", learningRateSchedule: "constant", powerT: 0.5,
  batchSize: 200, momentum: 0.9, nesterov: true, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 1e-4,
  init: "glorot", standardize: true, epochs: 200, shuffle: true, validationFraction: 0,
  stopOnTrainingLoss: false, patience: 10, tol: 1e-4, seed: 0, threads: "auto",
};
const defaults: Omit<ResolvedOptions, "learningRate"> = { ...shared, classWeight: null };
const regressorDefaults: Omit<ResolvedRegressorOptions, "learningRate"> = { ...shared, standardizeTargets: true };

/** The seed article's network ("Build a Multilayer Perceptron Classifier with Numpy"):
 *  3-5-1 sigmoid, full-batch gradient descent at lr 1.0 for 2000 epochs on the raw
 *  inputs, weights from N(0, 0.1²), no penalty, no early stopping. `npm start` runs it. */
export const SEED_OPTIONS: Readonly<MLPClassifierOptions> = Object.freeze({
  // Frozen too: a spread copies the reference, and no caller may change the seed for all.
  hiddenLayers: Object.freeze([5]) as number[], activation: "sigmoid", optimizer: "gd", learningRate: 1.0, l2: 0, init: "normal",
  standardize: false, epochs: 2000, validationFraction: 0,
});

// Options newer than the model format's version 3: a file stores them only when they are
// not at their defaults, so a model that does not use them stays readable by a wasmlp
// that predates them (whose reader refuses option names it does not know).
const ADDED_AFTER_FORMAT_3 = ["learningRateSchedule", "powerT", "stopOnTrainingLoss"] as const;

/** The options a model file stores: all of `o`, but the newer ones at their defaults. */
export function storedOptions<O extends SharedOptions>(o: O): Partial<O> {
  const stored: Partial<O> = { ...o };
  for (const name of ADDED_AFTER_FORMAT_3) if (o[name] === shared[name]) delete stored[name];
  return stored;
}

/** `kind`'s default options (a copy; learningRate follows the optimizer). */
export function defaultOptions(kind: ModelKind = "classifier"): Omit<ResolvedOptions, "learningRate"> | Omit<ResolvedRegressorOptions, "learningRate"> {
  return structuredClone(kind === "regressor" ? regressorDefaults : defaults);
}
// Options one kind has and the other does not.
const onlyFor: Record<string, ModelKind> = { classWeight: "classifier", standardizeTargets: "regressor" };

// One level deep and at most 8 elements: the value can be any size or depth.
function show(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length > 8) return `an array of ${value.length} values`;
    return `[${value.map((v) => (Array.isArray(v) ? "an array" : show(v))).join(", ")}]`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
}

/** Undefined for a valid value, else the rest of the error after "<name> must be". */
type Check = (value: unknown) => string | undefined;

const expecting = (expected: string, valid: (value: unknown) => boolean): Check => (value) =>
  valid(value) ? undefined : `${expected}, got ${show(value)}`;
// Options the core reads as float32 (learningRate, momentum, the Adam settings, l2).
const float32 = (expected: string, inRange: (x: number) => boolean): Check => (value) => {
  const failure = float32Failure(value, inRange);
  return failure && `${expected}, got ${show(value)}${failure === "rounded" ? roundedNote(value as number) : ""}`;
};

const oneOf = (...allowed: string[]): Check =>
  expecting(`one of ${allowed.map((a) => `"${a}"`).join(", ")}`, (value) => allowed.includes(value as string));
const positiveInteger = expecting("a positive integer", (value) => Number.isSafeInteger(value) && (value as number) >= 1);
const boolean = expecting("true or false", (value) => typeof value === "boolean");
const below1 = (x: number): boolean => x >= 0 && x < 1;

const checks: { [K in keyof MLPClassifierOptions | "standardizeTargets"]-?: Check } = {
  hiddenLayers(value) {
    if (!Array.isArray(value)) return `an array of positive integers ([] for no hidden layer), got ${show(value)}`;
    if (value.length > MAX_HIDDEN_LAYERS) return `at most ${MAX_HIDDEN_LAYERS} layers, got ${show(value)}`;
    const bad = value.findIndex((w) => !Number.isInteger(w) || w < 1 || w > MAX_WIDTH);
    if (bad >= 0) return `positive integers up to ${MAX_WIDTH}; element ${bad} is ${show(value[bad])}, got ${show(value)}`;
    return undefined;
  },
  activation: oneOf(...ACTIVATIONS),
  optimizer: oneOf("gd", "sgd", "adam"),
  // Rounding to 0 would make every step 0; above F32_MAX the step is Infinity.
  learningRate: float32("a positive number up to 3.4e38 (float32)", positiveFloat32),
  learningRateSchedule: oneOf("constant", "invscaling", "adaptive"),
  // Used in float64 (the rate is rounded to float32 once computed); a huge exponent only
  // makes the rate underflow, which the schedule checks every epoch.
  powerT: expecting("a finite number ≥ 0", (value) => typeof value === "number" && value >= 0 && Number.isFinite(value)),
  batchSize: positiveInteger,
  // At 1 in float32, momentum never decays and Adam's bias correction divides by
  // 1 - beta1 = 0 or multiplies by 1 - beta2 = 0 (every step 0).
  momentum: float32("a number in [0, 1)", below1),
  nesterov: boolean,
  beta1: float32("a number in [0, 1)", below1),
  beta2: float32("a number in [0, 1)", below1),
  // Adam divides by sqrt(v) + epsilon: 0 in float32 would divide 0 by 0.
  epsilon: float32("a positive finite number", positiveFloat32),
  // A positive l2 below float32's smallest (1.4e-45) is 0 to the core, which is what it
  // would add to any gradient anyway: accepted.
  l2: float32("a finite number ≥ 0", (x) => x >= 0 && x <= F32_MAX),
  init: oneOf("normal", "glorot", "he"),
  standardize: boolean,
  standardizeTargets: boolean,
  epochs: positiveInteger,
  shuffle: boolean,
  // validationFraction and tol are used in JavaScript's float64 only (the split, the
  // comparison of validation losses), so they need no float32 check.
  validationFraction: expecting("a number in [0, 1)", (value) => typeof value === "number" && below1(value)),
  stopOnTrainingLoss: boolean,
  patience: positiveInteger,
  // Bounded as the float32 options are: a validation loss (bits, from float32
  // probabilities) is never near 3.4e38, so a larger tol could only mean a mistake.
  tol: expecting("a finite number ≥ 0", (value) => typeof value === "number" && value >= 0 && value <= F32_MAX),
  classWeight(value) {
    if (value === null || value === "balanced") return undefined;
    const expected = `"balanced", null or an object of positive weights per label`;
    if (typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return `${expected}, got ${show(value)}`;
    for (const [label, weight] of Object.entries(value as object)) {
      const failure = float32Failure(weight, positiveFloat32);
      if (failure) return `${expected} (up to 3.4e38); the weight of ${show(label)} is ${show(weight)}${failure === "rounded" ? roundedNote(weight) : ""}`;
    }
    return undefined;
  },
  seed: expecting("a non-negative integer", (value) => Number.isSafeInteger(value) && (value as number) >= 0),
  threads: expecting(`"auto" or an integer from 1 to ${MAX_THREADS}`, (value) => value === "auto" || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_THREADS)),
};

/** Fills in `kind`'s defaults and rejects unknown names and out-of-range values. */
export function resolveOptions(options: MLPClassifierOptions | undefined): ResolvedOptions;
export function resolveOptions(options: MLPRegressorOptions | undefined, kind: "regressor"): ResolvedRegressorOptions;
export function resolveOptions(options: MLPClassifierOptions | MLPRegressorOptions | undefined, kind: ModelKind = "classifier"): ResolvedOptions | ResolvedRegressorOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new Error(`options must be an object, got ${show(options)}`);
  }
  const given: Record<string, unknown> = {};
  const known = Object.keys(checks).filter((name) => (onlyFor[name] ?? kind) === kind);
  for (const [name, value] of Object.entries(options)) {
    if (!known.includes(name)) {
      const other = onlyFor[name] ? ` (it is an option of the ${onlyFor[name]})` : "";
      throw new Error(`unknown option "${name}"${other}; known options: ${known.join(", ")}`);
    }
    if (value === undefined) continue;
    const problem = checks[name as keyof typeof checks](value);
    if (problem) throw new Error(`${name} must be ${problem}`);
    given[name] = Array.isArray(value) ? [...value] : value && typeof value === "object" ? { ...value } : value;
  }
  const base = kind === "regressor" ? regressorDefaults : defaults;
  const merged = { ...base, hiddenLayers: [...base.hiddenLayers], ...given } as Omit<SharedOptions, "learningRate">;
  const learningRate = (given.learningRate as number | undefined) ?? LEARNING_RATES[merged.optimizer];
  // scikit-learn reads its learning_rate schedule for "sgd" only and ignores it otherwise;
  // a schedule that would do nothing is refused instead.
  if (merged.learningRateSchedule !== "constant" && merged.optimizer !== "sgd") {
    throw new Error(`learningRateSchedule "${merged.learningRateSchedule}" is for optimizer "sgd", got optimizer "${merged.optimizer}"`);
  }
  return { ...merged, learningRate } as ResolvedOptions | ResolvedRegressorOptions;
}
