// Which systems run each case, and how bench/run.js starts each one as a child process:
// node for the JavaScript systems, /usr/bin/python3 for the Python peers (PyTorch too:
// Debian's python3-torch).
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const PYTHON = "/usr/bin/python3";
export const PEERS = here("./peers/node_modules/@tensorflow/tfjs/package.json");
const ORT = here("./peers/node_modules/onnxruntime-node/package.json");

const node = (script, ...args) => ({ command: process.execPath, args: [here(script), ...args] });
const python = (script, ...args) => ({ command: PYTHON, args: [here(script), "--seed", "0", ...args], python: true });
const tfjs = (backend, mode) => ({ ...node("./systems/tfjs.js", "--backend", backend, ...(mode ? ["--mode", mode] : [])), tfjs: true });

const WASMLP = { name: "wasmlp", ...node("./systems/wasmlp.js") };
const PLAIN = { name: "plain JS (Float64Array)", ...node("./systems/plain.js") };
// noWarmup: the child never warms up (nothing compiles at run time), so its cold and
// warm figures are one run's.
const NUMPY = { name: "numpy (seed article)", ...python("./systems/numpy_seed.py"), noWarmup: true };
const SKLEARN = { name: "scikit-learn MLPClassifier", ...python("./systems/sklearn_mlp.py"), noWarmup: true };
const SKLEARN_REGRESSOR = { ...SKLEARN, name: "scikit-learn MLPRegressor" };
// OpenBLAS (and PyTorch's OpenMP) use every core unless told otherwise.
const ONE_THREAD = { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
const oneThread = (system) => ({ ...system, name: `${system.name} (1 thread)`, env: ONE_THREAD });
// torch_mlp.py also sets torch.set_num_threads(1).
const TORCH = { name: "PyTorch (1 thread)", ...python("./systems/torch_mlp.py"), torch: true, env: ONE_THREAD };

/** Systems per case, in the order each round runs them. */
export const CASE_SYSTEMS = {
  seed: [
    WASMLP, NUMPY, oneThread(NUMPY), TORCH, SKLEARN, oneThread(SKLEARN),
    { name: "TF.js wasm (minimize loop)", ...tfjs("wasm", "loop") },
    { name: "TF.js wasm (model.fit)", ...tfjs("wasm", "fit") },
    { name: "TF.js cpu (minimize loop)", ...tfjs("cpu", "loop") },
    PLAIN,
  ],
  wide: [
    WASMLP, SKLEARN, oneThread(SKLEARN), TORCH,
    { name: "TF.js wasm (model.fit)", ...tfjs("wasm", "fit") },
    { name: "TF.js cpu (model.fit)", ...tfjs("cpu", "fit") },
    PLAIN,
  ],
  regression: [WASMLP, SKLEARN_REGRESSOR, oneThread(SKLEARN_REGRESSOR), TORCH],
  predict: [
    WASMLP, NUMPY, SKLEARN,
    { name: "TF.js wasm", ...tfjs("wasm") },
    { name: "TF.js cpu", ...tfjs("cpu") },
    PLAIN,
    { name: "onnxruntime-node (1 thread)", ...node("./systems/onnxruntime.js"), ort: true },
  ],
};

/** Which peers can run here; says on stderr what is skipped and how to get it. */
export function available() {
  const hasPython = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import sklearn"]).status === 0;
  const hasTfjs = existsSync(PEERS);
  const hasTorch = existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import torch"]).status === 0;
  const hasOrt = existsSync(ORT);
  if (!hasPython) {
    console.error(`skipping numpy and scikit-learn: ${PYTHON} with scikit-learn not found (apt-get install -y python3-sklearn)`);
  }
  if (!hasTorch) {
    console.error(`skipping PyTorch: ${PYTHON} with torch not found (apt-get install -y python3-torch)`);
  }
  if (!hasTfjs) {
    console.error("skipping TF.js: bench/peers/node_modules is absent; install it with `npm run bench:peers`");
  }
  if (!hasOrt) {
    console.error("skipping onnxruntime-node: bench/peers/node_modules is absent or older; install it with `npm run bench:peers`");
  }
  return (system) => (!system.python || hasPython) && (!system.tfjs || hasTfjs) && (!system.torch || hasTorch) && (!system.ort || hasOrt);
}

// Some machines set OpenBLAS tuning variables (for old OpenBLAS builds) that slow a
// current numpy: unset them for the Python peers alone.
function childEnv(system) {
  const env = { ...process.env, ...system.env };
  if (system.python) {
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
  }
  return env;
}

/** Runs one system on one case in its own process; returns its JSON result or { error }. */
export function runChild(system, caseName, dataDir, { warmup }) {
  const args = [...system.args, "--case", caseName, "--data", dataDir, ...(warmup ? [] : ["--no-warmup"])];
  const out = spawnSync(system.command, args, { env: childEnv(system), encoding: "utf8", maxBuffer: 64 << 20, timeout: 30 * 60e3 });
  const last = (out.stdout ?? "").trim().split("\n").at(-1);
  if (out.status !== 0 || !last?.startsWith("{")) {
    const why = out.error?.message ?? (out.stderr || "").trim().split("\n").slice(-5).join("\n");
    return { error: `exit ${out.status ?? out.signal}: ${why}` };
  }
  return JSON.parse(last);
}

/** Versions and machine facts for the report header. */
export function machine() {
  const read = (cmd, args) => {
    const out = spawnSync(cmd, args, { encoding: "utf8", env: childEnv({ python: cmd === PYTHON }) });
    return out.status === 0 ? out.stdout.trim() : null;
  };
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const facts = {
    cpu: cpuinfo.match(/model name\s*:\s*(.*)/)?.[1] ?? "unknown",
    nproc: availableParallelism(),
    node: process.version,
    loadavg: loadavg().map((l) => +l.toFixed(2)),
    // Node's own RSS, bytes: a bare process, once it has started (the memory target's base).
    nodeRss: Number(spawnSync(process.execPath, ["-e", "setTimeout(() => console.log(process.memoryUsage().rss), 100)"], { encoding: "utf8" }).stdout),
  };
  if (existsSync(PYTHON)) {
    facts.python = read(PYTHON, ["-c", [
      "import sys, json, numpy, sklearn",
      "from threadpoolctl import threadpool_info",
      "blas = [f\"{p['internal_api']} {p.get('version')} {p.get('architecture')} threads={p['num_threads']}\" for p in threadpool_info()]",
      "print(json.dumps({'python': sys.version.split()[0], 'numpy': numpy.__version__, 'sklearn': sklearn.__version__, 'blas': blas}))",
    ].join("\n")]);
    if (facts.python) facts.python = JSON.parse(facts.python);
  }
  if (existsSync(PYTHON)) facts.torch = read(PYTHON, ["-c", "import torch; print(torch.__version__)"]);
  if (existsSync(PEERS)) facts.tfjs = JSON.parse(readFileSync(PEERS, "utf8")).version;
  if (existsSync(ORT)) facts.ort = JSON.parse(readFileSync(ORT, "utf8")).version;
  return facts;
}
