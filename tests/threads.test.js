// Data-parallel training: every batch is cut into the same slices whatever the number of
// threads, and their gradients are summed in slice order, so 1, 2 and 4 threads give
// the same bits. Also: the option is checked, threads fall back to one without SIMD,
// and worker threads never keep the process alive.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { MLPClassifier, makeClassification, useScalarCore } from "../build/index.js";
import { blobs } from "./helpers/data.js";
import { SEED } from "./helpers/seed.js";

const seedLike = makeClassification({ samples: 8000, features: 3, informative: 2, redundant: 1, seed: 42 });
const three = blobs({ centers: [[0, 0, 0], [3, 0, 1], [0, 3, -1]], counts: [701, 699, 703], spread: 1, seed: 4 });
const two = blobs({ centers: [[0, 0, 0], [2, 1, -1]], counts: [1157, 1144], spread: 1.2, seed: 3 });

const CASES = [
  { name: "seed-like: 8000 x 3, 3-5-1 sigmoid, full batch", data: { X: seedLike.X, y: seedLike.y, features: 3 }, options: { hiddenLayers: [5], epochs: 40 } },
  { name: "binary, sgd with Nesterov, shuffled, L2", data: two, options: { hiddenLayers: [9], activation: "relu", optimizer: "sgd", batchSize: 300, l2: 0.01, epochs: 6 } },
  { name: "binary, adam, shuffled, a batch that is not a multiple of 64", data: two, options: { hiddenLayers: [7, 3], activation: "tanh", optimizer: "adam", learningRate: 0.01, batchSize: 250, epochs: 6 } },
  { name: "softmax, adam, shuffled, early stopping", data: three, options: { hiddenLayers: [16, 8], activation: "relu", optimizer: "adam", learningRate: 0.01, batchSize: 256, epochs: 8, validationFraction: 0.2 } },
  { name: "softmax, gd", data: three, options: { hiddenLayers: [11], activation: "tanh", learningRate: 0.5, epochs: 20 } },
];

const sameBits = (a, b) => a.length === b.length && Buffer.from(a.buffer).equals(Buffer.from(b.buffer));

async function fitWith(threads, { data, options }) {
  const clf = new MLPClassifier({ ...SEED, seed: 7, ...options, threads });
  await clf.fit(data.X, data.y, data.features ? { features: data.features } : {});
  return {
    params: new Float64Array([...clf.coefs.flat(2), ...clf.intercepts.flat()]),
    loss: new Float64Array(clf.loss),
    validation: new Float64Array(clf.validationLoss),
  };
}

for (const c of CASES) {
  test(`${c.name}: 1, 2 and 4 threads give the same bits`, async () => {
    const one = await fitWith(1, c);
    assert.ok(one.loss.length > 0 && one.loss.every(Number.isFinite), "a finite loss curve");
    for (const threads of [2, 4]) {
      const many = await fitWith(threads, c);
      assert.ok(sameBits(one.loss, many.loss), `loss curves differ with ${threads} threads`);
      assert.ok(sameBits(one.params, many.params), `weights differ with ${threads} threads`);
      assert.ok(sameBits(one.validation, many.validation), `validation losses differ with ${threads} threads`);
    }
  });
}

test("partialFit and a later fit with another thread count continue from the same bits", async () => {
  const { X, y } = two;
  const runs = [];
  for (const threads of [1, 3]) {
    const clf = new MLPClassifier({ ...SEED, hiddenLayers: [6], optimizer: "adam", batchSize: 512, learningRate: 0.01, seed: 2, threads });
    await clf.partialFit(X, y);
    await clf.partialFit(X, y);
    runs.push([...clf.loss, ...clf.coefs.flat(2)]);
  }
  assert.equal(runs[0], runs[1]);
});

test("threads is validated", () => {
  for (const bad of [0, -1, 1.5, 17, "all", null, NaN]) {
    assert.throws(() => new MLPClassifier({ ...SEED, threads: bad }), /threads must be "auto" or an integer from 1 to 16/);
  }
  assert.is(new MLPClassifier(SEED).options.threads, "auto");
  assert.is(new MLPClassifier({ ...SEED, threads: 16 }).options.threads, 16);
});

test("the scalar core trains on one thread, to the same bits", async () => {
  const c = CASES[2];
  const simd = await fitWith(2, c);
  useScalarCore();
  try {
    const scalar = await fitWith(2, c);
    assert.ok(sameBits(simd.params, scalar.params));
  } finally {
    useScalarCore(false);
  }
});

test("worker threads do not keep the process alive after fits", () => {
  const child = `
    const { MLPClassifier, SEED_OPTIONS } = await import(${JSON.stringify(new URL("../build/index.js", import.meta.url).href)});
    const { learningRate: _rate, ...SEED } = SEED_OPTIONS;
    const X = Array.from({ length: 600 }, (_, i) => [i % 7, (i * 3) % 11, i % 5]);
    const y = X.map((r) => (r[0] + r[1] > 8 ? 1 : 0));
    for (const threads of [2, 4]) {
      const clf = new MLPClassifier({ ...SEED, hiddenLayers: [4], epochs: 5, threads });
      await clf.fit(X, y);
      await clf.fit(X, y);
    }
    console.log("fitted");
  `;
  // The timeout only ends a child that would never exit; the assertions are on how it ended.
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8", timeout: 60000 });
  assert.is(run.signal, null, "the child had to be killed: a worker kept it alive");
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout.trim(), "fitted");
});

test.run();
