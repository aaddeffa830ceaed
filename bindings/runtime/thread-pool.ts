// Worker threads for data-parallel training in Node: each runs its own instance of the
// threads build over the classifier's shared memory and claims slices of every batch
// (assembly/parallel.ts). Browsers get one thread: training threads there
// would need cross-origin isolation and module workers, which this does not implement.
import { MAX_THREADS } from "../limits.js";

export interface NodeWorker {
  on(event: "message" | "error" | "exit", listener: (value: unknown) => void): void;
  postMessage(value: unknown): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true }) => NodeWorker;
}

/** Most threads a classifier uses: a batch has at most 16 slices (assembly/layout.ts). */
export { MAX_THREADS };

// A worker waits for a core to join: it instantiates the module over that core's shared
// memory, records the generation it starts from, says so, then stays in one workerEpoch
// call, taking part in every batch, until told to stop, and waits for the next core. Instantiating re-applies the module's
// data segments, which are only constant tables (asconfig.json: zeroFilledMemory), so a
// worker may join a core whose control block and layout are already written. The source runs
// as a script or as a module (a parent started with --input-type=module passes that
// on), so it uses neither require nor await.
const WORKER_SOURCE = `
import("node:worker_threads").then(({ parentPort }) => {
  parentPort.on("message", ({ module, memory, thread }) => {
    const core = new WebAssembly.Instance(module, { env: { memory } }).exports;
    core.workerStart(thread);
    parentPort.postMessage("ready");
    try {
      while (core.workerEpoch()) {}
    } catch (error) {
      core.workerFailed();
      throw error;
    }
  });
});
`;

type Process = { getBuiltinModule?: (name: string) => unknown; versions?: { node?: string } };

/** A Node built-in module, where `process.getBuiltinModule` exists (Node 20.16+). */
function builtin<T>(name: string): T | undefined {
  const process = (globalThis as { process?: Process }).process;
  if (!process?.versions?.node || typeof process.getBuiltinModule !== "function") return undefined;
  return process.getBuiltinModule(name) as T;
}

const workerThreads = (): WorkerThreads | undefined => builtin<WorkerThreads>("node:worker_threads");

/** True where training threads can run: Node 20.16+ (its worker_threads). */
export function workersAvailable(): boolean {
  return workerThreads() !== undefined && typeof SharedArrayBuffer === "function";
}

/** Threads "auto" may use: the cores where workers run, else 1. */
export function availableThreads(): number {
  if (!workersAvailable()) return 1;
  const os = builtin<{ availableParallelism?: () => number }>("node:os");
  return Math.max(1, Math.min(MAX_THREADS, os?.availableParallelism?.() ?? 1));
}

// Workers between training runs, most recently used last. Starting a Node worker costs
// ~17 ms, a sizeable part of a short fit, so the fits that follow one another in a
// process reuse them. Enough for the widest classifier; more (after concurrent fits) end.
const idle: TrainingWorker[] = [];
const MAX_IDLE = MAX_THREADS - 1;
// A worker's isolate keeps every shared memory it joined until a full GC, which an idle
// worker all but never runs (measured, Node 20: a 200 MiB memory stayed resident through
// 3e6 allocations in the worker; only a full GC or the worker's exit released it). So a
// worker ends once the memories it joined add up to this, and when it has idled this long.
const PINNED_BYTES = 64 * 2 ** 20;
const IDLE_MS = 1000;

/** Workers idle in the pool now: what a run may borrow without starting one. */
export function idleWorkers(): number {
  return idle.length;
}

/** One worker thread, and the bind it is waiting to hear back about. */
export class TrainingWorker {
  readonly #worker: NodeWorker;
  #pending: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #exited = false;
  #pinned = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const { Worker } = workerThreads() as WorkerThreads;
    this.#worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#worker.on("message", () => this.#settle());
    this.#worker.on("error", (error) => this.#settle(error as Error));
    this.#worker.on("exit", (code) => {
      this.#exited = true;
      this.#leave();
      this.#settle(new Error(`a training thread exited with code ${code} before it joined`));
    });
    // Idle or training, a worker must not keep the process alive; only a pending bind
    // does, so that a top-level await of a fit does not end the process early.
    this.#worker.unref();
  }

  /** Back in the pool after a run on `memory`, or ended if it holds too much. */
  park(memory: WebAssembly.Memory): void {
    this.#pinned += memory.buffer.byteLength;
    if (this.#exited) return;
    if (this.#pinned > PINNED_BYTES || idle.length >= MAX_IDLE) {
      void this.terminate();
      return;
    }
    idle.push(this);
    this.#idleTimer = setTimeout(() => this.#leave(), IDLE_MS);
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }

  /** Out of the pool: lent, exited, or ended for idling. */
  #leave(): void {
    clearTimeout(this.#idleTimer);
    const at = idle.indexOf(this);
    if (at < 0) return;
    idle.splice(at, 1);
    void this.terminate();
  }

  /** An idle worker for a run, or undefined. */
  static take(): TrainingWorker | undefined {
    const worker = idle.pop();
    if (worker) clearTimeout(worker.#idleTimer);
    return worker;
  }

  /** Joins the core over `memory` as thread `thread`; resolves once it waits for work. */
  bind(module: WebAssembly.Module, memory: WebAssembly.Memory, thread: number): Promise<void> {
    this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.postMessage({ module, memory, thread });
    });
  }

  #settle(error?: Error): void {
    const pending = this.#pending;
    if (!pending) return;
    this.#pending = undefined;
    this.#worker.unref();
    if (error) pending.reject(error);
    else pending.resolve();
  }

  terminate(): Promise<number> {
    return this.#worker.terminate();
  }
}

/** Lends `threads - 1` workers to the core over `memory` for one training run, idle
 *  ones first; resolves once every one has joined. Each run gets workers of its own. */
export async function borrowWorkers(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<TrainingWorker[]> {
  const workers: TrainingWorker[] = [];
  for (let thread = 1; thread < threads; thread++) workers.push(TrainingWorker.take() ?? new TrainingWorker());
  try {
    await Promise.all(workers.map((worker, i) => worker.bind(module, memory, i + 1)));
  } catch (error) {
    await endWorkers(workers);
    throw error;
  }
  return workers;
}

/** Takes back workers whose core (over `memory`) has stopped them: every one has
 *  acknowledged STOP. */
export function returnWorkers(workers: TrainingWorker[], memory: WebAssembly.Memory): void {
  for (const worker of workers) worker.park(memory);
}

/** Ends workers that failed, or were part of a run that did; resolves once none of them
 *  runs any more, so none can touch the core's memory again. */
export async function endWorkers(workers: TrainingWorker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.terminate()));
}
