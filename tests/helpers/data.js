// Small deterministic data sets for the API tests, drawn from the reference's LCG so they
// do not depend on the library's own generators.
import { lcg } from "./mlp-reference.js";

/** A standard normal draw (Box-Muller) from a uniform stream. */
export function normalFrom(next) {
  const u = Math.max(next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
}

/**
 * Gaussian blobs: `counts[k]` rows around `centers[k]` with standard deviation `spread`,
 * labelled `labels[k]` (default k), rows interleaved in a fixed shuffled order.
 */
export function blobs({ centers, counts, spread = 1, labels, seed = 1 }) {
  const next = lcg(seed);
  const X = [];
  const y = [];
  centers.forEach((center, k) => {
    for (let i = 0; i < counts[k]; i++) {
      X.push(center.map((c) => c + spread * normalFrom(next)));
      y.push(labels ? labels[k] : k);
    }
  });
  for (let i = X.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [X[i], X[j]] = [X[j], X[i]];
    [y[i], y[j]] = [y[j], y[i]];
  }
  return { X, y };
}

/** Rows of a flat row-major array. */
export function toRows(flat, features) {
  return Array.from({ length: flat.length / features }, (_, r) => Array.from(flat.subarray(r * features, (r + 1) * features)));
}

/** Index of the largest value (the first, on a tie). */
export function argmax(values) {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** Fraction of positions where a and b agree. */
export function agreement(a, b) {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
