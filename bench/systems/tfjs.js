// bench/run.js's child for TensorFlow.js (installed in bench/peers by `npm run bench:peers`).
// Usage: node bench/systems/tfjs.js --backend wasm|cpu --mode loop|fit --case seed|wide|predict --data DIR [--no-warmup]
// "loop": variables and optimizer.minimize, one full-batch step per epoch (the seed task);
// "fit": a tf.sequential model and model.fit. Prediction is a hand-written forward pass of
// tf ops on the whole input (model.predict would cut it into batches of 32).
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs, loadSet, readF32, readJSON, resetPeakRss, peakRss, medianCallSeconds, seconds, accuracyOf, emit, WARMUP } from "./measure.js";

const args = parseArgs();
const warmup = !args["no-warmup"];
const require = createRequire(new URL("../peers/package.json", import.meta.url));
const tf = require("@tensorflow/tfjs");
const system = `TF.js ${args.backend}${args.case === "predict" ? "" : ` (${args.mode === "fit" ? "model.fit" : "minimize loop"})`}`;

async function useBackend(name) {
  if (name === "wasm") {
    const wasm = require("@tensorflow/tfjs-backend-wasm");
    // A directory path: in Node the backend reads the .wasm files from disk, no network.
    wasm.setWasmPaths(require.resolve("@tensorflow/tfjs-backend-wasm").replace(/[^/]+$/, ""));
  }
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} did not initialise`);
  await tf.ready();
}

// The seed network with variables, trained by optimizer.minimize on the loss in bits.
function fitLoop(set, X, y, rows, epochs) {
  const { features, hidden: [hidden] } = set;
  const init = (shape, seed) => tf.variable(tf.randomNormal(shape, 0, 0.1, "float32", seed));
  const [W1, b1, W2, b2] = [init([features, hidden], 1), init([hidden], 2), init([hidden, 1], 3), init([1], 4)];
  const x = tf.tensor2d(X.subarray(0, rows * features), [rows, features]);
  const labels = tf.tensor2d(Float32Array.from(y.subarray(0, rows)), [rows, 1]);
  const optimizer = tf.train.sgd(set.learningRate);
  const logits = (input) => tf.sigmoid(input.matMul(W1).add(b1)).matMul(W2).add(b2);
  let loss;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const cost = optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(labels, logits(x)).div(Math.LN2), true);
    loss = cost.dataSync()[0];
    cost.dispose();
  }
  x.dispose(); labels.dispose();
  return { predict: (input) => tf.tidy(() => logits(input).greater(0).reshape([-1])), lossBits: loss };
}

// A tf.sequential model of the case's network and model.fit with the case's settings.
async function fitModel(set, X, y, rows, epochs) {
  const { features, hidden: [hidden], classes } = set;
  const binary = classes === 2;
  const seeded = (seed) => (set.optimizer === "gd" ? tf.initializers.randomNormal({ stddev: 0.1, seed }) : tf.initializers.glorotUniform({ seed }));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: hidden, activation: set.activation, inputShape: [features], kernelInitializer: seeded(1), biasInitializer: binary ? seeded(2) : "zeros" }),
      tf.layers.dense({ units: binary ? 1 : classes, activation: binary ? "sigmoid" : "softmax", kernelInitializer: seeded(3), biasInitializer: binary ? seeded(4) : "zeros" }),
    ],
  });
  // Keras losses are in nats: lr / ln 2 takes the seed's steps on its loss in bits.
  const optimizer = set.optimizer === "gd" ? tf.train.sgd(set.learningRate / Math.LN2) : tf.train.adam(set.learningRate);
  model.compile({ optimizer, loss: binary ? "binaryCrossentropy" : "categoricalCrossentropy" });
  const x = tf.tensor2d(X.subarray(0, rows * features), [rows, features]);
  const labelsInt = tf.tensor1d(y.subarray(0, rows), "int32");
  const labels = binary ? labelsInt.reshape([rows, 1]).toFloat() : tf.oneHot(labelsInt, classes).toFloat();
  const history = await model.fit(x, labels, {
    batchSize: set.optimizer === "gd" ? rows : set.batchSize, epochs, shuffle: set.optimizer !== "gd", verbose: 0,
  });
  tf.dispose([x, labelsInt, labels]);
  const predict = (input) => tf.tidy(() => {
    const out = model.predict(input, { batchSize: 65536 });
    return binary ? out.greater(0.5).reshape([-1]) : out.argMax(1);
  });
  return { predict, lossBits: history.history.loss.at(-1) / Math.LN2 };
}

async function fitCase(name) {
  const set = loadSet(args.data, name);
  const train = args.mode === "fit" ? fitModel : fitLoop;
  if (warmup) {
    for (let i = 0; i < WARMUP.fits; i++) await train(set, set.XTrain, set.yTrain, Math.min(set.trainRows, WARMUP.rows), WARMUP.epochs);
  }
  const rssBefore = resetPeakRss();
  const start = process.hrtime.bigint();
  const net = await train(set, set.XTrain, set.yTrain, set.trainRows, set.epochs);
  const fitSeconds = seconds(start);
  const peak = peakRss();
  const xTest = tf.tensor2d(set.XTest, [set.testRows, set.features]);
  const predicted = net.predict(xTest).dataSync();
  return {
    case: name, system, seconds: fitSeconds, epochs: set.epochs, rows: set.trainRows,
    accuracy: accuracyOf(set.yTest, predicted), final_loss_bits: net.lossBits, peak_rss: peak, rss_before: rssBefore,
  };
}

function predictCase() {
  const spec = readJSON(join(args.data, "predict.json"));
  const seed = loadSet(args.data, "seed");
  const { coefs, intercepts } = readJSON(join(args.data, "weights.json"));
  const [W1, W2] = coefs.map((c) => tf.tensor2d(c));
  const [b1, b2] = intercepts.map((b) => tf.tensor1d(b));
  const proba = (input) => tf.sigmoid(tf.sigmoid(input.matMul(W1).add(b1)).matMul(W2).add(b2));
  const X = readF32(join(args.data, "predict-X.bin"));
  const rows = X.length / spec.features;
  // Not dataSync() inside tidy: tidy would then walk every element of the returned array.
  const run = (values, n, f) => {
    const out = tf.tidy(() => f(proba(tf.tensor2d(values, [n, spec.features]))));
    const data = out.dataSync();
    out.dispose();
    return data;
  };
  if (warmup) run(X, rows, (p) => p);
  let start = process.hrtime.bigint();
  run(X, rows, (p) => p);
  const probaSeconds = seconds(start);
  start = process.hrtime.bigint();
  run(X, rows, (p) => p.greater(0.5));
  const labelsSeconds = seconds(start);
  const one = (i) => run(X.subarray((i % rows) * spec.features, (i % rows + 1) * spec.features), 1, (p) => p);
  return {
    case: "predict", system, rows, calls: spec.calls, proba_seconds: probaSeconds, labels_seconds: labelsSeconds,
    call_seconds: medianCallSeconds(one, spec.calls), accuracy: accuracyOf(seed.yTest, run(seed.XTest, seed.testRows, (p) => p.greater(0.5))),
  };
}

await useBackend(args.backend);
emit(args.case === "predict" ? predictCase() : await fitCase(args.case));
