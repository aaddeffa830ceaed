// The TypeScript limits (bindings/limits.ts, bundled from the source) agree with the ones
// the WebAssembly core states in its own sources: a wrapper that allowed more layers,
// threads or block rows than the core has room for would write past its tables.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { root } from "./helpers/cli.js";

const bundled = await build({
  entryPoints: [`${root}/bindings/limits.ts`], bundle: true, platform: "node", format: "esm", write: false, logLevel: "silent",
});
const limits = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString("base64")}`);

/** The value of `const NAME: i32 = VALUE;` in an assembly/ source (a number or another constant's name). */
function coreConstant(file, name) {
  const text = readFileSync(`${root}/assembly/${file}`, "utf8");
  const match = new RegExp(`const ${name}: i32 = ([A-Z_0-9]+);`).exec(text);
  assert.ok(match, `assembly/${file} states ${name}`);
  return /^\d+$/.test(match[1]) ? Number(match[1]) : coreConstant(file, match[1]);
}

test("block rows: the wrapper writes as many rows per block as the core's blocks hold", () => {
  assert.is(limits.BLOCK_COLS, coreConstant("model.ts", "BLOCK_COLS"));
});

test("layers: a model's weight layers (widths − 1) fit the core's tables", () => {
  assert.ok(limits.MAX_LAYERS - 1 <= coreConstant("model.ts", "MAX_LAYERS"), `${limits.MAX_LAYERS} widths against ${coreConstant("model.ts", "MAX_LAYERS")} weight layers`);
});

test("threads: no more than the core has slices and scratch for", () => {
  assert.is(limits.MAX_THREADS, coreConstant("layout.ts", "MAX_THREADS"));
  assert.is(coreConstant("layout.ts", "MAX_THREADS"), coreConstant("layout.ts", "MAX_SLICES"));
});

test("float32: F32_MAX is the largest finite float32", () => {
  assert.is(Math.fround(limits.F32_MAX), limits.F32_MAX);
  assert.is(Math.fround(limits.F32_MAX * (1 + 2 ** -24)), Infinity);
});

test.run();
