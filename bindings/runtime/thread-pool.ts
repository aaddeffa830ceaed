// Worker threads for data-parallel training: each runs its own instance of the threads
// build over the classifier's shared memory and claims slices of every batch
// (assembly/parallel.ts). In Node they are worker_threads Workers running WORKER_SOURCE;
// in a browser, module Workers running build/training-worker.mjs (whose "thread" message
// calls runThread), where the page is cross-origin isolated: a shared memory can be
// posted to a worker only there. Elsewhere training keeps to one thread.
import { MAX_THREADS } from "../limits.js";

/** What the pool uses of a worker: Node's worker_threads.Worker, or browserWorker's
 *  adapter of a Web Worker to it. */
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

/** What a thread is sent to join a run (TrainingWorker.bind). */
export interface ThreadJoin {
  type: "thread";
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  thread: number;
  run: number;
}

interface ThreadExports {
  workerStart(thread: number, run: number): number;
  workerEpoch(): number;
  workerFailed(): void;
}

/** Most threads a classifier uses: a batch has at most 16 slices (assembly/layout.ts). */
export { MAX_THREADS };

// A worker waits for a core to join: it instantiates the module over that core's shared
// memory and joins the run it was sent for, if that run is still open (the core trains
// from the start without waiting for it: assembly/parallel.ts). It says which it did,
// then, if it joined, takes part in one batch per workerEpoch call until told to stop, and
// waits for the next core. Instantiating re-applies the module's data segments, which are
// only constant tables (asconfig.json: zeroFilledMemory), so a worker may join a core whose
// control block and layout are already written. The source runs as a script or as a
// module (a parent started with --input-type=module passes that on), so it uses neither
// require nor import: process.getBuiltinModule (which workersAvailable requires) also
// spares the worker the module loader's start, 10-25% of a worker's start-up (measured,
// Node 20.20). runThread is the same steps for browsers.
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule("node:worker_threads");
parentPort.on("message", ({ module, memory, thread, run }) => {
  const core = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const joined = core.workerStart(thread, run) === 1;
  parentPort.postMessage(joined);
  if (!joined) return;
  try {
    while (core.workerEpoch()) {}
  } catch (error) {
    core.workerFailed();
    throw error;
  }
});
`;

/** A browser thread's answer to `join` (WORKER_SOURCE's steps): joins the run if it is
 *  still open, says whether it did, and if so takes part in its batches until STOP. */
export async function runThread(join: ThreadJoin, reply: (joined: boolean) => void): Promise<void> {
  const instance = await WebAssembly.instantiate(join.module, { env: { memory: join.memory } });
  const core = instance.exports as unknown as ThreadExports;
  const joined = core.workerStart(join.thread, join.run) === 1;
  reply(joined);
  if (!joined) return;
  try {
    while (core.workerEpoch()) {
      // One batch per call: see assembly/parallel.ts.
    }
  } catch (error) {
    core.workerFailed();
    throw error;
  }
}

type Process = { getBuiltinModule?: (name: string) => unknown; versions?: { node?: string } };

/** A Node built-in module, where `process.getBuiltinModule` exists (Node 20.16+). */
function builtin<T>(name: string): T | undefined {
  const process = (globalThis as { process?: Process }).process;
  if (!process?.versions?.node || typeof process.getBuiltinModule !== "function") return undefined;
  return process.getBuiltinModule(name) as T;
}

const workerThreads = (): WorkerThreads | undefined => builtin<WorkerThreads>("node:worker_threads");

type BrowserScope = {
  Worker?: new (url: URL, options: { type: "module"; name: string }) => WebWorker;
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  location?: { href: string };
  WorkerGlobalScope?: unknown;
};
const scope = globalThis as unknown as BrowserScope;

interface WebWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string; preventDefault(): void }) => void) | null;
  postMessage(value: unknown): void;
  terminate(): void;
}

/** Module Workers over a shared memory: a cross-origin isolated page (or a worker of one). */
const browserThreads = (): boolean => workerThreads() === undefined && typeof scope.Worker === "function" && scope.crossOriginIsolated === true;

// Set when a browser thread's script failed to load (a bundle that did not put
// training-worker.mjs beside itself, or a policy that refuses it): the fit that found out
// goes on without it, to the same bits, and later fits train on one thread.
let unloadable: Error | undefined;
const notLoaded = new WeakSet<Error>();

/** True where training threads can run: Node 20.16+ (its worker_threads), or a
 *  cross-origin isolated page whose thread script loads. */
export function workersAvailable(): boolean {
  return typeof SharedArrayBuffer === "function" && (workerThreads() !== undefined || (browserThreads() && !unloadable));
}

/** Threads "auto" may use: the cores where workers run, else 1. */
export function availableThreads(): number {
  if (!workersAvailable()) return 1;
  const cores = browserThreads() ? scope.navigator?.hardwareConcurrency : builtin<{ availableParallelism?: () => number }>("node:os")?.availableParallelism?.();
  return Math.max(1, Math.min(MAX_THREADS, cores ?? 1));
}

/** The script a browser thread runs: build/training-worker.mjs, which answers "thread"
 *  messages. Inside that worker (trainInWorker's), its own URL, whatever a bundler named
 *  it; on a page, the file next to this bundle, as trainInWorker finds it. */
function threadScript(): URL {
  return scope.WorkerGlobalScope !== undefined && scope.location ? new URL(scope.location.href) : new URL("./training-worker.mjs", import.meta.url);
}

/** A Web Worker with the few parts of Node's Worker the pool uses. A browser has no
 *  exit event and nothing to keep alive: terminate ends it at once. */
function browserWorker(): NodeWorker {
  const url = threadScript();
  const worker = new (scope.Worker as NonNullable<BrowserScope["Worker"]>)(url, { type: "module", name: "wasmlp-thread" });
  const listeners: Record<string, ((value: unknown) => void)[]> = { message: [], error: [], exit: [] };
  worker.onmessage = (event) => listeners.message.forEach((f) => f(event.data));
  worker.onerror = (event) => {
    event.preventDefault();
    const error = new Error(event.message || `could not load ${url}, a training thread's script`);
    listeners.error.forEach((f) => f(error));
  };
  return {
    on: (event, listener) => void listeners[event].push(listener),
    postMessage: (value) => worker.postMessage(value),
    ref: () => {},
    unref: () => {},
    terminate: async () => {
      worker.terminate();
      return 0;
    },
  };
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

/** Starts workers into the pool until `count` are idle (Node only), without waiting for
 *  them: they boot while the caller goes on, and a run that borrows one still booting
 *  lets it join when it can, as it does a worker it starts itself. */
export function prestartWorkers(count: number): void {
  if (!workerThreads()) return;
  for (let i = idle.length; i < Math.min(count, MAX_IDLE); i++) new TrainingWorker().park();
}

/** Workers idle in the pool now: what a run may borrow without starting one. */
export function idleWorkers(): number {
  return idle.length;
}

/** One worker thread, and the binds it has yet to answer, oldest first: a worker lent to
 *  a run it has not joined yet goes back to the pool when the run ends, and may be lent
 *  again before it has answered (it answers its binds in order). */
export class TrainingWorker {
  readonly #worker: NodeWorker;
  readonly #pending: { resolve: (joined: boolean) => void; reject: (error: Error) => void }[] = [];
  #exited = false;
  #ending = false;
  #answered = false;
  #pinned = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const threads = workerThreads();
    this.#worker = threads ? new threads.Worker(WORKER_SOURCE, { eval: true }) : browserWorker();
    this.#worker.on("message", (joined) => this.#settle(joined === true));
    this.#worker.on("error", (error) => this.#fail(error as Error));
    this.#worker.on("exit", (code) => {
      this.#exited = true;
      this.#leave();
      this.#fail(new Error(`a training thread exited with code ${code} before it joined`));
    });
    // Idle or training, a worker must not keep the process alive; only a pending bind
    // does, so that a top-level await of a fit does not end the process early.
    this.#worker.unref();
  }

  /** True once the worker has failed or exited: it is never lent again. */
  get exited(): boolean {
    return this.#exited;
  }

  /** Into the pool: after a run on `memory`, or fresh (prestartWorkers); ended instead
   *  if it holds too much or the pool is full. */
  park(memory?: WebAssembly.Memory): void {
    this.#pinned += memory?.buffer.byteLength ?? 0;
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

  /** Sends the worker to join run `run` of the core over `memory` as thread `thread`;
   *  resolves true once it takes part in the run's batches, false if it came after the
   *  run had ended; rejects if the worker failed first. */
  bind(module: WebAssembly.Module, memory: WebAssembly.Memory, thread: number, run: number): Promise<boolean> {
    this.#worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#worker.postMessage({ type: "thread", module, memory, thread, run } satisfies ThreadJoin);
    });
  }

  #settle(joined: boolean): void {
    this.#answered = true;
    this.#pending.shift()?.resolve(joined);
    if (this.#pending.length === 0 && !this.#ending) this.#worker.unref();
  }

  #fail(error: Error): void {
    this.#exited = true;
    this.#leave();
    // A browser worker that fails before it ever answered never ran: its script did not
    // load. It never touched a core's memory.
    if (!this.#answered && !workerThreads()) {
      unloadable ??= error;
      notLoaded.add(error);
    }
    for (const pending of this.#pending.splice(0)) pending.reject(error);
    if (!this.#ending) this.#worker.unref();
  }

  /** Ends the worker; resolves once it has exited. Until then it keeps the process
   *  alive (an unreferenced worker's exit would not, and the caller would be left
   *  unsettled when nothing else runs), whatever its pending binds do meanwhile. */
  async terminate(): Promise<void> {
    this.#ending = true;
    this.#worker.ref();
    await this.#worker.terminate();
  }
}

/** Workers lent to one training run: `threads - 1` of them, idle ones first, each sent
 *  to join run `run` of the core over `memory`. The run starts without waiting for them. */
export class WorkerSet {
  readonly workers: TrainingWorker[] = [];
  readonly #binds: Promise<boolean>[];
  #failure: Error | undefined;

  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, run: number) {
    for (let thread = 1; thread < threads; thread++) this.workers.push(TrainingWorker.take() ?? new TrainingWorker());
    this.#binds = this.workers.map((worker, i) => worker.bind(module, memory, i + 1, run));
    // A worker that fails before it joins: the run fails (a broken thread is an error,
    // not a slower fit), at its end or at the core's next check; but one whose script
    // did not load (a browser's) leaves the run to the others, which changes no bit.
    for (const bind of this.#binds) bind.catch((error: Error) => (notLoaded.has(error) ? undefined : (this.#failure ??= error)));
  }

  /** The first failure of a worker before it joined, if any so far. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Resolves once every worker has joined the run or come too late (tests, and a run
   *  that must know its threads are settled); rejects if one failed. */
  settled(): Promise<boolean[]> {
    return Promise.all(this.#binds);
  }
}

/** Takes back workers whose core (over `memory`) has stopped them: every one that
 *  joined has acknowledged STOP, and the others stay out of that run. */
export function returnWorkers(workers: TrainingWorker[], memory: WebAssembly.Memory): void {
  for (const worker of workers) worker.park(memory);
}

/** Ends workers that failed, or were part of a run that did; resolves once none of them
 *  runs any more, so none can touch the core's memory again. */
export async function endWorkers(workers: TrainingWorker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.terminate()));
}
