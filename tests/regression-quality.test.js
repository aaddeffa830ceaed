// MLPRegressor against scikit-learn's MLPRegressor on the same data and settings: on each
// data set in tests/fixtures/regression/ (written by make-regression-data.py), the mean
// test R² of three seeds must be no more than 0.02 below scikit-learn's mean over ten
// seeds, with inputs and targets standardized in both. R² is computed here in float64 from
// predict's output, and score must agree with it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPRegressor } from "../build/index.js";
import { r2 } from "./helpers/reference.js";

const FIXTURES = ["diabetes", "friedman1", "large-targets", "sine", "three-targets", "friedman2-small"];
const SEEDS = [0, 1, 2];
// How far below scikit-learn's mean R² wasmlp's mean may be (being above is fine).
const TOLERANCE = 0.02;

// The files hold the shortest decimal that reads back as each float32 value; Math.fround
// gives back that float32, the number scikit-learn was fit on.
const float32s = (v) => (Array.isArray(v) ? v.map(float32s) : Math.fround(v));

function load(name) {
  const fixture = JSON.parse(readFileSync(new URL(`./fixtures/regression/${name}.json`, import.meta.url), "utf8"));
  for (const key of ["XTrain", "yTrain", "XTest", "yTest"]) fixture[key] = float32s(fixture[key]);
  return fixture;
}

/** Targets as columns: one column for number[], one per target for number[][]. */
const columns = (y) => (Array.isArray(y[0]) ? y[0].map((_, j) => y.map((row) => row[j])) : [y]);

const format = (x) => x.toFixed(4);
console.log("data set          wasmlp R² (seeds 0-2: mean, min, max)   scikit-learn R² (seeds 0-9: mean, min, max)");

for (const name of FIXTURES) {
  const fixture = load(name);
  const { settings, sklearn } = fixture;
  const targets = Array.isArray(fixture.yTest[0]) ? fixture.yTest[0].length : 1;

  test(`${name}: mean R² within ${TOLERANCE} of scikit-learn's ${format(sklearn.r2Mean)} (or above it)`, async () => {
    const scores = [];
    for (const seed of SEEDS) {
      const reg = new MLPRegressor({
        hiddenLayers: settings.hiddenLayers, activation: settings.activation, optimizer: settings.optimizer,
        learningRate: settings.learningRate, batchSize: settings.batchSize, epochs: settings.epochs,
        l2: settings.l2, shuffle: settings.shuffle, standardize: true, seed, threads: 1,
      });
      await reg.fit(fixture.XTrain, fixture.yTrain);
      const predicted = reg.predict(fixture.XTest);
      assert.ok(Array.isArray(predicted), `${name} seed ${seed}: predict returns an array`);
      assert.is(predicted.length, fixture.XTest.length, `${name} seed ${seed}: one prediction per row`);
      predicted.forEach((p, i) => {
        if (targets === 1) assert.ok(typeof p === "number" && Number.isFinite(p), `${name} seed ${seed}: prediction ${i} is ${p}`);
        else {
          assert.ok(Array.isArray(p) && p.length === targets, `${name} seed ${seed}: prediction ${i} is not a row of ${targets}`);
          p.forEach((v, j) => assert.ok(Number.isFinite(v), `${name} seed ${seed}: prediction ${i}[${j}] is ${v}`));
        }
      });
      const ours = r2(fixture.yTest, predicted);
      const reported = reg.score(fixture.XTest, fixture.yTest);
      assert.ok(Math.abs(reported - ours) <= 1e-9, `${name} seed ${seed}: score() = ${reported}, R² of predict's output = ${ours}`);
      scores.push(ours);
    }
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    console.log(`${name.padEnd(17)} ${format(mean)} (${format(Math.min(...scores))}, ${format(Math.max(...scores))})`.padEnd(58) +
      `${format(sklearn.r2Mean)} (${format(sklearn.r2Min)}, ${format(sklearn.r2Max)})`);
    assert.ok(mean >= sklearn.r2Mean - TOLERANCE,
      `${name}: wasmlp's mean R² ${mean} (seeds ${SEEDS.join(", ")}: ${scores.join(", ")}) is more than ${TOLERANCE} below scikit-learn's ${sklearn.r2Mean}`);
  });
}

test("the fixtures are what make-regression-data.py writes: 0.25 of the rows held out, the settings it fixes", () => {
  for (const name of FIXTURES) {
    const { settings, sklearn, XTrain, XTest, yTrain, yTest } = load(name);
    const rows = XTrain.length + XTest.length;
    assert.is(XTest.length, Math.ceil(rows * 0.25), `${name}: test rows`);
    assert.is(yTrain.length, XTrain.length, `${name}: training targets`);
    assert.is(yTest.length, XTest.length, `${name}: test targets`);
    assert.ok([...XTrain, ...XTest].every((row) => row.length === XTrain[0].length), `${name}: one width of row`);
    assert.equal([settings.optimizer, settings.learningRate, settings.l2, settings.shuffle], ["adam", 0.001, 0.0001, true], name);
    assert.is(settings.batchSize, Math.min(200, XTrain.length), `${name}: batch size`);
    assert.ok(sklearn.r2Min <= sklearn.r2Mean && sklearn.r2Mean <= sklearn.r2Max && sklearn.r2.length === sklearn.seeds.length, name);
  }
});

test.run();
