// The library's defaults on data as users bring it: `new MLPClassifier()` and
// `new MLPRegressor()` on the raw columns of scikit-learn's real data sets must score
// within 0.03 of scikit-learn's StandardScaler pipeline (tests/fixtures/defaults/, written
// by make-defaults-data.py with scikit-learn's figures). The command's train takes the
// same defaults.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPClassifier, MLPRegressor } from "../build/index.js";
import { wasmlp, workspace, blobs, toCsv } from "./helpers/cli.js";

const NAMES = ["iris", "wine", "breast-cancer", "digits", "circles", "moons", "diabetes", "friedman1"];
const SEEDS = [0, 1, 2];
const MARGIN = 0.03;
const DIGITS = "0123456789abcdefg";
const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const rows = (list) => list.map((row) => (typeof row === "string" ? [...row].map((c) => DIGITS.indexOf(c)) : row));

function load(name) {
  const file = read(`./fixtures/defaults/${name}.json`);
  // The regression sets are the rows of tests/fixtures/regression/, kept once.
  const data = file.data ? read(`../${file.data}`) : file;
  return { ...file, XTrain: rows(data.XTrain), XTest: rows(data.XTest), yTrain: data.yTrain, yTest: data.yTest };
}

const table = [];
for (const name of NAMES) {
  test(`defaults on raw ${name}: within ${MARGIN} of scikit-learn's scaled pipeline`, async () => {
    const d = load(name);
    const Model = d.task === "regression" ? MLPRegressor : MLPClassifier;
    const scores = [];
    for (const seed of SEEDS) {
      // Only the seed: every other option is the default.
      const model = await new Model(seed === 0 ? undefined : { seed }).fit(d.XTrain, d.yTrain);
      scores.push(model.score(d.XTest, d.yTest));
    }
    const mean = scores.reduce((a, b) => a + b) / scores.length;
    const target = d.sklearn.scaled.mean;
    table.push(`${name.padEnd(14)} ${mean.toFixed(3)}   ${d.sklearn.raw.mean.toFixed(3)}   ${target.toFixed(3)}`);
    assert.ok(mean >= target - MARGIN, `${name}: wasmlp ${mean.toFixed(4)} (${scores.map((s) => s.toFixed(3))}) vs scikit-learn scaled ${target}`);
  });
}

test("the defaults are scikit-learn's, with the inputs standardized", () => {
  const o = new MLPClassifier().options;
  const expected = {
    hiddenLayers: [100], activation: "relu", optimizer: "adam", learningRate: 0.001, batchSize: 200, l2: 1e-4, init: "glorot",
    epochs: 200, shuffle: true, tol: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentum: 0.9, nesterov: true,
    learningRateSchedule: "constant", powerT: 0.5, standardize: true, validationFraction: 0, stopOnTrainingLoss: false,
  };
  for (const [name, value] of Object.entries(expected)) assert.equal(o[name], value, name);
  const r = new MLPRegressor().options;
  for (const [name, value] of Object.entries(expected)) assert.equal(r[name], value, `regressor ${name}`);
  assert.is(r.standardizeTargets, true);
});

test("train's defaults are the library's: a model trained with no option flags stores the default options", () => {
  const ws = workspace("defaults");
  const data = ws.file("blobs.csv", toCsv(["x", "y", "label"], blobs(300, 4)));
  for (const [task, Model] of [["classification", MLPClassifier], ["regression", MLPRegressor]]) {
    const out = ws.path(`${task}.json`);
    const result = wasmlp(["train", data, "-o", out, "--task", task, "--quiet"]);
    assert.is(result.status, 0, result.stderr);
    const stored = JSON.parse(readFileSync(out, "utf8")).options;
    // Files leave out the options newer than format version 3 at their defaults.
    const { learningRateSchedule, powerT, stopOnTrainingLoss, ...defaults } = new Model().options;
    assert.equal([learningRateSchedule, powerT, stopOnTrainingLoss], ["constant", 0.5, false]);
    assert.equal(stored, defaults, task);
  }
  const help = wasmlp(["train", "--help"]).stdout;
  for (const line of [/--hidden W,W .*\n.*\[100\]/, /--activation NAME +relu, tanh, sigmoid or identity \[relu\]/, /--optimizer NAME .*\[adam\]/, /--epochs N .*\[200\]/,
    /--l2 X .*\[0\.0001\]/, /--validation-fraction X[\s\S]*?none \[0\]/, /--patience N[\s\S]*?\[10\]/, /--tol X[\s\S]*?\[0\.0001\]/, /--stop-on-training-loss[\s\S]*?\[off\]/]) {
    assert.match(help, line);
  }
});

test.after(() => {
  if (table.length) console.log(`\ndata set       wasmlp   sklearn raw   sklearn scaled (means over seeds)\n${table.join("\n")}`);
});

test.run();
