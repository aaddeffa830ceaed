// The `wasmlp` command, run as a child process: train, eval, predict and demo on files
// written here, every error as one line with the right exit status, and model files that
// are written atomically however a run ends.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { wasmlp, start, workspace, parseCsv, blobs, toCsv, root, run } from "./helpers/cli.js";

const ws = workspace("cli");
const data = ws.file("blobs.csv", toCsv(["x", "y", "label"], blobs(400)));
const FAST = ["--epochs", "40", "--lr", "0.01", "--quiet"];
const model = ws.path("blobs.model.json");
const trained = wasmlp(["train", data, "-o", model, ...FAST]);

test("train writes a model and a summary", () => {
  assert.is(trained.status, 0, trained.stderr);
  assert.is(trained.stderr, "", "--quiet prints only the summary");
  // The library's default network: one hidden layer of 100 relu units.
  assert.match(trained.stdout, /trained a 2-100-1 relu network on .*blobs\.csv: 400 rows, 2 features, 2 classes \(0, 1\)/);
  assert.match(trained.stdout, /epochs: \d+ of 40/);
  const json = JSON.parse(readFileSync(model, "utf8"));
  assert.is(json.format, "wasmlp-mlp");
  assert.equal(json.classes, [0, 1]);
});

test("train --threads 2 writes the model --threads 1 does, bit for bit, and rejects 0", () => {
  const one = ws.path("threads-1.model.json");
  const two = ws.path("threads-2.model.json");
  for (const [threads, out] of [["1", one], ["2", two]]) {
    const result = wasmlp(["train", data, "-o", out, ...FAST, "--threads", threads]);
    assert.is(result.status, 0, result.stderr);
  }
  const params = (file) => JSON.parse(readFileSync(file, "utf8")).params;
  assert.equal(params(two), params(one));
  const bad = wasmlp(["train", data, "-o", ws.path("threads-0.model.json"), ...FAST, "--threads", "0"]);
  assert.is(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /--threads must be "auto" or an integer from 1 to 16, got 0/);
});

test("eval --json prints exactly one line whose figures match predict --proba's output", () => {
  const result = wasmlp(["eval", model, data, "--json"]);
  assert.is(result.status, 0, result.stderr);
  const lines = result.stdout.split("\n");
  assert.is(lines.length, 2, "one line and its newline");
  assert.is(lines[1], "");
  const scores = JSON.parse(lines[0]);
  assert.equal(Object.keys(scores), ["accuracy", "f1", "logLoss", "n", "classes", "confusion"]);
  assert.is(scores.n, 400);
  assert.equal(scores.classes, [0, 1]);
  assert.ok(scores.accuracy > 0.9, `accuracy ${scores.accuracy}`);

  // The reference: the same figures recomputed from the predictions and the true labels.
  const predicted = parseCsv(wasmlp(["predict", model, data, "--proba"]).stdout);
  assert.equal(predicted[0], ["prediction", "p_0", "p_1"]);
  const truth = parseCsv(readFileSync(data, "utf8")).slice(1).map((r) => Number(r[2]));
  const confusion = [[0, 0], [0, 0]];
  let bits = 0;
  predicted.slice(1).forEach(([label, p0, p1], i) => {
    confusion[truth[i]][Number(label)]++;
    bits -= Math.log2(Number(truth[i] === 1 ? p1 : p0));
  });
  assert.equal(scores.confusion, confusion);
  const [[, fp], [fn, tp]] = confusion;
  assert.ok(Math.abs(scores.accuracy - (confusion[0][0] + tp) / 400) < 1e-12);
  assert.ok(Math.abs(scores.f1 - (2 * tp) / (2 * tp + fp + fn)) < 1e-12);
  // predict rounds probabilities to 7 digits.
  assert.ok(Math.abs(scores.logLoss - bits / 400) < 1e-5, `${scores.logLoss} vs ${bits / 400}`);
});

test("eval prints the scores and the confusion matrix as a table", () => {
  const result = wasmlp(["eval", model, data]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /accuracy\s+0\.\d{4}/);
  assert.match(result.stdout, /F1\s+0\.\d{4}\s+\(binary, positive class 1\)/);
  assert.match(result.stdout, /log loss\s+\d\.\d{4} bits/);
  assert.match(result.stdout, /true \\ predicted\s+0\s+1\n0\s+\d+\s+\d+\n1\s+\d+\s+\d+/);
});

test("predict writes one label per row, to -o as to standard output, with or without the label column", () => {
  const out = ws.path("predictions.csv");
  const toFile = wasmlp(["predict", model, data, "-o", out]);
  assert.is(toFile.status, 0, toFile.stderr);
  assert.is(toFile.stdout, "");
  const rows = parseCsv(readFileSync(out, "utf8"));
  assert.is(rows.length, 401);
  assert.equal(rows[0], ["prediction"]);
  assert.ok(rows.slice(1).every(([label]) => label === "0" || label === "1"));
  const features = ws.file("features.csv", toCsv(["x", "y"], blobs(400).map(([x, y]) => [x, y])));
  assert.is(wasmlp(["predict", model, features]).stdout, readFileSync(out, "utf8"));
});

test("multiclass string labels: macro F1, quoted labels and headers in predict's output", () => {
  const labels = ["plain", 'say "hi"', "a, b"];
  const rows = blobs(300).map(([x, y], i) => [x, y, `"${labels[i % 3].replaceAll('"', '""')}"`]);
  const file = ws.file("three.csv", toCsv(["x", "y", "kind"], rows));
  const m = ws.path("three.json");
  assert.is(wasmlp(["train", file, "-o", m, ...FAST]).status, 0);
  const scores = JSON.parse(wasmlp(["eval", m, file, "--json"]).stdout);
  assert.equal(scores.classes, ["a, b", "plain", 'say "hi"']);
  assert.is(scores.confusion.length, 3);
  const predicted = parseCsv(wasmlp(["predict", m, file, "--proba"]).stdout);
  assert.equal(predicted[0], ["prediction", "p_a, b", "p_plain", 'p_say "hi"']);
  assert.ok(predicted.slice(1).every((r) => labels.includes(r[0]) && r.length === 4));
  // Macro F1 from the confusion matrix, worked out here.
  const f1s = scores.confusion.map((row, c) => {
    const tp = row[c];
    const fp = scores.confusion.reduce((s, r, o) => s + (o === c ? 0 : r[c]), 0);
    const fn = row.reduce((s, v, o) => s + (o === c ? 0 : v), 0);
    return (2 * tp) / (2 * tp + fp + fn);
  });
  assert.ok(Math.abs(scores.f1 - f1s.reduce((a, b) => a + b) / 3) < 1e-12);
});

test("--help, COMMAND --help and --version", () => {
  const help = wasmlp(["--help"]);
  assert.is(help.status, 0);
  for (const command of ["train", "predict", "eval", "demo"]) assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
  for (const command of ["train", "predict", "eval", "demo"]) {
    const result = wasmlp([command, "--help"]);
    assert.is(result.status, 0);
    assert.match(result.stdout, new RegExp(`^Usage: wasmlp ${command}`));
  }
  assert.match(wasmlp(["train", "--help"]).stdout, /--validation-fraction/);
  const version = wasmlp(["--version"]);
  assert.is(version.stdout.trim(), JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
});

// [what, args (files relative to the workspace), stderr pattern, status]
const usageErrors = [
  ["no command", [], /Usage: wasmlp COMMAND/, 2],
  ["unknown command", ["fit"], /unknown command "fit"/, 2],
  ["unknown option", ["train", "blobs.csv", "-o", "m.json", "--learning-rate", "1"], /unknown option --learning-rate/, 2],
  ["missing -o", ["train", "blobs.csv"], /missing -o MODEL\.json/, 2],
  ["missing data", ["predict", "blobs.model.json"], /missing DATA\.csv/, 2],
  ["bad number", ["train", "blobs.csv", "-o", "m.json", "--lr", "fast"], /--lr expects a number, got "fast"/, 2],
  ["bad option value", ["train", "blobs.csv", "-o", "m.json", "--activation", "softmax"], /--activation must be one of/, 2],
  ["bad layers", ["train", "blobs.csv", "-o", "m.json", "--hidden", "8,x"], /--hidden expects comma-separated layer widths/, 2],
  ["out of range", ["train", "blobs.csv", "-o", "m.json", "--validation-fraction", "1.5"], /--validation-fraction must be a number in \[0, 1\)/, 2],
];

for (const [what, args, pattern, status] of usageErrors) {
  test(`usage error, exit 2: ${what}`, () => {
    const result = wasmlp(args, { cwd: ws.dir });
    assert.is(result.status, status, result.stderr);
    assert.match(result.stderr, pattern);
    if (args.length > 0) assert.is(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.not.ok(existsSync(ws.path("m.json")));
  });
}

// [what, file content, stderr pattern]: training on each fails with one line naming the place.
const dataErrors = [
  ["an empty file", "", /empty\.csv: the file is empty; expected a header row/],
  ["a header only", "x,y,label\n", /header-only\.csv, line 2: the file has a header but no data rows/],
  ["a row with too few fields", "x,y,label\n1,2,0\n3,4\n", /too-few\.csv, line 3: expected 3 fields, as the header has; found 2/],
  ["a row with too many fields", "x,y,label\r\n1,2,0\r\n3,4,1,9\r\n", /too-many\.csv, line 3: expected 3 fields, as the header has; found 4/],
  ["a non-numeric feature", "x,y,label\n1,2,0\n3,abc,1\n", /non-numeric\.csv, line 3, column 2 \("y"\): expected a number, found "abc"/],
  ["an empty feature cell", "x,y,label\n1,2,0\n,4,1\n", /empty-cell\.csv, line 3, column 1 \("x"\): the feature cell is empty; expected a number/],
  ["NaN", "x,y,label\n1,2,0\n3,NaN,1\n", /nan\.csv, line 3, column 2 \("y"\): found "NaN"; every feature must be a finite number/],
  ["Infinity", "x,y,label\n1,2,0\n3,4,1\n-Infinity,4,1\n", /infinity\.csv, line 4, column 1 \("x"\): found "-Infinity"; every feature must be a finite number/],
  ["a number beyond float32", "x,y,label\n1,2,0\n3,1e39,1\n", /float32\.csv, line 3, column 2 \("y"\): found "1e39", outside the float32 range/],
  ["a single class", "x,y,label\n1,2,yes\n3,4,yes\n", /single-class\.csv: every row has the label "yes" in column "label"; training needs at least two classes/],
  ["an empty label", "x,y,label\n1,2,0\n3,4,\n", /empty-label\.csv, line 3, column 3 \("label"\): the label cell is empty/],
  ["an unclosed quote", 'x,y,label\n1,2,0\n3,"4,1\n', /unclosed\.csv, line 3, column 2 \("y"\): a quoted field is never closed/],
  ["text after a closing quote", 'x,y,label\n1,"2"x,0\n', /after-quote\.csv, line 2, column 2 \("y"\): unexpected character after a closing quote/],
  ["one column", "x\n1\n", /one-column\.csv, line 1: expected at least two columns/],
];

function expectOneLineError(result, pattern, status = 1) {
  assert.is(result.status, status, `status ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.is(result.stderr.trim().split("\n").length, 1, result.stderr);
  assert.match(result.stderr, /^wasmlp: error: /);
  assert.not.match(result.stderr, /\n\s+at /, "no stack trace");
}

for (const [what, content, pattern] of dataErrors) {
  test(`train on ${what}: one line naming the file, line and column; exit 1; no model`, () => {
    const name = pattern.source.match(/^([\w-]+)\\\.csv/)[1];
    const file = ws.file(`${name}.csv`, content);
    const out = ws.path(`${name}.json`);
    expectOneLineError(wasmlp(["train", file, "-o", out, ...FAST]), pattern);
    assert.not.ok(existsSync(out));
  });
}

test("model errors: a file that is not a wasmlp model, and a feature count that differs", () => {
  const notModel = ws.file("not-model.json", JSON.stringify({ weights: [1, 2, 3] }));
  expectOneLineError(wasmlp(["predict", notModel, data]), /not-model\.json: not a wasmlp model: format must be "wasmlp-mlp", got undefined; expected a model file written by wasmlp train/);
  const garbage = ws.file("garbage.json", "garbage\nmore garbage\n");
  expectOneLineError(wasmlp(["eval", garbage, data]), /garbage\.json: not a wasmlp model: not valid JSON/);
  expectOneLineError(wasmlp(["eval", ws.path("absent.json"), data]), /absent\.json: cannot read it: no such file/);
  const renamed = ws.file("renamed.csv", "a,y,label\n1,2,0\n");
  expectOneLineError(wasmlp(["predict", model, renamed]), /renamed\.csv, line 1: there is no column named "x" \(one of the model's features\); the header has "a", "y", "label"/);
  const unlabelled = ws.file("unlabelled.csv", "x,y\n1,2\n");
  expectOneLineError(wasmlp(["eval", model, unlabelled]), /unlabelled\.csv, line 1: there is no column named "label" \(the model's label column; give --label if it has another name\)/);
  // A model that names no columns reads them by position, as before wasmlp kept names.
  const unnamed = ws.file("unnamed.json", JSON.stringify({ ...JSON.parse(readFileSync(model, "utf8")), version: 1, featureNames: undefined, labelName: undefined }));
  const wide = ws.file("wide.csv", "a,b,c,label\n1,2,3,0\n");
  for (const [command, pattern] of [
    ["predict", /wide\.csv, line 1: expected 2 columns \(the model's features\), or 3 with the label last; the header has 4/],
    ["eval", /wide\.csv, line 1: expected 3 columns \(the model's 2 features, then the label\); the header has 4/],
  ]) {
    const result = wasmlp([command, unnamed, wide]);
    assert.is(result.status, 1, result.stderr);
    const [note, error, rest] = result.stderr.split("\n");
    assert.match(note, /^wasmlp: note: .*unnamed\.json names no columns/);
    assert.match(error, pattern);
    assert.is(rest, "");
  }
  const unknown = ws.file("unknown-label.csv", "x,y,label\n1,2,0\n3,4,7\n");
  expectOneLineError(wasmlp(["eval", model, unknown]), /unknown-label\.csv, line 3, column 3 \("label"\): the label "7" is not one of the model's classes: expected one of 0, 1/);
  expectOneLineError(wasmlp(["train", data, "-o", join(ws.dir, "no-such-dir", "m.json")]), /no-such-dir.m\.json: cannot write it: the directory .* does not exist/);
});

// A long run to interrupt: many epochs of a few thousand rows.
const long = ws.file("long.csv", toCsv(["x", "y", "label"], blobs(4000, 7)));
const LONG = ["--epochs", "1000000", "--validation-fraction", "0.2", "--patience", "1000000"];
const leftovers = (dir) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

test("SIGKILL during training leaves no model file, and a good model file as it was", async () => {
  const dir = join(ws.dir, "killed");
  mkdirSync(dir);
  const fresh = join(dir, "fresh.json");
  const run = start(["train", long, "-o", fresh, ...LONG]);
  await run.waitFor(/epoch 1\//);
  run.child.kill("SIGKILL");
  assert.is((await run.exit).signal, "SIGKILL");
  assert.not.ok(existsSync(fresh), "no model file");

  const good = join(dir, "good.json");
  copyFileSync(model, good);
  const before = readFileSync(good);
  const over = start(["train", long, "-o", good, ...LONG]);
  await over.waitFor(/epoch 1\//);
  over.child.kill("SIGKILL");
  await over.exit;
  assert.equal(readFileSync(good), before, "the good model is untouched");
  assert.equal(leftovers(dir), []);
});

test("Ctrl-C (SIGINT) stops after the epoch and writes a loadable model; exit 130", async () => {
  const out = ws.path("interrupted.json");
  const run = start(["train", long, "-o", out, ...LONG]);
  await run.waitFor(/epoch 1\//);
  run.child.kill("SIGINT");
  const { status, stdout, stderr } = await run.exit;
  assert.is(status, 130, stderr);
  assert.match(stderr, /stopping after this epoch/);
  assert.match(stdout, /stopped: interrupted/);
  assert.match(stdout, /kept the weights of epoch \d+, the best on validation/);
  const scores = wasmlp(["eval", out, long, "--json"]);
  assert.is(scores.status, 0, scores.stderr);
  // How many epochs run before the signal lands depends on the machine; what must hold
  // is that the file is the model the summary describes.
  const reported = Number(/accuracy on all 4000 rows: ([\d.]+)/.exec(stdout)[1]);
  assert.is(JSON.parse(scores.stdout).accuracy.toFixed(4), reported.toFixed(4));
  assert.equal(leftovers(ws.dir), []);
});

test("progress: plain lines when standard error is not a terminal", () => {
  const result = wasmlp(["train", data, "-o", ws.path("progress.json"), "--epochs", "30", "--validation-fraction", "0.1"]);
  assert.is(result.status, 0, result.stderr);
  const lines = result.stderr.trim().split("\n");
  // The first epoch's time (compiling, laying out memory) says nothing of the next ones.
  assert.match(lines[0], /^epoch 1\/30: loss \d\.\d{4} bits, validation accuracy \d\.\d{4}, [\d.]+k? rows\/s, 0:\d\d elapsed, estimating time left$/);
  assert.match(lines.at(-1), /^epoch 30\/30: loss \d\.\d{4} bits, validation accuracy \d\.\d{4}, [\d.]+k? rows\/s, 0:\d\d elapsed, about 0:00 left$/);
  assert.not.match(result.stderr, /\r|\x1b/, "no terminal control codes");
});

test("train --plot draws the loss curve as an SVG with title, axes and legend", () => {
  const svg = ws.path("loss.svg");
  assert.is(wasmlp(["train", data, "-o", ws.path("plotted.json"), "--plot", svg, ...FAST, "--validation-fraction", "0.2"]).status, 0);
  const text = readFileSync(svg, "utf8");
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const part of ["Training loss per epoch", ">epoch<", "cross-entropy loss (bits)", "training loss", "validation loss", "<polyline"]) {
    assert.ok(text.includes(part), part);
  }
});

test("demo prints the seed experiment and --plot writes its SVGs", () => {
  const dir = ws.path("plots");
  const result = wasmlp(["demo", "--plot", dir]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /^wasmlp: the seed article's 3-5-1 sigmoid MLP, lr 1\.0, 2000 full-batch epochs\n/);
  assert.match(result.stdout, /scikit-learn's make_classification\(random_state=42\), the article's data: 8000 train \/ 2000 test rows\n  accuracy: 0\.93 and F1 score: 0\.93/);
  assert.match(result.stdout, /wasmlp's makeClassification\(seed 42\), the same algorithm on wasmlp's own generator: 8000 train \/ 2000 test rows/);
  assert.equal(readdirSync(dir).sort(), ["boundary-sklearn.svg", "boundary-wasmlp.svg", "loss.svg"]);
  const boundary = readFileSync(join(dir, "boundary-sklearn.svg"), "utf8");
  for (const part of ["Decision boundary", "feature 0", "feature 1", "P = 0.5", "<circle", "<path d=\"M"]) assert.ok(boundary.includes(part), part);
});

test("export --format js writes a standalone module that predicts as the model does", async () => {
  const out = ws.path("model.mjs");
  const result = wasmlp(["export", model, "--format", "js", "-o", out]);
  assert.is(result.status, 0, result.stderr);
  const standalone = await import(out);
  const rows = parseCsv(readFileSync(data, "utf8")).slice(1, 51).map((r) => [Number(r[0]), Number(r[1])]);
  const proba = parseCsv(wasmlp(["predict", model, data, "--proba"]).stdout).slice(1, 51);
  standalone.predictProba(rows).forEach((p, i) => {
    assert.ok(Math.abs(p[1] - Number(proba[i][2])) < 1e-6, `row ${i}: ${p[1]} vs ${proba[i][2]}`);
    assert.is(String(standalone.predict([rows[i]])[0]), proba[i][0]);
  });
  const stdout = wasmlp(["export", model, "--format", "js"]);
  assert.is(stdout.stdout, readFileSync(out, "utf8"));
  const wrong = wasmlp(["export", model, "--format", "wasm"]);
  assert.is(wrong.status, 2);
  assert.match(wrong.stderr, /--format must be js/);
  const foreign = wasmlp(["export", data, "--format", "js"]);
  assert.is(foreign.status, 1);
  assert.match(foreign.stderr, /^wasmlp: error: .*blobs\.csv.*not a wasmlp model.*expected a model file written by wasmlp train\n$/);
});

test("the packed package installs a wasmlp command that runs through npx", () => {
  const dir = join(ws.dir, "pack");
  mkdirSync(dir);
  const pack = run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], root);
  assert.is(pack.status, 0, pack.stderr);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  const install = run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], app);
  assert.is(install.status, 0, install.stderr);
  copyFileSync(data, join(app, "data.csv"));
  const npx = (...args) => run("npx", ["--no-install", "wasmlp", ...args], app);
  assert.match(npx("--version").stdout, /^\d+\.\d+\.\d+/);
  const trainedHere = npx("train", "data.csv", "-o", "model.json", ...FAST);
  assert.is(trainedHere.status, 0, trainedHere.stderr);
  assert.is(parseCsv(npx("predict", "model.json", "data.csv").stdout).length, 401);
  // The package reproduces scikit-learn's split by itself, so its demo scores the article's 0.93.
  const demo = npx("demo");
  assert.is(demo.status, 0, demo.stderr);
  assert.match(demo.stdout, /scikit-learn's make_classification\(random_state=42\), the article's data: 8000 train \/ 2000 test rows\n  accuracy: 0\.93 and F1 score: 0\.93/);
  assert.match(demo.stdout, /wasmlp's makeClassification\(seed 42\)/);
});

test.after(() => ws.remove());
test.run();
