// The pool of training threads: a fit borrows its workers for the run and gives them
// back, so the next classifier in the process starts none; concurrent fits never share
// one; a worker that fails is never lent again; idle workers keep nothing alive.
// tests/helpers/workers.js watches node:worker_threads for the starts and joins.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { started, joins, until, allExited } from "./helpers/workers.js";
import { MLPClassifier } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { SEED } from "./helpers/seed.js";

const two = blobs({ centers: [[0, 0, 0], [2, 1, -1]], counts: [1157, 1144], spread: 1.2, seed: 3 });
const three = blobs({ centers: [[0, 0, 0], [3, 0, 1], [0, 3, -1]], counts: [701, 699, 703], spread: 1, seed: 4 });
const ADAM = { ...SEED, hiddenLayers: [7, 3], activation: "tanh", optimizer: "adam", learningRate: 0.01, batchSize: 250, epochs: 6, seed: 7 };
const SGD = { ...SEED, hiddenLayers: [16, 8], activation: "relu", optimizer: "sgd", batchSize: 256, epochs: 8, seed: 5 };

const bitsOf = (clf) => Buffer.from(new Float64Array([...clf.loss, ...clf.coefs.flat(2), ...clf.intercepts.flat()]).buffer);

async function fitted(options, data) {
  const clf = new MLPClassifier(options);
  await clf.fit(data.X, data.y);
  return clf;
}

test("a second classifier's fit borrows the first one's workers: no thread starts", async () => {
  await fitted({ ...ADAM, threads: 2 }, two);
  const before = started.length;
  const second = await fitted({ ...ADAM, threads: 2 }, two);
  assert.is(started.length, before, "the second fit started a worker");
  const one = await fitted({ ...ADAM, threads: 1 }, two);
  assert.ok(bitsOf(second).equals(bitsOf(one)), "a borrowed worker changed the bits");
});

test("\"auto\" trains a medium fit on idle workers, and on one thread when none is idle", async () => {
  // 2301 rows x 100 epochs x 81 parameters ≈ 1.9e7: worth borrowing idle workers for,
  // not worth starting them (bindings/model/classifier.ts).
  const medium = { ...SEED, hiddenLayers: [16], epochs: 100, seed: 3, threads: "auto" };
  const cores = availableParallelism();
  await until(allExited, "the idle workers to end (they do after 1 s)");
  let from = joins.length;
  const cold = await fitted(medium, two);
  assert.is(joins.length - from, 0, "with no idle worker the fit must not start threads");
  await fitted({ ...medium, threads: cores }, two);
  const startedBefore = started.length;
  from = joins.length;
  const warm = await fitted(medium, two);
  assert.is(joins.length - from, cores - 1, "the fit should borrow every idle worker");
  assert.is(started.length, startedBefore, "the fit started a worker");
  assert.ok(bitsOf(warm).equals(bitsOf(cold)), "threads changed the bits");
});

test("concurrent fits get workers of their own, and the bits of fits one after another", async () => {
  const a = { ...ADAM, epochs: 30, threads: 2 };
  const b = { ...SGD, epochs: 30, threads: 3 };
  const alone = [bitsOf(await fitted(a, two)), bitsOf(await fitted(b, three))];
  const from = joins.length;
  const together = await Promise.all([fitted(a, two), fitted(b, three)]);
  const byCore = new Map();
  for (const { worker, memory } of joins.slice(from)) byCore.set(memory, [...(byCore.get(memory) ?? []), worker]);
  const sets = [...byCore.values()];
  assert.equal(sets.map((s) => s.length).sort(), [1, 2], "each core joined by threads - 1 workers");
  assert.ok(!sets[0].some((w) => sets[1].includes(w)), "a worker was lent to both cores at once");
  assert.ok(bitsOf(together[0]).equals(alone[0]), "the 2-thread fit's bits differ when run concurrently");
  assert.ok(bitsOf(together[1]).equals(alone[1]), "the 3-thread fit's bits differ when run concurrently");
});

test("fit, partialFit and fit again, with workers moving between cores of 2 and 4 threads, give the bits of one thread", async () => {
  const { X, y } = two;
  const steps = [(c) => c.fit(X, y), (c) => c.partialFit(X, y), (c) => c.partialFit(X, y), (c) => c.fit(X, y), (c) => c.partialFit(X, y)];
  const clfs = new Map([2, 4, 1].map((threads) => [threads, new MLPClassifier({ ...SEED, ...ADAM, epochs: 3, threads })]));
  for (const [i, step] of steps.entries()) {
    for (const clf of clfs.values()) await step(clf);
    const one = bitsOf(clfs.get(1));
    for (const threads of [2, 4]) assert.ok(bitsOf(clfs.get(threads)).equals(one), `${threads} threads differ after step ${i + 1}`);
  }
});

const helpers = new URL("./helpers/workers.js", import.meta.url).href;
const pkg = new URL("../build/index.js", import.meta.url).href;

/** Runs `body` in a fresh Node (its own pool), with the worker watcher loaded. */
function child(body) {
  const source = `
    const { started, answers, failNextWorkers, until } = await import(${JSON.stringify(helpers)});
    const { MLPClassifier, SEED_OPTIONS } = await import(${JSON.stringify(pkg)});
    const { learningRate: _rate, ...SEED } = SEED_OPTIONS;
    const X = Array.from({ length: 2400 }, (_, i) => [i % 7, (i * 3) % 11, i % 5]);
    const y = X.map((r) => (r[0] + r[1] > 8 ? 1 : 0));
    const options = { hiddenLayers: [6], optimizer: "adam", batchSize: 600, learningRate: 0.01, epochs: 5, seed: 1 };
    const weights = (clf) => JSON.stringify([clf.loss, clf.coefs, clf.intercepts]);
    ${body}
  `;
  return spawnSync(process.execPath, ["--input-type=module", "-e", source], { encoding: "utf8", timeout: 30000 });
}

test("a failed worker fails its run, is ended and never lent again; the next fit trains to the bits of one thread", () => {
  // The failing fit is long: a run does not wait for its workers to start, so a short
  // one could end before the fresh (failing) worker joins it, and it would never fail.
  const run = child(`
    const one = new MLPClassifier({ ...SEED, ...options, threads: 1 });
    await one.fit(X, y);
    const clf = new MLPClassifier({ ...SEED, ...options, threads: 3 });
    await new MLPClassifier({ ...SEED, ...options, threads: 2 }).fit(X, y);
    failNextWorkers(1);
    let error = "";
    const doomed = new MLPClassifier({ ...options, epochs: 1e6, threads: 3 });
    await doomed.fit(X, y).catch((e) => { error = e.message; });
    const failedSet = started.slice();
    // Ended workers exit soon after; healthy idle ones would stay for a second, so
    // "exited" below tells the two apart whatever the machine's load.
    await until(() => failedSet.every((w) => w.threadId === -1), "the failed run's workers to exit", 1000);
    const exited = failedSet.map((w) => w.threadId === -1);
    const before = started.length;
    await clf.fit(X, y);
    const afterFailure = started.length - before;
    await new MLPClassifier({ ...SEED, ...options, threads: 3 }).fit(X, y);
    console.log(JSON.stringify({ error, exited, afterFailure, reused: started.length - before - afterFailure, same: weights(clf) === weights(one) }));
  `);
  assert.is(run.signal, null, "the child hung");
  assert.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
  assert.match(result.error, /a training thread failed/);
  assert.equal(result.exited, [true, true], "both workers of the failed run were ended");
  assert.is(result.afterFailure, 2, "the next fit must start two fresh workers");
  assert.is(result.reused, 0, "the fit after that borrows them");
  assert.ok(result.same, "after the failure the classifier trains to the bits of one thread");
});

test("fits do not wait for workers to start: a worker that answers after a run ended stays out of it, and is lent again", () => {
  // Two 3-thread fits in a fresh process, back to back: the second borrows the workers
  // the first started, whether or not they had joined the first (a fit of 5 short epochs
  // usually ends before a worker starts). Each worker answers each run it was sent to.
  const run = child(`
    const one = new MLPClassifier({ ...options, threads: 1 });
    await one.fit(X, y);
    const first = new MLPClassifier({ ...options, threads: 3 });
    await first.fit(X, y);
    const second = new MLPClassifier({ ...options, threads: 3 });
    await second.fit(X, y);
    await until(() => answers.length === 4, "every worker's answers");
    const perWorker = started.map((w) => answers.filter((a) => a.worker === w).length);
    console.log(JSON.stringify({ started: started.length, perWorker, same: [first, second].map((c) => weights(c) === weights(one)) }));
  `);
  assert.is(run.signal, null, "the child hung");
  assert.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
  assert.is(result.started, 2, "the second fit must borrow the first one's workers");
  assert.equal(result.perWorker, [2, 2], "each worker answers both runs");
  assert.equal(result.same, [true, true], "the bits of one thread");
});

test("loading the package starts no thread; a fit that will train on threads starts its first worker before it copies its data, and borrows it", () => {
  // bindings/runtime/core.ts's prestartThreads: the worker boots while fit encodes the
  // labels and fills the core, so the run does not train alone until one starts. fit's
  // checks run before its first await, so the worker has started when fit() returns.
  const run = child(`
    const { availableParallelism } = await import("node:os");
    const atLoad = started.length;
    const small = new MLPClassifier({ ...SEED, ...options, epochs: 1 });
    await small.fit(X.slice(0, 40), y.slice(0, 40));
    const afterSmall = started.length;
    const clf = new MLPClassifier({ ...SEED, ...options, threads: 2 });
    const fit = clf.fit(X, y);
    const early = started.length;
    await fit;
    const afterFit = started.length;
    const one = new MLPClassifier({ ...SEED, ...options, threads: 1 });
    await one.fit(X, y);
    console.log(JSON.stringify({ cores: availableParallelism(), atLoad, afterSmall, early, afterFit, same: weights(clf) === weights(one) }));
  `);
  assert.is(run.signal, null, "the child hung");
  assert.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
  assert.is(result.atLoad, 0, "workers started by loading the package");
  assert.is(result.afterSmall, 0, "workers started by a one-thread (auto) fit of 40 rows");
  assert.is(result.early, result.cores > 1 ? 1 : 0, "the worker started within fit's checks");
  assert.is(result.afterFit, result.cores > 1 ? 1 : 0, "the run borrows the worker it started early (and starts no other)");
  assert.ok(result.same, "the bits of one thread");
});

test("a process whose fit started a worker it did not use exits by itself", () => {
  // An abort before the first epoch ends the fit after its checks started the worker.
  const run = child(`
    const controller = new AbortController();
    const clf = new MLPClassifier({ ...SEED, ...options, threads: 2 });
    const fit = clf.fit(X, y, { signal: controller.signal });
    controller.abort();
    await fit.catch(() => {});
    console.log(JSON.stringify({ started: started.length }));
  `);
  assert.is(run.signal, null, "the child had to be killed: the early worker kept it alive");
  assert.is(run.status, 0, run.stderr);
});

test("a worker that exits while idle is not lent", () => {
  const run = child(`
    const one = new MLPClassifier({ ...SEED, ...options, threads: 1 });
    await one.fit(X, y);
    await new MLPClassifier({ ...SEED, ...options, threads: 2 }).fit(X, y);
    await started[0].terminate();
    const clf = new MLPClassifier({ ...SEED, ...options, threads: 2 });
    await clf.fit(X, y);
    console.log(JSON.stringify({ started: started.length, same: weights(clf) === weights(one) }));
  `);
  assert.is(run.signal, null, "the child hung: it waited for an exited worker");
  assert.is(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1));
  assert.is(result.started, 2);
  assert.ok(result.same);
});

test("the process exits by itself after threaded fits: idle workers keep nothing alive", () => {
  const run = child(`
    for (const threads of [2, 4, 2]) await new MLPClassifier({ ...SEED, ...options, threads }).fit(X, y);
    console.log(String(Date.now()));
  `);
  // The child's timeout only ends a process that would never exit.
  assert.is(run.signal, null, "the child had to be killed: a worker kept it alive");
  assert.is(run.status, 0, run.stderr);
  // How soon is a matter of timing, which the soak run checks, not npm test.
  if (process.env.SOAK) {
    const lingered = Date.now() - Number(run.stdout.trim().split("\n").at(-1));
    assert.ok(lingered < 3000, `the process took ${lingered} ms to exit after its last fit (stdout: ${run.stdout})`);
  }
});

test.run();
