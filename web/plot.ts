// Canvas plots of the demo: the data over the model's decision regions, and the loss
// curve. Drawn at the device's pixel ratio, redrawn from scratch on every change.

/** Class colours, in class order (cycled past the end). */
export const PALETTE = ["#4f46e5", "#f97316", "#10b981", "#e11d48", "#0ea5e9", "#a855f7", "#ca8a04", "#475569"];

const INK = "#1c2030";
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

export interface MapPlot {
  view: View;
  points: { x: number; y: number; color: string }[];
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
  for (const t of ticks(view.xMin, view.xMax, count)) ctx.fillText(label(t), sx(t), box.top + box.height + 5);
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
  const radius = Math.max(2.5, Math.min(5, box.width / 110));
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = "#ffffff";
  for (const p of plot.points) {
    const x = box.left + ((p.x - view.xMin) / (view.xMax - view.xMin)) * box.width;
    const y = box.top + (1 - (p.y - view.yMin) / (view.yMax - view.yMin)) * box.height;
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = p.color;
    ctx.fill();
    ctx.stroke();
  }
  ctx.restore();
  drawAxes(ctx, box, view, plot.xLabel, plot.yLabel);
  return box;
}

/** The loss per epoch against the planned number of epochs. */
export function drawLoss(canvas: HTMLCanvasElement, loss: readonly number[], epochs: number): void {
  const { ctx, width, height } = prepare(canvas);
  const box: Box = { left: 52, top: 10, width: Math.max(10, width - 64), height: Math.max(10, height - 46) };
  const top = loss.length ? loss.reduce((a, b) => Math.max(a, b)) || 1 : 1;
  const count = Math.max(2, Math.round(box.height / 40));
  const step = tickStep(top, count);
  const yMax = Math.ceil(top / step - 1e-9) * step;
  const yTicks = ticks(0, yMax, count);
  const xMax = Math.max(epochs, loss.length, 1);
  const sx = (e: number) => box.left + (e / xMax) * box.width;
  const sy = (v: number) => box.top + (1 - v / yMax) * box.height;
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
  for (const t of ticks(0, xMax, Math.max(2, Math.round(box.width / 90)))) ctx.fillText(label(t), sx(t), box.top + box.height + 6);
  ctx.fillText("epoch", box.left + box.width / 2, box.top + box.height + 24);
  if (!loss.length) return;
  ctx.beginPath();
  loss.forEach((v, i) => (i ? ctx.lineTo(sx(i + 1), sy(v)) : ctx.moveTo(sx(1), sy(v))));
  ctx.strokeStyle = PALETTE[0];
  ctx.lineWidth = 2;
  ctx.lineJoin = "round";
  ctx.stroke();
  ctx.lineTo(sx(loss.length), sy(0));
  ctx.lineTo(sx(1), sy(0));
  ctx.closePath();
  ctx.fillStyle = "rgba(79, 70, 229, 0.08)";
  ctx.fill();
  const last = loss[loss.length - 1];
  ctx.beginPath();
  ctx.arc(sx(loss.length), sy(last), 3.5, 0, 2 * Math.PI);
  ctx.fillStyle = PALETTE[0];
  ctx.fill();
  ctx.fillStyle = INK;
  ctx.textAlign = loss.length / xMax > 0.85 ? "right" : "left";
  ctx.textBaseline = "bottom";
  ctx.fillText(last.toPrecision(3), sx(loss.length) + (ctx.textAlign === "left" ? 6 : -6), sy(last) - 4);
}
