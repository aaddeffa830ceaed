// Bundle entry (build/training-worker.mjs): the worker side of trainInWorker
// (train-in-worker.ts), built self-contained: the library and its WebAssembly core in one module, so it
// loads as a module Worker in a browser or a worker_threads Worker in Node.
//
// Messages in:  { type: "fit", kind, options, X, y, features, sampleWeight, featureNames,
//               labelName, targetNames (a regressor's), snapshots, snapshotInterval }
//               (kind "classifier" or "regressor": which model to fit)
//               { type: "abort" }, which stops the fit between epochs (an abort before
//               the first epoch completes fails the fit with an Error named "AbortError")
//               { type: "thread", ... }: in a browser this file is also the script of
//               a training thread (thread-pool.ts), which answers true or false
// Messages out: "epoch" after each epoch, "snapshot" (model bytes) at most every
//               snapshotInterval ms, then "done" (model bytes) or "error".
import { MLPClassifier, type Labels, type MLPClassifierOptions, type EpochInfo } from "../model/classifier.js";
import type { History } from "../model/epochs.js";
import { MLPRegressor, type MLPRegressorOptions, type Targets } from "../model/regressor.js";
import type { Matrix } from "../data/samples.js";
import { runThread, type ThreadJoin } from "./thread-pool.js";

export type WorkerReply =
  | { type: "epoch"; epoch: number; loss: number; info: EpochInfo }
  | { type: "snapshot"; epoch: number; bytes: Uint8Array }
  | { type: "done"; bytes: Uint8Array; history: History }
  | { type: "error"; message: string; name: string };

interface FitRequest {
  type: "fit";
  kind: "classifier" | "regressor";
  options: MLPClassifierOptions | MLPRegressorOptions;
  X: Matrix;
  y: Labels | Targets;
  features?: number;
  sampleWeight?: ArrayLike<number>;
  featureNames?: string[];
  labelName?: string;
  targetNames?: string[];
  snapshots: boolean;
  snapshotInterval: number;
}

// A worker's global scope in browsers, worker_threads' parentPort in Node: both are
// EventTargets with postMessage.
interface Port {
  addEventListener(type: "message", listener: (event: { data: FitRequest | { type: "abort" } | ThreadJoin }) => void): void;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const nodeWorkers = "node:worker_threads";
const port: Port =
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function"
    ? (globalThis as unknown as Port)
    : (await import(/* @vite-ignore */ /* webpackIgnore: true */ nodeWorkers)).parentPort;

const send = (reply: WorkerReply): void =>
  port.postMessage(reply, "bytes" in reply ? [reply.bytes.buffer as ArrayBuffer] : []);

let controller: AbortController | undefined;

async function fit(request: FitRequest): Promise<void> {
  controller = new AbortController();
  try {
    const clf = request.kind === "regressor" ? new MLPRegressor(request.options) : new MLPClassifier(request.options as MLPClassifierOptions);
    let lastSnapshot = -Infinity;
    // Both kinds take the same fit options; only y differs, as the caller checked.
    await (clf as MLPClassifier).fit(request.X, request.y as Labels, {
      features: request.features,
      sampleWeight: request.sampleWeight,
      // Undefined stays undefined: fit treats an absent name and an undefined one alike.
      featureNames: request.featureNames,
      labelName: request.labelName,
      ...(request.kind === "regressor" ? { targetNames: request.targetNames } : {}),
      signal: controller.signal,
      onEpoch: (epoch, loss, info) => {
        send({ type: "epoch", epoch, loss, info });
        const now = performance.now();
        if (request.snapshots && now - lastSnapshot >= request.snapshotInterval) {
          lastSnapshot = now;
          send({ type: "snapshot", epoch, bytes: clf.toBytes() });
        }
      },
    });
    const history = { loss: clf.loss, validationLoss: clf.validationLoss, validationScore: clf.validationScore, bestEpoch: clf.bestEpoch, stoppedBy: clf.stoppedBy };
    send({ type: "done", bytes: clf.toBytes(), history });
  } catch (error) {
    send({ type: "error", message: (error as Error).message, name: (error as Error).name });
  }
}

port.addEventListener("message", (event) => {
  const request = event.data;
  if (request.type === "abort") controller?.abort();
  else if (request.type === "fit") void fit(request);
  // A browser's training thread (thread-pool.ts): this file is its script too.
  else if (request.type === "thread") void runThread(request, (joined) => (port as unknown as { postMessage(value: boolean): void }).postMessage(joined));
});
