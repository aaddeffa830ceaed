// Standardization as scikit-learn's StandardScaler: per feature, subtract the mean and
// divide by the population standard deviation, both computed in float64.

/** Per-feature statistics, float64: `mean`, and `scale` (the population standard
 *  deviation, or 1 for a constant feature, as sklearn sets it). */
export interface Scaler {
  mean: Float64Array;
  scale: Float64Array;
}

const EPSILON = 2 ** -52;

// The largest power of two not above m (1 for 0). Dividing by a power of two is exact, so
// sums of x / unit round exactly as sums of x would: the statistics come out the same bits,
// except that nothing can overflow (squares of 1e200) or underflow (squares of 1e-200).
// Values inside float32's range never overflow in float64 anyway; this covers any double.
function powerOfTwoUnit(m: number): number {
  let unit = 1;
  while (unit * 2 <= m) unit *= 2;
  while (m > 0 && unit > m) unit /= 2;
  return unit;
}

/**
 * Fits a {@link Scaler} to `rows` x `features` samples.
 * @param read returns the value at (row, feature)
 * @throws Error if there are no rows, or a value is not finite
 */
export function fitScaler(rows: number, features: number, read: (row: number, feature: number) => number): Scaler {
  if (!(rows >= 1)) throw new Error("fitScaler needs at least one row");
  const unit = new Float64Array(features);
  const low = new Float64Array(features).fill(Infinity);
  const high = new Float64Array(features).fill(-Infinity);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const value = read(r, c);
      // Callers validate X; this keeps a stray NaN or Infinity from hanging powerOfTwoUnit.
      if (!Number.isFinite(value)) throw new Error(`X[${r}][${c}] is ${value}; every feature must be a finite number`);
      unit[c] = Math.max(unit[c], Math.abs(value));
      low[c] = Math.min(low[c], value);
      high[c] = Math.max(high[c], value);
    }
  }
  for (let c = 0; c < features; c++) unit[c] = powerOfTwoUnit(unit[c]);

  const mean = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) mean[c] += read(r, c) / unit[c];
  }
  for (let c = 0; c < features; c++) mean[c] /= rows;

  // The corrected two-pass variance (Chan, Golub & LeVeque 1983; sklearn's
  // _incremental_mean_and_var): deviations would sum to 0 in exact arithmetic, and
  // subtracting their squared sum / n removes the mean's rounding error from the variance.
  const drift = new Float64Array(features);
  const squares = new Float64Array(features);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < features; c++) {
      const d = read(r, c) / unit[c] - mean[c];
      drift[c] += d;
      squares[c] += d * d;
    }
  }
  const scale = new Float64Array(features);
  for (let c = 0; c < features; c++) {
    const variance = Math.max(0, (squares[c] - (drift[c] * drift[c]) / rows) / rows);
    const spread = Math.sqrt(variance) * unit[c];
    // sklearn's _is_constant_feature: a variance within rounding error of 0 is 0 (as is
    // a spread below the smallest normal double, which would divide 0 by 0), and a
    // constant feature keeps scale 1 so it is only shifted, never divided by ~0.
    const constant = variance <= rows * EPSILON * variance + (rows * mean[c] * EPSILON) ** 2 || spread < 2 ** -1022;
    const single = low[c] === high[c];
    // One value is shifted by itself exactly; other constant columns differ from their
    // mean by rounding error, ±1e14 for a column of 1e30, so beyond 1 their magnitude scales them.
    scale[c] = !constant ? spread : single ? 1 : Math.max(1, unit[c]);
    mean[c] = single ? low[c] : mean[c] * unit[c];
  }
  return { mean, scale };
}

/** One standardized value, as StandardScaler.transform computes it: (value - mean) / scale. */
export function standardize(value: number, mean: number, scale: number): number {
  return (value - mean) / scale;
}

/** A standardization as model files hold it: plain arrays. */
export interface StoredScaler {
  mean: number[];
  scale: number[];
}

/** A model file's standardization in float64, as the model uses it, or null. */
export const scalerOf = (stored: StoredScaler | null | undefined): Scaler | null =>
  stored ? { mean: Float64Array.from(stored.mean), scale: Float64Array.from(stored.scale) } : null;

/** A standardization as model files hold it, or null. */
export const storedScaler = (scaler: Scaler | null): StoredScaler | null =>
  scaler && { mean: Array.from(scaler.mean), scale: Array.from(scaler.scale) };
