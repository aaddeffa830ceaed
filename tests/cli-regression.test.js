// `wasmlp train --task regression`, and eval and predict on the regressor files it
// writes, run as a child process on files written here: the figures eval prints are
// the library's on the same model and file, predict writes the library's predictions,
// and a bad target cell is an error naming its line and column.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { MLPRegressor } from "../build/index.js";
import { wasmlp, workspace, parseCsv, blobs, toCsv } from "./helpers/cli.js";

const ws = workspace("cli-regression");

// A seeded generator of its own, so the data do not depend on the library's.
function lcg(seed) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647), s / 2147483647);
}

// y = 5000 + 300a − 200b + 100c + noise of standard deviation about 6: a linear target
// far from 0, which only standardized targets make easy; R² about 0.999.
function linearRows(n, seed) {
  const random = lcg(seed);
  return Array.from({ length: n }, () => {
    const [a, b, c] = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
    return [a, b, c, (5000 + 300 * a - 200 * b + 100 * c + (random() - 0.5) * 20).toFixed(3)];
  });
}

// The columns as the test reads them itself, in the model's feature order.
function columnsOf(text, featureNames, targetNames) {
  const [header, ...rows] = parseCsv(text);
  const at = (name) => header.indexOf(name);
  const X = Float32Array.from(rows.flatMap((r) => featureNames.map((f) => Number(r[at(f)]))));
  const y = rows.map((r) => targetNames.map((t) => Number(r[at(t)])));
  return { X, y: targetNames.length === 1 ? y.map((r) => r[0]) : y };
}

// The target column first, to show it is found by name, not by position.
const trainText = toCsv(["y", "a", "b", "c"], linearRows(400, 1).map(([a, b, c, y]) => [y, a, b, c]));
const testText = toCsv(["c", "a", "b", "y"], linearRows(100, 2).map(([a, b, c, y]) => [c, a, b, y]));
const trainFile = ws.file("linear-train.csv", trainText);
const testFile = ws.file("linear-test.csv", testText);
const model = ws.path("linear.model.json");
const plot = ws.path("linear-loss.svg");
const trained = wasmlp(["train", trainFile, "--task", "regression", "--label", "y", "-o", model, "--plot", plot, "--hidden", "32", "--validation-fraction", "0.2", "--quiet"]);

test("train --task regression writes a regressor file and a summary with R²", () => {
  assert.is(trained.status, 0, trained.stderr);
  assert.is(trained.stderr, "", "--quiet prints only the summary");
  assert.match(trained.stdout, /trained a 3-32-1 relu network on .*linear-train\.csv: 400 rows, 3 features, target column "y"/);
  assert.match(trained.stdout, /validation: loss \d\.\d{4}, R² 0\.9\d{3}/);
  const r2 = Number(/R² on all 400 rows: (\S+)/.exec(trained.stdout)[1]);
  assert.ok(r2 > 0.95, trained.stdout);
  const json = JSON.parse(readFileSync(model, "utf8"));
  assert.is(json.kind, "regressor");
  assert.equal(json.featureNames, ["a", "b", "c"]);
  assert.is(json.labelName, "y");
  assert.match(readFileSync(plot, "utf8"), /squared error/);
});

test("train --task regression takes the library's defaults for flags not given", async () => {
  const out = ws.path("defaults.model.json");
  const result = wasmlp(["train", trainFile, "--task", "regression", "--label", "y", "-o", out, "--epochs", "5", "--quiet"]);
  assert.is(result.status, 0, result.stderr);
  const reg = await MLPRegressor.fromJSON(readFileSync(out, "utf8"));
  const defaults = new MLPRegressor().options;
  assert.equal(reg.options.hiddenLayers, defaults.hiddenLayers);
  assert.is(reg.options.validationFraction, defaults.validationFraction);
  assert.is(reg.options.epochs, 5);
  assert.match(result.stdout, /trained a 3-100-1 relu network/);
});

test("eval prints R², MAE and RMSE, and --json gives the library's R² on the same model and file", async () => {
  const text = wasmlp(["eval", model, testFile]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /linear-test\.csv: 100 rows, target column "y"\n {2}R² {4}0\.9\d{3}\n {2}MAE {3}\d+\.\d{4}\n {2}RMSE {2}\d+\.\d{4}$/m);

  const result = wasmlp(["eval", model, testFile, "--json"]);
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout.trim().split("\n").length, 1);
  const scores = JSON.parse(result.stdout);
  assert.equal(Object.keys(scores), ["r2", "mae", "rmse", "n"]);
  assert.is(scores.n, 100);
  assert.ok(scores.r2 > 0.95, String(scores.r2));

  const reg = await MLPRegressor.fromJSON(readFileSync(model, "utf8"));
  const { X, y } = columnsOf(testText, reg.featureNames, ["y"]);
  assert.ok(Math.abs(scores.r2 - reg.score(X, y)) < 1e-12, `${scores.r2} vs ${reg.score(X, y)}`);
  const errors = reg.predict(X).map((p, i) => p - y[i]);
  const mae = errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length;
  const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
  assert.ok(Math.abs(scores.mae - mae) < 1e-9 * mae, `${scores.mae} vs ${mae}`);
  assert.ok(Math.abs(scores.rmse - rmse) < 1e-9 * rmse, `${scores.rmse} vs ${rmse}`);
  // The noise's standard deviation is 20/√12 ≈ 5.8: the model cannot beat it by much.
  assert.ok(rmse > 4 && rmse < 30, String(rmse));
});

test("predict writes a column named after the target, the library's predictions exactly", async () => {
  const result = wasmlp(["predict", model, testFile]);
  assert.is(result.status, 0, result.stderr);
  const [header, ...rows] = parseCsv(result.stdout);
  assert.equal(header, ["y"]);
  assert.is(rows.length, 100);
  assert.ok(rows.every((r) => r.length === 1));
  const reg = await MLPRegressor.fromJSON(readFileSync(model, "utf8"));
  const { X } = columnsOf(testText, reg.featureNames, ["y"]);
  assert.equal(rows.map((r) => Number(r[0])), reg.predict(X));
  // A file without the target column predicts the same.
  const featuresOnly = ws.file("features-only.csv", toCsv(["a", "b", "c"], parseCsv(testText).slice(1).map((r) => [r[1], r[2], r[0]])));
  const again = wasmlp(["predict", model, featuresOnly]);
  assert.is(again.stdout, result.stdout);
  const proba = wasmlp(["predict", model, testFile, "--proba"]);
  assert.is(proba.status, 2);
  assert.match(proba.stderr, /--proba is for classifiers/);
});

// Two targets of two features, both learnable: y0 linear, y1 with a square.
const twoText = toCsv(["y0", "a", "b", "y1"], (() => {
  const random = lcg(3);
  return Array.from({ length: 300 }, () => {
    const [a, b] = [random() * 2 - 1, random() * 2 - 1];
    return [3 * a + b, a, b, 100 - 2 * b + a * a];
  });
})());
const twoFile = ws.file("two.csv", twoText);
const twoModel = ws.path("two.model.json");

test("two targets: train keeps their names, so eval and predict find them by name; --label still overrides", async () => {
  const result = wasmlp(["train", twoFile, "--task", "regression", "--label", "y0,y1", "-o", twoModel, "--hidden", "32", "--quiet"]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /2-32-2 relu network .*: 300 rows, 2 features, 2 target columns \("y0", "y1"\)/);
  const json = JSON.parse(readFileSync(twoModel, "utf8"));
  assert.equal([json.version, json.featureNames, json.targetNames, Object.hasOwn(json, "labelName")], [4, ["a", "b"], ["y0", "y1"], false]);

  const miscounted = wasmlp(["eval", twoModel, twoFile, "--label", "y0"]);
  assert.is(miscounted.status, 2);
  assert.match(miscounted.stderr, /--label names 1 column, and .* predicts 2 targets/);

  const text = wasmlp(["eval", twoModel, twoFile]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /^target +R² +MAE +RMSE$/m);
  assert.match(text.stdout, /^y0 +0\.9\d{3} /m);
  assert.match(text.stdout, /^y1 +0\.9\d{3} /m);
  assert.match(text.stdout, /^overall +0\.9\d{3} /m);
  assert.is(wasmlp(["eval", twoModel, twoFile, "--label", "y0,y1"]).stdout, text.stdout);

  const scores = JSON.parse(wasmlp(["eval", twoModel, twoFile, "--json"]).stdout);
  assert.equal(Object.keys(scores), ["r2", "mae", "rmse", "n", "targets"]);
  assert.equal(scores.targets.map((t) => t.name), ["y0", "y1"]);
  const reg = await MLPRegressor.fromJSON(readFileSync(twoModel, "utf8"));
  assert.equal(reg.targetNames, ["y0", "y1"]);
  const { X, y } = columnsOf(twoText, ["a", "b"], ["y0", "y1"]);
  assert.ok(Math.abs(scores.r2 - reg.score(X, y)) < 1e-12, `${scores.r2} vs ${reg.score(X, y)}`);
  assert.ok(Math.abs(scores.r2 - (scores.targets[0].r2 + scores.targets[1].r2) / 2) < 1e-15);
  // The targets in another order, found by name: the same scores.
  const swapped = ws.file("two-swapped.csv", toCsv(["y1", "b", "y0", "a"], parseCsv(twoText).slice(1).map(([y0, a, b, y1]) => [y1, b, y0, a])));
  assert.equal(JSON.parse(wasmlp(["eval", twoModel, swapped, "--json"]).stdout), scores);

  const predicted = wasmlp(["predict", twoModel, twoFile]);
  assert.is(predicted.status, 0, predicted.stderr);
  const [header, ...rows] = parseCsv(predicted.stdout);
  assert.equal(header, ["y0", "y1"]);
  assert.equal(rows.map((r) => r.map(Number)), reg.predict(X));
  const renamed = wasmlp(["predict", twoModel, twoFile, "--label", "p,q"]);
  assert.equal(parseCsv(renamed.stdout)[0], ["p", "q"]);
});

test("a two-target model written before wasmlp kept target names (version 3): eval needs --label, predict numbers its columns", async () => {
  const json = JSON.parse(readFileSync(twoModel, "utf8"));
  const { targetNames: _, ...rest } = json;
  const old = ws.file("two-v3.model.json", JSON.stringify({ ...rest, version: 3, labelName: null }));
  const unnamed = wasmlp(["eval", old, twoFile]);
  assert.is(unnamed.status, 2);
  assert.match(unnamed.stderr, /predicts 2 targets and does not name them .*\(--label y0,y1\)/);
  const named = wasmlp(["eval", old, twoFile, "--label", "y0,y1"]);
  assert.is(named.status, 0, named.stderr);
  assert.is(named.stdout, wasmlp(["eval", twoModel, twoFile]).stdout);
  assert.equal(parseCsv(wasmlp(["predict", old, twoFile]).stdout)[0], ["target_1", "target_2"]);
});

test("a target cell that is not a number is an error naming its line and column; no model is written", () => {
  const rows = linearRows(20, 4).map((r) => [...r]);
  rows[6][3] = "n/a";
  const file = ws.file("bad-target.csv", toCsv(["a", "b", "c", "y"], rows));
  const out = ws.path("bad-target.model.json");
  const result = wasmlp(["train", file, "--task", "regression", "-o", out, "--quiet"]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /^wasmlp: error: .*bad-target\.csv, line 8, column 4 \("y"\): expected a number \(a regression target\), found "n\/a"\n$/);
  assert.not.ok(existsSync(out));

  rows[6][3] = "";
  const empty = wasmlp(["train", ws.file("empty-target.csv", toCsv(["a", "b", "c", "y"], rows)), "--task", "regression", "-o", out, "--quiet"]);
  assert.is(empty.status, 1);
  assert.match(empty.stderr, /line 8, column 4 \("y"\): the target cell is empty/);
});

test("of a bad feature and a bad target, the one on the earlier line is reported, either way", () => {
  const out = ws.path("order.model.json");
  const targetFirst = wasmlp(["train", ws.file("order-1.csv", "a,y\n1,2\n1,z\nq,3\n"), "--task", "regression", "-o", out, "--quiet"]);
  assert.match(targetFirst.stderr, /line 3, column 2 \("y"\): expected a number \(a regression target\)/);
  const featureFirst = wasmlp(["train", ws.file("order-2.csv", "a,y\n1,2\nq,3\n1,z\n"), "--task", "regression", "-o", out, "--quiet"]);
  assert.match(featureFirst.stderr, /line 3, column 1 \("a"\): expected a number, found "q"/);
});

test("eval finds a regressor's target by the name it kept, and names a missing one", () => {
  const file = ws.file("no-target.csv", toCsv(["a", "b", "c"], [[0, 0, 0]]));
  const result = wasmlp(["eval", model, file]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /no-target\.csv, line 1: there is no column named "y" \(the model's target column; give --label if it has another name\)/);
});

test("a regressor fitted without column names is read by position, with a note", async () => {
  const rows = linearRows(200, 5);
  const reg = new MLPRegressor({ hiddenLayers: [16], epochs: 50, seed: 1 });
  const X = Float32Array.from(rows.flatMap((r) => r.slice(0, 3)));
  const y = rows.map((r) => Number(r[3]));
  await reg.fit(X, y, { features: 3 });
  const file = ws.file("unnamed.model.json", JSON.stringify(reg.toJSON()));
  const data = ws.file("unnamed.csv", toCsv(["p", "q", "r", "s"], rows));
  const result = wasmlp(["eval", file, data, "--json"]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stderr, /names no columns .* every column but the target/);
  assert.ok(Math.abs(JSON.parse(result.stdout).r2 - reg.score(X, y)) < 1e-12);
  const predicted = parseCsv(wasmlp(["predict", file, data]).stdout);
  assert.equal(predicted[0], ["prediction"]);
  assert.equal(predicted.slice(1).map((r) => Number(r[0])), reg.predict(X));
});

test("usage errors of --task exit with status 2", () => {
  const bad = wasmlp(["train", trainFile, "--task", "regresion", "-o", ws.path("x.json")]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--task expects classification or regression, got "regresion"/);
  const many = wasmlp(["train", trainFile, "--task", "regression", "--many-classes", "-o", ws.path("x.json")]);
  assert.is(many.status, 2);
  assert.match(many.stderr, /--many-classes is for classification/);
  const hidden = wasmlp(["train", trainFile, "--task", "regression", "--hidden", "0", "-o", ws.path("x.json")]);
  assert.is(hidden.status, 2);
  assert.match(hidden.stderr, /--hidden must be/);
});

test("a classifier model still evaluates and predicts as before", () => {
  const data = ws.file("blobs.csv", toCsv(["x", "y", "label"], blobs(200)));
  const clf = ws.path("blobs.model.json");
  const trainedClf = wasmlp(["train", data, "-o", clf, "--epochs", "30", "--lr", "0.01", "--quiet"]);
  assert.is(trainedClf.status, 0, trainedClf.stderr);
  const scores = JSON.parse(wasmlp(["eval", clf, data, "--json"]).stdout);
  assert.equal(Object.keys(scores), ["accuracy", "f1", "logLoss", "n", "classes", "confusion"]);
  assert.is(scores.n, 200);
  assert.ok(scores.accuracy > 0.9, String(scores.accuracy));
  const predicted = wasmlp(["predict", clf, data, "--proba"]);
  assert.equal(parseCsv(predicted.stdout)[0], ["prediction", "p_0", "p_1"]);
});

test("a label column that looks like a quantity points to --task regression", () => {
  const result = wasmlp(["train", trainFile, "-o", ws.path("quantity.json"), "--quiet"]);
  assert.is(result.status, 1);
  assert.match(result.stderr, /train a regressor with --task regression/);
});

test.after(() => ws.remove());
test.run();
