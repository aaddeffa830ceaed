// The map card's drawing, from the page's state: which picture suits the data (decision
// regions for classes; a curve for a regressor of one feature, a heat map for one of
// more), the view around the two plotted features, and the grid of model inputs behind
// it, every feature not plotted held at its mean.
import type { Label } from "wasmlp";
import type { Model } from "wasmlp/infer";
import { means, type Data } from "./data.js";
import { predictTarget } from "./held-out.js";
import { drawMap, drawCurve, drawHeat, scaleColor, PALETTE, type View, type Regions, type Box } from "./plot.js";

const GRID = 90;
const CURVE_POINTS = 200;

/** What the map shows. */
export interface MapState {
  data: Data;
  /** The features across and up. */
  plotted: [number, number];
  view: View;
  /** The held-out rows, drawn as rings. */
  test: number[];
  /** The model to draw, if it fits the data. */
  model?: Model;
  /** Each label's colour. */
  colors: Map<Label, string>;
}

/** Whether the data is drawn as a curve: a regressor of one feature. */
export const oneFeatureCurve = (d: Data): boolean => d.task === "regression" && d.X[0].length === 1;

/** The square view around the two plotted features (equal scales, so circles look
 *  round), or for a curve the feature against the target. */
export function viewFor(d: Data, plotted: [number, number]): View {
  const span = (values: number[]) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const pad = (hi - lo || 1) * 0.08;
    return [lo - pad, hi + pad];
  };
  const [fx, fy] = plotted;
  const [xMin, xMax] = span(d.X.map((r) => r[fx]));
  if (oneFeatureCurve(d)) {
    const [yMin, yMax] = span(d.targets);
    return { xMin, xMax, yMin, yMax };
  }
  const [yMin, yMax] = span(d.X.map((r) => r[fy] ?? 0));
  const half = Math.max(xMax - xMin, yMax - yMin) / 2;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** The range of the regression colour scale: the targets'. */
export function targetRange(d: Data): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d.targets) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  return [lo, hi];
}

/** A row of the model's input at a point of the map: the plotted features there, every
 *  other feature at its value in `center` (the means). */
export function inputAt(center: number[], plotted: [number, number], x: number, y: number): number[] {
  const row = center.slice();
  row[plotted[0]] = x;
  if (row.length > 1) row[plotted[1]] = y;
  return row;
}

/** Grid rows over the view, row 0 at the top. */
function gridRows({ data, plotted, view }: MapState): Float64Array {
  const features = data.X[0].length;
  const center = means(data.X);
  const grid = new Float64Array(GRID * GRID * features);
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const x = view.xMin + ((j + 0.5) / GRID) * (view.xMax - view.xMin);
      const y = view.yMax - ((i + 0.5) / GRID) * (view.yMax - view.yMin);
      grid.set(inputAt(center, plotted, x, y), (i * GRID + j) * features);
    }
  }
  return grid;
}

function regions(state: MapState, model: Model): Regions {
  return { size: GRID, probabilities: model.predictProba(gridRows(state)), colors: model.classes.map((c) => state.colors.get(c) as string) };
}

/** The curve a one-feature regressor draws: its prediction at evenly spaced x. */
function curvePoints(view: View, model: Model): { x: number; y: number }[] {
  const xs = Float64Array.from({ length: CURVE_POINTS }, (_, i) => view.xMin + (i / (CURVE_POINTS - 1)) * (view.xMax - view.xMin));
  return predictTarget(model, xs).map((y, i) => ({ x: xs[i], y }));
}

/** Draws the map on `canvas`; returns the plot's box. */
export function renderMap(canvas: HTMLCanvasElement, state: MapState): Box {
  const { data, plotted, view, model } = state;
  const features = data.X[0].length;
  const [fx, fy] = plotted;
  const isTest = new Uint8Array(data.X.length);
  for (const i of state.test) isTest[i] = 1;
  const xLabel = data.names[fx];
  const yLabel = features > 1 ? data.names[fy] : "";
  if (oneFeatureCurve(data)) {
    const points = data.X.map((r, i) => ({ x: r[0], y: data.targets[i], color: PALETTE[0], test: !!isTest[i] }));
    return drawCurve(canvas, { view, points, curve: model && curvePoints(view, model), xLabel, yLabel: data.target });
  }
  if (data.task === "regression") {
    const range = targetRange(data);
    const color = (v: number) => `rgb(${scaleColor((v - range[0]) / (range[1] - range[0] || 1)).join(",")})`;
    const points = data.X.map((r, i) => ({ x: r[fx], y: r[fy], color: color(data.targets[i]), test: !!isTest[i] }));
    return drawHeat(canvas, { view, size: GRID, values: model && predictTarget(model, gridRows(state)), range, points, xLabel, yLabel });
  }
  const points = data.X.map((r, i) => ({ x: r[fx], y: r[fy] ?? 0, color: state.colors.get(data.y[i]) as string, test: !!isTest[i] }));
  return drawMap(canvas, { view, points, regions: model && features >= 2 ? regions(state, model) : undefined, xLabel, yLabel });
}
