// The demo's data sets: wasmlp's generators (classes), two regression sets of our own (a
// noisy curve of one feature, a surface of two), or a CSV file read (csv-file.ts); and
// the split into training and held-out rows. Labels are sorted as the classifier sorts
// them (the plot colours follow that order).
import { makeClassification, makeMoons, makeCircles, Random, type Dataset, type Label } from "wasmlp";
import type { CsvData } from "./csv-file.js";

export type Task = "classification" | "regression";

export interface Data {
  task: Task;
  X: number[][];
  /** A classifier's labels, one per row (empty for regression). */
  y: Label[];
  /** A regressor's targets, one per row (empty for classification). */
  targets: number[];
  /** Feature names. */
  names: string[];
  /** The label (or target) column's name. */
  target: string;
  /** The distinct labels, sorted as MLPClassifier sorts them (empty for regression). */
  classes: Label[];
}

/** The generated data sets, by the value of the page's select. */
export const GENERATED: Record<string, { task: Task; features: number }> = {
  classification: { task: "classification", features: 2 },
  classification3: { task: "classification", features: 2 },
  moons: { task: "classification", features: 2 },
  circles: { task: "classification", features: 2 },
  curve: { task: "regression", features: 1 },
  surface: { task: "regression", features: 2 },
};

const sortLabels = (labels: Label[]): Label[] =>
  [...new Set(labels)].sort((a, b) => (typeof a === "number" ? a - (b as number) : a < b ? -1 : a > b ? 1 : 0));

/** Row-major values as one array per row. */
const rowsOf = (X: Float32Array | Float64Array, rows: number, features: number): number[][] =>
  Array.from({ length: rows }, (_, r) => Array.from(X.subarray(r * features, (r + 1) * features)));

function fromDataset(d: Dataset): Data {
  const y = Array.from(d.y);
  return { task: "classification", X: rowsOf(d.X, d.samples, d.features), y, targets: [], names: ["x1", "x2"], target: "label", classes: sortLabels(y) };
}

/** The noisy curve's function of x, without noise. */
export const curve = (x: number): number => Math.sin(1.5 * x) + 0.3 * x;
/** The surface's function of (x1, x2), without noise. */
export const surface = (x1: number, x2: number): number => 2 * Math.sin(1.2 * x1) * Math.cos(1.2 * x2) + 0.3 * x1;

function regression(kind: string, samples: number, noise: number, seed: number): Data {
  const random = new Random(seed);
  const X: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < samples; i++) {
    const row = kind === "curve" ? [6 * random.uniform() - 3] : [4 * random.uniform() - 2, 4 * random.uniform() - 2];
    X.push(row);
    targets.push((kind === "curve" ? curve(row[0]) : surface(row[0], row[1])) + noise * random.normal());
  }
  return { task: "regression", X, y: [], targets, names: kind === "curve" ? ["x"] : ["x1", "x2"], target: "y", classes: [] };
}

/** A generated data set: "moons", "circles", "classification" (the seed's generator,
 *  2 classes), "classification3" (3 classes), "curve" or "surface". */
export function generated(kind: string, samples: number, noise: number, seed: number): Data {
  if (kind === "curve" || kind === "surface") return regression(kind, samples, noise, seed);
  if (kind === "moons") return fromDataset(makeMoons({ samples, noise, seed }));
  if (kind === "circles") return fromDataset(makeCircles({ samples, noise, factor: 0.5, seed }));
  const classes = kind === "classification3" ? 3 : 2;
  return fromDataset(makeClassification({ samples, features: 2, informative: 2, redundant: 0, classes, clustersPerClass: classes === 3 ? 1 : 2, seed }));
}

/** A CSV file's table as data. */
export function fromCsv({ table, task, y, targets }: CsvData): Data {
  const X = rowsOf(table.X, table.rows, table.featureNames.length);
  return { task, X, y, targets, names: table.featureNames, target: table.label?.name ?? "label", classes: task === "classification" ? sortLabels(y) : [] };
}

/** The rows held out for testing and the rest, each in row order: a seeded shuffle,
 *  the first round(fraction · rows) held out (at least one row stays to train on). */
export function splitRows(rows: number, fraction: number, seed: number): { train: number[]; test: number[] } {
  const held = Math.min(rows - 1, Math.round(fraction * rows));
  if (held <= 0) return { train: Array.from({ length: rows }, (_, i) => i), test: [] };
  const order = new Random(seed + 7919).permutation(rows);
  const test = Array.from(order.subarray(0, held)).sort((a, b) => a - b);
  const isTest = new Uint8Array(rows);
  for (const i of test) isTest[i] = 1;
  return { train: Array.from({ length: rows }, (_, i) => i).filter((i) => !isTest[i]), test };
}

/** Each feature's mean over the rows. */
export function means(X: number[][]): number[] {
  const sums = new Array<number>(X[0].length).fill(0);
  for (const row of X) row.forEach((v, j) => (sums[j] += v));
  return sums.map((s) => s / X.length);
}

/** R² of `predicted` against `truth` (scikit-learn's r2_score; 0 for a constant truth
 *  that is not matched exactly). */
export function r2(truth: number[], predicted: number[]): number {
  const mean = truth.reduce((s, v) => s + v, 0) / truth.length;
  let total = 0;
  let residual = 0;
  truth.forEach((v, i) => {
    total += (v - mean) ** 2;
    residual += (v - predicted[i]) ** 2;
  });
  return total > 0 ? 1 - residual / total : residual === 0 ? 1 : 0;
}
