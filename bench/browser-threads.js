// Training threads in Chromium: the seed task (3-5-1 sigmoid, full-batch, 2000 epochs) and
// the wide task's shape cut to 40000 rows x 5 epochs, fitted on a cross-origin isolated
// page (web/serve.js) on 1 thread and on 2, in interleaved rounds. Each fit is the first
// of a fresh page (cold: compile, worker start and tier-up counted) and then a second
// one on the same page (warm). Prints the medians, spreads and the speedups.
//
// Usage: npm run build && node bench/browser-threads.js [--runs N] [--chromium PATH]
// Needs Chromium (Debian's chromium; not started by npm test).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../web/serve.js";

const argv = process.argv.slice(2);
const flag = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const runs = Number(flag("--runs", 5));
const CHROMIUM = flag("--chromium", process.env.CHROMIUM ?? "/usr/bin/chromium");
const ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const build = fileURLToPath(new URL("../build/", import.meta.url));
const split = JSON.parse(readFileSync(new URL("../tests/fixtures/seed-split.json", import.meta.url), "utf8"));

const CASES = {
  seed: { data: { X: split.XTrain, y: split.yTrain }, options: { hiddenLayers: [5], learningRate: 1, epochs: 2000, seed: 0 } },
  wide: {
    make: { samples: 40000, features: 20, informative: 10, classes: 4, seed: 42 },
    options: { hiddenLayers: [64], activation: "relu", optimizer: "adam", learningRate: 1e-3, batchSize: 256, epochs: 5, init: "glorot", seed: 0 },
  },
};

/** Two fits in a fresh page: the first (cold) and a second (warm); seconds each. */
async function fitTwice(context, url, spec, threads) {
  const page = await context.newPage();
  await page.goto(`${url}browser-tests/bench.html`);
  const times = await page.evaluate(async ({ spec, threads }) => {
    const { MLPClassifier, makeClassification } = await import("/index.js");
    const { X, y } = spec.data ?? makeClassification(spec.make);
    const features = spec.make?.features;
    const out = [];
    for (let i = 0; i < 2; i++) {
      const clf = new MLPClassifier({ ...spec.options, threads });
      const start = performance.now();
      await clf.fit(X, y, features ? { features } : {});
      out.push((performance.now() - start) / 1e3);
    }
    return { out, isolated: globalThis.crossOriginIsolated };
  }, { spec, threads });
  await page.close();
  if (!times.isolated) throw new Error("the page is not cross-origin isolated: web/serve.js's headers are missing");
  return times.out;
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const fmt = (v) => `${(median(v) * 1e3).toFixed(1)} ms (${(Math.min(...v) * 1e3).toFixed(1)}–${(Math.max(...v) * 1e3).toFixed(1)})`;

if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or --chromium PATH)`);
mkdirSync(join(build, "browser-tests"), { recursive: true });
writeFileSync(join(build, "browser-tests/bench.html"), "<!doctype html><title>wasmlp threads bench</title>");
const server = await serve(build);
const profile = mkdtempSync(join(tmpdir(), "wasmlp-chromium-"));
const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true });
try {
  console.log(`Chromium ${context.browser()?.version() ?? ""}, ${availableParallelism()} cores, load average at start ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${runs} interleaved rounds`);
  for (const [name, spec] of Object.entries(CASES)) {
    const results = { 1: { cold: [], warm: [] }, 2: { cold: [], warm: [] } };
    for (let run = 0; run < runs; run++) {
      for (const threads of [1, 2]) {
        const [cold, warm] = await fitTwice(context, server.url, spec, threads);
        results[threads].cold.push(cold);
        results[threads].warm.push(warm);
      }
    }
    for (const mode of ["cold", "warm"]) {
      const [one, two] = [results[1][mode], results[2][mode]];
      console.log(`${name} ${mode}: 1 thread ${fmt(one)}, 2 threads ${fmt(two)}: ${(median(one) / median(two)).toFixed(2)}x`);
    }
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
} finally {
  await context.close();
  await server.close();
  rmSync(profile, { recursive: true, force: true });
}
