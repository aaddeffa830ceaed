// The decision rule, in one place: the class a row of probabilities picks. For two
// classes the row is (1 - p, p) and the class is 1 when p > 0.5; for more, the first of
// the largest. MLPClassifier.predict, the command's scores and the standalone module
// (which embeds this function's own source) use it; wasmlp/infer keeps a shorter copy
// for its budget and assembly/network.ts one for validation accuracy, both checked
// against MLPClassifier.predict by the tests.

/** Index of the class the `k` probabilities at `p[at ..]` pick. */
export function predictedClass(p: ArrayLike<number>, at: number, k: number): number {
  if (k === 2) return p[at + 1] > 0.5 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < k; c++) if (p[at + c] > p[at + best]) best = c;
  return best;
}
