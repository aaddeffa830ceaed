// The SIMD and the scalar core perform the same float32 operations in the same order, so
// a whole fit gives the same bits on either: weights, loss curve, probabilities. Each
// case trains once per core (useScalarCore switches the core new classifiers get) and
// compares bit for bit; a child process without SIMD shows the feature detection fall back.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { MLPClassifier, coreKind, useScalarCore } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { SEED } from "./helpers/seed.js";

// Row counts that are not multiples of 4 or of the 256-sample block, so every kernel's
// vector tail runs; inputs far out saturate every activation.
const two = blobs({ centers: [[0, 0, 0], [2, 1, -1]], counts: [157, 144], spread: 1.2, seed: 3 });
const three = blobs({ centers: [[0, 0, 0], [3, 0, 1], [0, 3, -1]], counts: [101, 99, 103], spread: 1, seed: 4 });
const probes = [...two.X.slice(0, 37), [1e4, -1e4, 50], [-1e4, 1e4, -50], [0, 0, 0], [88, -88, 3]];

const CASES = [
  { name: "sigmoid, binary, gd", data: two, options: { hiddenLayers: [5], epochs: 60 } },
  { name: "tanh, binary, adam, shuffled", data: two, options: { hiddenLayers: [7, 3], activation: "tanh", optimizer: "adam", learningRate: 0.01, batchSize: 50, epochs: 15 } },
  { name: "relu, binary, sgd with Nesterov, L2", data: two, options: { hiddenLayers: [9], activation: "relu", optimizer: "sgd", batchSize: 64, l2: 0.01, epochs: 15 } },
  { name: "sigmoid, softmax, adam, shuffled", data: three, options: { hiddenLayers: [6], optimizer: "adam", learningRate: 0.02, batchSize: 37, epochs: 12 } },
  { name: "tanh, softmax, gd", data: three, options: { hiddenLayers: [11], activation: "tanh", learningRate: 0.5, epochs: 40 } },
  { name: "relu, softmax, adam, early stopping, class weights", data: three, options: { hiddenLayers: [16, 8], activation: "relu", optimizer: "adam", learningRate: 0.01, batchSize: 40, epochs: 30, validationFraction: 0.2, classWeight: "balanced" } },
];

/** Everything a fit produces, as bits: model bytes, the loss curve, probabilities. */
async function fitOn(scalar, { data, options }) {
  useScalarCore(scalar);
  try {
    const clf = new MLPClassifier({ ...SEED, seed: 7, ...options });
    await clf.fit(data.X, data.y);
    return {
      core: scalar ? "scalar" : "simd",
      bytes: Buffer.from(clf.toBytes()).toString("hex"),
      loss: new Float64Array(clf.loss),
      proba: new Float64Array(clf.predictProba(probes).flat()),
    };
  } finally {
    useScalarCore(false);
  }
}

const sameBits = (a, b) => a.length === b.length && Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

test("this Node runs WebAssembly SIMD, so the SIMD core is the default", () => {
  assert.is(coreKind(), "simd");
  useScalarCore();
  assert.is(coreKind(), "scalar");
  useScalarCore(false);
  assert.is(coreKind(), "simd");
});

for (const c of CASES) {
  test(`${c.name}: the SIMD and the scalar core give the same bits`, async () => {
    const simd = await fitOn(false, c);
    const scalar = await fitOn(true, c);
    assert.ok(simd.loss.length > 0 && simd.loss.every(Number.isFinite), "a finite loss curve");
    assert.ok(sameBits(simd.loss, scalar.loss), "loss curves differ");
    assert.is(simd.bytes, scalar.bytes, "model bytes (weights) differ");
    assert.ok(sameBits(simd.proba, scalar.proba), "probabilities differ");
  });
}

test("without WebAssembly SIMD the scalar core loads, and trains to the same bits", async () => {
  const c = CASES[3];
  const simd = await fitOn(false, c);
  const child = `
    WebAssembly.validate = () => false;
    const { MLPClassifier, coreKind } = await import(${JSON.stringify(new URL("../build/index.js", import.meta.url).href)});
    const clf = new MLPClassifier(${JSON.stringify({ ...SEED, seed: 7, ...c.options })});
    await clf.fit(${JSON.stringify(c.data.X)}, ${JSON.stringify(c.data.y)});
    console.log(JSON.stringify({ core: coreKind(), bytes: Buffer.from(clf.toBytes()).toString("hex") }));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8" });
  assert.is(run.status, 0, run.stderr);
  const got = JSON.parse(run.stdout);
  assert.is(got.core, "scalar");
  assert.is(got.bytes, simd.bytes);
});

test.run();
