// bench/run.js's child for the hand-written plain-JavaScript baseline (bench/plain-mlp.js).
// Usage: node bench/systems/plain.js --case seed|wide|predict --data DIR [--no-warmup]
import { join } from "node:path";
import { fitBinaryGD, predictBinary, fitSoftmaxAdam, predictSoftmax } from "../plain-mlp.js";
import { parseArgs, loadSet, readF32, readJSON, resetPeakRss, peakRss, medianCallSeconds, seconds, accuracyOf, emit, WARMUP } from "./measure.js";

const args = parseArgs();
const warmup = !args["no-warmup"];

function train(set, X, y, rows, epochs) {
  const options = { ...set, rows, hidden: set.hidden[0], epochs, seed: set.initSeed };
  return set.optimizer === "gd" ? fitBinaryGD(X, y, options) : fitSoftmaxAdam(X, y, options);
}

function labels(net, X, rows) {
  if (net.classes === undefined) return Array.from(predictBinary(net, X, rows), (p) => (p > 0.5 ? 1 : 0));
  return predictSoftmax(net, X, rows);
}

function fitCase(name) {
  const set = loadSet(args.data, name);
  const { epochs } = set;
  if (warmup) {
    for (let i = 0; i < WARMUP.fits; i++) train(set, set.XTrain, set.yTrain, Math.min(set.trainRows, WARMUP.rows), WARMUP.epochs);
  }
  const rssBefore = resetPeakRss();
  const start = process.hrtime.bigint();
  const net = train(set, set.XTrain, set.yTrain, set.trainRows, epochs);
  const fitSeconds = seconds(start);
  const peak = peakRss();
  return {
    case: name, system: "plain JS (Float64Array)", seconds: fitSeconds, epochs, rows: set.trainRows,
    accuracy: accuracyOf(set.yTest, labels(net, set.XTest, set.testRows)), peak_rss: peak, rss_before: rssBefore,
    ...(name === "seed" ? { final_loss_bits: net.loss.at(-1) } : { final_loss_bits: net.loss.at(-1) / Math.LN2 }),
  };
}

function predictCase() {
  const spec = readJSON(join(args.data, "predict.json"));
  const seed = loadSet(args.data, "seed");
  const { coefs, intercepts } = readJSON(join(args.data, "weights.json"));
  const hidden = intercepts[0].length;
  // wasmlp's coefs are [inputs][units]; this baseline keeps W1 as [units][inputs].
  const W1 = Float64Array.from({ length: hidden * spec.features }, (_, i) => coefs[0][i % spec.features][Math.floor(i / spec.features)]);
  const net = { W1, b1: Float64Array.from(intercepts[0]), w2: Float64Array.from(coefs[1].map((row) => row[0])), b2: intercepts[1][0], features: spec.features, hidden };
  const X = readF32(join(args.data, "predict-X.bin"));
  const rows = X.length / spec.features;
  const out = new Float64Array(rows);
  if (warmup) predictBinary(net, X, rows, out);
  let start = process.hrtime.bigint();
  predictBinary(net, X, rows, out);
  const probaSeconds = seconds(start);
  start = process.hrtime.bigint();
  const predicted = new Uint8Array(rows);
  predictBinary(net, X, rows, out).forEach((p, i) => (predicted[i] = p > 0.5 ? 1 : 0));
  const labelsSeconds = seconds(start);
  const one = (i) => predictBinary(net, X.subarray((i % rows) * spec.features, (i % rows + 1) * spec.features), 1);
  return {
    case: "predict", system: "plain JS (Float64Array)", rows, calls: spec.calls, proba_seconds: probaSeconds, labels_seconds: labelsSeconds,
    call_seconds: medianCallSeconds(one, spec.calls), accuracy: accuracyOf(seed.yTest, labels(net, seed.XTest, seed.testRows)),
  };
}

emit(args.case === "predict" ? predictCase() : fitCase(args.case));
