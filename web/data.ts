// The demo's data sets: wasmlp's generators, or a CSV file read (csv-file.ts), as rows
// for the classifier and labels sorted as the classifier sorts them (the plot colours
// follow that order).
import { makeClassification, makeMoons, makeCircles, type Dataset, type Label } from "wasmlp";
import type { Model } from "wasmlp/infer";
import type { CsvData } from "./csv-file.js";
import type { View } from "./plot.js";

export interface Data {
  X: number[][];
  y: Label[];
  /** Feature names. */
  names: string[];
  /** The distinct labels, sorted as MLPClassifier sorts them. */
  classes: Label[];
}

const sortLabels = (labels: Label[]): Label[] =>
  [...new Set(labels)].sort((a, b) => (typeof a === "number" ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0));

/** Row-major values as one array per row. */
const rowsOf = (X: Float32Array | Float64Array, rows: number, features: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from(X.subarray(r * features, (r + 1) * features)));

function fromDataset(d: Dataset): Data {
  const y = Array.from(d.y);
  return { X: rowsOf(d.X, d.samples, d.features), y, names: ["x1", "x2"], classes: sortLabels(y) };
}

/** A generated two-feature data set: "moons", "circles", "classification" (the seed's
 *  generator, 2 classes) or "classification3" (3 classes). */
export function generated(kind: string, samples: number, noise: number, seed: number): Data {
  if (kind === "moons") return fromDataset(makeMoons({ samples, noise, seed }));
  if (kind === "circles") return fromDataset(makeCircles({ samples, noise, factor: 0.5, seed }));
  const classes = kind === "classification3" ? 3 : 2;
  return fromDataset(makeClassification({ samples, features: 2, informative: 2, redundant: 0, classes, clustersPerClass: classes === 3 ? 1 : 2, seed }));
}

/** A CSV file's table as data. */
export function fromCsv({ table, y }: CsvData): Data {
  return { X: rowsOf(table.X, table.rows, table.featureNames.length), y, names: table.featureNames, classes: sortLabels(y) };
}

/** A square view around the first two features, with equal scales so circles look round. */
export function viewOf(data: Data): View {
  const span = (values: number[]) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const pad = (hi - lo || 1) * 0.08;
    return [lo - pad, hi + pad];
  };
  const [xMin, xMax] = span(data.X.map((r) => r[0]));
  const [yMin, yMax] = span(data.X.map((r) => r[1] ?? 0));
  const half = Math.max(xMax - xMin, yMax - yMin) / 2;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** The fraction of rows `model` labels right, or undefined if it takes other features. */
export function accuracy(model: Model, data: Data): number | undefined {
  if (model.features !== data.X[0].length) return undefined;
  const predicted = model.predict(data.X);
  return predicted.filter((p, i) => p === data.y[i]).length / predicted.length;
}
