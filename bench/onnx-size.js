// What a page downloads to run one small model, in one run: the same 3-5-1 classifier (a
// wasmlp model, and its toONNX file) on wasmlp/infer and on onnxruntime-web's leanest entry,
// onnxruntime-web/wasm. Each app is one line that loads the model and predicts, bundled and
// minified by esbuild for the browser; onnxruntime-web also fetches its .wasm file at run
// time, so its row counts that file too. Sizes are gzip -9 (zlib level 9) of each file.
// Both runtimes then run the model in Node, to show they compute the same probabilities.
//
// Run after `npm run build` and `npm run bench:peers` (which installs onnxruntime-web in
// bench/peers): node bench/onnx-size.js
import { existsSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { MLPClassifier } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { APP, inferBundleSize } from "../tests/helpers/infer-bundle.js";

const peers = fileURLToPath(new URL("./peers/", import.meta.url));
const ortDist = `${peers}node_modules/onnxruntime-web/dist/`;
if (!existsSync(ortDist)) {
  console.error("bench/peers/node_modules/onnxruntime-web is absent; install it with `npm run bench:peers`");
  process.exit(1);
}
const ortVersion = JSON.parse(readFileSync(`${peers}node_modules/onnxruntime-web/package.json`, "utf8")).version;

const ORT_APP = 'import * as ort from "onnxruntime-web/wasm"; const session = await ort.InferenceSession.create("model.onnx"); const out = await session.run({ X: new ort.Tensor("float32", Float32Array.of(0.5, 1.5, -1), [1, 3]) }); console.log(out.probabilities.data);';

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The app bundled: every output file esbuild writes (the entry, and any chunk or asset it
 *  splits off), with raw and gzipped sizes. */
async function bundle(contents, resolveDir) {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: "app.js", loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022",
    write: false, logLevel: "silent", outdir: "out", splitting: true,
    loader: { ".wasm": "file" },
  });
  return result.outputFiles.map((f) => ({ path: f.path.replace(/.*\/out\//, ""), raw: f.contents.length, gzip: gzip(f.contents) }));
}

// The model: 3 features, one hidden layer of 5 (sigmoid), two classes (one output).
const X = Array.from({ length: 200 }, (_, i) => [Math.sin(i), Math.cos(1.3 * i), (i % 7) / 3 - 1]);
const y = X.map(([a, b, c]) => (a + b * c > 0.2 ? 1 : 0));
const clf = await new MLPClassifier({ hiddenLayers: [5], epochs: 200, learningRate: 0.5, seed: 1 }).fit(X, y);
const onnx = clf.toONNX();

const infer = await inferBundleSize(APP);
const ortFiles = await bundle(ORT_APP, peers);
// The entry loads its WebAssembly from a file next to it at run time; esbuild does not see
// that fetch, so the file that onnxruntime-web/wasm loads is counted from its dist folder.
const wasmName = "ort-wasm-simd-threaded.wasm";
const wasm = readFileSync(ortDist + wasmName);
const ortJS = ortFiles.reduce((n, f) => n + f.gzip, 0);

console.log(`model: 3-5-1 (sigmoid), wasmlp JSON ${JSON.stringify(clf.toJSON()).length} bytes, ONNX ${onnx.length} bytes\n`);
console.log("| runtime | JavaScript (gzip -9) | WebAssembly (gzip -9) | total (gzip -9) |\n| --- | --- | --- | --- |");
console.log(`| wasmlp/infer (wasm embedded in the JS) | ${infer.gzipped} B | (included) | ${infer.gzipped} B |`);
console.log(`| onnxruntime-web ${ortVersion}, onnxruntime-web/wasm | ${ortJS} B (${ortFiles.map((f) => `${f.path} ${f.gzip}`).join(", ")}) | ${gzip(wasm)} B (${wasmName}, ${wasm.length} raw) | ${ortJS + gzip(wasm)} B |`);
console.log(`\nratio: onnxruntime-web/wasm is ${((ortJS + gzip(wasm)) / infer.gzipped).toFixed(0)}x wasmlp/infer for this model`);

// Both compute the model's probabilities (onnxruntime-web runs its wasm backend in Node).
const ort = await import(`${peers}node_modules/onnxruntime-web/dist/ort.wasm.min.mjs`);
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(onnx);
const rows = X.slice(0, 50);
const out = await session.run({ X: new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, 3]) });
const ours = (await loadModel(clf.toJSON())).predictProba(rows).flat();
let worst = 0;
ours.forEach((p, i) => (worst = Math.max(worst, Math.abs(p - out.probabilities.data[i]))));
console.log(`largest |difference| of the probabilities on 50 rows, onnxruntime-web vs wasmlp/infer: ${worst.toExponential(2)}`);
