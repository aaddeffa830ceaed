// What the demo's canvas plots share: the palette, the plot box and view, sizing a canvas
// at the device's pixel ratio, and round tick values with labels that stay on the canvas.
/** Class colours, in class order (cycled past the end). */
export const PALETTE = ["#4f46e5", "#f97316", "#10b981", "#e11d48", "#0ea5e9", "#a855f7", "#ca8a04", "#475569"];

export const MUTED = "#646b7d";
export const GRID = "#e8eaf0";
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

/** Sizes the canvas to its box at the device's pixel ratio; coordinates are CSS pixels. */
export function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
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

export function tickStep(span: number, count: number): number {
  const raw = (span || 1) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) as number;
}

export const label = (t: number): string => String(Number(t.toPrecision(6)));

/** Writes a centred `text` at x, moved in so that it stays on the canvas. */
export function centred(ctx: CanvasRenderingContext2D, text: string, x: number, y: number): void {
  const half = ctx.measureText(text).width / 2;
  ctx.fillText(text, Math.min(Math.max(x, half + 1), ctx.canvas.clientWidth - half - 1), y);
}
