// The public classifier: checks its data and labels, and says what a classifier's targets
// and outputs are; trainer.ts trains it on its own WebAssembly core, driving the epoch
// loop from TypeScript so each wasm call stays short (docs/ARCHITECTURE.md).
import { toSamples, type Matrix } from "../data/samples.js";
import { resolveOptions, type MLPClassifierOptions, type ResolvedOptions } from "./options.js";
import { initialParams, packWeights, type Weights } from "./weights.js";
import { findClasses, encodeLabels, checkDeclaredClasses, classWeights, sampleWeights, type Label } from "./classes.js";
import { stratifiedHoldout } from "../data/split.js";
import { Random } from "../data/random.js";
import { stateFromJSON, stateFromBytes, type ModelFile, type ModelState, type ModelJSON } from "../io/model-format.js";
import type { EpochInfo } from "./epochs.js";
import { modelSizes } from "./model-sizes.js";
import { trainingFacts } from "./divergence.js";
import { Trainer, type Fitted } from "./trainer.js";
import { Estimator, fittedFrom } from "./estimator.js";
import type { FitOptions, EpochCallOptions } from "./call-options.js";
import { scalerFor, trainingSet } from "./training-set.js";
import { predictedClass } from "./decision.js";
import { logProbabilities } from "./log-proba.js";

export type { Matrix, MLPClassifierOptions, Weights, Label, ModelJSON, EpochInfo, FitOptions };
/** Class labels, one per sample: numbers or strings. */
export type Labels = ArrayLike<Label>;

/** Options of {@link MLPClassifier.partialFit}. */
export interface PartialFitOptions extends EpochCallOptions {
  /** Every class the model will see, required where y may lack some (first call). */
  classes?: Labels;
}


/**
 * A multilayer-perceptron classifier: dense hidden layers, a sigmoid output for two
 * classes or a softmax for more, trained on cross-entropy measured in bits.
 */
export class MLPClassifier extends Estimator<Label[], ResolvedOptions> {
  // The model's kind-specific part is its classes, sorted as findClasses sorts them.
  constructor(options?: MLPClassifierOptions) {
    super(new Trainer(resolveOptions(options), "MLPClassifier"));
  }

  /** The classes seen in fit (sorted), as `predictProba`'s columns are ordered. */
  get classes(): Label[] {
    return [...this.trainer.require("reading classes").kind];
  }

  /**
   * Trains from a fresh initialisation (or `initialWeights`) for up to `epochs` epochs.
   * @param X samples: `number[][]` rows, or a flat row-major typed array with `options.features`
   * @param y labels, numbers or strings, one per row; at least two classes
   */
  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const { samples, names } = this.beginFit(X, options);
    const { sampleWeight, onEpoch, signal, initialWeights } = options;
    const o = this.trainer.options;
    const classes = findClasses(y, samples.rows);
    const encoded = encodeLabels(y, classes);
    const weights = sampleWeights(sampleWeight, samples.rows, classWeights(o.classWeight, encoded, classes), encoded);
    const sizes = modelSizes(samples.features, o, classes, names);
    const random = new Random(o.seed);
    const params = initialWeights ? packWeights(sizes, initialWeights) : initialParams(sizes, random, o.init, o.activation);
    const holdout = o.validationFraction > 0 ? stratifiedHoldout(encoded, classes.length, o.validationFraction, random) : undefined;
    const scaler = o.standardize ? scalerFor(samples, holdout?.train) : null;
    const train = trainingSet(samples, encoded, weights, holdout?.train, scaler);
    const validation = holdout && trainingSet(samples, encoded, undefined, holdout.validation, scaler);
    await this.trainer.fit({
      fitted: { sizes, scaler, ...names, kind: classes }, params, random, train, validation, onEpoch, signal,
      facts: () => trainingFacts(samples, train.weights),
    });
    return this;
  }

  /**
   * One epoch over the given rows, continuing from the current weights and optimizer
   * state (or from a fresh initialisation on the first call). N calls on the same rows
   * train exactly as `fit` for N epochs does. Early stopping does not apply.
   */
  async partialFit(X: Matrix, y: Labels, options: PartialFitOptions = {}): Promise<this> {
    const { previous, samples, names } = this.beginPartialFit(X, options, "classifier", ["classes"]);
    const { signal } = options;
    const o = this.trainer.options;
    const classes = partialFitClasses(options.classes, previous?.kind, y, samples.rows);
    if (y == null || typeof y !== "object" || y.length !== samples.rows) {
      throw new Error(`X has ${samples.rows} rows but y has ${y == null ? "no" : (y as ArrayLike<unknown>).length} labels`);
    }
    const encoded = encodeLabels(y, classes);
    const weights = sampleWeights(options.sampleWeight, samples.rows, classWeights(o.classWeight, encoded, classes), encoded);
    const random = this.trainer.random ?? new Random(o.seed);
    let start: { fitted: Fitted<Label[]>; params: Float32Array } | undefined;
    if (!previous) {
      const sizes = modelSizes(samples.features, o, classes, names);
      const scaler = o.standardize ? scalerFor(samples, undefined) : null;
      start = { fitted: { sizes, scaler, ...names, kind: classes }, params: initialParams(sizes, random, o.init, o.activation) };
    }
    const train = trainingSet(samples, encoded, weights, undefined, (start?.fitted ?? previous!).scaler);
    await this.trainer.epoch({ start, random, train, signal, facts: () => trainingFacts(samples, train.weights) });
    return this;
  }

  /** Runs the model over X; `begin` learns the row count and returns what takes each
   *  chunk of probabilities (row-major, from row `start`: 1 - p, p for two classes, else
   *  one column per class). */
  #predict(X: Matrix, what: string, begin: (rows: number, classes: Label[]) => (p: Float32Array, start: number) => void): void {
    const fitted = this.trainer.require(what);
    const features = fitted.sizes[0];
    const samples = toSamples(X, features, `the classifier was fitted on ${features} features`, true);
    this.trainer.predict(samples.predictionInput(fitted.scaler), begin(samples.rows, fitted.kind));
  }

  /**
   * Class probabilities: one row per sample, one column per class in `classes` order.
   * Every value is a float32 (for two classes the first column is 1 - P(class 1) rounded
   * to float32), the same bits as {@link predictProbaFlat}. Rows sum to 1 within float32
   * rounding.
   */
  predictProba(X: Matrix): number[][] {
    let result: number[][] = [];
    this.#predict(X, "predictProba", (rows, classes) => {
      const k = classes.length;
      result = new Array<number[]>(rows);
      return (p, start) => {
        for (let r = 0; r * k < p.length; r++) result[start + r] = Array.from(p.subarray(r * k, (r + 1) * k));
      };
    });
    return result;
  }

  /**
   * Class probabilities in one Float32Array, row-major [rows x classes] with columns in
   * `classes` order: predictProba without an array per row, for large X, and the same
   * numbers bit for bit.
   */
  predictProbaFlat(X: Matrix): Float32Array {
    let result = new Float32Array(0);
    this.#predict(X, "predictProbaFlat", (rows, classes) => {
      result = new Float32Array(rows * classes.length);
      return (p, start) => result.set(p, start * classes.length);
    });
    return result;
  }

  /**
   * The natural log of each class's probability, rows and columns as in
   * {@link predictProba}, computed stably: the network runs again in float64 from the
   * float32 weights and each row's log-softmax (log-sigmoid for two classes) is taken
   * from its logits, so a probability that underflows float32 (predictProba's 0, whose
   * log would be -Infinity) still has its finite log. Elsewhere it equals
   * Math.log(predictProba) within float32 rounding (relative error about 1e-7).
   */
  predictLogProba(X: Matrix): number[][] {
    const fitted = this.trainer.require("predictLogProba");
    const features = fitted.sizes[0];
    const samples = toSamples(X, features, `the classifier was fitted on ${features} features`);
    const logs = logProbabilities(fitted.sizes, this.trainer.params("predictLogProba"), this.trainer.options.activation, fitted.scaler, samples);
    const k = Math.max(fitted.kind.length, 2);
    return Array.from({ length: samples.rows }, (_, r) => Array.from(logs.subarray(r * k, (r + 1) * k)));
  }

  /** The predicted label of each row: P > 0.5 for two classes, else the most probable
   *  class (the first, on a tie), of the same kind as the labels given to fit. */
  predict(X: Matrix): Label[] {
    let labels: Label[] = [];
    this.#predict(X, "predict", (rows, classes) => {
      const k = classes.length;
      labels = new Array<Label>(rows);
      return (p, start) => {
        for (let r = 0, at = 0; at < p.length; r++, at += k) labels[start + r] = classes[predictedClass(p, at, k)];
      };
    });
    return labels;
  }

  /** Accuracy of `predict(X)` against the labels `y`. */
  score(X: Matrix, y: Labels): number {
    const predicted = this.predict(X);
    if (y == null || y.length !== predicted.length) {
      throw new Error(`X has ${predicted.length} rows but y has ${y == null ? "no" : y.length} labels`);
    }
    let correct = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === y[i]) correct++;
    return correct / predicted.length;
  }

  protected resolve(options: ResolvedOptions): ResolvedOptions {
    return resolveOptions(options);
  }

  protected outputDescription(outputs: number): string {
    return outputs === 1 ? "sigmoid (2 classes), cross-entropy in bits" : `softmax (${outputs} classes), cross-entropy in bits`;
  }

  protected state(what: string): ModelState {
    return this.stateWith(what, { classes: [...this.trainer.require(what).kind] });
  }

  /** A classifier from `toJSON`'s output (an object or its JSON text). */
  static async fromJSON(json: unknown): Promise<MLPClassifier> {
    return MLPClassifier.#fromState(stateFromJSON(json, "classifier"));
  }

  /** A classifier from `toBytes`'s output. */
  static async fromBytes(bytes: Uint8Array | ArrayBuffer): Promise<MLPClassifier> {
    return MLPClassifier.#fromState(stateFromBytes(bytes, "classifier"));
  }

  // model-format.ts has checked the file's kind, and its options with these hidden widths
  // and activation.
  static async #fromState(state: ModelFile): Promise<MLPClassifier> {
    const clf = new MLPClassifier({ ...(state.options as MLPClassifierOptions), hiddenLayers: state.sizes.slice(1, -1), activation: state.activation });
    clf.trainer = await Trainer.load(clf.trainer.options, "MLPClassifier", fittedFrom(state, [...state.classes]), state.params);
    return clf;
  }
}

/** partialFit's classes: `declared` (checked, and the same as an earlier fit's), else
 *  the earlier fit's, else those of `y`. */
function partialFitClasses(declared: Labels | undefined, previous: Label[] | undefined, y: Labels, rows: number): Label[] {
  if (declared === undefined) return previous ?? findClasses(y, rows);
  const classes = checkDeclaredClasses(declared);
  if (previous && (classes.length !== previous.length || classes.some((c, k) => c !== previous[k]))) {
    throw new Error("classes differs from the classes of the earlier fit; pass the same classes on every call");
  }
  return classes;
}
