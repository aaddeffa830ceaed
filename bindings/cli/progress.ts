// Training progress on standard error: a bar redrawn in place on a terminal, plain lines
// now and then when the output is a file or a pipe, nothing with --quiet.
import type { EpochInfo } from "../index.js";

export type ProgressMode = "bar" | "lines" | "quiet";

const REDRAW_MS = 100;
// Plain lines: every 10% of the epochs or every 30 s, whichever comes first, at most one a second.
const LINE_EVERY_MS = 30_000;
const LINE_AT_MOST_MS = 1_000;
// The time left comes from a moving average of the time an epoch takes, each epoch
// counting 1/ETA_EPOCHS of it: the first epoch (compiling the core's code, laying out its
// memory) and a pause of the machine fade from the estimate within a few dozen epochs.
// The first epoch is never in it: it can take 1000 times as long as the next.
const ETA_EPOCHS = 20;

/** "1:05" / "1:02:05" for a duration in seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const text = hms.map((v, i) => (i === 0 ? String(v) : String(v).padStart(2, "0")));
  return hms[0] > 0 ? text.join(":") : `${hms[1]}:${text[2]}`;
}

/** 1234567 → "1.23M", 52300 → "52.3k". */
export function compact(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(0);
}

/** What the loss and the validation score are, as the lines name them. */
export interface Measures {
  score: string;
  short: string;
  lossUnit: string;
}
export const CLASSIFIER_MEASURES: Measures = { score: "accuracy", short: "acc", lossUnit: " bits" };
// A regressor's loss is squared error on standardized targets: no unit to name.
export const REGRESSOR_MEASURES: Measures = { score: "R²", short: "R²", lossUnit: "" };

export class Progress {
  readonly #mode: ProgressMode;
  readonly #epochs: number;
  readonly #rows: number;
  readonly #out: NodeJS.WriteStream;
  readonly #measures: Measures;
  readonly #started = performance.now();
  #lastDraw = -Infinity;
  #lastEpochAt = performance.now();
  #secondsPerEpoch: number | undefined;
  #lastLineEpoch = 0;
  #drawn = false;

  constructor(mode: ProgressMode, epochs: number, rows: number, out: NodeJS.WriteStream = process.stderr, measures: Measures = CLASSIFIER_MEASURES) {
    this.#mode = mode;
    this.#measures = measures;
    this.#epochs = epochs;
    this.#rows = rows;
    this.#out = out;
  }

  /** Reports a finished epoch (1-based). */
  epoch(epoch: number, loss: number, info: EpochInfo): void {
    if (this.#mode === "quiet") return;
    const now = performance.now();
    const elapsed = (now - this.#started) / 1000;
    const rate = (epoch * this.#rows) / Math.max(elapsed, 1e-9);
    const left = this.#timeLeft(epoch, now);
    const validation = info.validationScore === undefined ? "" : `validation ${this.#measures.score} ${info.validationScore.toFixed(4)}`;
    const last = epoch === this.#epochs;
    if (this.#mode === "bar") {
      if (now - this.#lastDraw < REDRAW_MS && !last) return;
      this.#lastDraw = now;
      const parts = [`epoch ${String(epoch).padStart(String(this.#epochs).length)}/${this.#epochs}`, "", `loss ${loss.toFixed(4)}`];
      if (validation) parts.push(`val ${this.#measures.short} ${info.validationScore!.toFixed(4)}`);
      parts.push(`${compact(rate)} rows/s`, left === undefined ? "estimating time left" : `${clock(left)} left`);
      // A line that wraps cannot be redrawn in place: the bar takes what the text leaves.
      const columns = (this.#out.columns || 80) - 1;
      const width = Math.min(30, columns - parts.join(" ").length - 2);
      const filled = Math.round((epoch / this.#epochs) * Math.max(width, 0));
      parts[1] = width >= 5 ? `[${"#".repeat(filled)}${"-".repeat(width - filled)}]` : "";
      const line = parts.filter(Boolean).join(" ").slice(0, columns);
      this.#out.write(`\r${line}\x1b[K`);
      this.#drawn = true;
      return;
    }
    const sinceLine = now - this.#lastDraw;
    const tenth = epoch - this.#lastLineEpoch >= Math.max(1, this.#epochs / 10);
    if (epoch !== 1 && !last && (sinceLine < LINE_AT_MOST_MS || (!tenth && sinceLine < LINE_EVERY_MS))) return;
    this.#lastDraw = now;
    this.#lastLineEpoch = epoch;
    const parts = [`loss ${loss.toFixed(4)}${this.#measures.lossUnit}`];
    if (validation) parts.push(validation);
    parts.push(`${compact(rate)} rows/s`, `${clock(elapsed)} elapsed`, left === undefined ? "estimating time left" : `about ${clock(left)} left`);
    this.#out.write(`epoch ${epoch}/${this.#epochs}: ${parts.join(", ")}\n`);
  }

  /** Seconds left after `epoch` from the moving average of the epochs since the first
   *  (undefined until there is one). Called once per epoch, drawn or not. */
  #timeLeft(epoch: number, now: number): number | undefined {
    const seconds = (now - this.#lastEpochAt) / 1000;
    this.#lastEpochAt = now;
    if (epoch > 1) {
      const average = this.#secondsPerEpoch;
      this.#secondsPerEpoch = average === undefined ? seconds : average + (seconds - average) / Math.min(epoch - 1, ETA_EPOCHS);
    }
    return this.#secondsPerEpoch === undefined ? undefined : this.#secondsPerEpoch * (this.#epochs - epoch);
  }

  /** Ends the bar's line, so what follows starts on a fresh one. */
  finish(): void {
    if (this.#drawn) this.#out.write("\n");
    this.#drawn = false;
  }

  /** A message on its own line, even while a bar is drawn. */
  note(text: string): void {
    if (this.#mode === "quiet") return;
    if (this.#drawn) this.#out.write("\r\x1b[K");
    this.#out.write(`${text}\n`);
    this.#drawn = false;
    this.#lastDraw = -Infinity;
  }
}
