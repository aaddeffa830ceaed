// Learning-rate schedules ("invscaling", "adaptive") and stopping on the training loss,
// against scikit-learn's own runs (tests/fixtures/schedules.json, written by
// make-schedule-data.py): a replay of scikit-learn's rules, checked first on its recorded
// losses and rates, then run on wasmlp's losses must give the rates wasmlp used.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPClassifier } from "../build/index.js";
import { throws } from "./helpers/errors.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/schedules.json", import.meta.url), "utf8"));
const iris = JSON.parse(readFileSync(new URL("./fixtures/defaults/iris.json", import.meta.url), "utf8"));

/** scikit-learn's end of an epoch (_fit_stochastic, _update_no_improvement_count,
 *  SGDOptimizer.iteration_ends and trigger_stopping), replayed on a loss curve: the rate
 *  after each epoch and the number of epochs run. */
function replay({ learning_rate: schedule, learning_rate_init: rate0, power_t: power, tol, n_iter_no_change: patience }, rows, losses) {
  let rate = rate0;
  let seen = 0;
  let best = Infinity;
  let count = 0;
  const rates = [];
  for (const loss of losses) {
    seen += rows;
    count = loss > best - tol ? count + 1 : 0;
    if (loss < best) best = loss;
    if (schedule === "invscaling") rate = rate0 / (seen + 1) ** power;
    let stop = false;
    if (count > patience) {
      if (schedule !== "adaptive" || rate <= 1e-6) stop = true;
      else {
        rate /= 5;
        count = 0;
      }
    }
    rates.push(rate);
    if (stop) break;
  }
  return { rates, epochs: rates.length };
}

test("the replay of scikit-learn's rules gives its recorded rates and epochs", () => {
  for (const run of fixture.runs) {
    const { rates, epochs } = replay(run.options, run.rows, run.loss);
    assert.is(epochs, run.epochs, JSON.stringify(run.options));
    rates.forEach((r, i) => assert.ok(Math.abs(r - run.ratesAfter[i]) <= 1e-15 * run.ratesAfter[i], `${run.options.learning_rate} epoch ${i + 1}: ${r} vs ${run.ratesAfter[i]}`));
  }
});

// scikit-learn's options as wasmlp's: its n_iter_no_change counts epochs beyond which it
// acts, wasmlp's patience the epochs at which it does.
const wasmlpOptions = (o) => ({
  hiddenLayers: [8], optimizer: "sgd", batchSize: 50, learningRateSchedule: o.learning_rate, learningRate: o.learning_rate_init,
  powerT: o.power_t, epochs: o.max_iter, tol: o.tol, patience: o.n_iter_no_change + 1, stopOnTrainingLoss: o.learning_rate === "constant", seed: 1,
});

test("wasmlp steps with the rates scikit-learn's rules give for its own losses, and stops where they stop", async () => {
  for (const run of fixture.runs) {
    const rates = [];
    const clf = await new MLPClassifier(wasmlpOptions(run.options)).fit(iris.XTrain, iris.yTrain, { onEpoch: (e, loss, info) => rates.push(info.learningRate) });
    const expected = replay(run.options, iris.XTrain.length, clf.loss);
    const label = JSON.stringify(run.options);
    assert.is(clf.loss.length, expected.epochs, label);
    assert.is(rates[0], run.options.learning_rate_init, label);
    // The rate of epoch e + 1 is the one epoch e ended with.
    for (let e = 1; e < rates.length; e++) assert.is(rates[e], expected.rates[e - 1], `${label} epoch ${e + 1}`);
    if (run.options.learning_rate === "adaptive") assert.ok(rates.at(-1) <= 1e-6 && clf.loss.length < run.options.max_iter, `${label}: ends at the floor`);
    assert.is(clf.stoppedBy, clf.loss.length === run.options.max_iter ? undefined : run.options.learning_rate === "adaptive" ? "learningRate" : "patience", label);
  }
});

test("a schedule runs on across partialFit calls: N calls train as fit does for N epochs, bit for bit", async () => {
  for (const learningRateSchedule of ["invscaling", "adaptive"]) {
    const o = { hiddenLayers: [5], optimizer: "sgd", learningRate: 0.2, learningRateSchedule, tol: 0.05, patience: 2, epochs: 12, seed: 3, shuffle: false };
    const fitted = await new MLPClassifier(o).fit(iris.XTrain, iris.yTrain);
    const online = new MLPClassifier(o);
    for (let i = 0; i < 12; i++) await online.partialFit(iris.XTrain, iris.yTrain);
    assert.equal(online.loss, fitted.loss, learningRateSchedule);
    assert.equal(online.coefs, fitted.coefs, learningRateSchedule);
  }
});

test("an invscaling rate that rounds to 0 in float32 ends training, and says so", async () => {
  const clf = await new MLPClassifier({ hiddenLayers: [3], optimizer: "sgd", learningRateSchedule: "invscaling", powerT: 40, epochs: 10 }).fit(iris.XTrain, iris.yTrain);
  // After one epoch of 112 rows the rate is 0.01 / 113^40, about 1e-84: 0 in float32.
  assert.is(clf.loss.length, 1);
  assert.is(clf.stoppedBy, "learningRate");
});

test("a schedule is sgd's alone, and powerT is checked", () => {
  throws(() => new MLPClassifier({ learningRateSchedule: "adaptive" }), /^learningRateSchedule "adaptive" is for optimizer "sgd", got optimizer "adam"$/);
  throws(() => new MLPClassifier({ optimizer: "sgd", learningRateSchedule: "cosine" }), /^learningRateSchedule must be one of "constant", "invscaling", "adaptive", got "cosine"$/);
  throws(() => new MLPClassifier({ optimizer: "sgd", powerT: -1 }), /^powerT must be a finite number ≥ 0, got -1$/);
});

test("stopOnTrainingLoss stops where scikit-learn's rule does; off, every epoch runs", async () => {
  const o = { hiddenLayers: [4], optimizer: "adam", learningRate: 0.01, epochs: 300, tol: 1e-3, patience: 6, seed: 2 };
  const stopped = await new MLPClassifier({ ...o, stopOnTrainingLoss: true }).fit(iris.XTrain, iris.yTrain);
  const sk = { learning_rate: "constant", learning_rate_init: 0.01, power_t: 0.5, tol: 1e-3, n_iter_no_change: 5 };
  const full = await new MLPClassifier(o).fit(iris.XTrain, iris.yTrain);
  assert.is(full.loss.length, 300);
  const expected = replay(sk, iris.XTrain.length, full.loss).epochs;
  assert.ok(expected < 300, `the rule stops the run (at ${expected})`);
  assert.is(stopped.loss.length, expected);
  assert.is(stopped.stoppedBy, "patience");
  assert.is(full.stoppedBy, undefined);
  assert.equal(stopped.loss, full.loss.slice(0, expected));
});

test.run();
