// What the commands plot, from a fitted model: its loss curves; a classifier's decision
// boundary over the first two features; a regressor's predictions against the truth.
import { MLPClassifier, type Label, type MLPRegressor } from "../index.js";
import { boundaryPlot, linePlot, plotGrid, scatterPlot } from "./svg.js";
import { regressionBlocks, regressionScores } from "./regression.js";

const GRID = 90;

/** The network as "3-5-1 sigmoid". */
export function describeNetwork(model: MLPClassifier | MLPRegressor, features: number): string {
  // Two classes have one logistic output; a regressor, one identity output per target.
  const outputs = model instanceof MLPClassifier ? (model.classes.length === 2 ? 1 : model.classes.length) : model.targets;
  return `${[features, ...model.options.hiddenLayers, outputs].join("-")} ${model.options.activation}`;
}

/** Training (and validation) loss per epoch, with the epoch early stopping kept. */
export function lossCurve(clf: MLPClassifier | MLPRegressor, title: string, subtitle: string): string {
  const series = [{ name: "training loss", values: clf.loss }];
  if (clf.validationLoss.length > 0) series.push({ name: "validation loss", values: clf.validationLoss });
  const best = clf.bestEpoch;
  return linePlot({
    title, subtitle, xLabel: "epoch", yLabel: clf instanceof MLPClassifier ? "cross-entropy loss (bits)" : "squared error (standardized targets)", series,
    marker: best === undefined ? undefined : { at: best, label: `best epoch (${best})` },
  });
}

// Solves the 3x3 system A x = b by Gaussian elimination with partial pivoting; undefined if singular.
function solve3(A: number[][], b: number[]): number[] | undefined {
  const m = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    const pivot = [c, c + 1, c + 2].filter((r) => r < 3).reduce((p, r) => (Math.abs(m[r][c]) > Math.abs(m[p][c]) ? r : p));
    if (Math.abs(m[pivot][c]) < 1e-12) return undefined;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const factor = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= factor * m[c][k];
    }
  }
  return m.map((row, i) => row[3] / row[i]);
}

/**
 * For each feature past the first two, a + b·x0 + c·x1 fitted by least squares on the rows
 * of X: where a feature depends on the first two (a redundant one does), the slice the map
 * shows follows the data; where it does not, this is about its mean.
 */
function otherFeatures(X: Float32Array, features: number): number[][] {
  const rows = X.length / features;
  const fits: number[][] = [];
  for (let j = 2; j < features; j++) {
    const A = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const b = [0, 0, 0];
    for (let r = 0; r < rows; r++) {
      const v = [1, X[r * features], X[r * features + 1]];
      const t = X[r * features + j];
      for (let p = 0; p < 3; p++) {
        b[p] += v[p] * t;
        for (let q = 0; q < 3; q++) A[p][q] += v[p] * v[q];
      }
    }
    fits.push(solve3(A, b) ?? [b[0] / rows, 0, 0]);
  }
  return fits;
}

function extent(X: Float32Array, features: number, column: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (let i = column; i < X.length; i += features) {
    low = Math.min(low, X[i]);
    high = Math.max(high, X[i]);
  }
  const pad = (high - low) * 0.05 || 1;
  return [low - pad, high + pad];
}

export interface BoundaryData {
  title: string;
  /** Rows the other features are fitted on (the training rows). */
  fitX: Float32Array;
  /** Rows drawn as points, and their labels. */
  X: Float32Array;
  y: ArrayLike<Label>;
  features: number;
  featureNames: [string, string];
}

/** The probability of the second class over the first two features of a binary classifier. */
export function decisionBoundary(clf: MLPClassifier, data: BoundaryData): string {
  const { features, X } = data;
  const fits = otherFeatures(data.fitX, features);
  const ex = { x: extent(X, features, 0), y: extent(X, features, 1) };
  const grid = new Float32Array(GRID * GRID * features);
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const row = (j * GRID + i) * features;
      const x0 = ex.x[0] + ((i + 0.5) / GRID) * (ex.x[1] - ex.x[0]);
      const x1 = ex.y[0] + ((j + 0.5) / GRID) * (ex.y[1] - ex.y[0]);
      grid[row] = x0;
      grid[row + 1] = x1;
      fits.forEach(([a, b, c], k) => (grid[row + 2 + k] = a + b * x0 + c * x1));
    }
  }
  const probability = clf.predictProba(grid).map((p) => p[1]);
  const classes = clf.classes;
  const points = Array.from({ length: X.length / features }, (_, r) => ({ x: X[r * features], y: X[r * features + 1], positive: data.y[r] === classes[1] }));
  const subtitle = `${describeNetwork(clf, features)} network; ${points.length} samples` +
    (features > 2 ? "; other features at their least-squares fit on these two" : "");
  return boundaryPlot({
    title: data.title, subtitle, xLabel: data.featureNames[0], yLabel: data.featureNames[1],
    classes: [String(classes[0]), String(classes[1])], extent: ex, size: GRID, probability, points,
  });
}

/** The most targets the regression plot draws a panel for: past six, the page is a wall. */
export const MAX_TARGET_PANELS = 6;

export interface RegressionData {
  title: string;
  subtitle: string;
  /** Rows drawn, flat row-major, and their true targets (one column per target). */
  X: Float32Array;
  features: number;
  truth: Float64Array[];
  targetNames: string[];
}

/** The loss curves, and below them one panel per target (the first MAX_TARGET_PANELS):
 *  each row's prediction against its true value, with the line y = x and the R². */
export function regressionPlot(reg: MLPRegressor, data: RegressionData): string {
  const shown = Math.min(data.truth.length, MAX_TARGET_PANELS);
  const predicted: number[][] = Array.from({ length: shown }, () => []);
  for (const block of regressionBlocks(reg, data.X, data.features)) {
    for (const row of block) for (let k = 0; k < shown; k++) predicted[k].push(row[k]);
  }
  const scores = regressionScores(reg, data.X, data.features, data.truth).targets;
  const rows = data.truth[0].length;
  const more = data.truth.length > shown ? `; the first ${shown} of ${data.truth.length} targets` : "";
  const panels = predicted.map((values, k) => scatterPlot({
    title: `${data.targetNames[k]}: R² ${scores[k].r2.toFixed(4)}`,
    subtitle: `${rows} rows; dashed: predicted = true`,
    xLabel: `true ${data.targetNames[k]}`,
    yLabel: `predicted ${data.targetNames[k]}`,
    points: values.map((y, r) => ({ x: data.truth[k][r], y })),
  }));
  const loss = lossCurve(reg, data.title, data.subtitle + more);
  // The loss chart (760 wide) on a row of its own, then the panels (380 wide) two to a row.
  const rowsOfPanels = Array.from({ length: Math.ceil(panels.length / 2) }, (_, i) => panels.slice(2 * i, 2 * i + 2));
  return plotGrid(`${data.title}, and predicted against true values`, [[loss], ...rowsOfPanels]);
}
