// The TS/WASM boundary: the only file that touches the module's exports or its memory.
// Callers hand over validated data; views over memory are derived per call because
// declaring a network or planning data may grow (and so detach) the buffer.
import { instantiate } from "@assemblyscript/loader";
import wasmBytes from "../build/wasmlp.wasm";

interface CoreExports extends Record<string, unknown> {
  memory: WebAssembly.Memory;
  layerSizesPtr(): number;
  maxLayers(): number;
  declareNetwork(layers: number): number;
  paramsPtr(): number;
  paramCount(): number;
  predictInputPtr(): number;
  predictOutputPtr(): number;
  predictCapacity(): number;
  planTraining(rows: number): number;
  trainInputPtr(): number;
  trainTargetPtr(): number;
  trainEpochGD(rows: number, learningRate: number): number;
  predictProbability(rows: number): void;
}

/** Writes rows [start, start + count) unit-major into `dst` (row stride `count`). */
export type SampleWriter = (dst: Float32Array, start: number, count: number) => void;

let compiled: Promise<WebAssembly.Module> | undefined;

/** One WebAssembly instance with memory of its own: one per classifier. */
export class Core {
  readonly #x: CoreExports;
  #sizes: number[] = [];
  #rows = 0;

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

  /** Lays out a network with these widths (input first). Parameters are left unset. */
  declareNetwork(sizes: readonly number[]): void {
    const x = this.#x;
    new Int32Array(x.memory.buffer, x.layerSizesPtr(), sizes.length).set(sizes);
    if (!x.declareNetwork(sizes.length - 1)) {
      this.#sizes = [];
      throw new Error(`not enough WebAssembly memory for a network of widths [${sizes.join(", ")}]`);
    }
    this.#sizes = [...sizes];
    this.#rows = 0;
  }

  /** A copy of all parameters: per layer, weights [out x in] row-major, then biases. */
  readParams(): Float32Array {
    const x = this.#x;
    return new Float32Array(x.memory.buffer, x.paramsPtr(), x.paramCount()).slice();
  }

  writeParams(params: Float32Array): void {
    const x = this.#x;
    new Float32Array(x.memory.buffer, x.paramsPtr(), x.paramCount()).set(params);
  }

  /** Copies the training set in: inputs through `write`, targets as 0/1 floats. */
  loadTraining(rows: number, write: SampleWriter, targets: Float32Array): void {
    const x = this.#x;
    const inputs = this.#sizes[0];
    if (!x.planTraining(rows)) {
      this.#rows = 0;
      const mib = ((rows * (inputs + 1) * 4) / 2 ** 20).toFixed(1);
      throw new Error(`not enough WebAssembly memory for ${rows} rows x ${inputs} features (${mib} MiB)`);
    }
    write(new Float32Array(x.memory.buffer, x.trainInputPtr(), rows * inputs), 0, rows);
    new Float32Array(x.memory.buffer, x.trainTargetPtr(), rows).set(targets);
    this.#rows = rows;
  }

  /** One full-batch gradient-descent epoch; returns its mean loss in bits. */
  trainEpochGD(learningRate: number): number {
    return this.#x.trainEpochGD(this.#rows, learningRate);
  }

  /** Output-layer probabilities, row-major [rows x outputs]. */
  predictProbability(rows: number, write: SampleWriter): Float32Array {
    const x = this.#x;
    const inputs = this.#sizes[0];
    const outputs = this.#sizes[this.#sizes.length - 1];
    const capacity = x.predictCapacity();
    const result = new Float32Array(rows * outputs);
    for (let start = 0; start < rows; start += capacity) {
      const count = Math.min(capacity, rows - start);
      write(new Float32Array(x.memory.buffer, x.predictInputPtr(), count * inputs), start, count);
      x.predictProbability(count);
      result.set(new Float32Array(x.memory.buffer, x.predictOutputPtr(), count * outputs), start * outputs);
    }
    return result;
  }
}
