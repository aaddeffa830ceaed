// Deterministic test data: a 64-bit LCG (Knuth's MMIX constants), top 53 bits as a double.
// Nothing here allocates except the array helpers, so `uniform` is safe inside a sandbox.

const MIX: u64 = 0x853c49e6748fea9b;
let state: u64 = MIX;

export function reseed(seed: u64): void {
  state = seed ^ MIX;
}

/** Uniform in [lo, hi). */
export function uniform(lo: f64, hi: f64): f64 {
  state = state * 6364136223846793005 + 1442695040888963407;
  return lo + (hi - lo) * (<f64>(state >>> 11) * 1.1102230246251565e-16);
}

/** `count` f32 values uniform in [lo, hi). */
export function randomF32(count: i32, lo: f64, hi: f64): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  for (let i = 0; i < count; i++) out[i] = <f32>uniform(lo, hi);
  return out;
}

/** `count` labels, each 0 or 1 with equal odds. */
export function randomLabels(count: i32): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  for (let i = 0; i < count; i++) out[i] = uniform(0, 1) < 0.5 ? 0 : 1;
  return out;
}

/** `count` class indices in [0, classes), as f32 the way the kernels read them. */
export function randomClasses(count: i32, classes: i32): StaticArray<f32> {
  const out = new StaticArray<f32>(count);
  for (let i = 0; i < count; i++) out[i] = <f32>min(<i32>uniform(0, <f64>classes), classes - 1);
  return out;
}

/** A random permutation of 0 .. count - 1 (Fisher–Yates). */
export function randomOrder(count: i32): StaticArray<i32> {
  const out = new StaticArray<i32>(count);
  for (let i = 0; i < count; i++) out[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = min(<i32>uniform(0, <f64>(i + 1)), i);
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}

/** Standardization statistics for `features` columns, as the layout keeps them: f64 means
 *  in [-3, 3], then f64 scales in [0.1, 4]. */
export function statistics(features: i32): StaticArray<f64> {
  const out = new StaticArray<f64>(2 * features);
  for (let c = 0; c < features; c++) {
    out[c] = uniform(-3, 3);
    out[features + c] = uniform(0.1, 4);
  }
  return out;
}
