// "Did you mean": the known name closest to a misspelt one, by edit distance.

/** Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`: the
 *  optimal-string-alignment distance (Damerau-Levenshtein without repeated edits). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** "; did you mean X?" for the known name nearest `word`, when it is near enough to be a
 *  slip (at most a third of its letters, at least one), or a known name `word` begins
 *  (an abbreviation such as --val); else "". Case is ignored. */
export function didYouMean(word: string, known: readonly string[], show: (name: string) => string = (n) => n): string {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(w.length / 3)) + 1;
  for (const name of known) {
    const distance = editDistance(w, name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  if (best === undefined && w.length >= 3) best = known.find((name) => name.toLowerCase().startsWith(w));
  return best === undefined ? "" : `; did you mean ${show(best)}?`;
}
