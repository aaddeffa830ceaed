// `wasmlp import`, run as a child process: it writes what fromSklearn, fromTfjs and
// fromONNX give for the same files (and wasmlp predict then predicts with it), tells the format from
// the content, finds a TF.js model's weight files beside its model.json, and refuses
// what it must (bad options, a FILE it would overwrite, weight paths outside the
// folder, truncated weights) with one line naming the problem, leaving no file behind.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MLPClassifier, fromONNX, fromSklearn, fromTfjs } from "../build/index.js";
import { wasmlp, workspace, parseCsv } from "./helpers/cli.js";

const ws = workspace("cli-import");
const fixtures = new URL("./fixtures/import/", import.meta.url);
const sklearnFixture = (name) => JSON.parse(readFileSync(new URL(`sklearn/${name}.json`, fixtures), "utf8"));

/** A copy of a TF.js fixture's folder in the workspace; returns its model.json path. */
function tfjsCopy(name, into = name) {
  const from = new URL(`tfjs/models/${name}/`, fixtures);
  const dir = ws.path(into);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(new URL(f, from), join(dir, f));
  return join(dir, "model.json");
}

const readJSON = (path) => JSON.parse(readFileSync(path, "utf8"));
const leftovers = () => readdirSync(ws.dir).filter((f) => f.endsWith(".tmp"));

test("sklearn: the file holds fromSklearn's model, found without --from; predict uses it", async () => {
  const { dump, X, predict } = sklearnFixture("binary-feature-names");
  const file = ws.file("clf-dump.json", JSON.stringify(dump));
  const run = wasmlp(["import", file, "-o", ws.path("clf.json")]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stderr, /imported a scikit-learn classifier: layers 4-4-1, sigmoid hidden layers, classes "cat", "dog" into /);
  assert.equal(readJSON(ws.path("clf.json")), JSON.parse(JSON.stringify(fromSklearn(dump))));
  assert.equal(wasmlp(["import", file, "--from", "sklearn", "-o", ws.path("clf2.json")]).status, 0);
  assert.equal(readFileSync(ws.path("clf2.json"), "utf8"), readFileSync(ws.path("clf.json"), "utf8"));
  // wasmlp predict reads the columns by the dump's feature names.
  const csv = ws.file("rows.csv", ["height,weight,age,speed", ...X.map((r) => r.join(","))].join("\n"));
  const out = wasmlp(["predict", ws.path("clf.json"), csv]);
  assert.is(out.status, 0, out.stderr);
  assert.equal(parseCsv(out.stdout).slice(1).map((r) => r[0]), predict);
});

test("sklearn to standard output; --task must agree with the dump; --classes is refused", () => {
  const { dump } = sklearnFixture("regressor-3-targets");
  const file = ws.file("reg-dump.json", JSON.stringify(dump));
  const run = wasmlp(["import", file]);
  assert.is(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout), JSON.parse(JSON.stringify(fromSklearn(dump))));
  assert.match(run.stderr, /a scikit-learn regressor: layers 3-10-6-3, tanh hidden layers, 3 targets/);
  const wrong = wasmlp(["import", file, "--task", "classification"]);
  assert.is(wrong.status, 1);
  assert.match(wrong.stderr, /--task is classification, but this scikit-learn dump is an MLPRegressor's/);
  assert.is(wasmlp(["import", file, "--classes", "a,b"]).status, 2);
});

test("tfjs: weight files found through the manifest's paths (sharded, ./ paths), --classes numbers or strings", async () => {
  for (const [name, classes, parsed] of [["multiclass-sigmoid-nobias", "d,a,c,b", ["d", "a", "c", "b"]], ["multiclass-linear-hidden", "2,0,1", [2, 0, 1]]]) {
    const file = tfjsCopy(name);
    const out = ws.path(`${name}.wasmlp.json`);
    const run = wasmlp(["import", file, "--classes", classes, "-o", out]);
    assert.is(run.status, 0, run.stderr);
    const json = readJSON(file);
    const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => new Uint8Array(readFileSync(join(ws.path(name), p))));
    assert.equal(readJSON(out), JSON.parse(JSON.stringify(fromTfjs(json, shards, { classes: parsed }))));
    const expected = readJSON(join(ws.path(name), "expected.json"));
    const clf = await MLPClassifier.fromJSON(readJSON(out));
    assert.equal(clf.classes, [...parsed].sort((a, b) => (a < b ? -1 : 1)));
    assert.is(clf.predictProba(expected.X).length, expected.X.length);
  }
});

test("tfjs: --task decides what a linear last layer is", () => {
  const file = tfjsCopy("logits-relu");
  const reg = wasmlp(["import", file, "-o", ws.path("logits-reg.json")]);
  assert.is(reg.status, 0, reg.stderr);
  assert.is(readJSON(ws.path("logits-reg.json")).kind, "regressor");
  const clf = wasmlp(["import", file, "--task", "classification", "-o", ws.path("logits-clf.json")]);
  assert.is(clf.status, 0, clf.stderr);
  assert.equal(readJSON(ws.path("logits-clf.json")).classes, [0, 1, 2]);
});

test("tfjs: weights truncated or missing, paths outside the folder, an unsupported layer: one line each", () => {
  const truncated = tfjsCopy("binary-softmax-relu", "truncated");
  const bin = join(ws.path("truncated"), "weights.bin");
  writeFileSync(bin, readFileSync(bin).subarray(0, 100));
  const cases = [
    [["import", truncated, "-o", ws.path("t.json")], /truncated\/model\.json: cannot import this TF\.js model: the weights are 100 bytes, but weightsManifest describes 176: truncated/],
    [["import", tfjsCopy("batchnorm"), "-o", ws.path("b.json")], /layer 1 \(BatchNormalization "bn"\) is not a dense layer/],
  ];
  const missing = tfjsCopy("binary-softmax-relu", "missing");
  writeFileSync(join(ws.path("missing"), "weights.bin"), "");
  copyFileSync(join(ws.path("missing"), "weights.bin"), join(ws.path("missing"), "other.bin"));
  const json = readJSON(missing);
  for (const [i, path] of ["../truncated/weights.bin", "/etc/hostname", "https://example.com/w.bin", "nothere.bin"].entries()) {
    const file = join(ws.path("missing"), `model-${i}.json`);
    writeFileSync(file, JSON.stringify({ ...json, weightsManifest: [{ ...json.weightsManifest[0], paths: [path] }] }));
    cases.push([["import", file, "-o", ws.path("m.json")], i < 3 ? /names the weight file .*; wasmlp reads weight files beside model\.json only/ : /nothere\.bin: cannot read the weight file: no such file/]);
  }
  for (const [args, pattern] of cases) {
    const run = wasmlp(args);
    assert.is(run.status, 1, run.stderr);
    assert.match(run.stderr, pattern);
    assert.is(run.stderr.trim().split("\n").length, 1);
  }
  assert.not.ok(existsSync(ws.path("t.json")) || existsSync(ws.path("b.json")) || existsSync(ws.path("m.json")));
  assert.equal(leftovers(), []);
});

test("onnx: told from the content, fromONNX's model, --task and --classes passed on, a damaged file refused", async () => {
  const onnx = (name) => new URL(`../tests/fixtures/onnx/${name}`, import.meta.url);
  const file = ws.file("softmax.onnx", readFileSync(onnx("models/torch-relu-softmax.onnx")));
  const run = wasmlp(["import", file, "--classes", "c,a,b", "-o", ws.path("softmax.json")]);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stderr, /imported an ONNX classifier: .* classes "a", "b", "c" into /);
  assert.equal(readJSON(ws.path("softmax.json")), JSON.parse(JSON.stringify(fromONNX(readFileSync(file), { classes: ["c", "a", "b"] }))));
  const logits = ws.file("logits.onnx", readFileSync(onnx("models/torch-relu-logits.onnx")));
  const untold = wasmlp(["import", logits, "--from", "onnx"]);
  assert.is(untold.status, 1);
  assert.match(untold.stderr, /logits\.onnx: cannot import this ONNX model: the graph ends without Softmax or Sigmoid: pass \{ task/);
  const told = wasmlp(["import", logits, "--task", "regression", "-o", ws.path("logits.json")]);
  assert.is(told.status, 0, told.stderr);
  assert.equal(readJSON(ws.path("logits.json")), JSON.parse(JSON.stringify(fromONNX(readFileSync(logits), { task: "regression" }))));
  const damaged = ws.file("damaged.onnx", readFileSync(onnx("hostile/truncated-half.onnx")));
  const bad = wasmlp(["import", damaged, "-o", ws.path("damaged.json")]);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /^wasmlp: error: .*damaged\.onnx: cannot import this ONNX model: \S.*\n$/);
  assert.not.ok(existsSync(ws.path("damaged.json")));
});

test("never writes over its inputs: FILE, or a TF.js model's weight file", () => {
  const file = tfjsCopy("binary-sigmoid-tanh", "self");
  const before = readFileSync(join(ws.path("self"), "weights.bin"));
  for (const target of [file, join(ws.path("self"), "weights.bin")]) {
    const run = wasmlp(["import", file, "-o", target]);
    assert.is(run.status, 2, run.stderr);
    assert.match(run.stderr, /are the same file: the wasmlp model would replace the (model to import|weight file)/);
  }
  assert.equal(readFileSync(join(ws.path("self"), "weights.bin")), before);
  assert.is(readJSON(file).format, "layers-model");
});

test("format detection and usage errors", () => {
  const model = ws.file("already.json", JSON.stringify(fromSklearn(sklearnFixture("binary-numeric-relu").dump)));
  const other = ws.file("other.json", '{"weights": []}');
  const bytesModel = ws.file("already.bin", new Uint8Array([0x57, 0x4d, 0x4c, 0x50, 0, 0, 0, 0]));
  const broken = ws.file("broken.json", '{"coefs_": [NaN]}');
  const onnx = ws.file("model.onnx", new Uint8Array([0x08, 0x07, 0x12, 0x00]));
  const cases = [
    [["import", model], 1, /it is already a wasmlp model; there is nothing to import/],
    [["import", bytesModel], 1, /it is already a wasmlp model \(the bytes form\); there is nothing to import/],
    [["import", other], 1, /cannot tell its format: a JSON object with neither coefs_ .* nor modelTopology/],
    [["import", broken], 1, /cannot tell its format: it begins like JSON but is not valid JSON/],
    [["import", broken, "--from", "sklearn"], 1, /it holds NaN, which JSON has no number for/],
    [["import", onnx], 1, /model\.onnx: cannot import this ONNX model: /],
    [["import", ws.path("none.json")], 1, /cannot read the model: no such file/],
    [["import", ws.dir], 1, /cannot read the model: it is a directory/],
    [["import", model, "--from", "keras"], 2, /--from must be onnx, sklearn or tfjs, got "keras"/],
    [["import", model, "--task", "ranking"], 2, /--task must be classification or regression, got "ranking"/],
    [["import", model, "--classes", "a"], 2, /--classes expects two or more comma-separated labels/],
    [["import", model, "--classes", "a,,b"], 2, /--classes expects two or more comma-separated labels/],
    [["import"], 2, /missing FILE/],
    [["import", model, model], 2, /unexpected argument/],
  ];
  for (const [args, status, pattern] of cases) {
    const run = wasmlp(args);
    assert.is(run.status, status, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
  }
  const help = wasmlp(["import", "--help"]);
  assert.is(help.status, 0);
  assert.match(help.stdout, /Usage: wasmlp import FILE/);
  assert.match(wasmlp(["--help"]).stdout, /import FILE -o MODEL\.json/);
});

test.after(() => ws.remove());
test.run();
