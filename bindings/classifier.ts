// The public classifier: validates, hands data to its own WebAssembly core, and drives
// the epoch loop from here so each wasm call stays short (see NOTES.md on tier-up).
import { Core } from "./wasm.js";
import { toSamples, toBinaryTargets, type Matrix, type Labels } from "./data.js";
import { resolveOptions, type MLPClassifierOptions, type ResolvedOptions } from "./options.js";
import { initialParams, packWeights, unpackWeights, type Weights } from "./weights.js";

export type { Matrix, Labels, MLPClassifierOptions, Weights };

/** Options of a single {@link MLPClassifier.fit} call. */
export interface FitOptions {
  /** Columns per row when X is a flat row-major Float32Array/Float64Array. */
  features?: number;
  /** Called after every epoch with its number (1-based) and mean loss in bits. */
  onEpoch?: (epoch: number, loss: number) => void;
  /** Start from these weights instead of the seeded initialisation. */
  initialWeights?: Weights;
}

const fitOptionNames = new Set(["features", "onEpoch", "initialWeights"]);
const YIELD_MS = 16;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

function checkFitOptions(options: FitOptions): FitOptions {
  if (options === null || typeof options !== "object") throw new Error("fit options must be an object");
  for (const name of Object.keys(options)) {
    if (!fitOptionNames.has(name)) {
      throw new Error(`unknown fit option "${name}"; known options: ${[...fitOptionNames].join(", ")}`);
    }
  }
  if (options.onEpoch !== undefined && typeof options.onEpoch !== "function") {
    throw new Error("onEpoch must be a function (epoch, loss) => void");
  }
  return options;
}

/**
 * A multilayer-perceptron binary classifier: sigmoid hidden layers, one sigmoid output,
 * trained by full-batch gradient descent on binary cross-entropy measured in bits.
 */
export class MLPClassifier {
  readonly #options: ResolvedOptions;
  #core: Core | undefined;
  #fitted = false;
  #busy = false;
  #loss: number[] = [];

  constructor(options?: MLPClassifierOptions) {
    this.#options = resolveOptions(options);
  }

  /** The resolved options (a copy). */
  get options(): Required<MLPClassifierOptions> {
    return { ...this.#options, hiddenLayers: [...this.#options.hiddenLayers] };
  }

  /** Mean training loss per epoch, in bits, as the seed's `model.loss` (a copy). */
  get loss(): number[] {
    return [...this.#loss];
  }

  /**
   * Trains from scratch (or from `initialWeights`) for `epochs` full-batch epochs.
   * @param X samples: `number[][]` rows, or a flat row-major typed array with `options.features`
   * @param y labels 0 or 1, one per row; both classes must occur
   */
  async fit(X: Matrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const { features, onEpoch, initialWeights } = checkFitOptions(options);
    if (this.#busy) throw new Error("fit is already running on this classifier; await it before starting another");
    const samples = toSamples(X, features);
    const targets = toBinaryTargets(y, samples.rows);
    const { hiddenLayers, learningRate, epochs, seed } = this.#options;
    const sizes = [samples.features, ...hiddenLayers, 1];
    const params = initialWeights ? packWeights(sizes, initialWeights) : initialParams(sizes, seed);
    this.#busy = true;
    try {
      this.#core ??= await Core.create();
      await this.#train(this.#core, sizes, params, samples, targets, epochs, learningRate, onEpoch);
    } finally {
      this.#busy = false;
    }
    return this;
  }

  async #train(
    core: Core, sizes: number[], params: Float32Array, samples: ReturnType<typeof toSamples>,
    targets: Float32Array, epochs: number, learningRate: number, onEpoch: FitOptions["onEpoch"],
  ): Promise<void> {
    const previous = this.#fitted ? { sizes: [...core.sizes], params: core.readParams(), loss: this.#loss } : undefined;
    try {
      core.declareNetwork(sizes);
      core.writeParams(params);
      core.loadTraining(samples.rows, samples.write, targets);
      this.#fitted = true;
      this.#loss = [];
      let lastYield = performance.now();
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const loss = core.trainEpochGD(learningRate);
        if (!Number.isFinite(loss)) {
          throw new Error(`training diverged at epoch ${epoch} (loss ${loss}); try a learningRate smaller than ${learningRate}`);
        }
        this.#loss.push(loss);
        onEpoch?.(epoch, loss);
        if (performance.now() - lastYield > YIELD_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
    } catch (error) {
      this.#fitted = previous !== undefined;
      this.#loss = previous?.loss ?? [];
      if (previous) {
        core.declareNetwork(previous.sizes);
        core.writeParams(previous.params);
      }
      throw error;
    }
  }

  #fittedCore(method: string): Core {
    if (!this.#fitted || !this.#core) {
      throw new Error(`this MLPClassifier is not fitted yet: call fit before ${method}`);
    }
    return this.#core;
  }

  /**
   * P(class 1) for each row, as float32 values in [0, 1].
   * @param X rows with the fitted number of features, or a flat row-major typed array
   */
  predictProba(X: Matrix): Float32Array {
    const core = this.#fittedCore("predictProba");
    const features = core.sizes[0];
    const samples = toSamples(X, features, `the classifier was fitted on ${features} features`);
    return core.predictProbability(samples.rows, samples.write);
  }

  /** The predicted label (0 or 1) of each row: 1 where P(class 1) > 0.5. */
  predict(X: Matrix): number[] {
    this.#fittedCore("predict");
    return Array.from(this.predictProba(X), (p) => (p > 0.5 ? 1 : 0));
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
    const core = this.#fittedCore("reading coefs");
    return unpackWeights(core.sizes, core.readParams()).coefs;
  }

  /** Bias vectors per layer, scikit-learn's `intercepts_` (copies). */
  get intercepts(): number[][] {
    const core = this.#fittedCore("reading intercepts");
    return unpackWeights(core.sizes, core.readParams()).intercepts;
  }
}
