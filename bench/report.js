// Turns the children's results into rows: median and spread (min-max) over the runs, the
// per-sample figures, and how many times faster wasmlp is than each peer (with the spread
// of that ratio: the peer's fastest run over wasmlp's slowest, and the other way round).

const MiB = 2 ** 20;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits) => (value == null || !Number.isFinite(value) ? null : +value.toFixed(digits));
const significant = (value, digits = 3) => (value == null ? null : +value.toPrecision(digits));

// A prediction child measures three things; each becomes its own row.
const PREDICT_PARTS = [
  { what: (r) => `predictProba, ${r.rows} rows`, key: "proba_seconds", count: (r) => r.rows },
  { what: (r) => `predict (labels), ${r.rows} rows`, key: "labels_seconds", count: (r) => r.rows },
  { what: (r) => `predictProba, 1 row per call (median of ${r.calls})`, key: "call_seconds", count: () => 1 },
  // wasmlp only: the same probabilities in one Float32Array instead of an array per row.
  { what: (r) => `predictProbaFlat (one Float32Array), ${r.rows} rows`, key: "flat_seconds", count: (r) => r.rows },
  // wasmlp/infer/simd's predictProbaFlat against onnxruntime-node's session.run, the same
  // models, both returning one Float32Array; and the 4 KB wasmlp/infer's predictProba.
  { what: (r) => `3-5-1: wasmlp/infer/simd predictProbaFlat vs ONNX session.run, ${r.rows} rows`, key: "infer_seconds", count: (r) => r.rows },
  { what: (r) => `20-64-4: wasmlp/infer/simd predictProbaFlat vs ONNX session.run, ${r.rows} rows`, key: "wide_infer_seconds", count: (r) => r.rows, accuracy: "wide_accuracy" },
  { what: (r) => `20-64-4: wasmlp/infer (4 KB, scalar) predictProba, ${r.rows} rows`, key: "wide_small_infer_seconds", count: (r) => r.rows, accuracy: "wide_accuracy" },
  { what: (r) => `20-64-4: the library's predictProbaFlat, ${r.rows} rows`, key: "wide_flat_seconds", count: (r) => r.rows, accuracy: "wide_accuracy" },
];

function row(caseName, system, what, list, seconds, samples) {
  const med = median(seconds);
  const rss = list.map((r) => r.peak_rss).filter((v) => v != null);
  return {
    case: caseName, system, what, runs: list.length,
    seconds: significant(med, 4), min_seconds: significant(Math.min(...seconds), 4), max_seconds: significant(Math.max(...seconds), 4),
    ns_per_sample_epoch: significant((med * 1e9) / samples, 3),
    rows_per_second: Math.round(samples / med),
    peak_rss_mib: rss.length ? round(Math.max(...rss) / MiB, 1) : null,
    rss_before_mib: rss.length ? round(median(list.map((r) => r.rss_before)) / MiB, 1) : null,
    accuracy: round(median(list.map((r) => r.accuracy ?? NaN)), 4),
    final_loss_bits: round(median(list.map((r) => r.final_loss_bits ?? NaN)), 4),
    // Regression: R² on the test rows, and ½ the mean squared error of the standardized targets.
    r2: round(median(list.map((r) => r.r2 ?? NaN)), 4),
    final_loss: round(median(list.map((r) => r.final_loss ?? NaN)), 4),
  };
}

/** Rows of one case from `results` (system name -> list of child results), timed in
 *  `mode` ("cold" or "warm"; none for prediction). */
export function caseRows(caseName, results, dataBytes, mode) {
  const rows = [];
  for (const [system, list] of results) {
    if (caseName === "predict") {
      for (const part of PREDICT_PARTS.filter((p) => list[0][p.key] != null)) {
        const r = row(caseName, system, part.what(list[0]), list, list.map((x) => x[part.key]), part.count(list[0]));
        // The 20-64-4 model's rows: its own held-out rows' accuracy.
        if (part.accuracy) r.accuracy = round(median(list.map((x) => x[part.accuracy])), 4);
        rows.push(r);
      }
    } else {
      const samples = list[0].rows * list[0].epochs;
      const r = row(caseName, system, `fit${mode ? ` (${mode})` : ""}, ${list[0].rows} rows x ${list[0].epochs} epochs`, list, list.map((x) => x.seconds), samples);
      r.mode = mode;
      if (dataBytes) r.data_mib = round(dataBytes / MiB, 1);
      rows.push(r);
    }
  }
  for (const r of rows) {
    const base = rows.find((b) => b.system === "wasmlp" && b.what === r.what);
    if (!base) continue;
    r.wasmlp_speedup = round(r.seconds / base.seconds, 2);
    r.wasmlp_speedup_min = round(r.min_seconds / base.max_seconds, 2);
    r.wasmlp_speedup_max = round(r.max_seconds / base.min_seconds, 2);
  }
  return rows;
}

function time(seconds) {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(1)} ms`;
  return `${(seconds * 1e6).toFixed(2)} µs`;
}

const spread = (r) => `${time(r.min_seconds)}–${time(r.max_seconds)}`;
const speedup = (r) => (r.wasmlp_speedup == null ? "" : r.system === "wasmlp" ? "1" : `${r.wasmlp_speedup}× (${r.wasmlp_speedup_min}–${r.wasmlp_speedup_max})`);

/** A Markdown table of rows (also what `npm run bench` prints). */
export function markdownTable(rows) {
  const header = ["case", "system", "measured", "median", "spread (min–max)", "ns/sample-epoch", "rows/s", "peak RSS MiB", "accuracy / R²", "wasmlp faster by"];
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const r of rows) {
    const cells = [
      r.case, r.system, r.what, time(r.seconds), spread(r), r.ns_per_sample_epoch, r.rows_per_second.toLocaleString("en-US"),
      r.peak_rss_mib ?? "", r.accuracy ?? (r.r2 == null ? "" : `R² ${r.r2}`), speedup(r),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** For each system timed both ways: its cold fit's median over its warm fit's. */
export function coldNotes(rows) {
  const notes = [];
  for (const cold of rows.filter((r) => r.mode === "cold")) {
    const warm = rows.find((r) => r.mode === "warm" && r.case === cold.case && r.system === cold.system);
    if (!warm) continue;
    notes.push(`${cold.case}, ${cold.system}: ${time(cold.seconds)} / ${time(warm.seconds)} = ${round(cold.seconds / warm.seconds, 2)}`);
  }
  return notes;
}

const MEMORY_ALLOWANCE_MIB = 64;

/** The memory lines: the wide fit's peak RSS against the float32 training data, and
 *  wasmlp's against Node's own RSS (a bare node process, `node_rss_mib`) + the data + 64 MiB. */
export function memoryNote(rows) {
  const notes = [];
  for (const r of rows.filter((x) => x.case === "wide" && x.peak_rss_mib != null)) {
    const growth = r.peak_rss_mib - r.rss_before_mib;
    let note = `${r.system}${r.mode ? ` (${r.mode})` : ""}: peak RSS during fit ${r.peak_rss_mib} MiB, RSS before fit ${r.rss_before_mib} MiB (data loaded), growth ${round(growth, 1)} MiB = ${round(growth / r.data_mib, 1)}x the ${r.data_mib} MiB of float32 training data`;
    if (r.system === "wasmlp" && r.node_rss_mib) {
      const limit = round(r.node_rss_mib + r.data_mib + MEMORY_ALLOWANCE_MIB, 1);
      note += `; limit: Node's own ${r.node_rss_mib} MiB + data + ${MEMORY_ALLOWANCE_MIB} MiB = ${limit} MiB: ${r.peak_rss_mib <= limit ? "within" : "OVER"}`;
    }
    notes.push(note);
  }
  return notes;
}

// Issue 18's targets, read off one run's rows: [case, what wasmlp is timed on, peer, at least].
const TARGETS = [
  ["seed", "cold", "numpy (seed article)", 12],
  ["seed", "cold", "PyTorch (1 thread)", 12],
  ["wide", "cold", "scikit-learn MLPClassifier", 5],
  ["wide", "cold", "PyTorch (1 thread)", 5],
];

/** One line per target that this run measured: the ratio, its spread, met or not. */
export function targetNotes(rows) {
  const notes = [];
  const find = (c, system, test) => rows.find((r) => r.case === c && r.system === system && test(r));
  for (const [c, mode, peer, least] of TARGETS) {
    const r = find(c, peer, (x) => x.mode === mode);
    if (r?.wasmlp_speedup == null) continue;
    notes.push(`${c} (${mode}): wasmlp ${r.wasmlp_speedup}x ${peer} (${r.wasmlp_speedup_min}–${r.wasmlp_speedup_max}), target ≥ ${least}x: ${r.wasmlp_speedup >= least ? "met" : "not met"}`);
  }
  for (const cold of rows.filter((r) => r.system === "wasmlp" && r.mode === "cold")) {
    const warm = find(cold.case, "wasmlp", (x) => x.mode === "warm");
    if (warm) notes.push(`${cold.case}: wasmlp cold / warm ${round(cold.seconds / warm.seconds, 2)}, target ≤ 1.2: ${cold.seconds <= 1.2 * warm.seconds ? "met" : "not met"}`);
  }
  for (const key of ["3-5-1", "20-64-4"]) {
    const r = rows.find((x) => x.case === "predict" && x.system.startsWith("onnxruntime-node") && x.what.startsWith(`${key}: wasmlp/infer`));
    if (r?.wasmlp_speedup == null) continue;
    notes.push(`predict ${key}: wasmlp/infer/simd ${r.wasmlp_speedup}x onnxruntime-node, target ≥ 1x: ${r.wasmlp_speedup >= 1 ? "met" : "not met"}`);
  }
  for (const r of rows.filter((x) => x.case === "wide" && x.system === "wasmlp" && x.node_rss_mib && x.peak_rss_mib != null)) {
    const limit = round(r.node_rss_mib + r.data_mib + MEMORY_ALLOWANCE_MIB, 1);
    notes.push(`wide (${r.mode}): wasmlp peak RSS ${r.peak_rss_mib} MiB, target ≤ ${limit} MiB: ${r.peak_rss_mib <= limit ? "met" : "not met"}`);
  }
  return notes;
}
