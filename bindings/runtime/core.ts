// The TS/WASM boundary: the only file that touches the module's exports or its memory.
// Callers hand over validated data; views over memory are derived per call because
// declaring a network or planning data may grow (and so detach) the buffer. It is longer
// than the other files on purpose: the boundary is kept in one place, so that a reader
// finds every use of the module's memory here.
import simdBytes from "../../build/wasmlp.wasm";
import scalarBytes from "../../build/wasmlp-scalar.wasm";
import threadsBytes from "../../build/wasmlp-threads.wasm";
import { WorkerSet, returnWorkers, endWorkers, workersAvailable, availableThreads, prestartWorkers } from "./thread-pool.js";
import type { Activation, Optimizer } from "../model/options.js";
import type { Scaler } from "../model/scaler.js";

interface CoreExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
  layerSizesPtr(): number;
  declareNetwork(layers: number, activation: number, threads: number, output: number): number;
  paramsPtr(): number;
  paramCount(): number;
  predictInputPtr(): number;
  predictOutputPtr(): number;
  predictCapacity(): number;
  predictMeanPtr(): number;
  predictScalePtr(): number;
  planTraining(rows: number, validationRows: number): number;
  trainInputPtr(): number;
  trainTargetPtr(): number;
  trainWeightPtr(): number;
  trainOrderPtr(): number;
  validationInputPtr(): number;
  validationTargetPtr(): number;
  configureOptimizer(kind: number, lr: number, momentum: number, nesterov: number, beta1: number, beta2: number, epsilon: number, l2: number): void;
  resetOptimizerState(): void;
  momentPtr(): number;
  secondMomentPtr(): number;
  getOptimizerSteps(): number;
  putOptimizerSteps(steps: number): void;
  trainEpochOver(rows: number, batchSize: number, shuffled: number): number;
  evaluateValidation(rows: number): number;
  validationCorrect(): number;
  backupParams(): void;
  restoreParams(epochsBack: number): void;
  paramsFinite(): number;
  predictProbability(rows: number, standardize: number): number;
  predictOverflowRow(): number;
  openRun?(run: number): void;
  stopWorkers?(): void;
  abandonWorkers?(): void;
}

/** Writes `count` samples into `dst`: rows [start, start + count), or rows rows[start ..]
 *  of an index list; unit-major (row stride `count`), or row-major when `rowMajor`. */
export type SampleWriter = (dst: Float32Array, start: number, count: number, rowMajor?: boolean) => void;

/** The samples to predict on, as the core reads them. */
export interface PredictionInput {
  rows: number;
  /** Writes rows [start, start + count) row-major into dst ([count x features]). */
  write: (dst: Float32Array, start: number, count: number) => void;
  /** The statistics the core standardizes the rows with as it reads them: null when the
   *  model has no scaler, or `write` standardized them already. */
  scaler: Scaler | null;
  /** Throws the error for X[row][column], which the core found not finite. */
  reject(row: number, column: number): never;
}

/** The training set as the core needs it: `write` for the inputs, the targets (a class
 *  index per row, or for regression a row per target, target-major: [targets x rows]),
 *  the weights. */
export interface TrainingSet {
  rows: number;
  write: SampleWriter;
  targets: Int32Array | Float32Array;
  weights: Float32Array | undefined;
}

/** What the output layer is: "classes" (a sigmoid or softmax with cross-entropy) or
 *  "identity" (regression: the outputs as they are, with squared error). */
export type OutputKind = "classes" | "identity";

export interface OptimizerState {
  first: Float32Array;
  second: Float32Array;
  steps: number;
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

const ACTIVATIONS: Record<Activation, number> = { sigmoid: 0, tanh: 1, relu: 2, identity: 3 };
const OPTIMIZERS: Record<Optimizer, number> = { gd: 0, sgd: 1, adam: 2 };

/** Which build of the core runs: f32x4 SIMD, or the scalar one for runtimes without
 *  SIMD. Both perform the same float32 operations in the same order: same bits. */
export type CoreKind = "simd" | "scalar";

// The smallest module that uses a v128 instruction (i8x16.splat, i8x16.popcnt): it
// validates exactly where wasm SIMD is available. From wasm-feature-detect.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

let simd: boolean | undefined;
let forceScalar = false;
const compiled: Partial<Record<CoreKind | "threads", Promise<WebAssembly.Module>>> = {};
/** Pages a shared memory may grow to: all of wasm32's 4 GiB, as the layout assumes. */
const MAX_PAGES = 65536;

/** The build new classifiers get: "simd" where WebAssembly SIMD validates, else "scalar". */
export function coreKind(): CoreKind {
  simd ??= WebAssembly.validate(SIMD_PROBE);
  return simd && !forceScalar ? "simd" : "scalar";
}

/**
 * Makes classifiers that start (or load) after this call run on the scalar core even
 * where SIMD is available, or (`false`) lets feature detection choose again. For tests
 * and comparisons: both cores give bit-identical weights and predictions.
 */
export function useScalarCore(scalar = true): void {
  forceScalar = scalar;
}

/** Threads a core asked for `requested` gets: the threads build needs SIMD and workers. */
export function usableThreads(requested: number): number {
  return coreKind() === "simd" && workersAvailable() ? requested : 1;
}

// A Node worker takes 15-40 ms to start (an isolate and a runtime of its own), and a fit
// that starts its workers runs on one thread until they join: for the seed task's first
// fit on two cores, about 10% of its time. So a fit that will train on threads starts one
// worker (and the threads build's compile) as soon as it has checked its options and X,
// before the labels, the scaler and the copy into the core: the worker boots meanwhile
// and waits in the pool for the run to borrow it. Only a fit does this, never loading the
// library: a process that imports wasmlp to predict starts no thread. One is what two
// cores use; on more, the rest start with the run, as before.

/** Where training can use threads (Node, SIMD, more than one core): the threads build's
 *  compile (once per process) and one training worker into the pool, unless one is idle
 *  there already (prestartWorkers counts them). */
export function prestartThreads(): void {
  if (!(coreKind() === "simd" && workersAvailable() && availableThreads() > 1)) return;
  compiled.threads ??= WebAssembly.compile(threadsBytes as Uint8Array<ArrayBuffer>);
  // Awaited by Core.create, which reports a failure; not a rejection left unhandled here.
  compiled.threads.catch(() => undefined);
  prestartWorkers(1);
}

/** One WebAssembly instance with memory of its own: one per classifier. With threads,
 *  the memory is shared with the instances that worker threads make of the threads
 *  build while they are lent to it (`withWorkers`). */
export class Core {
  readonly #x: CoreExports;
  readonly #threads: number;
  readonly #shared: { module: WebAssembly.Module; memory: WebAssembly.Memory } | undefined;
  #workers: WorkerSet | undefined;
  // Numbers this core's runs for the workers it lends them (assembly/parallel.ts's JOIN):
  // one that answers a run's bind late must not join the next run.
  #runs = 0;
  #failed = false;
  #stopped = false;
  #sizes: number[] = [];
  #output: OutputKind = "classes";
  #rows = 0;
  #validationRows = 0;
  #shuffled = false;
  // The scaler whose statistics the prediction buffers hold (a model's scaler is never
  // changed in place, only replaced), so predicting one row at a time skips the copy.
  #predictScaler: Scaler | null = null;

  private constructor(exports: CoreExports, threads: number, shared?: { module: WebAssembly.Module; memory: WebAssembly.Memory }) {
    this.#x = exports;
    this.#threads = threads;
    this.#shared = shared;
  }

  /** Each build is compiled once per process; every Core gets a fresh instance. Asking
   *  for threads where the runtime has no workers (or no SIMD) gets one. */
  static async create(threads = 1): Promise<Core> {
    const kind = coreKind();
    const count = usableThreads(threads);
    if (count > 1) {
      compiled.threads ??= WebAssembly.compile(threadsBytes as Uint8Array<ArrayBuffer>);
      const module = await compiled.threads;
      const memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
      // Instantiating a compiled module synchronously is allowed in Node and, for a
      // module this small (browsers refuse it on a page's main thread only past 8 MB),
      // in browsers; the asynchronous path took ~2.5 ms for the first core after a
      // process's warm-up (0.1 ms this way), a few % of a 0.1 s fit. The threads build
      // imports only its memory, as the workers instantiate it too.
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as CoreExports;
      return new Core(exports, count, { module, memory });
    }
    compiled[kind] ??= WebAssembly.compile((kind === "simd" ? simdBytes : scalarBytes) as Uint8Array<ArrayBuffer>);
    // The cores import nothing, so the engine's own instantiate is all they need. (A
    // loader's instantiate that asks whether its argument is a fetch Response makes Node
    // load its whole fetch implementation on first use: ~15 ms of a first fit.) Calling
    // the exports directly also spares every call a wrapper for optional arguments,
    // which these exports (numbers and pointers, every argument given) do not have.
    const instance = await WebAssembly.instantiate(await compiled[kind], {});
    return new Core(instance.exports as unknown as CoreExports, 1);
  }

  /** Threads this core trains with. */
  get threads(): number {
    return this.#threads;
  }

  /** Runs `work` (a training run) with `threads - 1` worker threads lent to this core,
   *  and gives them back however it ends; workers of a run where one failed are ended.
   *  The run does not wait for them to start: they join it as they come. */
  async withWorkers<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#shared) return work();
    const run = ++this.#runs;
    this.#x.openRun?.(run);
    this.#workers = new WorkerSet(this.#shared.module, this.#shared.memory, this.#threads, run);
    this.#failed = false;
    this.#stopped = false;
    try {
      return await work();
    } finally {
      await this.#releaseWorkers();
    }
  }

  /** The workers lent to the running run (for tests: `settled()` says when all have
   *  joined or come too late). */
  get workerSet(): WorkerSet | undefined {
    return this.#workers;
  }

  /** Ends a training run's use of the workers: each that joined sees STOP. Throws if one
   *  of them failed during the run, even when the main thread finished every batch
   *  without it (claimed slices let it), so a broken thread fails the run whatever the
   *  timing. */
  endRun(): void {
    if (!this.#shared || this.#stopped || this.#failed) return;
    try {
      this.#x.stopWorkers?.();
      this.#stopped = true;
    } catch (error) {
      this.#failed = true;
      throw new Error(`a training thread failed: ${(error as Error).message}`, { cause: error });
    }
    this.#checkStarts();
  }

  /** Throws if a worker of this run failed before it could join. */
  #checkStarts(): void {
    const failure = this.#workers?.failure;
    if (!failure) return;
    this.#failed = true;
    throw new Error(`a training thread failed: ${failure.message}`, { cause: failure });
  }

  async #releaseWorkers(): Promise<void> {
    const workers = (this.#workers as WorkerSet).workers;
    this.#workers = undefined;
    if (!this.#failed) {
      try {
        if (!this.#stopped) this.#x.stopWorkers?.();
        returnWorkers(workers, (this.#shared as { memory: WebAssembly.Memory }).memory);
        return;
      } catch {
        // A worker failed and the run had already failed otherwise: end them all.
      }
    }
    await endWorkers(workers);
    this.#x.abandonWorkers?.();
  }

  get sizes(): readonly number[] {
    return this.#sizes;
  }

  /** Rows of the loaded training set. */
  get rows(): number {
    return this.#rows;
  }

  // Pointers come back as i32: past 2 GiB they are negative until read as unsigned.
  #floats(ptr: number, count: number): Float32Array {
    return new Float32Array(this.#x.memory.buffer, ptr >>> 0, count);
  }

  /** Lays out a network with these widths (input first). Parameters are left unset. */
  declareNetwork(sizes: readonly number[], activation: Activation, output: OutputKind = "classes"): void {
    const x = this.#x;
    new Int32Array(x.memory.buffer, x.layerSizesPtr() >>> 0, sizes.length).set(sizes);
    this.#predictScaler = null;
    this.#output = output;
    if (!x.declareNetwork(sizes.length - 1, ACTIVATIONS[activation], this.threads, output === "identity" ? 1 : 0)) {
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

  /** Copies the training set (and a validation set, possibly empty) in, for epochs that
   *  visit its rows in a shuffled order (`trainEpoch` with an order) or in stored order:
   *  the core reads a shuffled set's inputs row-major, sample by sample, and an ordered
   *  one's feature-major, block by block in place (assembly/layout.ts). */
  loadTraining(train: TrainingSet, validation: TrainingSet | undefined, shuffled: boolean): void {
    const x = this.#x;
    const inputs = this.#sizes[0];
    const validationRows = validation?.rows ?? 0;
    if (!x.planTraining(train.rows, validationRows)) {
      this.#rows = this.#validationRows = 0;
      const mib = (((train.rows + validationRows) * (inputs + 3) * 4) / 2 ** 20).toFixed(1);
      throw new Error(`not enough WebAssembly memory for ${train.rows + validationRows} rows x ${inputs} features (${mib} MiB)`);
    }
    train.write(this.#floats(x.trainInputPtr(), train.rows * inputs), 0, train.rows, shuffled);
    this.#floats(x.trainTargetPtr(), train.targets.length).set(train.targets);
    const weights = this.#floats(x.trainWeightPtr(), train.rows);
    if (train.weights) weights.set(train.weights);
    else weights.fill(1);
    if (validation) {
      validation.write(this.#floats(x.validationInputPtr(), validationRows * inputs), 0, validationRows);
      this.#floats(x.validationTargetPtr(), validation.targets.length).set(validation.targets);
    }
    this.#rows = train.rows;
    this.#validationRows = validationRows;
    this.#shuffled = shuffled;
  }

  configureOptimizer(s: OptimizerSettings): void {
    this.#x.configureOptimizer(OPTIMIZERS[s.optimizer], s.learningRate, s.momentum, s.nesterov ? 1 : 0, s.beta1, s.beta2, s.epsilon, s.l2);
  }

  resetOptimizer(): void {
    this.#x.resetOptimizerState();
  }

  /** A copy of the optimizer's state (velocity or moments, and Adam's step count). */
  readOptimizerState(): OptimizerState {
    const x = this.#x;
    const count = x.paramCount();
    return {
      first: this.#floats(x.momentPtr(), count).slice(),
      second: this.#floats(x.secondMomentPtr(), count).slice(),
      steps: x.getOptimizerSteps(),
    };
  }

  writeOptimizerState(state: OptimizerState): void {
    const x = this.#x;
    const count = x.paramCount();
    this.#floats(x.momentPtr(), count).set(state.first);
    this.#floats(x.secondMomentPtr(), count).set(state.second);
    x.putOptimizerSteps(state.steps);
  }

  /** One epoch in batches of `batchSize`; `order`, when given, is the row order to use.
   *  Returns the epoch's loss in bits. */
  trainEpoch(batchSize: number, order?: Uint32Array): number {
    const x = this.#x;
    if ((order !== undefined) !== this.#shuffled) {
      throw new Error(`the training set was loaded for ${this.#shuffled ? "shuffled epochs" : "epochs in stored order"}`);
    }
    if (order) new Uint32Array(x.memory.buffer, x.trainOrderPtr() >>> 0, this.#rows).set(order);
    if (!this.#shared) return x.trainEpochOver(this.#rows, Math.min(batchSize, this.#rows), order ? 1 : 0);
    // Outside a run no worker could join, and the batches would run on this thread alone.
    if (!this.#workers || this.#failed || this.#stopped) throw new Error("training threads are not lent to this core (train inside withWorkers)");
    this.#checkStarts();
    try {
      return x.trainEpochOver(this.#rows, Math.min(batchSize, this.#rows), order ? 1 : 0);
    } catch (error) {
      // A worker failed (parallel.ts traps rather than wait for it): withWorkers ends the
      // whole set, and the next run borrows a fresh one.
      this.#failed = true;
      throw new Error(`a training thread failed: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Mean loss (bits for classes) and accuracy (classes only: 0 for regression) on the
   *  validation set. */
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

  /** Output probabilities of the input's rows, a chunk at a time: `take` gets a view of
   *  the chunk's row-major probabilities from row `start`, valid until the next chunk,
   *  [count x 2] (1 - p, p) for a single output, else [count x outputs]. A value that is
   *  not finite goes to `input.reject` before `take` sees its chunk; the first row whose
   *  outputs overflow goes to `overflow` once every row is read, so an input error
   *  anywhere comes first, as in wasmlp/infer and exported modules. */
  predictChunks(input: PredictionInput, take: (probabilities: Float32Array, start: number) => void, overflow: (row: number) => never): void {
    const x = this.#x;
    const inputs = this.#sizes[0];
    const outputs = this.#sizes[this.#sizes.length - 1];
    const columns = this.#output === "identity" ? outputs : Math.max(outputs, 2);
    const capacity = x.predictCapacity();
    if (input.scaler && input.scaler !== this.#predictScaler) {
      new Float64Array(x.memory.buffer, x.predictMeanPtr() >>> 0, inputs).set(input.scaler.mean);
      new Float64Array(x.memory.buffer, x.predictScalePtr() >>> 0, inputs).set(input.scaler.scale);
      this.#predictScaler = input.scaler;
    }
    let overflowed = -1;
    for (let start = 0; start < input.rows; start += capacity) {
      const count = Math.min(capacity, input.rows - start);
      input.write(this.#floats(x.predictInputPtr(), count * inputs), start, count);
      const bad = x.predictProbability(count, input.scaler ? 1 : 0);
      if (bad >= 0) input.reject(start + Math.floor(bad / inputs), bad % inputs);
      if (bad === -2 && overflowed < 0) overflowed = start + x.predictOverflowRow();
      take(this.#floats(x.predictOutputPtr(), count * columns), start);
    }
    if (overflowed >= 0) overflow(overflowed);
  }
}
