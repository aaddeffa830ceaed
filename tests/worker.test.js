// trainInWorker in Node (worker_threads running build/training-worker.mjs): the model it
// returns is the one fit would train on this thread, progress arrives per epoch,
// cancellation keeps what was learned, and errors come back as Errors.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier, MLPRegressor, trainInWorker, trainRegressorInWorker } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { dataFor } from "./helpers/trained-models.js";
import { SEED } from "./helpers/seed.js";

const options = { ...SEED, hiddenLayers: [6], activation: "tanh", optimizer: "adam", learningRate: 0.05, epochs: 30, standardize: true, seed: 5 };

test("the worker trains exactly the model fit trains here, reporting every epoch", async () => {
  const { X, y } = dataFor(3);
  const local = new MLPClassifier(options);
  await local.fit(X, y);
  const losses = [];
  const snapshots = [];
  const clf = await trainInWorker(options, X, y, {
    onEpoch: (epoch, loss) => losses.push([epoch, loss]),
    onSnapshot: (bytes, epoch) => snapshots.push({ bytes, epoch }),
    snapshotInterval: 0,
  });
  assert.instance(clf, MLPClassifier);
  assert.equal(losses, local.loss.map((loss, i) => [i + 1, loss]));
  assert.equal(clf.predictProba(X), local.predictProba(X));
  assert.equal(clf.classes, ["ant", "bee", "cat"]);
  assert.is(snapshots.length, 30);
  const last = await loadModel(snapshots[29].bytes);
  assert.equal(last.predictProba(X), local.predictProba(X));
});

test("trainRegressorInWorker trains exactly the regressor fit trains here, one target and several", async () => {
  const { X } = dataFor(3);
  const targets = [X.map((r) => 5000 + 300 * r[0] - 40 * r[1]), X.map((r) => [r[0] * r[1], -3 * r[0] + 7])];
  for (const y of targets) {
    const regOptions = { hiddenLayers: [8], epochs: 15, seed: 2, threads: 1 };
    const local = await new MLPRegressor(regOptions).fit(X, y);
    const losses = [];
    const snapshots = [];
    const reg = await trainRegressorInWorker(regOptions, X, y, {
      onEpoch: (epoch, loss) => losses.push(loss),
      onSnapshot: (bytes) => snapshots.push(bytes),
      snapshotInterval: 0,
    });
    assert.instance(reg, MLPRegressor);
    assert.equal(losses, local.loss);
    assert.equal(reg.predict(X), local.predict(X));
    assert.equal((await loadModel(snapshots.at(-1))).predict(X), local.predict(X));
  }
  // Refused before a worker starts, as fit would refuse it.
  let error;
  await trainRegressorInWorker({ epochs: 1 }, X, X.map(() => NaN)).catch((e) => (error = e));
  assert.match(error?.message ?? "", /^y\[0\] is NaN; every target must be a finite number$/);
});

test("aborting stops between epochs and resolves with the model trained so far", async () => {
  const { X, y } = dataFor(2);
  const controller = new AbortController();
  let epochs = 0;
  const clf = await trainInWorker({ ...options, epochs: 100000 }, X, y, {
    signal: controller.signal,
    onEpoch: (epoch) => {
      epochs = epoch;
      if (epoch === 20) controller.abort();
    },
  });
  assert.ok(epochs >= 20 && epochs < 100000, `trained ${epochs} epochs`);
  assert.ok(clf.score(X, y) > 0.5);
  try {
    await trainInWorker(options, X, y, { signal: controller.signal });
    assert.unreachable("an aborted signal started training");
  } catch (error) {
    assert.is(error.name, "AbortError");
    assert.match(error.message, /aborted before its first epoch completed; no model was trained/);
  }
});

test("the columns' names go to the worker's fit and come back in the model, as fit keeps them", async () => {
  const { X, y } = dataFor(2);
  const names = X[0].map((_, c) => `x${c}`);
  const local = new MLPClassifier(options);
  await local.fit(X, y, { featureNames: names, labelName: "kind" });
  const clf = await trainInWorker(options, X, y, { featureNames: names, labelName: "kind" });
  assert.equal(clf.featureNames, names);
  assert.equal(clf.toJSON(), local.toJSON());
  assert.is(clf.toJSON().labelName, "kind");
  const targets = X.map((r) => [r[0] + r[1], r[0] - r[1]]);
  const regOptions = { hiddenLayers: [4], epochs: 3, seed: 2, threads: 1 };
  const naming = { featureNames: names, targetNames: ["sum", "difference"] };
  const reg = await trainRegressorInWorker(regOptions, X, targets, naming);
  const localReg = await new MLPRegressor(regOptions).fit(X, targets, naming);
  assert.equal(reg.featureNames, names);
  assert.equal(reg.targetNames, ["sum", "difference"]);
  assert.equal(reg.toJSON(), localReg.toJSON());
  // Names fit would refuse are refused before a worker starts, in fit's words.
  let message = "";
  await local.fit(X, y, { featureNames: names.slice(1) }).catch((e) => (message = e.message));
  assert.ok(message.length > 0, "fit took the wrong number of names");
  let error;
  await trainInWorker(options, X, y, { featureNames: names.slice(1) }).catch((e) => (error = e));
  assert.is(error?.message, message);
  await trainInWorker(options, X, y, { featureNames: names, labelName: names[0] }).catch((e) => (error = e));
  assert.match(error.message, /labelName/);
  // The worker's fit checks targetNames, and its Error comes back.
  error = undefined;
  await trainRegressorInWorker(regOptions, X, targets, { targetNames: ["sum"] }).catch((e) => (error = e));
  assert.instance(error, Error);
  assert.match(error.message, /targetNames/);
  await trainInWorker(options, X, y, { targetNames: ["a"] }).catch((e) => (error = e));
  assert.match(error.message, /unknown trainInWorker option "targetNames"/);
});

test("errors come back as Errors: bad options before the worker starts, bad data from it", async () => {
  const { X, y } = dataFor(2);
  const fails = async (promise, message) => {
    try {
      await promise;
      assert.unreachable("no error");
    } catch (error) {
      assert.instance(error, Error);
      assert.match(error.message, message);
    }
  };
  await fails(trainInWorker({ hiddenLayers: [0] }, X, y), /hiddenLayers/);
  await fails(trainInWorker(options, X, y, { onEpochs: () => {} }), /unknown trainInWorker option "onEpochs"/);
  await fails(trainInWorker(options, X, y.slice(1)), /rows but y has/);
  await fails(trainInWorker(options, X, y, { workerUrl: new URL("./no-such-worker.js", import.meta.url) }), /training worker failed/);
  await fails(trainInWorker(options, X, y, { onEpoch: () => { throw new Error("from onEpoch"); } }), /from onEpoch/);
  // A workerUrl that is no address is named, not a TypeError from URL (Node has no page to
  // resolve a relative one against).
  await fails(trainInWorker(options, X, y, { workerUrl: 42 }), /^workerUrl must be a string or a URL, got number$/);
  await fails(trainInWorker(options, X, y, { workerUrl: "training-worker.mjs" }), /^workerUrl "training-worker\.mjs" is not a URL \(and there is no page to resolve a relative one against\)$/);
});

test.run();
