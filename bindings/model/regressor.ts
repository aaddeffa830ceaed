// The public regressor: checks its data and targets, standardizes the targets inside the
// model (so values like 5000 or -3 just work) and reports predictions in the user's
// units; trainer.ts trains it on its own WebAssembly core, with identity outputs and
// squared error (assembly/kernels/squarederror.ts).
import { toSamples, type Matrix } from "../data/samples.js";
import { resolveOptions, type MLPRegressorOptions, type ResolvedRegressorOptions } from "./options.js";
import { initialParams, packWeights, type Weights } from "./weights.js";
import { sampleWeights } from "./classes.js";
import { Random } from "../data/random.js";
import { stateFromJSON, stateFromBytes, type ModelFile, type ModelState } from "../io/model-format.js";
import type { EpochInfo } from "./epochs.js";
import { modelSizes } from "./model-sizes.js";
import { trainingFacts } from "./divergence.js";
import { Trainer, type Fitted } from "./trainer.js";
import { Estimator, fittedFrom } from "./estimator.js";
import type { FitOptions, EpochCallOptions, Names } from "./call-options.js";
import { checkNames } from "../io/model-file.js";
import { scalerOf, storedScaler } from "./scaler.js";
import { scalerFor, regressionSet } from "./training-set.js";
import { fitTargetScaler, r2Score, readTargets, targetMajor, type TargetScaler, type Targets } from "./targets.js";

export type { MLPRegressorOptions, Targets };

/** The target columns' names a regressor keeps (beside fit's `featureNames`). */
export interface TargetNaming {
  /** The name of each target column, in y's order: distinct strings, one per target, none
   *  of them in `featureNames`; kept in the model and its files, read back as
   *  `targetNames`. For one target, the same as `labelName` (give either, or both alike). */
  targetNames?: string[];
}
/** Options of a single {@link MLPRegressor.fit} call: those of {@link MLPClassifier.fit},
 *  and `targetNames`. */
export type RegressorFitOptions = FitOptions & TargetNaming;
/** Options of {@link MLPRegressor.partialFit}: `targetNames` is taken on the first call;
 *  later calls may repeat it. */
export type RegressorPartialFitOptions = EpochCallOptions & TargetNaming;

/** What a regressor adds to its fitted shape: its targets' count, scaler and names. */
interface RegressionKind {
  targets: number;
  targetScaler: TargetScaler | null;
  targetNames: string[] | null;
}

/** fit's or partialFit's `targetNames` (with its `labelName`) for `targets` targets. */
function targetNaming(options: TargetNaming, names: Names, targets: number): { names: Names; targetNames: string[] | null } {
  const given = options.targetNames;
  if (given === undefined) return { names, targetNames: targets === 1 && names.labelName !== null ? [names.labelName] : null };
  const targetNames = checkNames(given, targets, "targetNames", names.featureNames);
  if (names.labelName !== null && (targets > 1 || names.labelName !== targetNames[0])) {
    throw new Error(`labelName ${JSON.stringify(names.labelName)} is not targetNames's one name; give targetNames alone`);
  }
  return { names: { ...names, labelName: targets === 1 ? targetNames[0] : null }, targetNames };
}


/**
 * A multilayer-perceptron regressor: dense hidden layers and identity outputs, one per
 * target, trained on squared error. Targets are standardized inside the model by
 * default (`standardizeTargets`), and predictions come back in the units of `y`.
 */
export class MLPRegressor extends Estimator<RegressionKind, ResolvedRegressorOptions> {
  constructor(options?: MLPRegressorOptions) {
    super(new Trainer(resolveOptions(options, "regressor"), "MLPRegressor", "identity"));
  }

  /** Targets per row. */
  get targets(): number {
    return this.trainer.require("reading targets").kind.targets;
  }

  /** The target columns' names given to fit (`targetNames`, or `labelName` for one
   *  target), or undefined. A copy. */
  get targetNames(): string[] | undefined {
    return this.trainer.require("reading targetNames").kind.targetNames?.slice();
  }

  /**
   * Trains from a fresh initialisation (or `initialWeights`) for up to `epochs` epochs.
   * @param X samples: `number[][]` rows, or a flat row-major typed array with `options.features`
   * @param y one number per row, or a row of numbers per row for several targets
   */
  async fit(X: Matrix, y: Targets, options: RegressorFitOptions = {}): Promise<this> {
    const { targetNames: _, ...shared } = options ?? {};
    const begun = this.beginFit(X, shared);
    const { sampleWeight, onEpoch, signal, initialWeights } = options;
    const o = this.trainer.options;
    const { samples } = begun;
    const t = readTargets(y, samples.rows);
    const { names, targetNames } = targetNaming(options, begun.names, t.count);
    const weights = sampleWeights(sampleWeight, samples.rows, undefined, new Int32Array(0));
    const sizes = modelSizes(samples.features, o, [], { ...names, targetNames }, t.count);
    const random = new Random(o.seed);
    const params = initialWeights ? packWeights(sizes, initialWeights) : initialParams(sizes, random, o.init, o.activation);
    const holdout = o.validationFraction > 0 ? randomHoldout(samples.rows, o.validationFraction, random) : undefined;
    const scaler = o.standardize ? scalerFor(samples, holdout?.train) : null;
    const targetScaler = o.standardizeTargets ? fitTargetScaler(t, holdout?.train) : null;
    const train = regressionSet(samples, targetMajor(t, holdout?.train, targetScaler), weights, holdout?.train, scaler);
    const validationTargets = holdout && targetMajor(t, holdout.validation, targetScaler);
    const validation = holdout && regressionSet(samples, validationTargets!, undefined, holdout.validation, scaler);
    const spread = validationTargets && sumOfSquares(validationTargets, t.count);
    await this.trainer.fit({
      fitted: { sizes, scaler, ...names, kind: { targets: t.count, targetScaler, targetNames } },
      params, random, train, validation, onEpoch, signal,
      facts: () => trainingFacts(samples, train.weights),
      // Pooled R²: 1 − Σ squared error / Σ squared deviation, the loss being ½ the mean.
      score: ({ loss }) => (spread! > 0 ? 1 - (2 * loss * holdout!.validation.length) / spread! : 0),
    });
    return this;
  }

  /**
   * One epoch over the given rows, continuing from the current weights and optimizer
   * state (or from a fresh initialisation on the first call, whose rows then set the
   * input and target scalers). Early stopping does not apply.
   */
  async partialFit(X: Matrix, y: Targets, options: RegressorPartialFitOptions = {}): Promise<this> {
    const begun = this.beginPartialFit(X, options, "regressor", ["targetNames"]);
    const { previous, samples } = begun;
    const { signal } = options;
    const o = this.trainer.options;
    const t = readTargets(y, samples.rows, previous?.kind.targets);
    const { names, targetNames } = targetNaming(options, begun.names, t.count);
    if (previous && options.targetNames !== undefined && !sameNames(targetNames, previous.kind.targetNames)) {
      throw new Error("targetNames differs from the names of the earlier fit; pass the same names on every call, or none");
    }
    const weights = sampleWeights(options.sampleWeight, samples.rows, undefined, new Int32Array(0));
    const random = this.trainer.random ?? new Random(o.seed);
    let start: { fitted: Fitted<RegressionKind>; params: Float32Array } | undefined;
    if (!previous) {
      const sizes = modelSizes(samples.features, o, [], { ...names, targetNames }, t.count);
      const scaler = o.standardize ? scalerFor(samples, undefined) : null;
      const targetScaler = o.standardizeTargets ? fitTargetScaler(t, undefined) : null;
      start = { fitted: { sizes, scaler, ...names, kind: { targets: t.count, targetScaler, targetNames } }, params: initialParams(sizes, random, o.init, o.activation) };
    }
    const fitted = start?.fitted ?? previous!;
    const train = regressionSet(samples, targetMajor(t, undefined, fitted.kind.targetScaler), weights, undefined, fitted.scaler);
    await this.trainer.epoch({ start, random, train, signal, facts: () => trainingFacts(samples, train.weights) });
    return this;
  }

  /** Predictions in the units of fit's `y`, row-major [rows x targets], in float64. */
  #predictFlat(X: Matrix, what: string): { values: Float64Array; kind: RegressionKind } {
    const fitted = this.trainer.require(what);
    const features = fitted.sizes[0];
    const samples = toSamples(X, features, `the regressor was fitted on ${features} features`, true);
    const { targets, targetScaler } = fitted.kind;
    const values = new Float64Array(samples.rows * targets);
    this.trainer.predict(samples.predictionInput(fitted.scaler), (out, start) => {
      for (let i = 0; i < out.length; i++) {
        const k = i % targets;
        values[start * targets + i] = targetScaler ? out[i] * targetScaler.scale[k] + targetScaler.mean[k] : out[i];
      }
    });
    return { values, kind: fitted.kind };
  }

  /** Predictions in the units of fit's `y`: one number per row for one target (also when
   *  fit's y had rows of one, as scikit-learn ravels them), a row of numbers per row for
   *  several. */
  predict(X: Matrix): number[] | number[][] {
    const { values, kind } = this.#predictFlat(X, "predict");
    if (kind.targets === 1) return Array.from(values);
    const rows = values.length / kind.targets;
    return Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * kind.targets, (r + 1) * kind.targets)));
  }

  /** R² of `predict(X)` against `y`, averaged uniformly over targets (scikit-learn's
   *  `score`). */
  score(X: Matrix, y: Targets): number {
    const { values, kind } = this.#predictFlat(X, "score");
    const t = readTargets(y, values.length / kind.targets, kind.targets);
    return r2Score(t.values, values, kind.targets);
  }

  protected state(what: string): ModelState {
    const { targetScaler, targetNames, targets } = this.trainer.require(what).kind;
    const state = this.stateWith(what, { kind: "regressor", classes: [], targetScaler: storedScaler(targetScaler) });
    // One target's name is the labelName (version 3 holds it); several need targetNames.
    return targets > 1 && targetNames ? { ...state, labelName: null, targetNames } : state;
  }

  /** A regressor from `toJSON`'s output (an object or its JSON text). */
  static async fromJSON(json: unknown): Promise<MLPRegressor> {
    return MLPRegressor.#fromState(stateFromJSON(json, "regressor"));
  }

  /** A regressor from `toBytes`'s output. */
  static async fromBytes(bytes: Uint8Array | ArrayBuffer): Promise<MLPRegressor> {
    return MLPRegressor.#fromState(stateFromBytes(bytes, "regressor"));
  }

  // model-format.ts has checked the file's kind, and its options with these hidden widths
  // and activation.
  static async #fromState(state: ModelFile): Promise<MLPRegressor> {
    const reg = new MLPRegressor({ ...(state.options as MLPRegressorOptions), hiddenLayers: state.sizes.slice(1, -1), activation: state.activation });
    const targets = state.sizes.at(-1) as number;
    const targetNames = state.targetNames ?? (targets === 1 && state.labelName !== null ? [state.labelName] : null);
    const fitted = fittedFrom(state, { targets, targetScaler: scalerOf(state.targetScaler), targetNames });
    if (targets === 1 && targetNames) fitted.labelName = targetNames[0];
    reg.trainer = await Trainer.load(reg.trainer.options, "MLPRegressor", fitted, state.params, "identity");
    return reg;
  }
}

const sameNames = (a: string[] | null, b: string[] | null): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((name, i) => name === b[i]));

/** A random hold-out as scikit-learn's train_test_split makes it: the first
 *  ceil(fraction · rows) of a permutation are held out; both parts in row order. */
function randomHoldout(rows: number, fraction: number, random: Random): { train: Uint32Array; validation: Uint32Array } {
  const held = Math.ceil(fraction * rows);
  if (held < 1 || held >= rows) throw new Error(`validationFraction ${fraction} of ${rows} rows leaves ${held >= rows ? "no rows to train on" : "no rows to validate on"}`);
  const order = random.permutation(rows);
  return { train: order.slice(held).sort(), validation: order.slice(0, held).sort() };
}

/** Σ over rows and targets of the squared deviation from each target's mean, for
 *  target-major `values`. */
function sumOfSquares(values: Float32Array, count: number): number {
  const n = values.length / count;
  let total = 0;
  for (let k = 0; k < count; k++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[k * n + i];
    mean /= n;
    for (let i = 0; i < n; i++) total += (values[k * n + i] - mean) ** 2;
  }
  return total;
}
