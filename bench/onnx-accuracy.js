// The figures behind the README's ONNX section: how far fromONNX's models are from the
// source framework's outputs (tests/fixtures/onnx), and how far onnxruntime-node's outputs
// for toONNX's files are from wasmlp's (the models of tests/helpers/trained-models.js).
// The tests check each value against a derived float32 bound; this prints the largest
// differences. Run after `npm run build`: node bench/onnx-accuracy.js
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { MLPClassifier, MLPRegressor, fromONNX } from "../build/index.js";
import { variants, train, probeRows, regressorVariants, trainRegressor } from "../tests/helpers/trained-models.js";

const dir = new URL("../tests/fixtures/onnx/", import.meta.url);
const { X, cases } = JSON.parse(readFileSync(new URL("cases.json", dir), "utf8"));

function probabilities(head, row) {
  if (head === "sigmoid") return [1 - row[0], row[0]];
  if (head !== "logits") return row;
  if (row.length === 1) return [1 - 1 / (1 + Math.exp(-row[0])), 1 / (1 + Math.exp(-row[0]))];
  const e = row.map((z) => Math.exp(z - Math.max(...row)));
  return e.map((v) => v / e.reduce((a, b) => a + b, 0));
}

let probability = 0;
let regression = 0;
for (const c of cases) {
  const json = fromONNX(new Uint8Array(readFileSync(new URL(c.file, dir))), { task: c.task });
  if (c.task === "regression") {
    const got = (await MLPRegressor.fromJSON(json)).predict(X).map((v) => (Array.isArray(v) ? v : [v]));
    got.forEach((row, r) => row.forEach((v, k) => (regression = Math.max(regression, Math.abs(v - c.outputs[r][k]) / Math.max(1, Math.abs(c.outputs[r][k]))))));
  } else {
    const got = (await MLPClassifier.fromJSON(json)).predictProba(X);
    got.forEach((row, r) => row.forEach((v, k) => (probability = Math.max(probability, Math.abs(v - probabilities(c.head, c.outputs[r])[k])))));
  }
}
console.log(`fromONNX, ${cases.length} models: largest |difference| from the framework's probabilities ${probability.toExponential(2)}; from its regression outputs ${regression.toExponential(2)} of max(1, |value|)`);

const run = async (bytes, rows) => (await ort.InferenceSession.create(bytes)).run({ X: new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, rows[0].length]) });
let near = 0;
let far = 0;
for (const v of variants) {
  const { clf, X: rows } = await train(v, 3);
  const bytes = clf.toONNX();
  for (const [set, which] of [[rows, "near"], [probeRows(rows).slice(rows.length), "far"]]) {
    const out = (await run(bytes, set)).probabilities.data;
    const p = clf.predictProbaFlat(set);
    const worst = p.reduce((m, x, i) => Math.max(m, Math.abs(x - out[i])), 0);
    if (which === "near") near = Math.max(near, worst);
    else far = Math.max(far, worst);
  }
}
let predictions = 0;
for (const v of regressorVariants) {
  const { reg, X: rows } = await trainRegressor(v, 2);
  const out = (await run(reg.toONNX(), rows)).predictions.data;
  reg.predict(rows).flat().forEach((x, i) => (predictions = Math.max(predictions, Math.abs(x - out[i]) / Math.max(1, Math.abs(x)))));
}
console.log(`toONNX in onnxruntime-node, ${variants.length} classifiers: largest |difference| in a probability ${near.toExponential(2)} on the training rows, ${far.toExponential(2)} on rows far outside them`);
console.log(`toONNX in onnxruntime-node, ${regressorVariants.length} regressors: largest |difference| ${predictions.toExponential(2)} of max(1, |prediction|)`);
