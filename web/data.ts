// The demo's data sets: wasmlp's generators, or a parsed CSV, as rows for the classifier
// and labels sorted as the classifier sorts them (the plot colours follow that order).
import { makeClassification, makeMoons, makeCircles, type Dataset } from "wasmlp";
import type { Model } from "wasmlp/infer";
import type { Label, Table } from "./csv.js";
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

function fromDataset(d: Dataset): Data {
  const X = Array.from({ length: d.samples }, (_, r) => Array.from(d.X.subarray(r * d.features, (r + 1) * d.features)));
  const y = Array.from(d.y);
  return { X, y, names: ["x1", "x2"], classes: sortLabels(y) };
}

/** A generated two-feature data set: "moons", "circles", "classification" (the seed's
 *  generator, 2 classes) or "classification3" (3 classes). */
export function generated(kind: string, samples: number, noise: number, seed: number): Data {
  if (kind === "moons") return fromDataset(makeMoons({ samples, noise, seed }));
  if (kind === "circles") return fromDataset(makeCircles({ samples, noise, factor: 0.5, seed }));
  const classes = kind === "classification3" ? 3 : 2;
  return fromDataset(makeClassification({ samples, features: 2, informative: 2, redundant: 0, classes, clustersPerClass: classes === 3 ? 1 : 2, seed }));
}

/** A parsed CSV as data: every column but the last is a feature. */
export function fromTable(table: Table): Data {
  return { X: table.X, y: table.y, names: table.names.slice(0, -1), classes: sortLabels(table.y) };
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
