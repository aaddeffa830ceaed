// `npm run bench`: the seed task (8000 rows x 3 features, 3-5-1 sigmoid, full batch, 2000
// epochs) timed for wasmlp and, when /usr/bin/python3 has scikit-learn, for the numpy
// code of the seed article and scikit-learn's MLPClassifier, interleaved in one run.
// Usage: node bench/seed.js [--runs N] [--json]
import { readFileSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { MLPClassifier, accuracy } from "../build/index.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const EPOCHS = 2000;

const split = JSON.parse(readFileSync(new URL("../tests/fixtures/seed-split.json", import.meta.url), "utf8"));
const rows = split.XTrain.length;
const flatTrain = Float32Array.from(split.XTrain.flat());
const flatTest = Float32Array.from(split.XTest.flat());

async function wasmlp(seed) {
  const clf = new MLPClassifier({ hiddenLayers: [5], learningRate: 1.0, epochs: EPOCHS, seed });
  const started = performance.now();
  await clf.fit(flatTrain, split.yTrain, { features: 3 });
  const seconds = (performance.now() - started) / 1000;
  return { system: "wasmlp", seconds, accuracy: accuracy(split.yTest, clf.predict(flatTest)), rss: process.memoryUsage().rss };
}

const python = "/usr/bin/python3";
const hasSklearn = existsSync(python) && spawnSync(python, ["-c", "import sklearn"]).status === 0;

function pythonPeer(script, system, seed) {
  // OpenBLAS tuning variables set on these machines slow a current numpy; unset for the peer.
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const out = spawnSync(python, [new URL(script, import.meta.url).pathname, "--seed", String(seed), "--json"], { env, encoding: "utf8" });
  if (out.status !== 0) throw new Error(`${script} failed: ${out.stderr}`);
  const result = JSON.parse(out.stdout.trim().split("\n").at(-1));
  return { system, seconds: result.fit_seconds, accuracy: result.accuracy, rss: undefined };
}

const peers = [(seed) => wasmlp(seed)];
if (hasSklearn) {
  peers.push((seed) => pythonPeer("./seed_numpy.py", "numpy (seed article)", seed));
  peers.push((seed) => pythonPeer("./sklearn_seed.py", "scikit-learn MLPClassifier", seed));
} else {
  console.error("skipping numpy and scikit-learn: /usr/bin/python3 with scikit-learn not found (apt-get install python3-sklearn)");
}

await wasmlp(0); // warm-up: compile the module and let the epoch loop reach optimised code
const results = new Map();
for (let run = 0; run < runs; run++) {
  for (const peer of peers) {
    const r = await peer(run);
    if (!results.has(r.system)) results.set(r.system, []);
    results.get(r.system).push(r);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const table = [...results].map(([system, list]) => {
  const seconds = list.map((r) => r.seconds);
  const fit = median(seconds);
  return {
    case: "seed 3-5-1", system, fit_seconds: +fit.toFixed(4),
    min_seconds: +Math.min(...seconds).toFixed(4), max_seconds: +Math.max(...seconds).toFixed(4),
    ns_per_sample_epoch: +((fit * 1e9) / (rows * EPOCHS)).toFixed(2),
    rows_per_second: Math.round((rows * EPOCHS) / fit),
    peak_rss_mib: list[0].rss ? +(Math.max(...list.map((r) => r.rss)) / 2 ** 20).toFixed(1) : null,
    accuracy: +median(list.map((r) => r.accuracy)).toFixed(4),
  };
});
const base = table.find((t) => t.system === "wasmlp");
for (const t of table) t.speedup_of_wasmlp = +(t.fit_seconds / base.fit_seconds).toFixed(2);

if (json) {
  for (const t of table) console.log(JSON.stringify(t));
} else {
  console.log(`seed task: ${rows} rows x 3 features, 3-5-1 sigmoid, full batch, ${EPOCHS} epochs; median of ${runs} interleaved runs`);
  console.table(table.map(({ case: _, ...t }) => t));
}
