// The options of sklearnMakeClassification, checked as scikit-learn's own parameter table
// checks them (its validate_params intervals), each error naming the option.
import { checkFlags, fail, type MakeClassificationOptions } from "../make-classification.js";
import { NumpyRandomState } from "../numpy/random-state.js";

/**
 * Options of {@link sklearnMakeClassification}: scikit-learn's `make_classification`
 * parameters in camelCase (`n_samples` is `samples`, `n_informative` is `informative`, ...),
 * with scikit-learn's defaults. Unlike wasmlp's own generator, `shift` and `scale` may be
 * any finite numbers, as in scikit-learn.
 */
export interface SklearnMakeClassificationOptions extends Omit<MakeClassificationOptions, "seed"> {
  /**
   * scikit-learn's `random_state`: an integer seed in [0, 2**32 - 1] for a fresh
   * `np.random.RandomState(seed)`, or a {@link NumpyRandomState} to draw from (and advance).
   * Required: scikit-learn's default, fresh entropy, reproduces nothing.
   */
  randomState: number | NumpyRandomState;
}

export type ResolvedClassification = Required<Omit<SklearnMakeClassificationOptions, "randomState" | "weights">> & {
  weights: number[];
  rng: NumpyRandomState;
};

const DEFAULTS = {
  samples: 100, features: 20, informative: 2, redundant: 2, repeated: 0, classes: 2,
  clustersPerClass: 2, weights: null, flipY: 0.01, classSep: 1.0, hypercube: true,
  shift: 0.0, scale: 1.0, shuffle: true,
};

const INTEGER_MINIMUMS = {
  samples: 1, features: 1, informative: 1, redundant: 0, repeated: 0, classes: 1, clustersPerClass: 1,
} as const;

function checkPerFeature(name: "shift" | "scale", value: number | ArrayLike<number> | null, features: number): void {
  if (value === null) return;
  const finite = (v: unknown) => typeof v === "number" && Number.isFinite(v);
  if (typeof value === "number") {
    if (!finite(value)) fail(name, value, `a finite number, an array of ${features}, or null`);
  } else if (typeof value !== "object" || value.length !== features || !Array.from(value).every(finite)) {
    fail(name, value, `a finite number, an array of ${features} finite numbers (one per feature), or null`);
  }
}

// scikit-learn: none means balanced; classes - 1 weights get a last one of 1 - their sum.
function classWeights(weights: ArrayLike<number> | null, classes: number): number[] {
  if (weights === null) return new Array<number>(classes).fill(1 / classes);
  const given = typeof weights === "object" ? Array.from(weights) : [];
  if (given.length !== classes && given.length !== classes - 1) fail("weights", weights, `an array of length classes (${classes}) or classes - 1`);
  if (!given.every((w) => typeof w === "number" && w >= 0 && w <= 1)) fail("weights", weights, "numbers in [0, 1]");
  if (given.length === classes - 1) given.push(1 - given.reduce((sum, w) => sum + w, 0));
  if (given[given.length - 1] < 0) fail("weights", weights, "numbers that sum to at most 1");
  return given;
}

function randomStateOf(value: unknown): NumpyRandomState {
  if (value instanceof NumpyRandomState) return value;
  if (typeof value !== "number") fail("randomState", value, "an integer in [0, 2**32 - 1] or a NumpyRandomState");
  try {
    return new NumpyRandomState(value);
  } catch {
    return fail("randomState", value, "an integer in [0, 2**32 - 1] or a NumpyRandomState");
  }
}

/** Fills in defaults and checks every option. @throws Error naming the first bad option. */
export function resolveClassification(options: SklearnMakeClassificationOptions): ResolvedClassification {
  if (typeof options !== "object" || options === null) throw new Error("options must be an object with at least randomState");
  const o: Record<string, unknown> = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DEFAULTS) && key !== "randomState") throw new Error(`unknown option ${key}`);
    if (value !== undefined) o[key] = value;
  }
  for (const [name, minimum] of Object.entries(INTEGER_MINIMUMS)) {
    if (!Number.isSafeInteger(o[name]) || (o[name] as number) < minimum) fail(name, o[name], `an integer >= ${minimum}`);
  }
  const r = o as unknown as Required<Omit<SklearnMakeClassificationOptions, "randomState">>;
  if (r.informative + r.redundant + r.repeated > r.features) {
    throw new Error(`informative + redundant + repeated must be <= features, got ${r.informative} + ${r.redundant} + ${r.repeated} > ${r.features}`);
  }
  if (r.classes * r.clustersPerClass > 2 ** r.informative) {
    throw new Error(`classes * clustersPerClass must be <= 2**informative, got ${r.classes} * ${r.clustersPerClass} > 2**${r.informative}`);
  }
  checkFlags(r, "a positive finite number");
  checkPerFeature("shift", r.shift, r.features);
  checkPerFeature("scale", r.scale, r.features);
  const weights = classWeights(r.weights, r.classes);
  return { ...r, weights, rng: randomStateOf(options.randomState) };
}
