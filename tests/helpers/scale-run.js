// Trains on a generated data set in a process of its own, so its peak memory is its own:
// `node scale-run.js ROWS FEATURES OPTIMIZER EPOCHS [standardize]` prints one line of JSON
// with the fit time, the loss per epoch, the accuracy on the first rows, and the peak
// resident set size (the kernel's VmHWM). The rows are generated here, never stored.
import { readFileSync } from "node:fs";
import { MLPClassifier } from "../../build/index.js";
import { SEED } from "./seed.js";

const [rows, features, optimizer, epochs] = process.argv.slice(2, 6).map((v, i) => (i === 2 ? v : Number(v)));
const standardize = process.argv[6] === "standardize";

// One flat Float32Array (4 bytes a value), labels from the sign of the first five features'
// sum: learnable, so the accuracy says the rows arrived intact.
const X = new Float32Array(rows * features);
const y = new Uint8Array(rows);
let state = 12345;
for (let r = 0; r < rows; r++) {
  let sum = 0;
  for (let c = 0; c < features; c++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const value = (state / 2 ** 32) * 2 - 1;
    X[r * features + c] = value;
    if (c < 5) sum += value;
  }
  y[r] = sum > 0 ? 1 : 0;
}

const peakKiB = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? NaN);
const clf = new MLPClassifier({ ...SEED, hiddenLayers: [16], optimizer, epochs, learningRate: optimizer === "gd" ? 1 : 0.01, batchSize: 256, standardize });
const started = performance.now();
await clf.fit(X, y, { features });
const seconds = (performance.now() - started) / 1000;
const checked = Math.min(rows, 200000);
const accuracy = clf.score(X.subarray(0, checked * features), y.subarray(0, checked));
console.log(JSON.stringify({ seconds, loss: clf.loss, accuracy, peakMiB: peakKiB() / 1024, dataMiB: X.byteLength / 2 ** 20 }));
