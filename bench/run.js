// `npm run bench`: wasmlp beside numpy, scikit-learn, PyTorch, TensorFlow.js and a plain-JS
// loop on the seed task, a wider task, a regression task and prediction. Every system runs
// each case in its own child process (so no case's memory or JIT state leaks into
// another), in interleaved rounds (A, B, C, then A, B, C, ...); each figure is the median
// of the runs, with the spread.
//
// It ends with one line per performance target met or missed (report.js's targetNotes).
// Every fit case is timed twice per round: in a cold process (the system's first fit:
// module compile, thread start and JIT tier-up included, as a script or the CLI runs it)
// and warm (after short untimed fits in the same process). Targets are stated on cold.
//
// Usage: node bench/run.js [--case seed|wide|regression|predict]... [--runs N] [--quick] [--json]
//                          [--only NAME[,NAME]] [--mode cold,warm] [--threads N|auto]
//   --case     repeatable or comma-separated; default all four
//   --runs     runs per system (default 3 for every case)
//   --quick    one run of each on smaller work (seed 200 epochs, wide and regression 20000
//              rows x 2 epochs, predict 1e5 rows): a check that every system runs, not a measurement
//   --json     one JSON line per case and system (per measurement for predict) on stdout;
//              the machine and progress go to stderr
//   --only     systems whose name contains one of these (case-insensitive), e.g. wasmlp,numpy
//   --mode     cold, warm or both (default); --no-warmup is --mode cold
//   --threads  wasmlp's threads option (default "auto"); passed to its children as WASMLP_THREADS
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { caseSpecs, writeCaseData } from "./cases.js";
import { CASE_SYSTEMS, available, runChild, machine } from "./systems.js";
import { caseRows, coldNotes, markdownTable, memoryNote, targetNotes } from "./report.js";

const CASES = ["seed", "wide", "regression", "predict"];
const MODES = ["cold", "warm"];
const BUILD = fileURLToPath(new URL("../build/", import.meta.url));
// Ctrl-C ends the running child; stop after it so the data folder is still removed.
let interrupted = false;
process.on("SIGINT", () => (interrupted = true));

function parseArgs(argv) {
  const options = { cases: [], runs: undefined, quick: false, json: false, only: [], modes: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === "--case") options.cases.push(...value().split(","));
    else if (arg === "--runs") options.runs = Number(value());
    else if (arg === "--only") options.only.push(...value().toLowerCase().split(","));
    else if (arg === "--quick") options.quick = true;
    else if (arg === "--json") options.json = true;
    else if (arg === "--no-warmup") options.modes.push("cold");
    else if (arg === "--mode") options.modes.push(...value().split(","));
    else if (arg === "--threads") process.env.WASMLP_THREADS = value();
    else throw new Error(`unknown argument ${arg}; see the usage at the top of bench/run.js`);
  }
  const unknown = options.cases.find((c) => !CASES.includes(c));
  if (unknown) throw new Error(`--case must be one of ${CASES.join(", ")}, got ${unknown}`);
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && options.runs >= 1)) throw new Error("--runs must be a positive integer");
  if (options.cases.length === 0) options.cases = CASES;
  if (options.modes.length === 0) options.modes = MODES;
  const badMode = options.modes.find((m) => !MODES.includes(m));
  if (badMode) throw new Error(`--mode must be cold, warm or both (cold,warm), got ${badMode}`);
  options.modes = MODES.filter((m) => options.modes.includes(m));
  options.runs ??= options.quick ? 1 : 3;
  return options;
}

function header(facts, options, specs, bundle) {
  const py = facts.python;
  const lines = [
    `wasmlp: build/index.js of ${bundle.built}, sha256 ${bundle.sha256}`,
    `machine: ${facts.nproc} cores, ${facts.cpu}; Node ${facts.node}` +
      (py ? `; Python ${py.python}, numpy ${py.numpy}, scikit-learn ${py.sklearn} (${py.blas.join("; ")})` : "") +
      (facts.torch ? `; PyTorch ${facts.torch}` : "") + (facts.tfjs ? `; TF.js ${facts.tfjs}` : "") + `; load average at start ${facts.loadavg.join(" ")}`,
    `runs: ${options.runs} per system and mode (${options.modes.join(", ")}), interleaved; median and spread (min–max); cold: the first fit of a fresh process; warm: after short untimed fits in it (predict: always after one untimed call)${options.quick ? "; --quick: smaller work, not a measurement" : ""}`,
  ];
  const { seed, wide, regression, predict } = specs;
  if (options.cases.includes("seed")) lines.push(`seed: scikit-learn's split (tests/fixtures/seed-split.json), 3-${seed.hidden}-1 sigmoid, full-batch GD lr ${seed.learningRate}, ${seed.epochs} epochs`);
  if (options.cases.includes("wide")) lines.push(`wide: makeClassification(${wide.samples} x ${wide.features}, informative ${wide.informative}, classes ${wide.classes}, seed ${wide.dataSeed}), ${1 - wide.testSize} train; ${wide.features}-${wide.hidden}-${wide.classes} relu/softmax, Adam lr ${wide.learningRate}, batch ${wide.batchSize}, ${wide.epochs} epochs`);
  if (options.cases.includes("regression")) {
    const r = regression;
    lines.push(`regression: ${r.samples} x ${r.features} (informative ${r.informative}, nonlinear ${r.nonlinear}, noise ${r.noise}, seed ${r.dataSeed}), ${1 - r.testSize} train; ${r.features}-${r.hidden}-1 ${r.activation}, Adam lr ${r.learningRate}, batch ${r.batchSize}, ${r.epochs} epochs, inputs and targets standardized`);
  }
  if (options.cases.includes("predict")) lines.push(`predict: the seed task's 3-5-1 model (wasmlp's fit, loaded by every system) on ${predict.rows} float32 rows; one-row calls: median of ${predict.calls}`);
  return lines.join("\n");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const specs = caseSpecs({ quick: options.quick });
  const canRun = available();
  const chosen = (system) => canRun(system) && (options.only.length === 0 || options.only.some((o) => system.name.toLowerCase().includes(o)));
  const facts = machine();
  const log = (text) => (options.json ? console.error(text) : console.log(text));
  // Inside build/, beside the bundles it copies (they import nothing from node_modules).
  const dataDir = mkdtempSync(join(BUILD, ".bench-"));
  const allRows = [];
  try {
    // Every wasmlp child loads these copies: a rebuild during the run cannot mix two builds.
    // The bundles with the chunks they import (every .js and .mjs at the top of build/).
    for (const file of readdirSync(BUILD)) if (/\.m?js$/.test(file)) copyFileSync(join(BUILD, file), join(dataDir, file));
    const bundle = {
      built: statSync(join(BUILD, "index.js")).mtime.toISOString(),
      sha256: createHash("sha256").update(readFileSync(join(dataDir, "index.js"))).digest("hex").slice(0, 12),
    };
    log(header(facts, options, specs, bundle));
    const info = await writeCaseData(dataDir, options.cases, specs);
    for (const caseName of options.cases) {
      const systems = CASE_SYSTEMS[caseName].filter(chosen);
      // Prediction is timed after an untimed call in every mode: one mode is enough.
      const modes = caseName === "predict" ? ["warm"] : options.modes;
      const results = new Map(modes.map((mode) => [mode, new Map(systems.map((s) => [s.name, []]))]));
      for (let run = 1; run <= options.runs; run++) {
        for (const system of systems) {
          for (const mode of modes) {
            await new Promise(setImmediate); // lets a pending SIGINT reach its handler
            if (interrupted) throw new Error("interrupted");
            // A peer with no JIT and no warm-up runs the same way in both modes: once a round.
            const result = mode === "warm" && system.noWarmup && modes.includes("cold")
              ? results.get("cold").get(system.name).at(-1) ?? { error: "its cold run failed" }
              : runChild(system, caseName, dataDir, { warmup: mode === "warm" });
            const took = result.error ? `failed: ${result.error}` : `${(result.seconds ?? result.proba_seconds ?? result.infer_seconds).toFixed(3)} s`;
            console.error(`[${caseName} ${run}/${options.runs}${caseName === "predict" ? "" : ` ${mode}`}] ${system.name}: ${took}`);
            if (!result.error) results.get(mode).get(system.name).push(result);
          }
        }
      }
      const rows = [];
      for (const mode of modes) {
        const finished = new Map([...results.get(mode)].filter(([, list]) => list.length > 0));
        rows.push(...caseRows(caseName, finished, info[caseName]?.dataBytes, caseName === "predict" ? undefined : mode));
      }
      for (const r of rows) if (r.case === "wide") r.node_rss_mib = +(facts.nodeRss / 2 ** 20).toFixed(1);
      allRows.push(...rows);
      if (options.json) for (const r of rows) console.log(JSON.stringify(r));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (!options.json) {
    console.log(`\n${markdownTable(allRows)}\n`);
    for (const note of coldNotes(allRows)) console.log(`cold / warm: ${note}`);
    for (const note of memoryNote(allRows)) console.log(`memory, wide fit: ${note}`);
    for (const note of targetNotes(allRows)) console.log(`target: ${note}`);
  }
  log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

try {
  await main();
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
}
