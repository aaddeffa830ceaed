// What every JavaScript child of bench/run.js shares: reading the data files the
// orchestrator wrote, peak-RSS bookkeeping, per-call timing, and the one JSON line out.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Parses `--name value` pairs (and bare `--flag`s as true). */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) args[name] = true;
    else args[name] = (i++, next);
  }
  return args;
}

// Copies out of the Buffer: a pooled Buffer's byteOffset may not be 4-aligned.
export function readF32(path) {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function readI32(path) {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** A data set written by bench/cases.js: its spec plus XTrain, yTrain, XTest, yTest
 *  (y: int32 labels, or float32 targets for a regression case). */
export function loadSet(dir, name) {
  const meta = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
  const part = (p) => (p.startsWith("X") || meta.task === "regression" ? readF32 : readI32)(join(dir, `${name}-${p}.bin`));
  return { ...meta, XTrain: part("XTrain"), yTrain: part("yTrain"), XTest: part("XTest"), yTest: part("yTest") };
}

export function readJSON(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

function status(field) {
  try {
    const match = readFileSync("/proc/self/status", "utf8").match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The untimed fits a JavaScript child runs first, the same for every system: enough
 *  that the timed fit runs code the engines have optimised (JavaScript and wasm tier up
 *  after some calls, and wasm has no on-stack replacement: docs/ARCHITECTURE.md), small enough to
 *  take a fraction of a second. Three short fits of 5120 rows x 20 epochs. */
export const WARMUP = { fits: 3, rows: 5120, epochs: 20 };

/**
 * Resets the kernel's peak-RSS mark (Linux: "5" to /proc/self/clear_refs), so that the
 * peak read after a fit is the fit's own and not the data loading's. Returns the RSS now.
 */
export function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Not Linux, or not allowed: the peak then covers the whole process.
  }
  return status("VmRSS") ?? process.memoryUsage().rss;
}

/** Peak RSS in bytes since the last reset (VmHWM), or the process's max RSS. */
export function peakRss() {
  return status("VmHWM") ?? process.resourceUsage().maxRSS * 1024;
}

/** Times `fn` once per call, `calls` times after `warmup` calls; returns the median in seconds. */
export function medianCallSeconds(fn, calls, warmup = Math.min(1000, calls)) {
  for (let i = 0; i < warmup; i++) fn(i);
  const times = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = process.hrtime.bigint();
    fn(i);
    times[i] = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return times.sort()[calls >> 1];
}

export function seconds(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export function accuracyOf(yTrue, yPred) {
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (Number(yTrue[i]) === Number(yPred[i])) correct++;
  return correct / yTrue.length;
}

/** The child's answer: one JSON line, last on stdout. */
export function emit(result) {
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}
