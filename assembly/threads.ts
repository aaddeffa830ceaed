// The threads build's export surface: the core's, plus what a worker thread calls.
export * from "./index";
export { workerStart, workerEpoch, workerFailed, openRun, stopWorkers, abandonWorkers } from "./parallel";
