#!/usr/bin/env node
// The whole build, in one place: the WebAssembly cores (asc, one process per target, run
// in parallel), the inference core as the text wasmlp/infer embeds, the bundles
// (esbuild, in one process) and the type declarations (tsc). A step whose inputs are byte for byte what
// they were at its last successful run, and whose outputs are all present, is skipped:
// build/.build-state.json keeps a hash of each step's inputs.
//
// Usage: node scripts/build.js [--force] [--quiet]
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const force = process.argv.includes("--force");
const quiet = process.argv.includes("--quiet");
const stateFile = join(root, "build/.build-state.json");

/** Every file below `dir` (relative to the root), skipping the spec folders. */
function filesUnder(dir) {
  const out = [];
  const walk = (path) => {
    for (const entry of readdirSync(join(root, path), { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__tests__") walk(child);
      } else out.push(child);
    }
  };
  walk(dir);
  return out.sort();
}

const toolVersion = (name) => JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;

function hashOf(files, extra) {
  const hash = createHash("sha256").update(extra);
  for (const file of files) hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0");
  return hash.digest("hex");
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** Runs `tasks` (functions returning promises), at most `limit` at a time. */
async function pool(tasks, limit) {
  const queue = [...tasks];
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length > 0) await queue.shift()();
  });
  await Promise.all(workers);
}

const asc = join(root, "node_modules/.bin/asc");
const wasmInputs = () => [...filesUnder("assembly"), "asconfig.json"];
const wasmTargets = [
  { target: "release", entry: "assembly/index.ts", out: "build/wasmlp.wasm" },
  { target: "scalar", entry: "assembly/index.ts", out: "build/wasmlp-scalar.wasm" },
  { target: "threads", entry: "assembly/threads.ts", out: "build/wasmlp-threads.wasm" },
  { target: "infer", entry: "assembly/infer.ts", out: "build/infer.wasm" },
  { target: "infersimd", entry: "assembly/infersimd.ts", out: "build/infer-simd.wasm" },
];
// The inference cores' text, for wasmlp/infer and wasmlp/infer/simd.
const coreTexts = [["build/infer.wasm", "build/infer.wasm.txt"], ["build/infer-simd.wasm", "build/infer-simd.wasm.txt"]];

// wasmlp/infer embeds its core as text (bindings/infer/index.ts decodes it; so does
// wasmlp/infer/simd, bindings/infer/simd.ts): the 16
// characters that stand for the nibbles 0 to 15, then two of them a byte, high nibble
// first. A nibble a character keeps the module's repeated byte runs repeated for gzip
// (hex packs 13% smaller than base64). gzip codes the whole bundle with one Huffman table,
// so the characters are among those the minified entry's JavaScript uses most
// (bench/infer-size.js prints them): about 100 bytes less than hex digits, which it
// hardly uses (4051 bytes against 4157 when measured). Which character stands for which
// nibble matters too (the module's nibbles are far from uniform: a third are 0): this
// order was found by trying swaps on wasmlp/infer's app, 4086 bytes against 4094 for the
// 16 most used in order of use (wasmlp/infer/simd's app: 4576 against 4581).
const CORE_ALPHABET = "e,oarsn)t=(l.ufi";
const coreText = (wasm) => CORE_ALPHABET + Array.from(wasm, (b) => CORE_ALPHABET[b >> 4] + CORE_ALPHABET[b & 15]).join("");

const common = { bundle: true, format: "esm", target: "es2022", logLevel: "warning" };
// The library's two entries, "wasmlp" (build/index.js) and "wasmlp/worker" (build/worker.js),
// are split into shared chunks (build/lib-HASH.js) by esbuild: trainInWorker imports the model
// classes dynamically, so the training cores land in chunks that only the model classes
// import, and a bundler that starts from trainInWorker never reaches them. The chunks sit
// beside the entries because trainInWorker finds the worker file next to its own chunk
// (new URL("./training-worker.mjs", import.meta.url)).
const CHUNK = /^lib-[A-Z0-9]+\.js$/;
const bundles = [
  {
    entryPoints: { index: "bindings/index.ts", worker: "bindings/worker.ts" }, outdir: "build", splitting: true, chunkNames: "lib-[hash]",
    platform: "neutral", loader: { ".wasm": "binary" }, external: ["@assemblyscript/loader"],
  },
  { entryPoints: ["bindings/infer/index.ts"], outfile: "build/infer.js", platform: "neutral", loader: { ".txt": "text" } },
  { entryPoints: ["bindings/infer/simd.ts"], outfile: "build/infer-simd.js", platform: "neutral", loader: { ".txt": "text" } },
  { entryPoints: ["bindings/runtime/worker-main.ts"], outfile: "build/training-worker.mjs", platform: "neutral", loader: { ".wasm": "binary" } },
  { entryPoints: ["bindings/cli/main.ts"], outfile: "build/cli.js", platform: "node", target: "node20", loader: { ".wasm": "binary" }, external: ["@assemblyscript/loader"] },
];
const bindingInputs = () => [...filesUnder("bindings"), "package.json", "tsconfig.json"];

const steps = [
  {
    name: "wasm",
    inputs: wasmInputs,
    extra: () => `asc ${toolVersion("assemblyscript")} core text ${CORE_ALPHABET}`,
    outputs: [...wasmTargets.map((t) => t.out), ...coreTexts.map(([, text]) => text)],
    async run() {
      await pool(wasmTargets.map((t) => () => run(asc, [t.entry, "--target", t.target])), availableParallelism());
      for (const [wasm, text] of coreTexts) writeFileSync(join(root, text), coreText(readFileSync(join(root, wasm))));
    },
  },
  {
    name: "bundles",
    inputs: () => [...bindingInputs(), ...wasmTargets.map((t) => t.out), ...coreTexts.map(([, text]) => text)],
    extra: () => `esbuild ${toolVersion("esbuild")}`,
    outputs: bundles.flatMap((b) => b.outfile ?? Object.keys(b.entryPoints).map((name) => `${b.outdir}/${name}.js`)),
    run() {
      // A chunk's name is its hash: the previous build's chunks go first.
      for (const file of readdirSync(join(root, "build"))) if (CHUNK.test(file)) rmSync(join(root, "build", file));
      return Promise.all(bundles.map((b) => build({ ...common, ...b, absWorkingDir: root })));
    },
  },
  {
    name: "types",
    inputs: bindingInputs,
    extra: () => `typescript ${toolVersion("typescript")}`,
    outputs: ["build/types/index.d.ts", "build/types/infer/index.d.ts", "build/types/infer/simd.d.ts"],
    async run() {
      rmSync(join(root, "build/types"), { recursive: true, force: true });
      await run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"]);
    },
  },
];

mkdirSync(join(root, "build"), { recursive: true });
const state = !force && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : {};
for (const step of steps) {
  const hash = hashOf(step.inputs(), step.extra());
  const present = step.outputs.every((file) => existsSync(join(root, file)) && statSync(join(root, file)).size > 0);
  if (state[step.name] === hash && present) {
    if (!quiet) console.log(`build: ${step.name} is up to date`);
    continue;
  }
  const started = performance.now();
  delete state[step.name];
  writeFileSync(stateFile, JSON.stringify(state));
  await step.run();
  state[step.name] = hash;
  writeFileSync(stateFile, JSON.stringify(state));
  if (!quiet) console.log(`build: ${step.name} in ${((performance.now() - started) / 1000).toFixed(1)} s (${relative(root, join(root, step.outputs[0]))}, ...)`);
}
