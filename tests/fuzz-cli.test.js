// Property-based test of the `wasmlp` command: random data files (numbers, edge values,
// damaged cells, odd labels) and random flags (valid and not). Every run exits 0 with a
// model that eval and predict can use, or exits 1 (bad data) or 2 (bad usage) with one
// line on standard error that is not an internal error; no run leaves a temporary file.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fc, check, tally } from "./helpers/fuzz.js";
import { wasmlp, workspace, parseCsv } from "./helpers/cli.js";

const ws = workspace("fuzz-cli");

const number = fc.oneof(
  { weight: 300, arbitrary: fc.integer({ min: -5000, max: 5000 }).map((v) => String(v / 1000)) },
  { weight: 6, arbitrary: fc.constantFrom("1e30", "-1e38", "3.4e38", "1e-45", "-0", "0", " 7 ", "1e5") },
  { weight: 1, arbitrary: fc.constantFrom("", "NaN", "inf", "1e39", "x", '"1"', "1,5") },
);

const flagValues = {
  "--hidden": fc.constantFrom("4", "3,2", "1", "0", "4,,2", "65537", "a"),
  "--activation": fc.constantFrom("relu", "tanh", "sigmoid", "gelu"),
  "--optimizer": fc.constantFrom("adam", "sgd", "gd", "lbfgs"),
  "--lr": fc.constantFrom("0.01", "1", "1e38", "3.4e38", "0", "-1", "NaN", "1e-45"),
  "--epochs": fc.constantFrom("1", "3", "0", "2.5", "-3", "1e3"),
  "--batch-size": fc.constantFrom("1", "7", "0", "200"),
  "--l2": fc.constantFrom("0", "1e-4", "1e10", "-1"),
  "--init": fc.constantFrom("glorot", "he", "normal", "zeros"),
  "--validation-fraction": fc.constantFrom("0", "0.2", "0.5", "0.99", "1"),
  "--patience": fc.constantFrom("1", "5", "0"),
  "--tol": fc.constantFrom("0", "1e-4", "10", "-1", "1e39", "x"),
  "--lr-schedule": fc.constantFrom("constant", "invscaling", "adaptive", "step"),
  "--power-t": fc.constantFrom("0.5", "0", "4", "-1", "1e300"),
  "--seed": fc.constantFrom("0", "7", "-1", "1.5"),
  "--label": fc.constantFrom("label", "x0", "nope"),
};

const run = fc.record({ features: fc.integer({ min: 1, max: 3 }), rows: fc.integer({ min: 1, max: 30 }) }).chain(({ features, rows }) => fc.record({
  features: fc.constant(features),
  cells: fc.array(fc.array(number, { minLength: features, maxLength: features }), { minLength: rows, maxLength: rows }),
  labels: fc.array(fc.constantFrom("a", "b", "c", "1", "2", " b"), { minLength: rows, maxLength: rows }),
  flags: fc.uniqueArray(fc.constantFrom(...Object.keys(flagValues)), { maxLength: 4 }).chain((names) => fc.tuple(...names.map((name) => flagValues[name].map((value) => [name, value])))),
  standardize: fc.constantFrom([], [], ["--no-standardize"], ["--standardize"], [], ["--standardize", "--no-standardize"]),
  eol: fc.constantFrom("\n", "\r\n"),
}));

let n = 0;
test("train on random files and flags: a usable model, or one clean line and status 1 or 2", async () => {
  await check(fc.asyncProperty(run, async ({ features, cells, labels, flags, standardize, eol }) => {
    const k = n++;
    const header = [...Array.from({ length: features }, (_, i) => `x${i}`), "label"];
    const data = ws.file(`data-${k}.csv`, [header, ...cells.map((row, i) => [...row, labels[i]])].map((r) => r.join(",")).join(eol) + eol);
    const model = ws.path(`model-${k}.json`);
    const args = ["train", data, "-o", model, "--quiet", ...flags.flat(), ...standardize];
    if (!flags.some(([name]) => name === "--epochs")) args.push("--epochs", "3");
    const result = wasmlp(args);
    const context = `${args.slice(4).join(" ")}: status ${result.status}: ${result.stderr}`;
    tally(`cli: ${result.status} ${result.stderr.replace(/wasmlp: (error: )?/, "").replace(/\/\S+|"[^"]*"|-?\d[\d.e+-]*/g, "#").slice(0, 60)}`);
    assert.ok([0, 1, 2].includes(result.status), context);
    assert.is(readdirSync(ws.dir).filter((f) => f.endsWith(".tmp")).length, 0, `${context}: a temporary file was left behind`);
    if (result.status !== 0) {
      assert.is(existsSync(model), false, context);
      assert.match(result.stderr, /^wasmlp: [^\n]+\n$/, context);
      assert.not.match(result.stderr, /internal error/, context);
      return;
    }
    const saved = JSON.parse(readFileSync(model, "utf8"));
    assert.ok(saved.params.every(Number.isFinite), context);
    const evaluated = wasmlp(["eval", model, data, "--json", ...flags.flat().filter((_, i, all) => all[i - 1] === "--label" || all[i] === "--label")]);
    assert.is(evaluated.status, 0, `${context}\neval: ${evaluated.stderr}`);
    const scores = JSON.parse(evaluated.stdout);
    assert.ok(scores.accuracy >= 0 && scores.accuracy <= 1 && Number.isFinite(scores.logLoss), `${context}: ${evaluated.stdout}`);
    assert.is(scores.n, cells.length);
  }), 24);
});

test("eval and predict on damaged model files and data: one clean line and status 1 or 2", async () => {
  const good = ws.file("good.csv", "x0,x1,label\n0,1,a\n1,0,b\n0.5,0.5,a\n2,2,b\n");
  const model = ws.path("good.model.json");
  assert.is(wasmlp(["train", good, "-o", model, "--epochs", "2", "--quiet"]).status, 0);
  const text = readFileSync(model, "utf8");
  const input = fc.record({
    command: fc.constantFrom("eval", "predict"),
    cut: fc.nat(),
    insert: fc.constantFrom("", "]", "{", "null", '"__proto__":{},', "1e999", "\u0000"),
    data: fc.constantFrom("x0,x1,label\n1,2,a\n", "x0,x1\n1,2\n", "x0,x1,label\n1,2,zz\n", "x0,label\n1,a\n", "x0,x1,label\n1,nan,a\n", ""),
  });
  let k = 0;
  await check(fc.asyncProperty(input, async ({ command, cut, insert, data }) => {
    const damaged = ws.file(`damaged-${k}.json`, text.slice(0, cut % text.length) + insert + text.slice(cut % text.length));
    const file = ws.file(`input-${k++}.csv`, data);
    const result = wasmlp([command, damaged, file]);
    tally(`cli ${command}: ${result.status} ${result.stderr.replace(/wasmlp: (error: )?/, "").replace(/\/\S+|"[^"]*"|-?\d[\d.e+-]*/g, "#").slice(0, 60)}`);
    assert.ok([0, 1, 2].includes(result.status), result.stderr);
    if (result.status === 0) {
      if (command === "predict") assert.is(parseCsv(result.stdout).length, 2, result.stdout);
      return;
    }
    assert.match(result.stderr, /^wasmlp: error: [^\n]+\n$/);
    assert.not.match(result.stderr, /internal error/);
  }), 16);
});

test.after(() => ws.remove());

test.run();
