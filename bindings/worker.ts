// Bundle entry (build/worker.js, the package's "wasmlp/worker"): training in a Worker and
// nothing else, so a page that trains off its main thread (and predicts with wasmlp/infer,
// or with the model trainInWorker resolves with) does not load the training cores up front.
// "wasmlp" exports the same functions; this entry only saves a bundler the tree-shaking.
export { trainInWorker, trainRegressorInWorker } from "./runtime/train-in-worker.js";
export type { WorkerFitOptions } from "./runtime/train-in-worker.js";
