// Stress for threaded training: many short fits on 2, 3 and "auto" threads, in several
// processes at once (and, with --busy, beside processes that only spin), counting the
// fits that fail. A race between the main thread and its workers shows up here as a rare
// failure ("a training thread failed: ..."), which one fit, or the test run, is too short
// to catch: the memory-size race tests/thread-memory.test.js reproduces failed 4 of
// 17,300 of these fits (2 processes for 4 minutes on a loaded 2-core machine), and none
// of 31,300 with workerEpoch's memory.grow(0). Not part of `npm test`: it runs for as long
// as it is told to.
//
//   npm run build && node scripts/stress-threads.js [--seconds 60] [--processes 2] [--busy 0]
//
// Each fit is one of: a fresh classifier (a new core, whose memory grows as the fit lays it
// out), one of two kept models alternating (fit and partialFit on each in turn), a fit
// that fails in onEpoch and then fits again, an aborted fit and then a fit.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    processes: { type: "string", default: "2" },
    busy: { type: "string", default: "0" },
    child: { type: "string" },
  },
});

/** Rows of `classes` blobs, from a fixed generator: the data only has to be fittable. */
function blobs(rows, features, classes, seed) {
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const X = [];
  const y = [];
  for (let i = 0; i < rows; i++) {
    X.push(Array.from({ length: features }, (_, j) => random() + (j % classes === i % classes ? 1 : 0)));
    y.push(i % classes);
  }
  return { X, y };
}

async function child(seconds) {
  const { MLPClassifier } = await import("../build/index.js");
  // Big enough that "auto" trains on threads once workers are idle (bindings/model/trainer.ts).
  const kinds = [
    { data: blobs(8000, 3, 2, 1), options: { hiddenLayers: [5], activation: "sigmoid", optimizer: "gd", learningRate: 1, epochs: 60 } },
    { data: blobs(4000, 20, 4, 2), options: { hiddenLayers: [64], activation: "relu", optimizer: "adam", learningRate: 1e-3, batchSize: 256, epochs: 2 } },
  ];
  const threads = [2, 3, "auto"];
  const kept = kinds.map((kind, i) => new MLPClassifier({ ...kind.options, seed: i, threads: 2 + i }));
  const failures = {};
  let fits = 0;
  const fail = (error) => (failures[error.message] = (failures[error.message] ?? 0) + 1);
  const end = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < end; i++) {
    const { data, options } = kinds[i % 2];
    const fresh = () => new MLPClassifier({ ...options, seed: i, threads: threads[i % 3] });
    try {
      switch (i % 5) {
        case 0:
        case 1:
          await fresh().fit(data.X, data.y);
          fits++;
          break;
        case 2: {
          const clf = kept[i % 2];
          await (i % 4 < 2 ? clf.fit(data.X, data.y) : clf.partialFit(data.X, data.y));
          fits++;
          break;
        }
        case 3: {
          const clf = fresh();
          await clf.fit(data.X, data.y);
          await clf.fit(data.X, data.y, { onEpoch: (epoch) => { if (epoch === 2) throw new Error("stopped by onEpoch"); } }).catch((error) => {
            if (error.message !== "stopped by onEpoch") throw error;
          });
          await clf.fit(data.X, data.y);
          fits += 3;
          break;
        }
        default: {
          const clf = fresh();
          await clf.fit(data.X, data.y);
          const controller = new AbortController();
          await clf.fit(data.X, data.y, { signal: controller.signal, onEpoch: (epoch) => epoch === 2 && controller.abort() }).catch((error) => {
            if (error.name !== "AbortError") throw error;
          });
          await clf.fit(data.X, data.y);
          fits += 3;
        }
      }
    } catch (error) {
      fail(error);
      fits++;
    }
  }
  process.send({ fits, failures }, () => process.exit(0));
}

function spin() {
  for (;;);
}

async function main() {
  const seconds = Number(values.seconds);
  const script = fileURLToPath(import.meta.url);
  const busy = Array.from({ length: Number(values.busy) }, () => fork(script, ["--child", "busy"]));
  const results = await Promise.all(
    Array.from({ length: Number(values.processes) }, () => new Promise((resolve, reject) => {
      const worker = fork(script, ["--child", String(seconds)]);
      worker.on("message", resolve);
      worker.on("exit", (code) => code !== 0 && reject(new Error(`a stress process exited with code ${code}`)));
    })),
  );
  for (const process of busy) process.kill();
  const failures = {};
  let fits = 0;
  for (const result of results) {
    fits += result.fits;
    for (const [message, count] of Object.entries(result.failures)) failures[message] = (failures[message] ?? 0) + count;
  }
  const failed = Object.values(failures).reduce((a, b) => a + b, 0);
  console.log(`${fits} fits in ${results.length} processes x ${seconds} s: ${failed} failed`);
  for (const [message, count] of Object.entries(failures)) console.log(`  ${count} x ${message}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

if (values.child === "busy") spin();
else if (values.child) await child(Number(values.child));
else await main();
