// One table of the classifier's options: defaults, and the check each value must pass.
// Every error names the option and the value it got. Defaults reproduce the seed
// article's network; the rest follow scikit-learn's MLPClassifier.

export type Activation = "sigmoid" | "tanh" | "relu";
export type Optimizer = "gd" | "sgd" | "adam";
export type Init = "normal" | "glorot" | "he";
export type ClassWeight = "balanced" | Record<string, number>;

/** Options of {@link MLPClassifier}. */
export interface MLPClassifierOptions {
  /** Widths of the hidden layers, input side first. Default `[5]` (the seed's 3-5-1). */
  hiddenLayers?: number[];
  /** Hidden-layer activation. Default `"sigmoid"` (the seed's). */
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

export type ResolvedOptions = Required<Omit<MLPClassifierOptions, "classWeight">> & { classWeight: ClassWeight | null };

const MAX_WIDTH = 1 << 16;
const F32_MAX = 3.4028234663852886e38;
const LEARNING_RATES: Record<Optimizer, number> = { gd: 1.0, sgd: 0.01, adam: 0.001 };

const defaults: Omit<ResolvedOptions, "learningRate"> = {
  hiddenLayers: [5], activation: "sigmoid", optimizer: "gd", batchSize: 200, momentum: 0.9,
  nesterov: true, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 0, init: "normal",
  standardize: false, epochs: 2000, shuffle: true, validationFraction: 0, patience: 10,
  tol: 1e-4, classWeight: null, seed: 0, threads: "auto",
};

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

type Check = (value: unknown) => string | undefined;

const oneOf = (...allowed: string[]): Check => (value) =>
  allowed.includes(value as string) ? undefined : `one of ${allowed.map((a) => `"${a}"`).join(", ")}`;
const positiveInteger: Check = (value) => (Number.isSafeInteger(value) && (value as number) >= 1 ? undefined : "a positive integer");
const boolean: Check = (value) => (typeof value === "boolean" ? undefined : "true or false");
const inUnitInterval: Check = (value) =>
  typeof value === "number" && value >= 0 && value < 1 ? undefined : "a number in [0, 1)";
const nonNegative: Check = (value) =>
  typeof value === "number" && value >= 0 && value <= F32_MAX ? undefined : "a finite number ≥ 0";

const checks: { [K in keyof MLPClassifierOptions]-?: Check } = {
  hiddenLayers(value) {
    if (!Array.isArray(value) || value.length === 0) return "a non-empty array of positive integers";
    if (value.length > 62) return "at most 62 layers";
    const bad = value.findIndex((w) => !Number.isInteger(w) || w < 1 || w > MAX_WIDTH);
    if (bad >= 0) return `positive integers up to ${MAX_WIDTH}; element ${bad} is ${show(value[bad])}`;
    return undefined;
  },
  activation: oneOf("sigmoid", "tanh", "relu"),
  optimizer: oneOf("gd", "sgd", "adam"),
  learningRate(value) {
    const ok = typeof value === "number" && value > 0 && value <= F32_MAX;
    return ok ? undefined : "a positive number up to 3.4e38 (float32)";
  },
  batchSize: positiveInteger,
  momentum: inUnitInterval,
  nesterov: boolean,
  beta1: inUnitInterval,
  beta2: inUnitInterval,
  epsilon(value) {
    return typeof value === "number" && value > 0 && value <= F32_MAX ? undefined : "a positive finite number";
  },
  l2: nonNegative,
  init: oneOf("normal", "glorot", "he"),
  standardize: boolean,
  epochs: positiveInteger,
  shuffle: boolean,
  validationFraction: inUnitInterval,
  patience: positiveInteger,
  tol: nonNegative,
  classWeight(value) {
    if (value === null || value === "balanced") return undefined;
    const expected = `"balanced", null or an object of positive weights per label`;
    if (typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return expected;
    for (const [label, weight] of Object.entries(value as object)) {
      if (typeof weight !== "number" || !(weight > 0) || weight > F32_MAX) return `${expected}; the weight of ${show(label)} is ${show(weight)}`;
    }
    return undefined;
  },
  seed(value) {
    return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : "a non-negative integer";
  },
  threads(value) {
    const ok = value === "auto" || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 16);
    return ok ? undefined : `"auto" or an integer from 1 to 16`;
  },
};

/** Fills in defaults and rejects unknown names and out-of-range values. */
export function resolveOptions(options: MLPClassifierOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new Error(`options must be an object, got ${show(options)}`);
  }
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(checks, name)) {
      throw new Error(`unknown option "${name}"; known options: ${Object.keys(checks).join(", ")}`);
    }
    if (value === undefined) continue;
    const expected = checks[name as keyof MLPClassifierOptions](value);
    if (expected) throw new Error(`${name} must be ${expected}, got ${show(value)}`);
    given[name] = Array.isArray(value) ? [...value] : value && typeof value === "object" ? { ...value } : value;
  }
  const merged = { ...defaults, hiddenLayers: [...defaults.hiddenLayers], ...given } as Omit<ResolvedOptions, "learningRate">;
  const learningRate = (given.learningRate as number | undefined) ?? LEARNING_RATES[merged.optimizer];
  return { ...merged, learningRate };
}
