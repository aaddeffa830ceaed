// Watches the worker threads the package starts: a subclass of node:worker_threads'
// Worker, which the package looks up each time it starts one. It records every worker
// and every core a worker is sent to join, and can make the next workers fail.
import workerThreads from "node:worker_threads";

const Worker = workerThreads.Worker;
/** Every worker started since this module loaded, in order. */
export const started = [];
/** Every join: the worker and the core's memory, in order. */
export const joins = [];
/** Every answer to a join, in order: the worker, and whether it joined the run (true)
 *  or came after the run had ended (false). */
export const answers = [];
let failing = 0;

// Put before the package's worker source: the instance it makes throws when its first
// batch begins, as a trap in the kernel would.
const FAILURE = `{
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const exports = new Instance(module, imports).exports;
    return { exports: { ...exports, workerEpoch: () => { throw new Error("injected failure"); } } };
  };
}
`;

workerThreads.Worker = class extends Worker {
  constructor(source, options) {
    const fail = failing > 0;
    if (fail) failing--;
    super(fail ? FAILURE + source : source, options);
    started.push(this);
    this.on("message", (joined) => answers.push({ worker: this, joined }));
  }

  postMessage(value, ...rest) {
    if (value?.memory) joins.push({ worker: this, memory: value.memory });
    return super.postMessage(value, ...rest);
  }
};

/** Resolves once `done()` holds, looking every 10 ms; after `tries` looks it rejects,
 *  naming `what`. A budget of looks, not a timing: a busy machine only takes longer. */
export async function until(done, what, tries = 3000) {
  for (let i = 0; i < tries; i++) {
    if (done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`still waiting for ${what} after ${tries} looks`);
}

/** True once every worker started so far has exited. */
export const allExited = () => started.every((w) => w.threadId === -1);

/** The next `count` workers started fail when their first run begins. */
export function failNextWorkers(count = 1) {
  failing = count;
}
