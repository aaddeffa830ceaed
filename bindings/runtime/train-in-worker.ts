// Training off the main thread: trainInWorker (and trainRegressorInWorker) run fit in a
// module Worker (browsers) or a worker_threads Worker (Node) running
// build/training-worker.mjs, and hand back the trained model through toBytes/fromBytes.
// The message protocol is in worker-main.ts.
//
// This file imports no model class and so no training core: options are checked by the
// same resolveOptions the constructors use, and the model class (with the WebAssembly
// cores, about 60 KB gzipped) is imported dynamically once the worker has finished. A
// bundler puts it in a chunk of its own, so a page that trains in a worker loads the
// cores only when training is done. Why the worker file is named .mjs:
// docs/ARCHITECTURE.md, "The package's files, as bundlers see them".
import type { Labels, MLPClassifier, MLPClassifierOptions, EpochInfo } from "../model/classifier.js";
import type { MLPRegressor, MLPRegressorOptions, Targets } from "../model/regressor.js";
import { resolveOptions } from "../model/options.js";
import { readTargets } from "../model/targets.js";
import { toSamples, type Matrix } from "../data/samples.js";
import { checkFitNames } from "../model/call-options.js";
import { findClasses } from "../model/classes.js";
import { modelSizes } from "../model/model-sizes.js";
import { abortError, checkSignal } from "../model/abort.js";
import type { WorkerReply } from "./worker-main.js";
import type { History } from "../model/epochs.js";

/** Options of {@link trainInWorker}. */
export interface WorkerFitOptions {
  /** Columns per row when X is a flat row-major Float32Array/Float64Array. */
  features?: number;
  /** A loss weight ≥ 0 per row. */
  sampleWeight?: ArrayLike<number>;
  /** Called after every epoch with its number (1-based), its training loss in bits, and
   *  the validation figures when early stopping holds rows out. */
  onEpoch?: (epoch: number, loss: number, info: EpochInfo) => void;
  /** Called with the model as it is during training (the bytes `toBytes` writes, which
   *  `MLPClassifier.fromBytes` and wasmlp/infer's `loadModel` read), at most every
   *  `snapshotInterval` ms: enough to redraw a decision boundary live. */
  onSnapshot?: (model: Uint8Array, epoch: number) => void;
  /** Milliseconds between snapshots. Default 100. */
  snapshotInterval?: number;
  /** Stops training between epochs, as in `fit`: aborted after one or more epochs, the
   *  promise resolves with the model trained so far; aborted sooner (or already aborted
   *  when trainInWorker is called), it rejects with an Error named "AbortError" (its
   *  `cause` is `signal.reason`). */
  signal?: AbortSignal;
  /** The name of each column of X, as in `fit`: kept in the model (`featureNames`). */
  featureNames?: string[];
  /** The label (or one target's) column's name, as in `fit`: kept as `labelName`. */
  labelName?: string;
  /** Where build/training-worker.mjs is served from, for bundles in which
   *  `new URL("./training-worker.mjs", import.meta.url)` does not find it. */
  workerUrl?: string | URL;
}

/** Options of {@link trainRegressorInWorker}: those of {@link trainInWorker}, and, as in
 *  `MLPRegressor.fit`, `targetNames`. */
export interface RegressorWorkerFitOptions extends WorkerFitOptions {
  /** The name of each target column, in y's order, as in `MLPRegressor.fit` (checked by
   *  the worker's fit, whose Error comes back). */
  targetNames?: string[];
}

const optionNames = ["features", "sampleWeight", "onEpoch", "onSnapshot", "snapshotInterval", "signal", "featureNames", "labelName", "workerUrl"];
const regressorOptionNames = [...optionNames, "targetNames"];

interface Channel {
  post(message: unknown): void;
  close(): void;
}

// Just what trainInWorker uses of worker_threads.Worker (there are no Node types here).
interface NodeWorker {
  postMessage(message: unknown): void;
  on(event: string, listener: (value: never) => void): void;
  terminate(): unknown;
}

async function spawn(url: URL, receive: (reply: WorkerReply) => void, failed: (error: Error) => void): Promise<Channel> {
  if (typeof Worker === "function") {
    const worker = new Worker(url, { type: "module", name: "wasmlp-training" });
    worker.onmessage = (event) => receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      failed(new Error(`the training worker failed: ${event.message || `could not load ${url} (serve build/training-worker.mjs there as JavaScript, or pass its address as workerUrl)`}`));
    };
    return { post: (message) => worker.postMessage(message), close: () => worker.terminate() };
  }
  // Node has no Web Worker. A computed specifier keeps browser bundlers from resolving it.
  const nodeWorkers = "node:worker_threads";
  const threads = (await import(/* @vite-ignore */ /* webpackIgnore: true */ nodeWorkers)) as { Worker: new (url: URL) => NodeWorker };
  const worker = new threads.Worker(url);
  worker.on("message", receive);
  worker.on("error", (error: Error) => failed(new Error(`the training worker failed: ${error.message}`)));
  worker.on("exit", (code: number) => failed(new Error(`the training worker exited with code ${code}`)));
  return { post: (message) => worker.postMessage(message), close: () => void worker.terminate() };
}

/**
 * Trains a new MLPClassifier in a Worker, so the calling thread (a page's main thread)
 * never blocks, and resolves with the trained model. Progress arrives through `onEpoch`
 * (and `onSnapshot`); the returned model has the worker's `loss` (and validation) history.
 * @param options the MLPClassifier options, validated here before the worker starts,
 *   as are the shape of X, the labels, and the limits of the model they make
 * @param X samples: `number[][]` rows, or a flat row-major typed array with `features`
 * @param y labels, numbers or strings, one per row
 */
export async function trainInWorker(
  options: MLPClassifierOptions, X: Matrix, y: Labels, fit: WorkerFitOptions = {},
): Promise<MLPClassifier> {
  const resolved = resolveOptions(options);
  const samples = checkCall(X, fit);
  modelSizes(samples.features, resolved, findClasses(y, samples.rows));
  const { bytes, history } = await trainBytes("classifier", options, X, y, fit);
  // The estimator module comes with the class's chunk: it gives the model the worker's history.
  const [{ MLPClassifier }, { adoptHistory }] = await Promise.all([import("../model/classifier.js"), import("../model/estimator.js")]);
  return adoptHistory(await MLPClassifier.fromBytes(bytes), history);
}

/**
 * Trains a new MLPRegressor in a Worker, as {@link trainInWorker} trains a classifier.
 * @param options the MLPRegressor options, validated here before the worker starts, as
 *   are the shape of X, the targets, and the limits of the model they make
 * @param y one number per row, or a row of numbers per row for several targets
 */
export async function trainRegressorInWorker(
  options: MLPRegressorOptions, X: Matrix, y: Targets, fit: RegressorWorkerFitOptions = {},
): Promise<MLPRegressor> {
  const resolved = resolveOptions(options, "regressor");
  const samples = checkCall(X, fit, regressorOptionNames);
  modelSizes(samples.features, resolved, [], undefined, readTargets(y, samples.rows).count);
  const { bytes, history } = await trainBytes("regressor", options, X, y, fit);
  // The estimator module comes with the class's chunk: it gives the model the worker's history.
  const [{ MLPRegressor }, { adoptHistory }] = await Promise.all([import("../model/regressor.js"), import("../model/estimator.js")]);
  return adoptHistory(await MLPRegressor.fromBytes(bytes), history);
}

/** The call's own options and X, checked before any worker starts. */
function checkCall(X: Matrix, fit: WorkerFitOptions, known = optionNames): ReturnType<typeof toSamples> {
  if (fit === null || typeof fit !== "object") throw new Error("trainInWorker options must be an object");
  for (const name of Object.keys(fit)) {
    if (!known.includes(name)) throw new Error(`unknown trainInWorker option "${name}"; known options: ${known.join(", ")}`);
  }
  const { onEpoch, onSnapshot, snapshotInterval = 100, signal } = fit;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new Error("onEpoch must be a function (epoch, loss, info) => void");
  if (onSnapshot !== undefined && typeof onSnapshot !== "function") throw new Error("onSnapshot must be a function (model, epoch) => void");
  if (!(snapshotInterval >= 0)) throw new Error(`snapshotInterval must be a number of milliseconds >= 0, got ${snapshotInterval}`);
  checkSignal(signal);
  if (signal?.aborted) throw abortError(signal, "trainInWorker", "no model was trained");
  // What the worker's fit would refuse at once is refused here, before a worker starts.
  const samples = toSamples(X, fit.features);
  checkFitNames(fit, samples.features);
  return samples;
}

/** The worker file's address: `workerUrl` (resolved against the page), or the file
 *  next to this module. */
function workerAddress(workerUrl: string | URL | undefined): URL {
  const page = globalThis.location?.href;
  if (workerUrl !== undefined) {
    if (typeof workerUrl !== "string" && !(workerUrl instanceof URL)) throw new Error(`workerUrl must be a string or a URL, got ${typeof workerUrl}`);
    try {
      return new URL(workerUrl, page);
    } catch {
      throw new Error(`workerUrl ${JSON.stringify(String(workerUrl))} is not a URL${page ? "" : " (and there is no page to resolve a relative one against)"}`);
    }
  }
  // A bundle built as a classic script (an IIFE) has no import.meta.url to look next to.
  if (!import.meta.url) {
    throw new Error("trainInWorker cannot find its worker file: this bundle has no import.meta.url (it was built as a classic script); serve node_modules/wasmlp/build/training-worker.mjs with your page and pass its address as workerUrl");
  }
  return new URL("./training-worker.mjs", import.meta.url);
}

/** Fits a model of `kind` in a worker; resolves with its bytes (toBytes) and history. */
async function trainBytes(
  kind: "classifier" | "regressor", options: MLPClassifierOptions | MLPRegressorOptions, X: Matrix, y: Labels | Targets, fit: RegressorWorkerFitOptions,
): Promise<{ bytes: Uint8Array; history: History }> {
  const { features, sampleWeight, onEpoch, onSnapshot, snapshotInterval = 100, signal, featureNames, labelName, targetNames, workerUrl } = fit;
  const aborted = (): Error => abortError(signal as AbortSignal, "trainInWorker", "no model was trained");
  const url = workerAddress(workerUrl);

  type Outcome = { bytes?: Uint8Array; history?: History; error?: Error };
  let settle: (outcome: Outcome) => void = () => {};
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const receive = (reply: WorkerReply): void => {
    try {
      if (reply.type === "epoch") onEpoch?.(reply.epoch, reply.loss, reply.info);
      else if (reply.type === "snapshot") onSnapshot?.(reply.bytes, reply.epoch);
      else if (reply.type === "done") settle({ bytes: reply.bytes, history: reply.history });
      else settle({ error: reply.name === "AbortError" ? aborted() : new Error(reply.message) });
    } catch (error) {
      settle({ error: error as Error });
    }
  };
  const channel = await spawn(url, receive, (error) => settle({ error }));
  const abort = (): void => channel.post({ type: "abort" });
  signal?.addEventListener("abort", abort);
  try {
    // An abort while the worker was starting fired no listener.
    if (signal?.aborted) throw aborted();
    channel.post({ type: "fit", kind, options, X, y, features, sampleWeight, featureNames, labelName, targetNames, snapshots: onSnapshot !== undefined, snapshotInterval });
    const { bytes, history, error } = await outcome;
    if (error) throw error;
    return { bytes: bytes as Uint8Array, history: history as History };
  } finally {
    signal?.removeEventListener("abort", abort);
    channel.close();
  }
}
