// The benchmark cases and their data. bench/run.js writes every data set once, as raw
// little-endian float32 (X) and int32 (y; float32 for the regression case) files plus a
// JSON spec, so that every system, JavaScript or Python, trains and predicts on the very
// same rows with the same settings.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MLPClassifier, Random, makeClassification, trainTestSplit } from "../build/index.js";
import { readF32, readI32 } from "./systems/measure.js";

/** Training and prediction settings; `quick` shrinks the work for a smoke run. */
export function caseSpecs({ quick = false } = {}) {
  return {
    // The seed article: scikit-learn's make_classification(random_state=42) split.
    seed: {
      features: 3, classes: 2, hidden: [5], activation: "sigmoid", optimizer: "gd",
      learningRate: 1.0, epochs: quick ? 200 : 2000, initSeed: 0,
    },
    wide: {
      samples: quick ? 20000 : 200000, testSize: 0.2, features: 20, informative: 10, classes: 4, dataSeed: 42,
      hidden: [64], activation: "relu", optimizer: "adam", learningRate: 1e-3, batchSize: 256,
      epochs: quick ? 2 : 20, shuffle: true, init: "glorot", initSeed: 0,
    },
    // The wide task's shape with one real-valued target (regressionData); inputs and
    // targets standardized inside each system, no L2 (scikit-learn's alpha 0).
    regression: {
      task: "regression", samples: quick ? 20000 : 200000, testSize: 0.2, features: 20, informative: 10,
      nonlinear: 50, noise: 50, dataSeed: 42,
      hidden: [64], activation: "relu", optimizer: "adam", learningRate: 1e-3, batchSize: 256,
      epochs: quick ? 2 : 20, shuffle: true, init: "glorot", l2: 0, standardize: true, initSeed: 0,
    },
    // Predicting with the seed task's trained 3-5-1 model, and (wasmlp/infer against
    // onnxruntime-node) with a 20-64-4 relu model trained briefly on wide-like data.
    predict: {
      rows: quick ? 100000 : 1000000, calls: quick ? 1000 : 10000, features: 3, dataSeed: 7,
      wide: { features: 20, informative: 10, classes: 4, hidden: [64], activation: "relu", trainRows: 20000, epochs: 2, dataSeed: 8 },
    },
  };
}

function writeSet(dir, name, { XTrain, yTrain, XTest, yTest }, spec) {
  const bytes = (typed) => new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  writeFileSync(join(dir, `${name}-XTrain.bin`), bytes(Float32Array.from(XTrain)));
  const Labels = spec.task === "regression" ? Float32Array : Int32Array;
  writeFileSync(join(dir, `${name}-yTrain.bin`), bytes(Labels.from(yTrain)));
  writeFileSync(join(dir, `${name}-XTest.bin`), bytes(Float32Array.from(XTest)));
  writeFileSync(join(dir, `${name}-yTest.bin`), bytes(Labels.from(yTest)));
  const trainRows = yTrain.length;
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ ...spec, trainRows, testRows: yTest.length }));
  return { trainRows, dataBytes: trainRows * spec.features * 4 };
}

function seedSplit() {
  const split = JSON.parse(readFileSync(new URL("../tests/fixtures/seed-split.json", import.meta.url), "utf8"));
  return { XTrain: split.XTrain.flat(), yTrain: split.yTrain, XTest: split.XTest.flat(), yTest: split.yTest };
}

function wideSplit(spec) {
  const { X, y } = makeClassification({
    samples: spec.samples, features: spec.features, informative: spec.informative, classes: spec.classes, seed: spec.dataSeed,
  });
  return trainTestSplit(new Float32Array(X), y, { testSize: spec.testSize, seed: spec.dataSeed, features: spec.features });
}

/**
 * make_regression's recipe (standard normal features, the first `informative` of them
 * weighted by 100 * U(0, 1), Gaussian noise of sd `noise`) plus a nonlinear part that a
 * linear model cannot fit: a product, a hinge and a square of other features, scaled by
 * `nonlinear`. Features past 13 are uninformative. Only +, *, abs and max, on
 * wasmlp's seeded Random (whose normals are the same bits on every engine), so the data
 * are the same everywhere. On the test rows the noise alone leaves R² ≈ 0.962 (the most
 * a model can score); least squares on the features scores 0.826.
 */
function regressionData({ samples, features, informative, nonlinear, noise, dataSeed }) {
  const random = new Random(dataSeed);
  const coef = Array.from({ length: informative }, () => 100 * random.uniform());
  const X = new Float32Array(samples * features);
  for (let i = 0; i < X.length; i++) X[i] = random.normal();
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) {
    const x = X.subarray(i * features, (i + 1) * features);
    let linear = 0;
    for (let j = 0; j < informative; j++) linear += coef[j] * x[j];
    const curved = x[10] * x[11] + Math.abs(x[12]) * x[0] + x[13] * x[13] - Math.max(x[1] + x[2], 0);
    y[i] = linear + nonlinear * curved + noise * random.normal();
  }
  return { X, y };
}

function regressionSplit(spec) {
  const { X, y } = regressionData(spec);
  return trainTestSplit(X, y, { testSize: spec.testSize, seed: spec.dataSeed, features: spec.features });
}

/**
 * Writes the data of the chosen cases into `dir`; for "predict", also the 3-5-1 model
 * every system predicts with (wasmlp's fit on the seed split: model.json, and its
 * weights in scikit-learn's shapes: weights.json), the 20-64-4 model, and both as ONNX.
 */
export async function writeCaseData(dir, cases, specs) {
  mkdirSync(dir, { recursive: true });
  const info = {};
  if (cases.includes("seed") || cases.includes("predict")) info.seed = writeSet(dir, "seed", seedSplit(), specs.seed);
  if (cases.includes("wide")) info.wide = writeSet(dir, "wide", wideSplit(specs.wide), specs.wide);
  if (cases.includes("regression")) info.regression = writeSet(dir, "regression", regressionSplit(specs.regression), specs.regression);
  if (cases.includes("predict")) {
    const { rows, features, dataSeed } = specs.predict;
    const { X } = makeClassification({ samples: rows, features, informative: 2, redundant: 1, seed: dataSeed });
    writeFileSync(join(dir, "predict-X.bin"), new Uint8Array(Float32Array.from(X).buffer));
    const seed = specs.seed;
    const XTrain = readF32(join(dir, "seed-XTrain.bin"));
    const yTrain = readI32(join(dir, "seed-yTrain.bin"));
    const clf = new MLPClassifier({
      hiddenLayers: seed.hidden, activation: seed.activation, optimizer: seed.optimizer, learningRate: seed.learningRate, init: "normal", l2: 0,
      standardize: false, epochs: seed.epochs, seed: seed.initSeed,
    });
    await clf.fit(XTrain, yTrain, { features: seed.features });
    writeFileSync(join(dir, "model.json"), JSON.stringify(clf.toJSON()));
    writeFileSync(join(dir, "weights.json"), JSON.stringify({ coefs: clf.coefs, intercepts: clf.intercepts, classes: clf.classes }));
    await writeWidePredict(dir, specs.predict);
    writeFileSync(join(dir, "predict.json"), JSON.stringify(specs.predict));
    await writeOnnxModels(dir);
  }
  return info;
}

/** The 20-64-4 model (model-wide.json, a short Adam fit) and the 1e6 rows it predicts
 *  (predict-wide-X.bin), with 2000 held-out rows and labels for the accuracy check. */
async function writeWidePredict(dir, { rows, wide }) {
  const { X, y } = makeClassification({ samples: rows + wide.trainRows, features: wide.features, informative: wide.informative, classes: wide.classes, seed: wide.dataSeed });
  const all = Float32Array.from(X);
  const trainX = all.subarray(rows * wide.features);
  const clf = new MLPClassifier({ hiddenLayers: wide.hidden, activation: wide.activation, optimizer: "adam", batchSize: 256, epochs: wide.epochs, init: "glorot", l2: 0, standardize: false, seed: 0 });
  await clf.fit(trainX, y.slice(rows), { features: wide.features });
  writeFileSync(join(dir, "model-wide.json"), JSON.stringify(clf.toJSON()));
  writeFileSync(join(dir, "predict-wide-X.bin"), new Uint8Array(all.buffer, 0, rows * wide.features * 4));
  writeFileSync(join(dir, "predict-wide-y.bin"), new Uint8Array(Int32Array.from(y.slice(0, rows)).buffer));
}

/** model.onnx and model-wide.onnx: the two prediction models as `toONNX` writes them,
 *  for onnxruntime-node. */
async function writeOnnxModels(dir) {
  for (const name of ["model", "model-wide"]) {
    const clf = await MLPClassifier.fromJSON(JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")));
    writeFileSync(join(dir, `${name}.onnx`), clf.toONNX());
  }
}
