// Canvas plots of the demo: the data over the model's decision regions, a regressor's
// fitted curve (one feature) or its prediction as a heat map (two), and the loss
// curves. Drawn at the device's pixel ratio, redrawn from scratch on every change.

/** Class colours, in class order (cycled past the end). */
export const PALETTE = ["#4f46e5", "#f97316", "#10b981", "#e11d48", "#0ea5e9", "#a855f7", "#ca8a04", "#475569"];

const MUTED = "#646b7d";
const GRID = "#e8eaf0";
const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface View {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The decision regions on a `size` x `size` grid over the view, row 0 at the top:
 *  for each cell, the probability of each of `colors`' classes. */
export interface Regions {
  size: number;
  probabilities: number[][];
  colors: string[];
}

/** A sample to draw: held-out ones (`test`) as rings. */
export interface Point {
  x: number;
  y: number;
  color: string;
  test?: boolean;
}

export interface MapPlot {
  view: View;
  points: Point[];
  regions?: Regions;
  xLabel: string;
  yLabel: string;
}

/** Sizes the canvas to its box at the device's pixel ratio; coordinates are CSS pixels. */
function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  return { ctx, width, height };
}

/** About `count` round tick values covering [min, max] (1, 2 or 5 times a power of ten). */
export function ticks(min: number, max: number, count: number): number[] {
  const step = tickStep(max - min, count);
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return out;
}

function tickStep(span: number, count: number): number {
  const raw = (span || 1) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) as number;
}

const label = (t: number): string => String(Number(t.toPrecision(6)));

/** Writes a centred `text` at x, moved in so that it stays on the canvas. */
function centred(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  const half = ctx.measureText(text).width / 2;
  ctx.fillText(text, Math.min(Math.max(x, half + 1), ctx.canvas.clientWidth - half - 1), y);
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

/** The view's box on the canvas: a square plot area with room for the axis labels. */
export function mapBox(width: number, height: number): Box {
  const side = Math.max(10, Math.min(width - 52, height - 42));
  return { left: 44 + (width - 52 - side) / 2, top: 8, width: side, height: side };
}

function drawAxes(ctx: CanvasRenderingContext2D, box: Box, view: View, xLabel: string, yLabel: string): void {
  const sx = (x: number) => box.left + ((x - view.xMin) / (view.xMax - view.xMin)) * box.width;
  const sy = (y: number) => box.top + (1 - (y - view.yMin) / (view.yMax - view.yMin)) * box.height;
  const count = Math.max(3, Math.round(box.width / 80));
  ctx.fillStyle = MUTED;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(view.xMin, view.xMax, count)) centred(ctx, label(t), sx(t), box.top + box.height + 5);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of ticks(view.yMin, view.yMax, count)) ctx.fillText(label(t), box.left - 6, sy(t));
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(xLabel, box.left + box.width / 2, box.top + box.height + 34);
  ctx.save();
  ctx.translate(box.left - 33, box.top + box.height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(yLabel, 0, 0);
  ctx.restore();
  ctx.strokeStyle = "#cfd4de";
  ctx.lineWidth = 1;
  ctx.strokeRect(box.left + 0.5, box.top + 0.5, box.width - 1, box.height - 1);
}

// Light tints of the class colours, deeper where the model is sure.
function regionImage(regions: Regions): HTMLCanvasElement {
  const { size, probabilities, colors } = regions;
  const image = new ImageData(size, size);
  const tints = colors.map(rgb);
  const floor = 1 / colors.length;
  probabilities.forEach((p, i) => {
    let r = 0, g = 0, b = 0, top = 0;
    p.forEach((q, k) => {
      const [cr, cg, cb] = tints[k % tints.length];
      r += q * cr; g += q * cg; b += q * cb;
      top = Math.max(top, q);
    });
    const alpha = 0.12 + 0.36 * ((top - floor) / (1 - floor)) ** 0.7;
    image.data.set([255 + alpha * (r - 255), 255 + alpha * (g - 255), 255 + alpha * (b - 255), 255], i * 4);
  });
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  (canvas.getContext("2d") as CanvasRenderingContext2D).putImageData(image, 0, 0);
  return canvas;
}

// The P = 0.5 line between two classes, by marching squares over the grid's cell centres.
function drawBoundary(ctx: CanvasRenderingContext2D, box: Box, regions: Regions): void {
  const { size, probabilities } = regions;
  const value = (i: number, j: number) => probabilities[i * size + j][1] - 0.5;
  const cell = box.width / size;
  const px = (j: number) => box.left + (j + 0.5) * cell;
  const py = (i: number) => box.top + (i + 0.5) * cell;
  ctx.beginPath();
  for (let i = 0; i + 1 < size; i++) {
    for (let j = 0; j + 1 < size; j++) {
      const corners = [[i, j], [i, j + 1], [i + 1, j + 1], [i + 1, j]];
      const crossings: [number, number][] = [];
      for (let e = 0; e < 4; e++) {
        const [ai, aj] = corners[e];
        const [bi, bj] = corners[(e + 1) % 4];
        const a = value(ai, aj);
        const b = value(bi, bj);
        if ((a < 0) !== (b < 0)) {
          const t = a / (a - b);
          crossings.push([px(aj + t * (bj - aj)), py(ai + t * (bi - ai))]);
        }
      }
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        ctx.moveTo(...crossings[c]);
        ctx.lineTo(...crossings[c + 1]);
      }
    }
  }
  ctx.strokeStyle = "rgba(28, 32, 48, 0.55)";
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

/** Data points (and the decision regions, when given) in the view. */
export function drawMap(canvas: HTMLCanvasElement, plot: MapPlot): Box {
  const { ctx, width, height } = prepare(canvas);
  const box = mapBox(width, height);
  const { view } = plot;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  if (plot.regions) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(regionImage(plot.regions), box.left, box.top, box.width, box.height);
    if (plot.regions.colors.length === 2) drawBoundary(ctx, box, plot.regions);
  } else {
    ctx.fillStyle = "#fafbfc";
    ctx.fillRect(box.left, box.top, box.width, box.height);
  }
  drawPoints(ctx, box, view, plot.points);
  ctx.restore();
  drawAxes(ctx, box, view, plot.xLabel, plot.yLabel);
  return box;
}

/** The pixel of (x, y) in the view's box. */
export function toPixel(box: Box, view: View, x: number, y: number): [number, number] {
  return [box.left + ((x - view.xMin) / (view.xMax - view.xMin)) * box.width, box.top + (1 - (y - view.yMin) / (view.yMax - view.yMin)) * box.height];
}

// Training rows as filled dots with a white rim; held-out rows as rings in their colour.
function drawPoints(ctx: CanvasRenderingContext2D, box: Box, view: View, points: Point[], rim = "#ffffff"): void {
  const radius = Math.max(2.5, Math.min(5, box.width / 110));
  for (const p of points) {
    const [x, y] = toPixel(box, view, p.x, p.y);
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    if (p.test) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = p.color;
      ctx.fillStyle = "rgba(255, 255, 255, 0.7)";
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.lineWidth = 1.2;
      ctx.strokeStyle = rim;
      ctx.fillStyle = p.color;
      ctx.fill();
      ctx.stroke();
    }
  }
}

/** The colour of the curve a regressor draws through its data. */
export const CURVE = "#e11d48";

export interface CurvePlot {
  view: View;
  points: Point[];
  /** The model's prediction at increasing x, if there is a model. */
  curve?: { x: number; y: number }[];
  xLabel: string;
  yLabel: string;
}

/** A regressor of one feature: the samples, and the fitted function through them. */
export function drawCurve(canvas: HTMLCanvasElement, plot: CurvePlot): Box {
  const { ctx, width, height } = prepare(canvas);
  const box = mapBox(width, height);
  const { view } = plot;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  ctx.fillStyle = "#fafbfc";
  ctx.fillRect(box.left, box.top, box.width, box.height);
  drawPoints(ctx, box, view, plot.points);
  if (plot.curve?.length) {
    ctx.beginPath();
    plot.curve.forEach((p, i) => {
      const [x, y] = toPixel(box, view, p.x, p.y);
      if (i) ctx.lineTo(x, y);
      else ctx.moveTo(x, y);
    });
    ctx.strokeStyle = CURVE;
    ctx.lineWidth = 2.5;
    ctx.lineJoin = "round";
    ctx.stroke();
  }
  ctx.restore();
  drawAxes(ctx, box, view, plot.xLabel, plot.yLabel);
  return box;
}

// A diverging scale (blue, pale grey, red) for a regressor's values, low to high.
const SCALE = [[59, 76, 192], [141, 176, 254], [221, 221, 221], [244, 154, 123], [180, 4, 38]];

/** The scale's colour at t in [0, 1], as [r, g, b]. */
export function scaleColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(u));
  const f = u - i;
  return SCALE[i].map((c, k) => Math.round(c + f * (SCALE[i + 1][k] - c))) as [number, number, number];
}

/** The scale as a CSS gradient, low on the left. */
export const SCALE_GRADIENT = `linear-gradient(to right, ${SCALE.map((c) => `rgb(${c.join(",")})`).join(", ")})`;

export interface HeatPlot {
  view: View;
  /** The values on a `size` x `size` grid over the view, row 0 at the top, if any. */
  size: number;
  values?: ArrayLike<number>;
  /** The values the scale's ends stand for. */
  range: [number, number];
  /** The samples, coloured by their own value. */
  points: Point[];
  xLabel: string;
  yLabel: string;
}

/** A regressor of two features: its prediction as a heat map, the samples over it in
 *  the same colours (their true values). */
export function drawHeat(canvas: HTMLCanvasElement, plot: HeatPlot): Box {
  const { ctx, width, height } = prepare(canvas);
  const box = mapBox(width, height);
  const [lo, hi] = plot.range;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.left, box.top, box.width, box.height);
  ctx.clip();
  if (plot.values) {
    const image = new ImageData(plot.size, plot.size);
    for (let i = 0; i < plot.size * plot.size; i++) image.data.set([...scaleColor((plot.values[i] - lo) / (hi - lo || 1)), 255], i * 4);
    const cells = document.createElement("canvas");
    cells.width = cells.height = plot.size;
    (cells.getContext("2d") as CanvasRenderingContext2D).putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(cells, box.left, box.top, box.width, box.height);
  } else {
    ctx.fillStyle = "#fafbfc";
    ctx.fillRect(box.left, box.top, box.width, box.height);
  }
  drawPoints(ctx, box, plot.view, plot.points, "#1c2030");
  ctx.restore();
  drawAxes(ctx, box, plot.view, plot.xLabel, plot.yLabel);
  return box;
}

/** A loss curve: its value at each listed epoch (1-based). */
export interface LossSeries {
  name: string;
  color: string;
  epochs: number[];
  values: number[];
}

/** Loss curves (training, and held-out when there is any) against the planned epochs. */
export function drawLoss(canvas: HTMLCanvasElement, series: LossSeries[], epochs: number): void {
  const { ctx, width, height } = prepare(canvas);
  const box: Box = { left: 52, top: 10, width: Math.max(10, width - 72), height: Math.max(10, height - 46) };
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = all.length ? all.reduce((a, b) => Math.max(a, b)) || 1 : 1;
  const count = Math.max(2, Math.round(box.height / 40));
  const step = tickStep(top, count);
  const yMax = Math.ceil(top / step - 1e-9) * step;
  const yTicks = ticks(0, yMax, count);
  const last = Math.max(0, ...series.map((s) => s.epochs.at(-1) ?? 0));
  const xMax = Math.max(epochs, last, 1);
  const sx = (e: number) => box.left + (e / xMax) * box.width;
  const sy = (v: number) => box.top + (1 - Math.min(v, yMax) / yMax) * box.height;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.fillStyle = MUTED;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yTicks) {
    ctx.beginPath();
    ctx.moveTo(box.left, Math.round(sy(t)) + 0.5);
    ctx.lineTo(box.left + box.width, Math.round(sy(t)) + 0.5);
    ctx.stroke();
    ctx.fillText(label(t), box.left - 8, sy(t));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of ticks(0, xMax, Math.max(2, Math.round(box.width / 90)))) centred(ctx, label(t), sx(t), box.top + box.height + 6);
  ctx.fillText("epoch", box.left + box.width / 2, box.top + box.height + 24);
  for (const s of series) {
    if (!s.values.length) continue;
    ctx.beginPath();
    s.values.forEach((v, i) => (i ? ctx.lineTo(sx(s.epochs[i]), sy(v)) : ctx.moveTo(sx(s.epochs[i]), sy(v))));
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.lineJoin = "round";
    ctx.stroke();
    const at = s.values.length - 1;
    ctx.beginPath();
    ctx.arc(sx(s.epochs[at]), sy(s.values[at]), 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = s.color;
    ctx.fill();
  }
}
