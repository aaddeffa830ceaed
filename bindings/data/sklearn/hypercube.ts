// The hypercube vertices scikit-learn's make_classification puts its clusters on
// (sklearn/datasets/_samples_generator.py, _generate_hypercube), drawn from a
// NumpyRandomState in scikit-learn's order.
import type { NumpyRandomState } from "../numpy/random-state.js";

// One rng.randint(bound), as scikit-learn's sampling loops call it: a fresh int64 draw each time.
const draw = (rng: NumpyRandomState, bound: number): number => rng.randint(0, bound, 1)[0];

/**
 * scikit-learn's sample_without_replacement(population, count) with method "auto"
 * (sklearn/utils/_random.pyx): a permutation's head when 0.01 < count / population < 0.99,
 * else tracking selection (redraw repeats) below, or reservoir sampling above.
 */
export function sampleWithoutReplacement(rng: NumpyRandomState, population: number, count: number): number[] {
  const ratio = population !== 0 ? count / population : 1;
  if (ratio > 0.01 && ratio < 0.99) return Array.from(rng.permutation(population).subarray(0, count));
  if (ratio < 0.2) {
    const chosen = new Set<number>();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      let j = draw(rng, population);
      while (chosen.has(j)) j = draw(rng, population);
      chosen.add(j);
      out.push(j);
    }
    return out;
  }
  const reservoir = Array.from({ length: count }, (_, i) => i);
  for (let i = count; i < population; i++) {
    const j = draw(rng, i + 1);
    if (j < count) reservoir[j] = i;
  }
  return reservoir;
}

/**
 * `count` distinct 0/1 vertices of the `dims`-cube, row-major count x dims. Past 30
 * dimensions the leading dims - 30 coordinates are coin flips, drawn first; the last 30
 * come from distinct codes, most significant bit first (NumPy's unpackbits of big-endian words).
 */
export function hypercubeVertices(rng: NumpyRandomState, count: number, dims: number): Uint8Array {
  const vertices = new Uint8Array(count * dims);
  const free = Math.max(0, dims - 30);
  if (free > 0) {
    const flips = rng.randint(0, 2, count * free);
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < free; c++) vertices[r * dims + c] = flips[r * free + c];
    }
  }
  const coded = dims - free;
  const codes = sampleWithoutReplacement(rng, 2 ** coded, count);
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < coded; c++) vertices[r * dims + free + c] = Math.floor(codes[r] / 2 ** (coded - 1 - c)) % 2;
  }
  return vertices;
}
