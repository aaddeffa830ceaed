// The examples in examples/ run as a user runs them, from the packed package: the Node
// script reproduces the seed article's 0.93 and predicts the same with wasmlp/infer and
// the exported module; the command-line session trains, evaluates, predicts and exports.
// The browser examples (vite, webpack) are built and run in tests/bundlers.test.js; every
// folder in examples/ must be one of these, so none is left unrun.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MLPClassifier, sklearnMakeClassification, sklearnTrainTestSplit } from "../build/index.js";
import { installedApp, root } from "./helpers/packed.js";
import { BUNDLERS } from "./helpers/example-apps.js";

const RUN_HERE = ["node", "cli"];
let app;

test.before(() => {
  app = installedApp("examples-app");
});

const run = (example, file) => {
  copyFileSync(join(root, "examples", example, file), join(app, file));
  return execFileSync(process.execPath, [file, app], { cwd: app, encoding: "utf8" });
};

test("every example folder is run by a test", () => {
  const folders = readdirSync(join(root, "examples"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  assert.equal(folders.sort(), [...RUN_HERE, ...Object.keys(BUNDLERS)].sort());
});

test("examples/node: the seed article's 0.93, and the same probabilities from infer and the exported module", async () => {
  const out = run("node", "seed-article.mjs");
  assert.match(out, /^accuracy 0\.93, F1 0\.93\n/);
  const infer = out.match(/^wasmlp\/infer, first test rows: (.+)$/m)[1];
  const standalone = out.match(/^standalone module, same rows: +(.+)$/m)[1];
  assert.is(standalone, infer);
  // The model file it saved predicts, in this checkout's library, what the script printed.
  const clf = await MLPClassifier.fromJSON(readFileSync(join(app, "seed.model.json"), "utf8"));
  const data = sklearnMakeClassification({ samples: 10000, features: 3, informative: 2, redundant: 1, randomState: 42 });
  const { XTest } = sklearnTrainTestSplit(data.X, data.y, { testSize: 0.2, randomState: 42, features: 3 });
  const rows = [0, 1, 2].map((i) => Array.from(XTest.subarray(3 * i, 3 * i + 3)));
  assert.is(infer, clf.predictProba(rows).map((p) => p[1].toFixed(4)).join(" "));
  const exported = await import(pathToFileURL(join(app, "seed-model.mjs")).href);
  assert.equal(exported.predictProba(rows), clf.predictProba(rows));
});

test("examples/cli: train, eval, predict and export, as typed", async () => {
  const out = run("cli", "session.mjs");
  const commands = [...out.matchAll(/^\$ npx wasmlp (\w+)/gm)].map((m) => m[1]);
  assert.equal(commands, ["train", "eval", "predict", "export"]);
  const evaluation = JSON.parse(out.match(/^\{"accuracy".*$/m)[0]);
  assert.is(evaluation.n, 20);
  assert.ok(evaluation.accuracy >= 0.95, `accuracy ${evaluation.accuracy} on two well-separated groups`);
  assert.match(out, /^prediction,p_tall,p_wide\nwide,[0-9.e-]+,[0-9.e-]+\ntall,[0-9.e-]+,[0-9.e-]+$/m);
  // The exported module gives the probabilities predict printed.
  const standalone = await import(pathToFileURL(join(app, "species-model.mjs")).href);
  const printed = out.match(/^(wide|tall),([0-9.e-]+),([0-9.e-]+)$/gm).map((line) => line.split(",").slice(1).map(Number));
  const proba = standalone.predictProba([[4.2, 1.1], [1.7, 2.9]]);
  proba.forEach((row, i) => row.forEach((p, k) => assert.ok(Math.abs(p - printed[i][k]) <= 5e-7 * Math.max(1, p), `row ${i}: ${p} vs ${printed[i][k]}`)));
  assert.ok(existsSync(join(app, "species.model.json")));
});

test.run();
