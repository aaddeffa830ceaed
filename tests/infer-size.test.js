// wasmlp/infer stays small and self-contained: a one-line app bundles, JavaScript and
// WebAssembly together, to at most 4 KB gzipped, with no eval and no file to locate.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, statSync } from "node:fs";
import { inferBundleSize } from "./helpers/infer-bundle.js";

const BUDGET = 4096;

test(`a minified one-line app on wasmlp/infer is at most ${BUDGET} bytes gzipped`, async () => {
  const { gzipped, minified } = await inferBundleSize();
  assert.ok(gzipped <= BUDGET, `the bundle is ${gzipped} bytes gzipped (${minified} minified), over the ${BUDGET}-byte budget`);
});

test("the bundle embeds the WebAssembly and needs no eval, loader or path", async () => {
  const { text } = await inferBundleSize();
  const wasm = readFileSync(new URL("../build/infer.wasm", import.meta.url));
  assert.ok(text.includes(wasm.toString("hex")), "build/infer.wasm is not embedded (as hex) in the bundle");
  assert.ok(statSync(new URL("../build/infer.wasm", import.meta.url)).size < 3000, "the inference core grew past 3000 bytes");
  for (const banned of [/\beval\s*\(/, /\bFunction\s*\(/, /import\.meta/, /@assemblyscript\/loader/, /\bfetch\([^"]*\.wasm/]) {
    assert.not.match(text, banned, `the bundle contains ${banned}`);
  }
});

test.run();
