// Plots as standalone SVG text: a line chart (loss per epoch) and a decision-boundary map
// of two features. Each has a title, labelled axes with round-number ticks, a legend, and
// stays small (long series are thinned, the map's cells are merged into runs).

const FONT = `font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"`;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
const MAX_POINTS = 1500;

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
const fixed = (v: number): string => String(Math.round(v * 100) / 100);

/** Round-number ticks covering [low, high]: steps of 1, 2 or 5 times a power of ten. */
export function ticks(low: number, high: number, count = 6): { values: number[]; low: number; high: number } {
  if (!(high > low)) [low, high] = [low - 0.5, low + 0.5];
  const rough = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) as number;
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const values: number[] = [];
  for (let v = first; v <= last + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return { values, low: first, high: last };
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: { low: number; high: number; values: number[] };
  y: { low: number; high: number; values: number[] };
}

const sx = (f: Frame, v: number): number => f.left + ((v - f.x.low) / (f.x.high - f.x.low)) * (f.right - f.left);
const sy = (f: Frame, v: number): number => f.bottom - ((v - f.y.low) / (f.y.high - f.y.low)) * (f.bottom - f.top);

function open(width: number, height: number, title: string, subtitle: string): string[] {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="26" text-anchor="middle" font-size="17" font-weight="600" fill="#222">${escape(title)}</text>`,
    subtitle ? `<text x="${width / 2}" y="46" text-anchor="middle" font-size="12.5" fill="#555">${escape(subtitle)}</text>` : "",
  ];
}

function axes(f: Frame, xLabel: string, yLabel: string, grid: boolean): string[] {
  const out: string[] = [];
  for (const v of f.y.values) {
    const y = fixed(sy(f, v));
    if (grid) out.push(`<line x1="${f.left}" x2="${f.right}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${f.left - 5}" x2="${f.left}" y1="${y}" y2="${y}" stroke="#444"/>`);
    out.push(`<text x="${f.left - 8}" y="${y}" dy="0.32em" text-anchor="end" font-size="12" fill="#333">${v}</text>`);
  }
  for (const v of f.x.values) {
    const x = fixed(sx(f, v));
    if (grid) out.push(`<line x1="${x}" x2="${x}" y1="${f.top}" y2="${f.bottom}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${x}" x2="${x}" y1="${f.bottom}" y2="${f.bottom + 5}" stroke="#444"/>`);
    out.push(`<text x="${x}" y="${f.bottom + 19}" text-anchor="middle" font-size="12" fill="#333">${v}</text>`);
  }
  out.push(`<rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${(f.left + f.right) / 2}" y="${f.height - 12}" text-anchor="middle" font-size="13.5" fill="#222">${escape(xLabel)}</text>`);
  const cy = (f.top + f.bottom) / 2;
  out.push(`<text transform="translate(18 ${cy}) rotate(-90)" text-anchor="middle" font-size="13.5" fill="#222">${escape(yLabel)}</text>`);
  return out;
}

interface LegendEntry {
  name: string;
  color: string;
  kind: "line" | "dot" | "dash";
}

function legend(entries: LegendEntry[], right: number, top: number): string[] {
  const width = 24 + Math.max(...entries.map((e) => e.name.length)) * 7;
  const out = [`<rect x="${right - width - 10}" y="${top + 10}" width="${width}" height="${entries.length * 20 + 8}" fill="#ffffff" fill-opacity="0.85" stroke="#ccc"/>`];
  entries.forEach((e, i) => {
    const x = right - width - 2;
    const y = top + 28 + i * 20;
    if (e.kind === "dot") out.push(`<circle cx="${x + 7}" cy="${y - 4}" r="4" fill="${e.color}" stroke="#fff"/>`);
    else out.push(`<line x1="${x}" x2="${x + 16}" y1="${y - 4}" y2="${y - 4}" stroke="${e.color}" stroke-width="2.5"${e.kind === "dash" ? ' stroke-dasharray="4 3"' : ""}/>`);
    out.push(`<text x="${x + 22}" y="${y}" font-size="12" fill="#222">${escape(e.name)}</text>`);
  });
  return out;
}

export interface Series {
  name: string;
  /** The value at epoch i + 1. */
  values: number[];
}

export interface LinePlot {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** A vertical marker, such as the best epoch. */
  marker?: { at: number; label: string };
}

/** A line chart of series over epochs 1..n, the y axis from 0. */
export function linePlot(plot: LinePlot): string {
  const n = Math.max(...plot.series.map((s) => s.values.length));
  const high = Math.max(...plot.series.flatMap((s) => s.values.filter(Number.isFinite)));
  const f: Frame = { width: 760, height: 460, left: 72, right: 740, top: 64, bottom: 400, x: ticks(n > 1 ? 1 : 0, n), y: ticks(0, high) };
  f.x.low = Math.min(f.x.low, 1);
  f.x.values = f.x.values.filter((v) => v >= f.x.low && v <= f.x.high);
  const out = open(f.width, f.height, plot.title, plot.subtitle ?? "");
  out.push(...axes(f, plot.xLabel, plot.yLabel, true));
  plot.series.forEach((s, k) => {
    const stride = Math.max(1, Math.ceil(s.values.length / 2000));
    const points: string[] = [];
    for (let i = 0; i < s.values.length; i += stride) points.push(`${fixed(sx(f, i + 1))},${fixed(sy(f, s.values[i]))}`);
    if ((s.values.length - 1) % stride !== 0) points.push(`${fixed(sx(f, s.values.length))},${fixed(sy(f, s.values.at(-1) as number))}`);
    out.push(`<polyline points="${points.join(" ")}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="2" stroke-linejoin="round"/>`);
  });
  const entries: LegendEntry[] = plot.series.map((s, k) => ({ name: s.name, color: COLORS[k % COLORS.length], kind: "line" }));
  if (plot.marker) {
    const x = fixed(sx(f, plot.marker.at));
    out.push(`<line x1="${x}" x2="${x}" y1="${f.top}" y2="${f.bottom}" stroke="#666" stroke-dasharray="4 3"/>`);
    entries.push({ name: plot.marker.label, color: "#666", kind: "dash" });
  }
  out.push(...legend(entries, f.right, f.top), "</svg>");
  return out.filter(Boolean).join("\n") + "\n";
}

export interface BoundaryPlot {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** The two classes' names, negative first. */
  classes: [string, string];
  extent: { x: [number, number]; y: [number, number] };
  /** P(second class) on a grid of cells, row-major from the lowest y: size × size values. */
  size: number;
  probability: ArrayLike<number>;
  points: { x: number; y: number; positive: boolean }[];
}

// White at 0.5, deepening to each class's color at 0 and 1, in 10 steps either side.
function shade(p: number): string {
  const level = Math.min(10, Math.round(Math.abs(p - 0.5) * 20)) / 10;
  const [r, g, b] = p >= 0.5 ? [255, 127, 14] : [31, 119, 180];
  const mix = (c: number) => Math.round(255 + (c - 255) * level * 0.45);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

// The p = 0.5 contour by marching squares over cell centres (see: Lorensen & Cline's
// marching cubes, in two dimensions); each cell contributes up to two segments.
function contour(f: Frame, plot: BoundaryPlot): string {
  const { size, probability: p, extent } = plot;
  const cx = (i: number) => extent.x[0] + ((i + 0.5) / size) * (extent.x[1] - extent.x[0]);
  const cy = (j: number) => extent.y[0] + ((j + 0.5) / size) * (extent.y[1] - extent.y[0]);
  const path: string[] = [];
  const cross = (x0: number, y0: number, v0: number, x1: number, y1: number, v1: number) => {
    const t = (0.5 - v0) / (v1 - v0);
    return `${fixed(sx(f, x0 + t * (x1 - x0)))} ${fixed(sy(f, y0 + t * (y1 - y0)))}`;
  };
  for (let j = 0; j + 1 < size; j++) {
    for (let i = 0; i + 1 < size; i++) {
      const v = [p[j * size + i], p[j * size + i + 1], p[(j + 1) * size + i + 1], p[(j + 1) * size + i]];
      const xs = [cx(i), cx(i + 1), cx(i + 1), cx(i)];
      const ys = [cy(j), cy(j), cy(j + 1), cy(j + 1)];
      const edges: string[] = [];
      for (let e = 0; e < 4; e++) {
        const a = e;
        const b = (e + 1) % 4;
        if (v[a] >= 0.5 !== v[b] >= 0.5) edges.push(cross(xs[a], ys[a], v[a], xs[b], ys[b], v[b]));
      }
      for (let k = 0; k + 1 < edges.length; k += 2) path.push(`M${edges[k]}L${edges[k + 1]}`);
    }
  }
  return path.length ? `<path d="${path.join("")}" fill="none" stroke="#222" stroke-width="2"/>` : "";
}

/** A map of one class's probability over two features, its 0.5 contour, and the samples. */
export function boundaryPlot(plot: BoundaryPlot): string {
  const { size, extent } = plot;
  const f: Frame = { width: 700, height: 640, left: 72, right: 600, top: 64, bottom: 580, x: ticks(...extent.x), y: ticks(...extent.y) };
  f.x = { ...f.x, low: extent.x[0], high: extent.x[1], values: f.x.values.filter((v) => v >= extent.x[0] && v <= extent.x[1]) };
  f.y = { ...f.y, low: extent.y[0], high: extent.y[1], values: f.y.values.filter((v) => v >= extent.y[0] && v <= extent.y[1]) };
  const out = open(f.width, f.height, plot.title, plot.subtitle ?? "");
  const cellW = (f.right - f.left) / size;
  const cellH = (f.bottom - f.top) / size;
  out.push(`<g shape-rendering="crispEdges">`);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; ) {
      const color = shade(plot.probability[j * size + i]);
      let run = 1;
      while (i + run < size && shade(plot.probability[j * size + i + run]) === color) run++;
      const y = f.bottom - (j + 1) * cellH;
      out.push(`<rect x="${fixed(f.left + i * cellW)}" y="${fixed(y)}" width="${fixed(run * cellW + 0.5)}" height="${fixed(cellH + 0.5)}" fill="${color}"/>`);
      i += run;
    }
  }
  out.push("</g>", contour(f, plot));
  const stride = Math.max(1, Math.ceil(plot.points.length / MAX_POINTS));
  out.push(`<g stroke="#ffffff" stroke-width="0.6" fill-opacity="0.85">`);
  for (let k = 0; k < plot.points.length; k += stride) {
    const point = plot.points[k];
    if (point.x < extent.x[0] || point.x > extent.x[1] || point.y < extent.y[0] || point.y > extent.y[1]) continue;
    out.push(`<circle cx="${fixed(sx(f, point.x))}" cy="${fixed(sy(f, point.y))}" r="2.6" fill="${point.positive ? COLORS[1] : COLORS[0]}"/>`);
  }
  out.push("</g>", ...axes(f, plot.xLabel, plot.yLabel, false));
  // A colour bar for the probability.
  const barX = f.right + 30;
  for (let k = 0; k < 20; k++) {
    const y = f.bottom - ((k + 1) / 20) * (f.bottom - f.top);
    out.push(`<rect x="${barX}" y="${fixed(y)}" width="16" height="${fixed((f.bottom - f.top) / 20 + 0.5)}" fill="${shade((k + 0.5) / 20)}"/>`);
  }
  out.push(`<rect x="${barX}" y="${f.top}" width="16" height="${f.bottom - f.top}" fill="none" stroke="#444"/>`);
  for (const v of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(`<text x="${barX + 22}" y="${fixed(f.bottom - v * (f.bottom - f.top))}" dy="0.32em" font-size="12" fill="#333">${v}</text>`);
  }
  out.push(`<text transform="translate(${barX + 62} ${(f.top + f.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="#222">P(${escape(plot.classes[1])})</text>`);
  out.push(
    ...legend(
      [
        { name: `class ${plot.classes[0]}`, color: COLORS[0], kind: "dot" },
        { name: `class ${plot.classes[1]}`, color: COLORS[1], kind: "dot" },
        { name: "P = 0.5", color: "#222", kind: "line" },
      ],
      f.right, f.top,
    ),
    "</svg>",
  );
  return out.filter(Boolean).join("\n") + "\n";
}

export interface ScatterPlot {
  title: string;
  subtitle?: string;
  xLabel: string;
  yLabel: string;
  /** Drawn in order; past MAX_POINTS, every k-th point (k the smallest that fits). */
  points: { x: number; y: number }[];
}

/** A scatter of predicted (y) against true (x) values on one scale for both axes, with
 *  the line y = x, where a perfect model's points lie. */
export function scatterPlot(plot: ScatterPlot): string {
  let low = Infinity;
  let high = -Infinity;
  for (const p of plot.points) {
    low = Math.min(low, p.x, p.y);
    high = Math.max(high, p.x, p.y);
  }
  const pad = (high - low) * 0.03;
  const scale = ticks(low - pad, high + pad, 5);
  const f: Frame = { width: 380, height: 400, left: 66, right: 356, top: 56, bottom: 346, x: scale, y: scale };
  const out = open(f.width, f.height, plot.title, plot.subtitle ?? "");
  out.push(...axes(f, plot.xLabel, plot.yLabel, true));
  out.push(`<line class="identity" x1="${fixed(sx(f, scale.low))}" y1="${fixed(sy(f, scale.low))}" x2="${fixed(sx(f, scale.high))}" y2="${fixed(sy(f, scale.high))}" stroke="#444" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  const stride = Math.max(1, Math.ceil(plot.points.length / MAX_POINTS));
  out.push(`<g class="points" fill="${COLORS[0]}" fill-opacity="0.6">`);
  for (let k = 0; k < plot.points.length; k += stride) {
    const p = plot.points[k];
    out.push(`<circle cx="${fixed(sx(f, p.x))}" cy="${fixed(sy(f, p.y))}" r="2.4"/>`);
  }
  out.push("</g>", "</svg>");
  return out.filter(Boolean).join("\n") + "\n";
}

/** Rows of plots made by this file, as one SVG; each plot keeps its own size. */
export function plotGrid(title: string, rows: string[][]): string {
  const size = (svg: string): [number, number] => {
    const [, w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg) as RegExpExecArray;
    return [Number(w), Number(h)];
  };
  const placed: string[] = [];
  let y = 0;
  let width = 0;
  for (const row of rows) {
    let x = 0;
    let rowHeight = 0;
    for (const svg of row) {
      const [w, h] = size(svg);
      // A nested <svg> at (x, y) draws the plot in its own coordinates.
      placed.push(svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, `<svg x="${x}" y="${y}" `).trimEnd());
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    width = Math.max(width, x);
    y += rowHeight;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" ${FONT}>`,
    `<title>${escape(title)}</title>`,
    `<rect width="${width}" height="${y}" fill="#ffffff"/>`,
    ...placed,
    "</svg>",
  ].join("\n") + "\n";
}
