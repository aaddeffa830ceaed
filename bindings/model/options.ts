// One table of the classifier's options: defaults, and the check each value must pass.
// Every error names the option and the value it got; numbers the core computes with are
// checked as float32 rounds them (data/float32.ts). Defaults reproduce the seed
// article's network; the rest follow scikit-learn's MLPClassifier.
import { F32_MAX, float32Failure, positiveFloat32, roundedNote } from "../data/float32.js";
import { MAX_LAYERS, MAX_THREADS, MAX_WIDTH } from "../limits.js";

import { ACTIVATIONS, type Activation } from "../io/model-file.js";

export type { Activation };
export type Optimizer = "gd" | "sgd" | "adam";
export type Init = "normal" | "glorot" | "he";
export type ClassWeight = "balanced" | Record<string, number>;

/** Options of {@link MLPClassifier}. */
export interface MLPClassifierOptions {
  /** Widths of the hidden layers, input side first. Default `[5]` (the seed's 3-5-1). */
  hiddenLayers?: number[];
  /** Hidden-layer activation: "sigmoid", "tanh", "relu" or "identity" (a linear layer,
   *  as scikit-learn's). Default `"sigmoid"` (the seed's). */
  activation?: Activation;
  /** `"gd"`: full-batch gradient descent (the seed); `"sgd"`: mini-batch SGD with
   *  momentum; `"adam"`: mini-batch Adam. Default `"gd"`. */
  optimizer?: Optimizer;
  /** Step size. Default 1.0 for "gd" (the seed), 0.01 for "sgd", 0.001 for "adam". */
  learningRate?: number;
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
  /** L2 penalty on the weights (scikit-learn's alpha), ≥ 0. Default 0. */
  l2?: number;
  /** Weight initialisation: "normal" N(0, 0.1²) for weights and biases (the seed),
   *  "glorot" (scikit-learn's uniform), "he" (normal, std √(2/fan-in)). Default "normal". */
  init?: Init;
  /** Learn each feature's mean and standard deviation in fit and scale inputs by them
   *  (kept in the model). Default false. */
  standardize?: boolean;
  /** Epochs per `fit`. Default 2000. */
  epochs?: number;
  /** Reshuffle the rows every epoch for "sgd"/"adam". Default true. */
  shuffle?: boolean;
  /** Fraction of the rows held out (stratified) to stop early on validation loss; 0
   *  turns early stopping off. In [0, 1). Default 0. */
  validationFraction?: number;
  /** Early stopping: epochs without an improvement larger than `tol`. Defaults 10, 1e-4. */
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
 *  `standardizeTargets`. Defaults are scikit-learn's MLPRegressor's (one hidden layer of
 *  100 relu units, Adam at 0.001, batches of 200, 200 epochs, l2 1e-4, Glorot's
 *  initialisation), with inputs and targets standardized. */
export interface MLPRegressorOptions extends Omit<MLPClassifierOptions, "classWeight"> {
  /** Learn each target's mean and standard deviation in fit, train on the standardized
   *  targets, and predict in the user's units (kept in the model). Default true. */
  standardizeTargets?: boolean;
}

/** The options both models have, resolved: what training reads. */
export type SharedOptions = Required<Omit<MLPClassifierOptions, "classWeight">>;
export type ResolvedOptions = SharedOptions & { classWeight: ClassWeight | null };
export type ResolvedRegressorOptions = SharedOptions & { standardizeTargets: boolean };

/** Which model's options: their defaults and the options only one kind has differ. */
export type ModelKind = "classifier" | "regressor";

// The model format holds the input and output layers besides these.
const MAX_HIDDEN_LAYERS = MAX_LAYERS - 2;
/** Each optimizer's default learningRate. */
export const LEARNING_RATES: Readonly<Record<Optimizer, number>> = { gd: 1.0, sgd: 0.01, adam: 0.001 };

const shared: Omit<SharedOptions, "learningRate"> = {
  hiddenLayers: [5], activation: "sigmoid", optimizer: "gd", batchSize: 200, momentum: 0.9,
  nesterov: true, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0, init: "normal",
  standardize: false, epochs: 2000, shuffle: true, validationFraction: 0, patience: 10,
  tol: 1e-4, seed: 0, threads: "auto",
};
const defaults: Omit<ResolvedOptions, "learningRate"> = { ...shared, classWeight: null };
const regressorDefaults: Omit<ResolvedRegressorOptions, "learningRate"> = {
  ...shared, hiddenLayers: [100], activation: "relu", optimizer: "adam", l2: 1e-4, init: "glorot",
  standardize: true, epochs: 200, standardizeTargets: true,
};
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
    if (!Array.isArray(value) || value.length === 0) return `a non-empty array of positive integers, got ${show(value)}`;
    if (value.length > MAX_HIDDEN_LAYERS) return `at most ${MAX_HIDDEN_LAYERS} layers, got ${show(value)}`;
    const bad = value.findIndex((w) => !Number.isInteger(w) || w < 1 || w > MAX_WIDTH);
    if (bad >= 0) return `positive integers up to ${MAX_WIDTH}; element ${bad} is ${show(value[bad])}, got ${show(value)}`;
    return undefined;
  },
  activation: oneOf(...ACTIVATIONS),
  optimizer: oneOf("gd", "sgd", "adam"),
  // Rounding to 0 would make every step 0; above F32_MAX the step is Infinity.
  learningRate: float32("a positive number up to 3.4e38 (float32)", positiveFloat32),
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
  return { ...merged, learningRate } as ResolvedOptions | ResolvedRegressorOptions;
}
