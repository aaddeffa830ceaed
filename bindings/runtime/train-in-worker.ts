// Training off the main thread: trainInWorker (and trainRegressorInWorker) run fit in a
// module Worker (browsers) or a worker_threads Worker (Node) running
// build/training-worker.mjs, and hand back the trained model through toBytes/fromBytes.
// The message protocol is in worker-main.ts.
//
// This file imports no model class and so no training core: options are checked by the
// same resolveOptions the constructors use, and the model class (with the WebAssembly
// cores, about 60 KB gzipped) is imported dynamically once the worker has finished. A
// bundler puts it in a chunk of its own, so a page that trains in a worker does not load
// the cores before training, and a page that only predicts with wasmlp/infer from the
// model's bytes never runs them on its main thread. The worker file ends in .mjs because
// bundlers decide by the name how to minify an asset: webpack's minifier parses a .js
// asset as a classic script, where the worker's top-level import and await do not parse.
import type { Labels, MLPClassifier, MLPClassifierOptions, EpochInfo } from "../model/classifier.js";
import type { MLPRegressor, MLPRegressorOptions, Targets } from "../model/regressor.js";
import { resolveOptions } from "../model/options.js";
import { readTargets } from "../model/targets.js";
import { toSamples, type Matrix } from "../data/samples.js";
import { findClasses } from "../model/classes.js";
import { modelSizes } from "../model/model-sizes.js";
import { abortError, checkSignal } from "../model/abort.js";
import type { WorkerReply } from "./worker-main.js";

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
  /** Where build/training-worker.mjs is served from, for bundles in which
   *  `new URL("./training-worker.mjs", import.meta.url)` does not find it. */
  workerUrl?: string | URL;
}

const optionNames = ["features", "sampleWeight", "onEpoch", "onSnapshot", "snapshotInterval", "signal", "workerUrl"];

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
      failed(new Error(`the training worker failed: ${event.message || `could not load ${url}`}`));
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
 * (and `onSnapshot`); the returned model's `loss` is empty, as after `fromBytes`.
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
  const bytes = await trainBytes("classifier", options, X, y, fit);
  const { MLPClassifier } = await import("../model/classifier.js");
  return MLPClassifier.fromBytes(bytes);
}

/**
 * Trains a new MLPRegressor in a Worker, as {@link trainInWorker} trains a classifier.
 * @param options the MLPRegressor options, validated here before the worker starts, as
 *   are the shape of X, the targets, and the limits of the model they make
 * @param y one number per row, or a row of numbers per row for several targets
 */
export async function trainRegressorInWorker(
  options: MLPRegressorOptions, X: Matrix, y: Targets, fit: WorkerFitOptions = {},
): Promise<MLPRegressor> {
  const resolved = resolveOptions(options, "regressor");
  const samples = checkCall(X, fit);
  modelSizes(samples.features, resolved, [], undefined, readTargets(y, samples.rows).count);
  const bytes = await trainBytes("regressor", options, X, y, fit);
  const { MLPRegressor } = await import("../model/regressor.js");
  return MLPRegressor.fromBytes(bytes);
}

/** The call's own options and X, checked before any worker starts. */
function checkCall(X: Matrix, fit: WorkerFitOptions): ReturnType<typeof toSamples> {
  if (fit === null || typeof fit !== "object") throw new Error("trainInWorker options must be an object");
  for (const name of Object.keys(fit)) {
    if (!optionNames.includes(name)) throw new Error(`unknown trainInWorker option "${name}"; known options: ${optionNames.join(", ")}`);
  }
  const { onEpoch, onSnapshot, snapshotInterval = 100, signal } = fit;
  if (onEpoch !== undefined && typeof onEpoch !== "function") throw new Error("onEpoch must be a function (epoch, loss, info) => void");
  if (onSnapshot !== undefined && typeof onSnapshot !== "function") throw new Error("onSnapshot must be a function (model, epoch) => void");
  if (!(snapshotInterval >= 0)) throw new Error(`snapshotInterval must be a number of milliseconds >= 0, got ${snapshotInterval}`);
  checkSignal(signal);
  if (signal?.aborted) throw abortError(signal, "trainInWorker", "no model was trained");
  // What the worker's fit would refuse at once is refused here, before a worker starts.
  return toSamples(X, fit.features);
}

/** Fits a model of `kind` in a worker; resolves with its bytes (toBytes). */
async function trainBytes(
  kind: "classifier" | "regressor", options: MLPClassifierOptions | MLPRegressorOptions, X: Matrix, y: Labels | Targets, fit: WorkerFitOptions,
): Promise<Uint8Array> {
  const { features, sampleWeight, onEpoch, onSnapshot, snapshotInterval = 100, signal, workerUrl } = fit;
  const aborted = (): Error => abortError(signal as AbortSignal, "trainInWorker", "no model was trained");
  const url = workerUrl === undefined ? new URL("./training-worker.mjs", import.meta.url) : new URL(workerUrl, globalThis.location?.href);

  let settle: (outcome: { bytes?: Uint8Array; error?: Error }) => void = () => {};
  const outcome = new Promise<{ bytes?: Uint8Array; error?: Error }>((resolve) => (settle = resolve));
  const receive = (reply: WorkerReply): void => {
    try {
      if (reply.type === "epoch") onEpoch?.(reply.epoch, reply.loss, reply.info);
      else if (reply.type === "snapshot") onSnapshot?.(reply.bytes, reply.epoch);
      else if (reply.type === "done") settle({ bytes: reply.bytes });
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
    channel.post({ type: "fit", kind, options, X, y, features, sampleWeight, snapshots: onSnapshot !== undefined, snapshotInterval });
    const { bytes, error } = await outcome;
    if (error) throw error;
    return bytes as Uint8Array;
  } finally {
    signal?.removeEventListener("abort", abort);
    channel.close();
  }
}
