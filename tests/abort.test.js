// Cancellation never loses work: an abort that lands before the first epoch completes
// rejects with an Error named "AbortError" and leaves the model exactly as it was (bit
// for bit, optimizer state and shuffling included); one that lands after k epochs
// resolves with those k epochs. Aborts are timed without clocks: from onEpoch, before the
// call, or synchronously right after it, while the call awaits its WebAssembly core or
// its worker threads (a fresh classifier, threads: 2, a Worker starting).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { Worker } from "node:worker_threads";
import { MLPClassifier, trainInWorker } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { rejects, throws } from "./helpers/errors.js";
import { snapshot } from "./helpers/fuzz.js";

const two = blobs({ centers: [[0, 0], [3, 1]], counts: [60, 60], spread: 1, seed: 2 });
const other = blobs({ centers: [[5, 5], [-2, 4]], counts: [40, 40], spread: 1, seed: 3 });
const options = { hiddenLayers: [6], optimizer: "adam", learningRate: 0.05, epochs: 40, seed: 4 };
const ABORTED = /^(fit|partialFit|trainInWorker) was aborted before its first epoch completed; /;

const sameBits = (a, b) => a.length === b.length && Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

/** Rejects with an AbortError whose cause is `reason`. */
async function rejectsAborted(promise, reason) {
  const error = await rejects(promise, ABORTED);
  assert.is(error.name, "AbortError");
  assert.is(error.constructor, Error);
  assert.is(error.cause, reason);
  return error;
}

/** A classifier and its twin, fitted alike: the twin never sees the aborted calls. */
async function fittedPair(extra = {}) {
  const clf = new MLPClassifier({ ...options, ...extra });
  const twin = new MLPClassifier({ ...options, ...extra });
  await clf.fit(two.X, two.y);
  await twin.fit(two.X, two.y);
  return { clf, twin };
}

/** The model is as the twin's, now and after one more epoch of partialFit (which reads
 *  the optimizer state and the shuffling generator). */
async function assertSameModel(clf, twin) {
  assert.equal(snapshot(clf), snapshot(twin));
  assert.ok(sameBits(clf.predictProbaFlat(two.X), twin.predictProbaFlat(two.X)));
  await clf.partialFit(two.X, two.y);
  await twin.partialFit(two.X, two.y);
  assert.equal(snapshot(clf), snapshot(twin));
}

test("an already aborted signal rejects fit and partialFit at once; the model keeps every bit", async () => {
  const { clf, twin } = await fittedPair();
  const proba = clf.predictProbaFlat(two.X);
  const reason = new Error("stopped by the user");
  await rejectsAborted(clf.fit(other.X, other.y, { signal: AbortSignal.abort(reason) }), reason);
  await rejectsAborted(clf.partialFit(other.X, other.y, { signal: AbortSignal.abort(reason) }), reason);
  // Even with data that fit would refuse: the abort is answered first.
  await rejectsAborted(clf.fit([[NaN]], [0], { signal: AbortSignal.abort(reason) }), reason);
  assert.ok(sameBits(clf.predictProbaFlat(two.X), proba));
  assert.is(clf.loss.length, 40);
  await assertSameModel(clf, twin);
});

test("a threaded refit does not wait for its workers: an abort just after the call stops it after an epoch, not before", async () => {
  // Its workers join as they start (bindings/runtime/core.ts), so a refit on threads,
  // like one on one thread, reaches its first epoch without awaiting: only an already
  // aborted signal beats it (above). This abort is seen between epochs, if any are left.
  const { clf } = await fittedPair({ threads: 2 });
  const controller = new AbortController();
  let epochs = 0;
  const refit = clf.fit(other.X, other.y, { signal: controller.signal, onEpoch: () => epochs++ });
  controller.abort();
  await refit;
  assert.ok(epochs >= 1, "the refit was aborted before its first epoch");
  assert.is(clf.loss.length, epochs);
});

test("a fresh classifier aborted before its first epoch stays unfitted; it trains as a new one afterwards", async () => {
  for (const call of ["fit", "partialFit"]) {
    const clf = new MLPClassifier(options);
    const controller = new AbortController();
    const pending = clf[call](two.X, two.y, { signal: controller.signal });
    controller.abort("a string reason");
    await rejectsAborted(pending, "a string reason");
    throws(() => clf.predict(two.X), /not fitted yet/);
    assert.equal(clf.loss, []);
    const fresh = new MLPClassifier(options);
    await clf[call](two.X, two.y);
    await fresh[call](two.X, two.y);
    assert.equal(snapshot(clf), snapshot(fresh), call);
  }
});

test("aborted after k epochs, fit resolves with exactly k epochs: a first fit and a refit", async () => {
  for (const k of [1, 3]) {
    const clf = new MLPClassifier(options);
    for (const data of [two, other]) {
      const controller = new AbortController();
      let atK;
      const result = await clf.fit(data.X, data.y, {
        signal: controller.signal,
        onEpoch: (epoch) => {
          if (epoch === k) {
            atK = snapshot(clf).model;
            controller.abort();
          }
        },
      });
      assert.is(result, clf);
      assert.is(clf.loss.length, k);
      assert.ok(clf.loss.every(Number.isFinite));
      assert.is(snapshot(clf).model, atK);
    }
    // The refit's k epochs are those of a fit of k epochs.
    const short = await new MLPClassifier({ ...options, epochs: k }).fit(other.X, other.y);
    assert.equal(clf.loss, short.loss);
    assert.ok(sameBits(clf.predictProbaFlat(other.X), short.predictProbaFlat(other.X)));
  }
});

test("trainInWorker: an aborted signal rejects before a worker starts, and so does an abort while it starts", async () => {
  const reason = new Error("closed the tab");
  // A worker that cannot load would fail otherwise: the signal is answered first.
  const missing = new URL("./no-such-worker.js", import.meta.url);
  await rejectsAborted(trainInWorker(options, two.X, two.y, { signal: AbortSignal.abort(reason), workerUrl: missing }), reason);
  const controller = new AbortController();
  let epochs = 0;
  const pending = trainInWorker(options, two.X, two.y, { signal: controller.signal, onEpoch: () => epochs++ });
  controller.abort(reason);
  const error = await rejectsAborted(pending, reason);
  assert.match(error.message, /no model was trained$/);
  assert.is(epochs, 0);
});

test("the training worker answers an abort that beats its first epoch with an AbortError, never an untrained model", async () => {
  // The raw protocol: "abort" right behind "fit" reaches the worker while its fit awaits
  // its WebAssembly core, so the fit fails as aborted. Should the worker ever get an epoch
  // in first, it must report at least that epoch and send a model.
  const worker = new Worker(new URL("../build/training-worker.mjs", import.meta.url));
  try {
    const replies = [];
    const outcome = new Promise((resolve) => {
      worker.on("message", (reply) => {
        replies.push(reply);
        if (reply.type === "done" || reply.type === "error") resolve(reply);
      });
    });
    worker.postMessage({ type: "fit", options, X: two.X, y: two.y, snapshots: false, snapshotInterval: 100 });
    worker.postMessage({ type: "abort" });
    const reply = await outcome;
    if (reply.type === "error") {
      assert.is(reply.name, "AbortError");
      assert.match(reply.message, /^fit was aborted before its first epoch completed/);
      assert.is(replies.filter((r) => r.type === "epoch").length, 0);
    } else {
      assert.is(reply.type, "done");
      assert.ok(replies.some((r) => r.type === "epoch" && r.epoch === 1), "a model without an epoch");
    }
  } finally {
    await worker.terminate();
  }
});

test.run();
