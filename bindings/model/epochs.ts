// The epoch loop shared by fit and partialFit: one wasm call per epoch, divergence
// checks, early stopping on validation loss, cancellation, and yielding to the event
// loop so a long fit never blocks a page or a server for more than a frame.
import type { Core } from "../runtime/core.js";
import type { SharedOptions } from "./options.js";
import type { Random } from "../data/random.js";
import { divergenceError, type DataFacts } from "./divergence.js";
import { endEpoch, onPlateau, trainingLossPlateau, type Schedule } from "./schedule.js";

/** An epoch's learning rate, and its validation figures when early stopping holds rows out. */
export interface EpochInfo {
  /** The rate this epoch stepped with (it changes under a learningRateSchedule). */
  learningRate?: number;
  validationLoss?: number;
  validationScore?: number;
}

export interface History {
  loss: number[];
  validationLoss: number[];
  validationScore: number[];
  bestEpoch: number | undefined;
  /** Why training ended before its epochs ran out, if a rule ended it: "patience" (no
   *  improvement by tol for patience epochs), "learningRate" (a schedule's rate at its
   *  floor, or rounded to 0 in float32). */
  stoppedBy?: "patience" | "learningRate";
}

export interface Run {
  epochs: number;
  random: Random;
  validation: boolean;
  /** Stop on the training loss's plateau (with `validation` false): fit's, not partialFit's. */
  stopOnTrainingLoss: boolean;
  /** The learning-rate schedule's state, updated in place epoch by epoch. */
  schedule: Schedule;
  firstEpoch?: number;
  onEpoch?: (epoch: number, loss: number, info: EpochInfo) => void;
  /** Ends the run before the next epoch once aborted. The caller rejects a signal
   *  aborted before the first epoch, so the run always trains at least one. */
  signal?: AbortSignal;
  /** The training data's largest |x| and mean row weight, which a divergence's error
   *  reads to name its likely cause: asked for only then. */
  facts: () => Omit<DataFacts, "batchRows">;
  /** The validation score from the validation figures: accuracy for a classifier (the
   *  default), R² for a regressor. */
  score?: (validation: { loss: number; accuracy: number }) => number;
}

const YIELD_MS = 16;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

/** Whether the epochs visit the rows in a new order each (full-batch descent never
 *  does): the core loads the training set for that (Core.loadTraining). */
export function shuffles(o: SharedOptions): boolean {
  return o.optimizer !== "gd" && o.shuffle;
}

/** Trains up to `run.epochs` epochs on the core's loaded data, appending to `history`. */
export async function trainEpochs(core: Core, o: SharedOptions, history: History, run: Run): Promise<void> {
  const shuffled = shuffles(o);
  const batchSize = o.optimizer === "gd" ? core.rows : o.batchSize;
  const first = run.firstEpoch ?? 1;
  let best = Infinity;
  let bestParams: Float32Array | undefined;
  let waited = 0;
  let lastYield = performance.now();
  const schedule = run.schedule;
  let rate = o.learningRate;
  try {
    for (let i = 0; i < run.epochs && !run.signal?.aborted; i++) {
      const epoch = first + i;
      // A rate that rounds to 0 in float32 would step by nothing: training is over.
      if (Math.fround(schedule.learningRate) === 0) {
        history.stoppedBy = "learningRate";
        break;
      }
      if (schedule.learningRate !== rate) core.configureOptimizer({ ...o, learningRate: (rate = schedule.learningRate) });
      const order = shuffled ? run.random.permutation(core.rows) : undefined;
      core.backupParams();
      const loss = core.trainEpoch(batchSize, order);
      const info: EpochInfo = { learningRate: rate };
      let what = !Number.isFinite(loss) ? `the loss is ${loss}` : !core.paramsFinite() ? "a weight is no longer finite" : "";
      if (!what && run.validation) {
        const v = core.evaluateValidation();
        if (!Number.isFinite(v.loss)) what = `the validation loss is ${v.loss}`;
        info.validationLoss = v.loss;
        info.validationScore = run.score ? run.score(v) : v.accuracy;
      }
      if (what) {
        // A non-finite loss was measured on the weights this epoch started from, so go
        // back one more epoch, to weights whose loss was finite (a first epoch has only
        // its starting weights). Otherwise the starting weights are good.
        const back = !Number.isFinite(loss) && history.loss.length > 0 ? 1 : 0;
        core.restoreParams(back);
        core.resetOptimizer();
        throw divergenceError(epoch, what, epoch - back, o, { ...run.facts(), batchRows: Math.min(batchSize, core.rows) });
      }
      history.loss.push(loss);
      endEpoch(schedule, o, core.rows);
      let plateau = false;
      if (info.validationLoss !== undefined) {
        history.validationLoss.push(info.validationLoss);
        history.validationScore.push(info.validationScore as number);
        if (info.validationLoss < best - o.tol) {
          best = info.validationLoss;
          bestParams = core.readParams();
          history.bestEpoch = epoch;
          waited = 0;
        } else {
          plateau = ++waited >= o.patience;
        }
      } else {
        // Counted every epoch, partialFit's too, as "adaptive" needs (scikit-learn's count).
        plateau = trainingLossPlateau(schedule, o, loss) && (run.stopOnTrainingLoss || o.learningRateSchedule === "adaptive");
      }
      const stop = plateau && onPlateau(schedule, o);
      if (plateau && !stop) waited = 0;
      if (stop) history.stoppedBy = o.learningRateSchedule === "adaptive" ? "learningRate" : "patience";
      run.onEpoch?.(epoch, loss, info);
      if (stop) break;
      if (performance.now() - lastYield > YIELD_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
  } finally {
    // Early stopping keeps the best epoch's weights, however the loop ended.
    if (bestParams) core.writeParams(bestParams);
    // The core keeps the model's own rate between calls (partialFit sets it again).
    if (rate !== o.learningRate) core.configureOptimizer(o);
  }
}
