// bench/run.js's child for onnxruntime-node (installed in bench/peers by `npm run
// bench:peers`): the prediction case's two models as `toONNX` exports them (model.onnx,
// the seed's 3-5-1, and model-wide.onnx, the 20-64-4), each run once untimed and then
// timed on the 1e6 rows, on one thread (intraOpNumThreads and interOpNumThreads 1,
// sequential execution), with every graph optimization, fetching the probabilities only
// (what predictProba returns). The timed call includes making the input tensor (over the
// Float32Array, no copy) and reading the output's data.
// Usage: node bench/systems/onnxruntime.js --case predict --data DIR
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs, loadSet, readF32, readI32, readJSON, seconds, accuracyOf, emit } from "./measure.js";

const args = parseArgs();
const require = createRequire(new URL("../peers/package.json", import.meta.url));
const ort = require("onnxruntime-node");

async function session(name) {
  return ort.InferenceSession.create(join(args.data, name), {
    intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all",
  });
}

/** Runs the graph on `rows` rows of X; returns the probabilities, [rows x classes]. */
async function run(model, X, rows, features) {
  const out = await model.run({ X: new ort.Tensor("float32", X, [rows, features]) }, ["probabilities"]);
  return out.probabilities.data;
}

/** Labels from probabilities: the first largest (classes 0, 1, ...). */
function labels(P, rows) {
  const k = P.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let j = 1; j < k; j++) if (P[r * k + j] > P[r * k + best]) best = j;
    return best;
  });
}

async function timed(model, X, features) {
  const rows = X.length / features;
  await run(model, X, rows, features);
  const start = process.hrtime.bigint();
  await run(model, X, rows, features);
  return seconds(start);
}

const spec = readJSON(join(args.data, "predict.json"));
const seed = loadSet(args.data, "seed");
const small = await session("model.onnx");
const wide = await session("model-wide.onnx");
const X = readF32(join(args.data, "predict-X.bin"));
const XWide = readF32(join(args.data, "predict-wide-X.bin"));
const rows = X.length / spec.features;
const inferSeconds = await timed(small, X, spec.features);
const wideSeconds = await timed(wide, XWide, spec.wide.features);
// One row per call: the session's run is asynchronous, so this times it through a
// resolved promise per call.
const one = X.subarray(0, spec.features);
const callTimes = [];
for (let i = 0; i < spec.calls + 1000; i++) {
  const start = process.hrtime.bigint();
  await run(small, one, 1, spec.features);
  if (i >= 1000) callTimes.push(seconds(start));
}
emit({
  case: "predict", system: "onnxruntime-node", rows, calls: spec.calls,
  infer_seconds: inferSeconds, wide_infer_seconds: wideSeconds, call_seconds: callTimes.sort((a, b) => a - b)[callTimes.length >> 1],
  accuracy: accuracyOf(seed.yTest, labels(await run(small, seed.XTest, seed.yTest.length, spec.features), seed.yTest.length)),
  wide_accuracy: accuracyOf(readI32(join(args.data, "predict-wide-y.bin")).subarray(0, 2000), labels(await run(wide, XWide.subarray(0, 2000 * spec.wide.features), 2000, spec.wide.features), 2000)),
  ort: ort.env.versions?.node,
});
