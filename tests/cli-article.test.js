// The seed article from the command line: its flags on its data (scikit-learn's split,
// tests/fixtures/seed-split.json, as CSV) reach its 0.93 on the test rows, since nothing
// is held out by default; early stopping with a patience of 10 would end full-batch
// descent on a plateau, and the summary says why it stopped.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { toCsv, wasmlp, workspace } from "./helpers/cli.js";

const split = JSON.parse(readFileSync(new URL("./fixtures/seed-split.json", import.meta.url), "utf8"));
const ws = workspace("article");
const header = ["x0", "x1", "x2", "label"];
const trainCsv = ws.file("seed-train.csv", toCsv(header, split.XTrain.map((r, i) => [...r, split.yTrain[i]])));
const testCsv = ws.file("seed-test.csv", toCsv(header, split.XTest.map((r, i) => [...r, split.yTest[i]])));
const ARTICLE = ["--hidden", "5", "--activation", "sigmoid", "--optimizer", "gd", "--lr", "1", "--epochs", "2000"];

function trainAndEval(extra, name) {
  const model = ws.path(`${name}.json`);
  const trained = wasmlp(["train", trainCsv, "-o", model, ...ARTICLE, ...extra, "--quiet"]);
  assert.is(trained.status, 0, trained.stderr);
  const scores = wasmlp(["eval", model, testCsv, "--json"]);
  assert.is(scores.status, 0, scores.stderr);
  return { stdout: trained.stdout, ...JSON.parse(scores.stdout) };
}

test("the article's flags give the article's 0.93 on its test rows, after all 2000 epochs", () => {
  const { stdout, accuracy, f1 } = trainAndEval([], "article");
  assert.match(stdout, /trained a 3-5-1 sigmoid network/);
  assert.match(stdout, /epochs: 2000 of 2000\n/);
  assert.is(accuracy.toFixed(2), "0.93", `accuracy ${accuracy}`);
  assert.is(f1.toFixed(2), "0.93", `F1 ${f1}`);
});

test("with a hold-out, patience 10 stops gd on a plateau and says so; a patience of a tenth of the run does not", () => {
  const short = trainAndEval(["--validation-fraction", "0.1"], "short");
  const stopped = Number(/epochs: (\d+) of 2000 \(stopped: no better validation loss for 10 epochs\)/.exec(short.stdout)?.[1]);
  assert.ok(stopped < 200, short.stdout);
  assert.ok(short.accuracy < 0.9, `cut off at epoch ${stopped}: accuracy ${short.accuracy}`);
  const patient = trainAndEval(["--validation-fraction", "0.1", "--patience", "200"], "patient");
  assert.ok(patient.accuracy >= 0.925, `patience 200: accuracy ${patient.accuracy}\n${patient.stdout}`);
});

test("--stop-on-training-loss stops on the training loss's plateau, with --tol and --patience, and says so", () => {
  const { stdout } = trainAndEval(["--stop-on-training-loss", "--tol", "0.001", "--patience", "5"], "plateau");
  assert.match(stdout, /epochs: \d+ of 2000 \(stopped: the training loss did not fall by 0\.001 for 5 epochs\)/);
  assert.not.match(stdout, /validation/);
});

test("--help documents --tol, --patience, --stop-on-training-loss and why gd holds nothing out", () => {
  const help = wasmlp(["train", "--help"]).stdout;
  for (const flag of ["--tol X", "--patience N", "--stop-on-training-loss", "--lr-schedule NAME", "--power-t X"]) assert.ok(help.includes(flag), flag);
  assert.match(help, /So nothing is held out by default\./);
  const bad = wasmlp(["train", trainCsv, "-o", ws.path("x.json"), "--tol", "-1"]);
  assert.is(bad.status, 2);
  assert.match(bad.stderr, /--tol must be a finite number ≥ 0, got -1/);
  const schedule = wasmlp(["train", trainCsv, "-o", ws.path("x.json"), "--lr-schedule", "adaptive"]);
  assert.is(schedule.status, 2);
  assert.match(schedule.stderr, /--lr-schedule "adaptive" is for optimizer "sgd", got optimizer "adam"/);
});

test.run();
