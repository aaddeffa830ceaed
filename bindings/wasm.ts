// The TS/WASM boundary: the only file that touches the module's exports or its memory.
// Callers hand over validated data; views over memory are derived per call because
// declaring a network or planning data may grow (and so detach) the buffer.
import { instantiate } from "@assemblyscript/loader";
import wasmBytes from "../build/wasmlp.wasm";
import type { Activation, Optimizer } from "./options.js";

interface CoreExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
  layerSizesPtr(): number;
  declareNetwork(layers: number, activation: number): number;
  paramsPtr(): number;
  paramCount(): number;
  predictInputPtr(): number;
  predictOutputPtr(): number;
  predictCapacity(): number;
  planTraining(rows: number, validationRows: number): number;
  trainInputPtr(): number;
  trainTargetPtr(): number;
  trainWeightPtr(): number;
  trainOrderPtr(): number;
  validationInputPtr(): number;
  validationTargetPtr(): number;
  configureOptimizer(kind: number, lr: number, momentum: number, nesterov: number, beta1: number, beta2: number, epsilon: number, l2: number): void;
  resetOptimizerState(): void;
  trainEpochOver(rows: number, batchSize: number, shuffled: number): number;
  evaluateValidation(rows: number): number;
  validationCorrect(): number;
  backupParams(): void;
  restoreParams(epochsBack: number): void;
  paramsFinite(): number;
  predictProbability(rows: number): void;
}

/** Writes `count` samples unit-major into `dst` (row stride `count`): rows
 *  [start, start + count), or rows rows[start ..] of an index list. */
export type SampleWriter = (dst: Float32Array, start: number, count: number) => void;

/** The training set as the core needs it: `write` for the inputs, class indices, weights. */
export interface TrainingSet {
  rows: number;
  write: SampleWriter;
  targets: Int32Array;
  weights: Float32Array | undefined;
}

export interface OptimizerSettings {
  optimizer: Optimizer;
  learningRate: number;
  momentum: number;
  nesterov: boolean;
  beta1: number;
  beta2: number;
  epsilon: number;
  l2: number;
}

const ACTIVATIONS: Record<Activation, number> = { sigmoid: 0, tanh: 1, relu: 2 };
const OPTIMIZERS: Record<Optimizer, number> = { gd: 0, sgd: 1, adam: 2 };

let compiled: Promise<WebAssembly.Module> | undefined;

/** One WebAssembly instance with memory of its own: one per classifier. */
export class Core {
  readonly #x: CoreExports;
  #sizes: number[] = [];
  #rows = 0;
  #validationRows = 0;

  private constructor(exports: CoreExports) {
    this.#x = exports;
  }

  /** The module is compiled once per process; every Core gets a fresh instance. */
  static async create(): Promise<Core> {
    compiled ??= WebAssembly.compile(wasmBytes as Uint8Array<ArrayBuffer>);
    const { exports } = await instantiate<CoreExports>(await compiled, {});
    return new Core(exports);
  }

  get sizes(): readonly number[] {
    return this.#sizes;
  }

  /** Rows of the loaded training set. */
  get rows(): number {
    return this.#rows;
  }

  #floats(ptr: number, count: number): Float32Array {
    return new Float32Array(this.#x.memory.buffer, ptr, count);
  }

  /** Lays out a network with these widths (input first). Parameters are left unset. */
  declareNetwork(sizes: readonly number[], activation: Activation): void {
    const x = this.#x;
    new Int32Array(x.memory.buffer, x.layerSizesPtr(), sizes.length).set(sizes);
    if (!x.declareNetwork(sizes.length - 1, ACTIVATIONS[activation])) {
      this.#sizes = [];
      throw new Error(`not enough WebAssembly memory for a network of widths [${sizes.join(", ")}]`);
    }
    this.#sizes = [...sizes];
    this.#rows = this.#validationRows = 0;
  }

  /** A copy of all parameters: per layer, weights [out x in] row-major, then biases. */
  readParams(): Float32Array {
    return this.#floats(this.#x.paramsPtr(), this.#x.paramCount()).slice();
  }

  writeParams(params: Float32Array): void {
    this.#floats(this.#x.paramsPtr(), this.#x.paramCount()).set(params);
  }

  /** Copies the training set (and a validation set, possibly empty) in. */
  loadTraining(train: TrainingSet, validation: TrainingSet | undefined): void {
    const x = this.#x;
    const inputs = this.#sizes[0];
    const validationRows = validation?.rows ?? 0;
    if (!x.planTraining(train.rows, validationRows)) {
      this.#rows = this.#validationRows = 0;
      const mib = (((train.rows + validationRows) * (inputs + 3) * 4) / 2 ** 20).toFixed(1);
      throw new Error(`not enough WebAssembly memory for ${train.rows + validationRows} rows x ${inputs} features (${mib} MiB)`);
    }
    train.write(this.#floats(x.trainInputPtr(), train.rows * inputs), 0, train.rows);
    this.#floats(x.trainTargetPtr(), train.rows).set(train.targets);
    const weights = this.#floats(x.trainWeightPtr(), train.rows);
    if (train.weights) weights.set(train.weights);
    else weights.fill(1);
    if (validation) {
      validation.write(this.#floats(x.validationInputPtr(), validationRows * inputs), 0, validationRows);
      this.#floats(x.validationTargetPtr(), validationRows).set(validation.targets);
    }
    this.#rows = train.rows;
    this.#validationRows = validationRows;
  }

  configureOptimizer(s: OptimizerSettings): void {
    this.#x.configureOptimizer(OPTIMIZERS[s.optimizer], s.learningRate, s.momentum, s.nesterov ? 1 : 0, s.beta1, s.beta2, s.epsilon, s.l2);
  }

  resetOptimizer(): void {
    this.#x.resetOptimizerState();
  }

  /** One epoch in batches of `batchSize`; `order`, when given, is the row order to use.
   *  Returns the epoch's loss in bits. */
  trainEpoch(batchSize: number, order?: Uint32Array): number {
    const x = this.#x;
    if (order) new Uint32Array(x.memory.buffer, x.trainOrderPtr(), this.#rows).set(order);
    return x.trainEpochOver(this.#rows, Math.min(batchSize, this.#rows), order ? 1 : 0);
  }

  /** Mean loss in bits and accuracy on the validation set. */
  evaluateValidation(): { loss: number; accuracy: number } {
    const loss = this.#x.evaluateValidation(this.#validationRows);
    return { loss, accuracy: this.#x.validationCorrect() / this.#validationRows };
  }

  backupParams(): void {
    this.#x.backupParams();
  }

  /** Back to the parameters from before the last epoch (0) or the one before it (1). */
  restoreParams(epochsBack: 0 | 1): void {
    this.#x.restoreParams(epochsBack);
  }

  paramsFinite(): boolean {
    return this.#x.paramsFinite() === 1;
  }

  /** Output probabilities, row-major [rows x outputs]. */
  predictProbability(rows: number, write: SampleWriter): Float32Array {
    const x = this.#x;
    const inputs = this.#sizes[0];
    const outputs = this.#sizes[this.#sizes.length - 1];
    const capacity = x.predictCapacity();
    const result = new Float32Array(rows * outputs);
    for (let start = 0; start < rows; start += capacity) {
      const count = Math.min(capacity, rows - start);
      write(this.#floats(x.predictInputPtr(), count * inputs), start, count);
      x.predictProbability(count);
      result.set(this.#floats(x.predictOutputPtr(), count * outputs), start * outputs);
    }
    return result;
  }
}
