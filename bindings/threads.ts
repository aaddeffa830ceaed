// Worker threads for data-parallel training in Node: each runs its own instance of the
// threads build over the classifier's shared memory and computes its share of every
// batch's slices (assembly/parallel.ts). Browsers get one thread: training threads there
// would need cross-origin isolation and module workers, which this does not implement.

export interface NodeWorker {
  on(event: "message" | "error" | "exit", listener: (value: unknown) => void): void;
  unref(): void;
  terminate(): Promise<number>;
}

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}

/** Most threads a classifier uses: a batch has at most 16 slices (assembly/layout.ts). */
export const MAX_THREADS = 16;

// A worker instantiates the module over the shared memory, records the generation it
// starts from, says so, then runs one epoch per call until told to stop. Instantiating
// re-applies the module's data segments (zeroed tables), so every worker is ready before
// the main thread writes anything. The source runs as a script or as a module (a parent
// started with --input-type=module passes that on), so it uses neither require nor await.
const WORKER_SOURCE = `
import("node:worker_threads").then(({ workerData, parentPort }) => {
  const { module, memory, thread } = workerData;
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

// Workers of classifiers nobody holds any more are ended with them.
const pools = new FinalizationRegistry<NodeWorker[]>((workers) => {
  for (const worker of workers) void worker.terminate();
});

/** Starts `threads - 1` workers on `memory`; resolves once every one is ready. They do
 *  not keep the process alive, and end when `owner` is collected or on `stop`. */
export async function startWorkers(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, owner: object): Promise<NodeWorker[]> {
  const { Worker } = workerThreads() as WorkerThreads;
  const workers: NodeWorker[] = [];
  const ready: Promise<void>[] = [];
  for (let thread = 1; thread < threads; thread++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, thread } });
    workers.push(worker);
    ready.push(new Promise((resolve, reject) => {
      worker.on("message", () => resolve());
      worker.on("error", reject);
      worker.on("exit", (code) => reject(new Error(`a training thread exited with code ${code} before it started`)));
    }));
  }
  try {
    await Promise.all(ready);
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  // Idle workers wait inside WebAssembly; they must not keep the process alive.
  for (const worker of workers) worker.unref();
  pools.register(owner, workers, workers);
  return workers;
}

/** Ends the workers now (after the core has told them to stop). */
export function endWorkers(workers: NodeWorker[]): void {
  pools.unregister(workers);
  for (const worker of workers) void worker.terminate();
}
