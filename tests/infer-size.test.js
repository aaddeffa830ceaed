// wasmlp/infer stays small and self-contained: a one-line app bundles, JavaScript and
// WebAssembly together, to at most 4 KB gzipped, with no eval and no file to locate.
// wasmlp/infer/simd, its faster twin, is held to 4.5 KB the same way.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, statSync } from "node:fs";
import { inferBundleSize, SIMD_APP } from "./helpers/infer-bundle.js";

const BUDGET = 4096;
const SIMD_BUDGET = 4608;

test(`a minified one-line app on wasmlp/infer is at most ${BUDGET} bytes gzipped`, async () => {
  const { gzipped, minified } = await inferBundleSize();
  assert.ok(gzipped <= BUDGET, `the bundle is ${gzipped} bytes gzipped (${minified} minified), over the ${BUDGET}-byte budget`);
});

test(`the same app on wasmlp/infer/simd is at most ${SIMD_BUDGET} bytes gzipped`, async () => {
  const { gzipped, minified } = await inferBundleSize(SIMD_APP);
  assert.ok(gzipped <= SIMD_BUDGET, `the bundle is ${gzipped} bytes gzipped (${minified} minified), over the ${SIMD_BUDGET}-byte budget`);
});

/** build/infer.wasm.txt read as scripts/build.js writes it: 16 distinct characters that
 *  stand for the nibbles 0 to 15, then two of them a byte, high nibble first. */
function decodeCore(text) {
  const alphabet = text.slice(0, 16);
  assert.is(new Set(alphabet).size, 16, "the core text starts with 16 distinct characters");
  const pairs = text.slice(16).match(/../g);
  assert.is(pairs.length * 2, text.length - 16, "two characters a byte");
  return Uint8Array.from(pairs, ([high, low]) => {
    assert.ok(alphabet.includes(high) && alphabet.includes(low), `"${high}${low}" is not spelled in the alphabet ${alphabet}`);
    return alphabet.indexOf(high) * 16 + alphabet.indexOf(low);
  });
}

for (const [entry, app, core] of [["wasmlp/infer", undefined, "infer"], ["wasmlp/infer/simd", SIMD_APP, "infer-simd"]]) {
  test(`${entry}'s bundle embeds the WebAssembly and needs no eval, loader or path`, async () => {
    const { text } = await inferBundleSize(app);
    const wasm = readFileSync(new URL(`../build/${core}.wasm`, import.meta.url));
    const coreText = readFileSync(new URL(`../build/${core}.wasm.txt`, import.meta.url), "utf8");
    assert.ok(Buffer.from(decodeCore(coreText)).equals(wasm), `build/${core}.wasm.txt does not spell build/${core}.wasm`);
    assert.ok(text.includes(JSON.stringify(coreText)), "the core's text is not embedded in the bundle");
    assert.ok(statSync(new URL(`../build/${core}.wasm`, import.meta.url)).size < 3000, "the inference core grew past 3000 bytes");
    for (const banned of [/\beval\s*\(/, /\bFunction\s*\(/, /import\.meta/, /@assemblyscript\/loader/, /\bfetch\([^"]*\.wasm/]) {
      assert.not.match(text, banned, `the bundle contains ${banned}`);
    }
  });
}

test.run();
