// Bundle entry (build/worker.js, the package's "wasmlp/worker"): training in a Worker and
// nothing else, so a page that trains off its main thread (and predicts with wasmlp/infer,
// or with the model trainInWorker resolves with) does not load the training cores up front.
// "wasmlp" exports the same functions; this entry only saves a bundler the tree-shaking.

/**
 * Training in a Worker and nothing else: `trainInWorker` and `trainRegressorInWorker`, the
 * same functions "wasmlp" exports, for pages that should not load the training cores on
 * their main thread.
 * @module wasmlp/worker
 */
export { trainInWorker, trainRegressorInWorker } from "./runtime/train-in-worker.js";
export type { WorkerFitOptions, RegressorWorkerFitOptions } from "./runtime/train-in-worker.js";
