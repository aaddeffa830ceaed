// Bundle sizes for bench/RESULTS.md: the one-line wasmlp/infer app of
// tests/infer-size.test.js, beside the same app on wasmlp/infer/simd and on the full
// library, and each .wasm alone.
// Run after `npm run build`: node bench/infer-size.js
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { APP, SIMD_APP, inferBundleSize } from "../tests/helpers/infer-bundle.js";

const FULL = 'import { MLPClassifier } from "wasmlp"; const model = await MLPClassifier.fromJSON(await (await fetch("model.json")).json()); console.log(model.predict([[0.5, 1.5]]));';

function row(name, text) {
  const bytes = Buffer.from(text);
  return { name, text, minified: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length, gzip6: gzipSync(bytes).length, brotli: brotliCompressSync(bytes).length };
}

const wasm = readFileSync(new URL("../build/infer.wasm", import.meta.url));
const rows = [
  row("wasmlp/infer one-line app (JS + embedded wasm)", (await inferBundleSize(APP)).text),
  row("same app on wasmlp/infer/simd", (await inferBundleSize(SIMD_APP)).text),
  row("same app on the full library (MLPClassifier.fromJSON)", (await inferBundleSize(FULL)).text),
];
console.log(`app: ${APP}\n`);
console.log("| bundle | minified | gzip -9 | gzip -6 | brotli |\n| --- | --- | --- | --- | --- |");
for (const r of rows) console.log(`| ${r.name} | ${r.minified} | ${r.gzip9} | ${r.gzip6} | ${r.brotli} |`);
console.log(`| build/infer.wasm alone (raw bytes) | ${wasm.length} | ${gzipSync(wasm, { level: 9 }).length} | ${gzipSync(wasm).length} | ${brotliCompressSync(wasm).length} |`);
const simdWasm = readFileSync(new URL("../build/infer-simd.wasm", import.meta.url));
console.log(`| build/infer-simd.wasm alone (raw bytes) | ${simdWasm.length} | ${gzipSync(simdWasm, { level: 9 }).length} | ${gzipSync(simdWasm).length} | ${brotliCompressSync(simdWasm).length} |`);

// scripts/build.js spells the embedded core in the 16 characters the entry's JavaScript
// uses most; they drift as the code changes.
const core = readFileSync(new URL("../build/infer.wasm.txt", import.meta.url), "utf8");
const counts = new Map();
// Printable characters a JavaScript string holds as they are: not space, quotes, $ or \.
for (const c of rows[0].text.replace(JSON.stringify(core), "")) if (c > " " && c <= "~" && !"\"'`$\\".includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
const most = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([c]) => c).join("");
console.log(`\nthe core's alphabet: ${JSON.stringify(core.slice(0, 16))}; the entry's 16 most used characters now: ${JSON.stringify(most)}`);
