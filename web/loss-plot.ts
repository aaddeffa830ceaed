// The loss card's plot: the training loss per epoch and the held-out rows' loss at the
// epochs it was measured, on the same axes, against the planned number of epochs.
import { prepare, ticks, tickStep, label, centred, GRID, MUTED, type Box } from "./canvas.js";

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
