// Node, Deno and Bun (the `deno` and `bun` npm packages, devDependencies) run the packed
// package the same way: tests/helpers/runtime-smoke.mjs trains on one thread and on two,
// saves, loads, predicts with wasmlp/infer, trains a regressor and trains in a worker, and
// every runtime must print the same float32 bits as Node; the `wasmlp` command, run by each
// runtime, must write the same model file and the same predictions. The installed package's
// own `wasmlp demo` must print the article's 0.93 on scikit-learn's data.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installedApp, root } from "./helpers/packed.js";

// How each runtime runs a script file; the binaries come inside their npm packages.
const RUNTIMES = {
  node: [process.execPath],
  deno: [join(root, "node_modules/.bin/deno"), "run", "--allow-all"],
  bun: [join(root, "node_modules/.bin/bun")],
};
// No update checks or prompts, a cache of their own: nothing reaches for the network.
const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" };

let app;
const runIn = (runtime, args) => {
  const [command, ...prefix] = RUNTIMES[runtime];
  return execFileSync(command, [...prefix, ...args], { cwd: app, encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
};

test.before(() => {
  app = installedApp("runtimes-app");
  copyFileSync(join(root, "tests/helpers/runtime-smoke.mjs"), join(app, "smoke.mjs"));
  // A small two-class table for the command line, labels as text.
  const rows = Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), i % 3 === 0 ? "yes" : "no"]);
  writeFileSync(join(app, "data.csv"), `a,b,answer\n${rows.map((r) => r.join(",")).join("\n")}\n`);
});

let nodeResults;
const node = () => (nodeResults ??= JSON.parse(runIn("node", ["smoke.mjs"])));

test("the smoke script's results agree within Node itself", () => {
  const out = node();
  const proba = out["proba threads 1"];
  for (const key of ["proba threads 2", "loaded from bytes", "loaded from JSON", "infer", "infer simd", "trained in a worker"]) assert.is(out[key], proba, key);
  assert.is(out["loss threads 2"], out["loss threads 1"]);
  assert.is(out["regressor infer"], out.regressor);
  assert.is(out["regressor infer simd"], out.regressor);
  assert.is(out["wasmlp/worker"], "true");
  assert.is(proba.length, 1200 * 3 * 8, "three float32 probabilities a row");
});

for (const runtime of ["deno", "bun"]) {
  test(`${runtime}: the same bits as Node for training (1 and 2 threads), loading, infer and workers`, () => {
    const expected = node();
    const actual = JSON.parse(runIn(runtime, ["smoke.mjs"]));
    assert.is(actual.runtime, runtime);
    for (const key of Object.keys(expected).filter((k) => k !== "runtime")) assert.ok(actual[key] === expected[key], `${runtime}: ${key} differs from Node's`);
  });
}

test("the wasmlp command writes the same model and predictions under Node, Deno and Bun", () => {
  const cli = "node_modules/wasmlp/build/cli.js";
  const results = {};
  for (const runtime of Object.keys(RUNTIMES)) {
    runIn(runtime, [cli, "train", "data.csv", "--label", "answer", "-o", `${runtime}.model.json`, "--quiet"]);
    results[runtime] = {
      model: readFileSync(join(app, `${runtime}.model.json`), "utf8"),
      predictions: runIn(runtime, [cli, "predict", `${runtime}.model.json`, "data.csv", "--proba"]),
    };
  }
  assert.match(results.node.predictions, /^prediction,p_no,p_yes\n/);
  for (const runtime of ["deno", "bun"]) {
    assert.ok(results[runtime].model === results.node.model, `${runtime}: the model file differs from Node's`);
    assert.is(results[runtime].predictions, results.node.predictions, runtime);
  }
});

test("the installed package's demo prints the article's 0.93 on scikit-learn's data", () => {
  const out = execFileSync(process.execPath, ["node_modules/.bin/wasmlp", "demo"], { cwd: app, encoding: "utf8" });
  assert.match(out, /scikit-learn's make_classification\(random_state=42\)[^\n]*\n\s*accuracy: 0\.93 and F1 score: 0\.93/);
});

test.run();
