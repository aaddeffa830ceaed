// A regressor's targets: checked, standardized per target (mean and standard deviation
// over the training rows, kept in the model as the input scaler is), stored target-major
// as the core reads them, and scored with R² as scikit-learn's r2_score does.
import { F32_MAX } from "../limits.js";

/** One number per row, or a row of numbers per row (several targets). */
export type Targets = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** The targets of `rows` rows: `count` per row, row-major as given, in float64. */
export interface TargetRows {
  count: number;
  /** True when y had a row of numbers per row (predict then returns rows). */
  rowsGiven: boolean;
  values: Float64Array;
}

const isList = (v: unknown): v is ArrayLike<unknown> =>
  v != null && typeof v === "object" && typeof (v as ArrayLike<unknown>).length === "number";

/** y checked: `rows` entries, each a finite number, or each a row of the same count of them. */
export function readTargets(y: Targets, rows: number, expected?: number): TargetRows {
  if (!isList(y) || typeof y === "string") throw new Error("y must be an array of numbers (one target) or of rows of numbers (several targets), one per row of X");
  if (y.length !== rows) throw new Error(`X has ${rows} rows but y has ${y.length} targets`);
  const rowsGiven = rows > 0 && isList(y[0]);
  const count = rowsGiven ? (y[0] as ArrayLike<number>).length : 1;
  if (count < 1) throw new Error("y[0] is an empty row; every row of y needs at least one target");
  if (expected !== undefined && count !== expected) throw new Error(`y has ${count} target${count === 1 ? "" : "s"} per row, but the regressor was fitted on ${expected}`);
  const values = new Float64Array(rows * count);
  for (let r = 0; r < rows; r++) {
    const row = rowsGiven ? y[r] : [y[r]];
    if (!isList(row) || (rowsGiven && row.length !== count)) {
      throw new Error(`y[${r}] ${rowsGiven ? `must be a row of ${count} numbers, as y[0] is` : "must be a number"}`);
    }
    for (let k = 0; k < count; k++) {
      const v = (row as ArrayLike<unknown>)[k];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${rowsGiven ? `y[${r}][${k}]` : `y[${r}]`} is ${typeof v === "number" ? v : typeof v === "string" ? `the string ${JSON.stringify(v)}` : String(v)}; every target must be a finite number`);
      }
      values[r * count + k] = v;
    }
  }
  return { count, rowsGiven, values };
}

/** Per-target mean and scale. */
export interface TargetScaler {
  mean: Float64Array;
  scale: Float64Array;
}

/** Mean and standard deviation of each target over `rows` (all when undefined); a
 *  constant target gets scale 1, as scikit-learn's StandardScaler gives it. */
export function fitTargetScaler(t: TargetRows, rows: Uint32Array | undefined): TargetScaler {
  const n = rows ? rows.length : t.values.length / t.count;
  const mean = new Float64Array(t.count);
  const scale = new Float64Array(t.count);
  for (let k = 0; k < t.count; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += t.values[(rows ? rows[i] : i) * t.count + k];
    const m = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (t.values[(rows ? rows[i] : i) * t.count + k] - m) ** 2;
    const sd = Math.sqrt(squares / n);
    mean[k] = m;
    scale[k] = sd > 0 && Number.isFinite(sd) ? sd : 1;
  }
  return { mean, scale };
}

/** The rows `rows` (all when undefined) target-major ([count x n]) in float32, standardized
 *  by `scaler` when given. A value beyond float32 is an Error naming its row. */
export function targetMajor(t: TargetRows, rows: Uint32Array | undefined, scaler: TargetScaler | null): Float32Array {
  const n = rows ? rows.length : t.values.length / t.count;
  const out = new Float32Array(t.count * n);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    for (let k = 0; k < t.count; k++) {
      const raw = t.values[r * t.count + k];
      const v = scaler ? (raw - scaler.mean[k]) / scaler.scale[k] : raw;
      if (!(Math.abs(v) <= F32_MAX)) {
        throw new Error(`y[${r}] is ${raw}, beyond the float32 range (±3.4e38) wasmlp trains in${scaler ? " even once standardized" : "; keep standardizeTargets on"}`);
      }
      out[k * n + i] = v;
    }
  }
  return out;
}

/** R² of `predicted` against `actual` (both row-major, `count` per row), averaged
 *  uniformly over the targets; a constant target scores 1 when predicted exactly, else 0
 *  (scikit-learn's r2_score with force_finite). */
export function r2Score(actual: Float64Array, predicted: ArrayLike<number>, count: number): number {
  const n = actual.length / count;
  let total = 0;
  for (let k = 0; k < count; k++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += actual[i * count + k];
    mean /= n;
    let residual = 0;
    let spread = 0;
    for (let i = 0; i < n; i++) {
      residual += (actual[i * count + k] - predicted[i * count + k]) ** 2;
      spread += (actual[i * count + k] - mean) ** 2;
    }
    total += spread > 0 ? 1 - residual / spread : residual === 0 ? 1 : 0;
  }
  return total / count;
}
