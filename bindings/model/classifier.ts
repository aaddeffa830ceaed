// The public classifier: validates, hands data to its own WebAssembly core, and drives
// the epoch loop from here so each wasm call stays short (docs/ARCHITECTURE.md).
import { Core, usableThreads, type TrainingSet } from "../runtime/core.js";
import { availableThreads, idleWorkers } from "../runtime/thread-pool.js";
import { toSamples, type Matrix, type Samples } from "../data/samples.js";
import { resolveOptions, type MLPClassifierOptions, type ResolvedOptions } from "./options.js";
import { initialParams, packWeights, unpackWeights, type Weights } from "./weights.js";
import { findClasses, encodeLabels, checkDeclaredClasses, classWeights, sampleWeights, type Label } from "./classes.js";
import { fitScaler, type Scaler } from "./scaler.js";
import { stratifiedHoldout } from "../data/split.js";
import { Random } from "../data/random.js";
import { stateToJSON, stateFromJSON, stateToBytes, stateFromBytes, type ModelState, type ModelJSON } from "../io/model-format.js";
import { checkLabelName, checkNames, overflowMessage } from "../io/model-file.js";
import { trainEpochs, type EpochInfo, type History } from "./epochs.js";
import { abortError, checkSignal } from "./abort.js";
import { modelSizes } from "./model-sizes.js";
import { trainingFacts } from "./divergence.js";

export type { Matrix, MLPClassifierOptions, Weights, Label, ModelJSON, EpochInfo };
/** Class labels, one per sample: numbers or strings. */
export type Labels = ArrayLike<Label>;

/** Options of a single {@link MLPClassifier.fit} call. */
export interface FitOptions {
  /** Columns per row when X is a flat row-major Float32Array/Float64Array. */
  features?: number;
  /** A loss weight ≥ 0 per row (multiplied by the class weight). */
  sampleWeight?: ArrayLike<number>;
  /** Called after every epoch with its number (1-based), its training loss in bits, and
   *  the validation figures when early stopping holds rows out. */
  onEpoch?: (epoch: number, loss: number, info: EpochInfo) => void;
  /** Stops training between epochs. Aborted after one or more epochs, fit resolves with
   *  the model trained so far; aborted sooner (already aborted when fit is called, or
   *  before the first epoch completes), it rejects with an Error named "AbortError"
   *  (its `cause` is `signal.reason`) and leaves the model exactly as it was. */
  signal?: AbortSignal;
  /** Start from these weights instead of the seeded initialisation. */
  initialWeights?: Weights;
  /** The name of each column of X, in order (scikit-learn's `feature_names_in_`): kept in
   *  the model and its files, read back as {@link MLPClassifier.featureNames}. Prediction
   *  still reads X by position. Distinct strings, one per feature. */
  featureNames?: string[];
  /** The name of the label column, kept in the model as {@link MLPClassifier.labelName};
   *  not one of `featureNames`. */
  labelName?: string;
}

/** Options of {@link MLPClassifier.partialFit}. */
export interface PartialFitOptions {
  /** Every class the model will see, required where y may lack some (first call). */
  classes?: Labels;
  features?: number;
  sampleWeight?: ArrayLike<number>;
  /** Aborted before the call's epoch runs, partialFit rejects with an Error named
   *  "AbortError" (its `cause` is `signal.reason`) and leaves the model exactly as it was. */
  signal?: AbortSignal;
  /** As in {@link FitOptions}: taken on the first call; later calls may repeat them. */
  featureNames?: string[];
  labelName?: string;
}

/** What a fitted model is besides its parameters (which live in the core). */
interface Fitted extends Names {
  sizes: number[];
  classes: Label[];
  scaler: Scaler | null;
}

/** The columns' names a fit was given, if any. */
interface Names {
  featureNames: string[] | null;
  labelName: string | null;
}

const fitOptionNames = ["features", "sampleWeight", "onEpoch", "signal", "initialWeights", "featureNames", "labelName"];
const partialFitOptionNames = ["classes", "features", "sampleWeight", "signal", "featureNames", "labelName"];

// Checked as a model file's fields are, so that every model fit makes can be saved.
function checkFitNames(options: { featureNames?: unknown; labelName?: unknown }, features: number): Names {
  const featureNames = options.featureNames === undefined ? null : checkNames(options.featureNames, features);
  return { featureNames, labelName: options.labelName === undefined ? null : checkLabelName(options.labelName, featureNames) };
}

// A later partialFit may repeat the first call's names, not change them.
function checkSameNames(options: PartialFitOptions, names: Names, previous: Names): void {
  const given = names.featureNames;
  const earlier = previous.featureNames;
  if (options.featureNames !== undefined && !(earlier && given!.every((name, i) => name === earlier[i]))) {
    throw new Error("featureNames differs from the names of the earlier fit; pass the same names on every call, or none");
  }
  if (options.labelName !== undefined && names.labelName !== previous.labelName) {
    throw new Error("labelName differs from the name of the earlier fit; pass the same name on every call, or none");
  }
}

function checkOptionNames(options: object, known: string[], what: string): void {
  if (options === null || typeof options !== "object") throw new Error(`${what} options must be an object`);
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) throw new Error(`unknown ${what} option "${name}"; known options: ${known.join(", ")}`);
  }
}

/**
 * A multilayer-perceptron classifier: dense hidden layers, a sigmoid output for two
 * classes or a softmax for more, trained on cross-entropy measured in bits.
 */
export class MLPClassifier {
  readonly #options: ResolvedOptions;
  #core: Core | undefined;
  #fitted: Fitted | undefined;
  #history: History = { loss: [], validationLoss: [], validationScore: [], bestEpoch: undefined };
  #random: Random | undefined;
  #busy = false;

  constructor(options?: MLPClassifierOptions) {
    this.#options = resolveOptions(options);
  }

  /** The resolved options (a copy). */
  get options(): ResolvedOptions {
    return structuredClone(this.#options);
  }

  /** The names of X's columns given to fit (`featureNames`), or undefined. A copy. */
  get featureNames(): string[] | undefined {
    return this.#fittedModel("reading featureNames").featureNames?.slice();
  }

  /** The label column's name given to fit (`labelName`), or undefined. */
  get labelName(): string | undefined {
    return this.#fittedModel("reading labelName").labelName ?? undefined;
  }

  /** The classes seen in fit (sorted), as `predictProba`'s columns are ordered. */
  get classes(): Label[] {
    return [...this.#fittedModel("reading classes").classes];
  }

  /** Training loss per epoch, in bits, as the seed's `model.loss` (a copy). */
  get loss(): number[] {
    return [...this.#history.loss];
  }

  /** Loss in bits on the held-out rows per epoch (early stopping only). */
  get validationLoss(): number[] {
    return [...this.#history.validationLoss];
  }

  /** Accuracy on the held-out rows per epoch (early stopping only). */
  get validationScore(): number[] {
    return [...this.#history.validationScore];
  }

  /** The epoch (1-based) whose weights early stopping kept, or undefined. */
  get bestEpoch(): number | undefined {
    return this.#history.bestEpoch;
  }

  /**
   * Trains from a fresh initialisation (or `initialWeights`) for up to `epochs` epochs.
   * @param X samples: `number[][]` rows, or a flat row-major typed array with `options.features`
   * @param y labels, numbers or strings, one per row; at least two classes
   */
  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    checkOptionNames(options, fitOptionNames, "fit");
    const { features, sampleWeight, onEpoch, signal, initialWeights } = options;
    if (onEpoch !== undefined && typeof onEpoch !== "function") throw new Error("onEpoch must be a function (epoch, loss, info) => void");
    checkSignal(signal);
    if (signal?.aborted) throw abortError(signal, "fit");
    const o = this.#options;
    const samples = toSamples(X, features);
    const names = checkFitNames(options, samples.features);
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
    const facts = () => trainingFacts(samples, train.weights);
    const threads = threadsFor(o, sizes, train.rows, o.epochs);
    await this.#exclusive(threads, async (core) => {
      // From here to the end of the first epoch nothing awaits, so an abort not seen here
      // comes after an epoch; seen here, it leaves the model as it was, untouched.
      if (signal?.aborted) throw abortError(signal, "fit");
      const fitted = { sizes, classes, scaler, ...names };
      await this.#transaction(core, async () => {
        core.declareNetwork(sizes, o.activation);
        core.writeParams(params);
        core.loadTraining(train, validation);
        core.configureOptimizer(o);
        core.resetOptimizer();
        this.#fitted = fitted;
        this.#random = random;
        this.#history = { loss: [], validationLoss: [], validationScore: [], bestEpoch: undefined };
        await trainEpochs(core, o, this.#history, { epochs: o.epochs, random, validation: validation !== undefined, onEpoch, signal, facts });
        core.endRun();
      });
    });
    return this;
  }

  /**
   * One epoch over the given rows, continuing from the current weights and optimizer
   * state (or from a fresh initialisation on the first call). N calls on the same rows
   * train exactly as `fit` for N epochs does. Early stopping does not apply.
   */
  async partialFit(X: Matrix, y: Labels, options: PartialFitOptions = {}): Promise<this> {
    checkOptionNames(options, partialFitOptionNames, "partialFit");
    const { signal } = options;
    checkSignal(signal);
    if (signal?.aborted) throw abortError(signal, "partialFit");
    const o = this.#options;
    const previous = this.#fitted;
    const samples = toSamples(X, options.features ?? previous?.sizes[0], previous ? `the classifier was fitted on ${previous.sizes[0]} features` : undefined);
    const names = checkFitNames(options, samples.features);
    if (previous) checkSameNames(options, names, previous);
    let classes: Label[];
    if (options.classes !== undefined) {
      classes = checkDeclaredClasses(options.classes);
      if (previous && (classes.length !== previous.classes.length || classes.some((c, k) => c !== previous.classes[k]))) {
        throw new Error("classes differs from the classes of the earlier fit; pass the same classes on every call");
      }
    } else {
      classes = previous?.classes ?? findClasses(y, samples.rows);
    }
    if (y == null || typeof y !== "object" || y.length !== samples.rows) {
      throw new Error(`X has ${samples.rows} rows but y has ${y == null ? "no" : (y as ArrayLike<unknown>).length} labels`);
    }
    const encoded = encodeLabels(y, classes);
    const weights = sampleWeights(options.sampleWeight, samples.rows, classWeights(o.classWeight, encoded, classes), encoded);
    const start = previous === undefined;
    const sizes = previous?.sizes ?? modelSizes(samples.features, o, classes, names);
    const random = this.#random ?? new Random(o.seed);
    const params = start ? initialParams(sizes, random, o.init, o.activation) : undefined;
    const scaler = start ? (o.standardize ? scalerFor(samples, undefined) : null) : previous.scaler;
    const train = trainingSet(samples, encoded, weights, undefined, scaler);
    const facts = () => trainingFacts(samples, train.weights);
    await this.#exclusive(threadsFor(o, sizes, train.rows, 1), async (core) => {
      // As in fit: nothing awaits from here to the end of the epoch.
      if (signal?.aborted) throw abortError(signal, "partialFit");
      await this.#transaction(core, async () => {
        if (params) {
          core.declareNetwork(sizes, o.activation);
          core.writeParams(params);
          core.configureOptimizer(o);
          core.resetOptimizer();
          this.#fitted = { sizes, classes, scaler, ...names };
          this.#random = random;
          this.#history = { loss: [], validationLoss: [], validationScore: [], bestEpoch: undefined };
        }
        core.loadTraining(train, undefined);
        // Appends in place (a copy per call would make N calls cost O(N²)); a failed
        // epoch takes its entry back out.
        const kept = this.#history.loss.length;
        try {
          await trainEpochs(core, o, this.#history, { epochs: 1, random, validation: false, firstEpoch: kept + 1, facts });
          core.endRun();
        } catch (error) {
          this.#history.loss.length = kept;
          throw error;
        }
      });
    });
    return this;
  }

  /** Runs `work` on this classifier's core, one call at a time, on a core with `threads`
   *  threads: a core with another count hands its model over to a new one. The core's
   *  worker threads are borrowed for the call only, so the next classifier reuses them. */
  async #exclusive(threads: number, work: (core: Core) => Promise<void>): Promise<void> {
    if (this.#busy) throw new Error("this classifier is already training; await that call before starting another");
    this.#busy = true;
    try {
      if (this.#core?.threads !== threads) this.#core = await this.#coreWith(threads);
      const core = this.#core;
      await core.withWorkers(() => work(core));
    } finally {
      this.#busy = false;
    }
  }

  async #coreWith(threads: number): Promise<Core> {
    const core = await Core.create(threads);
    const old = this.#core;
    if (old && this.#fitted) {
      core.declareNetwork(this.#fitted.sizes, this.#options.activation);
      core.writeParams(old.readParams());
      core.configureOptimizer(this.#options);
      core.writeOptimizerState(old.readOptimizerState());
    }
    return core;
  }

  /** Runs `work`; if it throws (other than by diverging, which keeps the last finite
   *  weights), puts back the model as it was before. */
  async #transaction(core: Core, work: () => Promise<void>): Promise<void> {
    const before = { fitted: this.#fitted, history: this.#history, random: this.#random?.clone() };
    const params = before.fitted ? core.readParams() : undefined;
    const optimizer = before.fitted ? core.readOptimizerState() : undefined;
    try {
      await work();
    } catch (error) {
      if ((error as { diverged?: boolean }).diverged) throw error;
      this.#fitted = before.fitted;
      this.#history = before.history;
      this.#random = before.random;
      if (before.fitted && params && optimizer) {
        core.declareNetwork(before.fitted.sizes, this.#options.activation);
        core.writeParams(params);
        core.writeOptimizerState(optimizer);
        // Both divergence backups must hold these weights, not the failed run's.
        core.backupParams();
        core.backupParams();
      }
      throw error;
    }
  }

  #fittedModel(what: string): Fitted {
    if (!this.#fitted) throw new Error(`this MLPClassifier is not fitted yet: call fit before ${what}`);
    return this.#fitted;
  }

  /** Runs the model over X; `begin` learns the row count and returns what takes each
   *  chunk of probabilities (row-major, from row `start`: 1 - p, p for two classes, else
   *  one column per class). */
  #predict(X: Matrix, what: string, begin: (rows: number, fitted: Fitted) => (p: Float32Array, start: number) => void): void {
    const fitted = this.#fittedModel(what);
    const features = fitted.sizes[0];
    const samples = toSamples(X, features, `the classifier was fitted on ${features} features`, true);
    const take = begin(samples.rows, fitted);
    (this.#core as Core).predictChunks(samples.predictionInput(fitted.scaler), take, (row) => {
      throw new Error(overflowMessage(row));
    });
  }

  /**
   * Class probabilities: one row per sample, one column per class in `classes` order.
   * Every value is a float32 (for two classes the first column is 1 - P(class 1) rounded
   * to float32), the same bits as {@link predictProbaFlat}. Rows sum to 1 within float32
   * rounding.
   */
  predictProba(X: Matrix): number[][] {
    let result: number[][] = [];
    this.#predict(X, "predictProba", (rows, { classes }) => {
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
    this.#predict(X, "predictProbaFlat", (rows, { classes }) => {
      result = new Float32Array(rows * classes.length);
      return (p, start) => result.set(p, start * classes.length);
    });
    return result;
  }

  /** The predicted label of each row: P > 0.5 for two classes, else the most probable
   *  class (the first, on a tie), of the same kind as the labels given to fit. */
  predict(X: Matrix): Label[] {
    let labels: Label[] = [];
    this.#predict(X, "predict", (rows, { classes }) => {
      const k = classes.length;
      labels = new Array<Label>(rows);
      if (k === 2) {
        return (p, start) => {
          for (let i = 1, r = start; i < p.length; i += 2, r++) labels[r] = classes[p[i] > 0.5 ? 1 : 0];
        };
      }
      return (p, start) => {
        for (let r = 0, at = 0; at < p.length; r++, at += k) {
          let best = 0;
          for (let c = 1; c < k; c++) if (p[at + c] > p[at + best]) best = c;
          labels[start + r] = classes[best];
        }
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

  /** Weight matrices per layer, scikit-learn's `coefs_` shape [inputs][units] (copies). */
  get coefs(): number[][][] {
    const { sizes } = this.#fittedModel("reading coefs");
    return unpackWeights(sizes, (this.#core as Core).readParams()).coefs;
  }

  /** Bias vectors per layer, scikit-learn's `intercepts_` (copies). */
  get intercepts(): number[][] {
    const { sizes } = this.#fittedModel("reading intercepts");
    return unpackWeights(sizes, (this.#core as Core).readParams()).intercepts;
  }

  #state(what: string): ModelState {
    const { sizes, classes, scaler, featureNames, labelName } = this.#fittedModel(what);
    return {
      sizes: [...sizes],
      activation: this.#options.activation,
      classes: [...classes],
      scaler: scaler && { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) },
      featureNames,
      labelName,
      params: (this.#core as Core).readParams(),
      options: { ...this.options },
    };
  }

  /** The model as plain JSON (format "wasmlp-mlp"); `MLPClassifier.fromJSON` reads it. */
  toJSON(): ModelJSON {
    return stateToJSON(this.#state("toJSON"));
  }

  /** The model as bytes: a small JSON header, then the float32 parameters little-endian. */
  toBytes(): Uint8Array {
    return stateToBytes(this.#state("toBytes"));
  }

  /** A classifier from `toJSON`'s output (an object or its JSON text). */
  static async fromJSON(json: unknown): Promise<MLPClassifier> {
    return MLPClassifier.#fromState(stateFromJSON(json));
  }

  /** A classifier from `toBytes`'s output. */
  static async fromBytes(bytes: Uint8Array | ArrayBuffer): Promise<MLPClassifier> {
    return MLPClassifier.#fromState(stateFromBytes(bytes));
  }

  // model-format.ts has checked the options with these hidden widths and activation.
  static async #fromState(state: ModelState): Promise<MLPClassifier> {
    const clf = new MLPClassifier({ ...(state.options as MLPClassifierOptions), hiddenLayers: state.sizes.slice(1, -1), activation: state.activation });
    const core = await Core.create();
    core.declareNetwork(state.sizes, state.activation);
    core.writeParams(state.params);
    core.configureOptimizer(clf.#options);
    core.resetOptimizer();
    clf.#core = core;
    const scaler = state.scaler && { mean: Float64Array.from(state.scaler.mean), scale: Float64Array.from(state.scaler.scale) };
    clf.#fitted = { sizes: [...state.sizes], classes: [...state.classes], scaler, featureNames: state.featureNames ?? null, labelName: state.labelName ?? null };
    return clf;
  }
}

// When "auto" trains on every core. Measured on 2 cores (Node 20, the seed task cut
// down, 8000 rows x E epochs): a second thread takes ~45% off a fit, meeting it costs a
// few µs per batch, and a batch must hold ~100 µs of work (1e5 sample-parameters: the
// seed's 8000 x 26 and the wide task's 256 x 1604 do; a full batch of 1000 seed rows
// does not). Starting a worker costs ~17 ms, once per process: with none idle in the
// pool a fit must run well over 40 ms on one thread to gain (3e8 sample-epoch-parameters:
// ~130 ms of the seed task, which is 4.2e8); borrowing idle ones costs under a
// millisecond, and threads win from about 5e6 (20 epochs: 2.2 ms on one thread, 2.1 on
// two; 200 epochs: 18 ms and 10 ms), so 1e7 then.
const THREADS_FROM_WORK = 3e8;
const THREADS_FROM_WORK_WITH_IDLE_WORKERS = 1e7;
const THREADS_FROM_BATCH_WORK = 1e5;

function threadsFor(o: ResolvedOptions, sizes: number[], rows: number, epochs: number): number {
  if (o.threads !== "auto") return usableThreads(o.threads);
  let params = 0;
  for (let l = 1; l < sizes.length; l++) params += sizes[l] * (sizes[l - 1] + 1);
  const batch = o.optimizer === "gd" ? rows : Math.min(o.batchSize, rows);
  const threads = usableThreads(availableThreads());
  const fromWork = idleWorkers() >= threads - 1 ? THREADS_FROM_WORK_WITH_IDLE_WORKERS : THREADS_FROM_WORK;
  if (batch * params < THREADS_FROM_BATCH_WORK || rows * epochs * params < fromWork) return 1;
  return threads;
}

function scalerFor(samples: Samples, rows: Uint32Array | undefined): Scaler {
  return rows
    ? fitScaler(rows.length, samples.features, (r, c) => samples.value(rows[r], c))
    : fitScaler(samples.rows, samples.features, samples.value);
}

function trainingSet(
  samples: Samples, encoded: Int32Array, weights: Float32Array | undefined, rows: Uint32Array | undefined, scaler: Scaler | null,
): TrainingSet {
  if (!rows) return { rows: samples.rows, write: samples.writer(undefined, scaler), targets: encoded, weights };
  return {
    rows: rows.length,
    write: samples.writer(rows, scaler),
    targets: Int32Array.from(rows, (r) => encoded[r]),
    weights: weights && Float32Array.from(rows, (r) => weights[r]),
  };
}
