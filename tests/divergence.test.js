// A divergence names its likely causes. divergenceCauses (bindings/model/divergence.ts, bundled
// here by esbuild, since the package does not export it) has one rule per cause, each
// tested alone; end to end, the error of a real divergence names the cause that made it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { pathToFileURL } from "node:url";
import { MLPClassifier } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { rejects } from "./helpers/errors.js";
import { root, workspace } from "./helpers/cli.js";
import { SEED } from "./helpers/seed.js";

const ws = workspace("divergence");
await build({
  entryPoints: [`${root}/bindings/model/divergence.ts`], bundle: true, platform: "node", format: "esm", target: "node20",
  outfile: ws.path("divergence.mjs"), logLevel: "silent",
});
const { divergenceCauses } = await import(pathToFileURL(ws.path("divergence.mjs")).href);

const calm = { optimizer: "gd", learningRate: 1, l2: 0, momentum: 0.9, beta1: 0.9, standardize: false };
const plain = { inputMax: 3, meanWeight: 1, batchRows: 200 };
const causes = (options, data = {}) => divergenceCauses({ ...calm, ...options }, { ...plain, ...data });
const only = (list, pattern) => {
  assert.is(list.length, 1, list.join(" | "));
  assert.match(list[0], pattern);
};

test("with nothing else to blame, the learning rate", () => {
  only(causes({}), /^the learningRate 1 may be too large for this data: try a learningRate smaller than 1$/);
  only(causes({ optimizer: "adam", learningRate: 0.001 }), /learningRate smaller than 0.001$/);
});

test("huge sample or class weights: a batch weighing 2^96 or more", () => {
  only(causes({}, { meanWeight: 3e38 }), /^the sample or class weights are huge \(a batch weighs 6e\+40\) and the weighted sums overflow float32: only their ratios matter/);
  // Many rows of weight 1 are not heavy.
  only(causes({}, { batchRows: 2 ** 32 }), /^the learningRate/);
});

test("a large l2 for the learning rate, with plain and momentum steps but not Adam's", () => {
  only(causes({ l2: 1e30 }), /^l2 = 1e\+30 is too large for learningRate 1: each step takes learningRate × l2 \/ batch weight = 5e\+27 times each weight off it \(above 2 the weights grow\), so try an l2 below 200$/);
  only(causes({ optimizer: "sgd", learningRate: 0.01, l2: 2e4 }), /^l2 = 20000 is too large for learningRate 0.01: .* = 1 times each weight off it .*try an l2 below 20000$/);
  only(causes({ l2: 100 }), /^the learningRate/);
  only(causes({ optimizer: "adam", learningRate: 0.001, l2: 1e30 }), /^the learningRate/);
});

test("beta1 near 1 for Adam, momentum near 1 for sgd", () => {
  only(causes({ optimizer: "adam", learningRate: 0.001, beta1: 0.9999 }), /^beta1 = 0.9999 is close to 1, so each step carries nearly all the steps before it: try 0.9 \(the default\)$/);
  only(causes({ optimizer: "sgd", learningRate: 0.01, momentum: 0.9995 }), /^momentum = 0.9995 is close to 1, so steps barely decay and pile up: try 0.9 \(the default\)$/);
  only(causes({ optimizer: "adam", learningRate: 0.001, momentum: 0.9999 }), /^the learningRate/);
  only(causes({ optimizer: "sgd", learningRate: 0.01, beta1: 0.9999 }), /^the learningRate/);
});

test("unscaled inputs: values beyond 100 with standardize off", () => {
  only(causes({}, { inputMax: 4e10 }), /^X has values up to 4e\+10 in magnitude with standardize off, and gradients grow with the inputs: pass standardize: true$/);
  only(causes({ standardize: true }, { inputMax: 4e10 }), /^the learningRate/);
  only(causes({}, { inputMax: 100 }), /^the learningRate/);
});

test("several causes are all named; a rate above its optimizer's default is always one", () => {
  const list = causes({ optimizer: "sgd", learningRate: 5, momentum: 0.9999, l2: 1e32 }, { inputMax: 1e4, meanWeight: 1e30 });
  assert.is(list.length, 5, list.join(" | "));
  assert.equal(list.map((c) => c.split(" ")[0]), ["the", "l2", "momentum", "X", "the"]);
  assert.match(list[0], /weights are huge/);
  assert.match(list[4], /learningRate smaller than 5$/);
});

// End to end: each cause made to diverge a fit, and named by its error.
const data = blobs({ centers: [[0, 0, 0], [2, 1, -1]], counts: [150, 150], spread: 1, seed: 5 });
const diverges = async (options, pattern, fitOptions = {}, X = data.X) => {
  const clf = new MLPClassifier({ ...SEED, epochs: 50, ...options });
  const error = await rejects(clf.fit(X, data.y, fitOptions), /^training diverged at epoch \d+: .+; the model keeps .+\. Likely causes?: /);
  assert.match(error.message, pattern);
  assert.ok(clf.coefs.flat(2).every(Number.isFinite));
  return error;
};

test("a real divergence names its cause: l2, weights, unscaled inputs, the learning rate", async () => {
  const l2 = await diverges({ l2: 1e30 }, /Likely cause: l2 = 1e\+30 is too large for learningRate 1: .* try an l2 below 300$/);
  assert.not.match(l2.message, /learningRate smaller/);
  await diverges({}, /Likely cause: the sample or class weights are huge/, { sampleWeight: data.y.map(() => 3e38) });
  const unscaled = data.X.map((row) => row.map((v) => v * 1e10));
  await diverges({ activation: "relu", hiddenLayers: [16] }, /Likely cause: X has values up to [\d.]+e\+10 in magnitude with standardize off.*pass standardize: true$/, {}, unscaled);
  await diverges({ activation: "relu", hiddenLayers: [8], learningRate: 1e6, standardize: true }, /Likely cause: the learningRate 1e\+6 may be too large for this data: try a learningRate smaller than 1000000$/);
});

test.run();
