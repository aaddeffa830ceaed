// Run by tests/runtimes.test.js under Node, Deno and Bun, in a project where wasmlp is
// installed from the packed tarball: trains (on one thread and on two), predicts, saves,
// loads, predicts with wasmlp/infer and wasmlp/infer/simd, trains in a worker, and prints every result's float32
// bits as hex, for the test to compare across runtimes. Only web-standard APIs here, so the
// script itself runs the same everywhere.
import { MLPClassifier, MLPRegressor, trainInWorker } from "wasmlp";
import { loadModel } from "wasmlp/infer";
import { loadModel as loadSimd } from "wasmlp/infer/simd";
import * as workerEntry from "wasmlp/worker";

const hex = (rows) => Array.from(new Uint8Array(new Float32Array(rows.flat()).buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const bytesHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

// 1200 rows in 4 features, three classes, from a fixed linear congruential sequence.
let s = 12345;
const uniform = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
const X = [];
const y = [];
const target = [];
for (let i = 0; i < 1200; i++) {
  const row = [uniform(), uniform(), uniform(), uniform()].map((v) => 4 * v - 2);
  X.push(row);
  y.push(["a", "b", "c"][(row[0] + row[1] > 0.5 ? 1 : 0) + (row[2] * row[3] > 0 ? 1 : 0)]);
  target.push(Math.sin(row[0]) + row[1] * row[2]);
}

const out = { runtime: typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node" };
const options = { hiddenLayers: [12, 6], optimizer: "adam", learningRate: 0.01, batchSize: 64, epochs: 15, seed: 9 };
let saved;
for (const threads of [1, 2]) {
  const clf = new MLPClassifier({ ...options, threads });
  await clf.fit(X, y);
  out[`proba threads ${threads}`] = hex(clf.predictProba(X));
  out[`loss threads ${threads}`] = hex(clf.loss);
  saved = clf;
}
const bytes = saved.toBytes();
out.bytes = bytesHex(bytes);
out.json = JSON.stringify(saved.toJSON());
out["loaded from bytes"] = hex((await MLPClassifier.fromBytes(bytes)).predictProba(X));
out["loaded from JSON"] = hex((await MLPClassifier.fromJSON(out.json)).predictProba(X));
out.infer = hex((await loadModel(bytes)).predictProba(X));
out["infer simd"] = hex([Array.from((await loadSimd(bytes)).predictProbaFlat(Float64Array.from(X.flat())))]);

const reg = new MLPRegressor({ hiddenLayers: [10], epochs: 20, seed: 4, threads: 2 });
await reg.fit(X, target);
out.regressor = hex(reg.predict(X));
out["regressor infer"] = hex((await loadModel(reg.toBytes())).predict(X));
out["regressor infer simd"] = hex((await loadSimd(reg.toBytes())).predict(X));

const worker = await trainInWorker(options, X, y);
out["trained in a worker"] = hex(worker.predictProba(X));
// "wasmlp/worker" shares the chunk "wasmlp" uses: the very same functions.
out["wasmlp/worker"] = String(workerEntry.trainInWorker === trainInWorker && workerEntry.trainRegressorInWorker !== undefined);
console.log(JSON.stringify(out));
