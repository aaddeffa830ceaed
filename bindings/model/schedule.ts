// Learning-rate schedules and the training-loss plateau, as scikit-learn's MLP defines
// them (neural_network/_multilayer_perceptron.py, _stochastic_optimizers.py): one state
// per model, carried from epoch to epoch and across partialFit calls.
import type { SharedOptions } from "./options.js";

/** Where a model's schedule stands after its last epoch. */
export interface Schedule {
  /** The rate the next epoch steps with (float64; the core rounds it to float32). */
  learningRate: number;
  /** Rows trained on so far (scikit-learn's `t_`), which "invscaling" divides by. */
  rows: number;
  /** The lowest training loss so far, and how many epochs in a row have not lowered it
   *  by `tol` (scikit-learn's `best_loss_` and `_no_improvement_count`). */
  bestLoss: number;
  epochsWithoutImprovement: number;
}

// scikit-learn's floor: an "adaptive" rate that would be divided below it stops training.
const SMALLEST_ADAPTIVE_RATE = 1e-6;

export const startSchedule = (o: SharedOptions): Schedule => ({ learningRate: o.learningRate, rows: 0, bestLoss: Infinity, epochsWithoutImprovement: 0 });

/** Counts an epoch of training loss `loss` against the best so far; true once `patience`
 *  epochs in a row have each failed to go below the best by `tol`. scikit-learn counts
 *  the same way and acts when the count exceeds n_iter_no_change, so its
 *  n_iter_no_change is `patience` - 1 here. */
export function trainingLossPlateau(s: Schedule, o: SharedOptions, loss: number): boolean {
  s.epochsWithoutImprovement = loss > s.bestLoss - o.tol ? s.epochsWithoutImprovement + 1 : 0;
  if (loss < s.bestLoss) s.bestLoss = loss;
  return s.epochsWithoutImprovement >= o.patience;
}

/** After an epoch of `rows` rows: "invscaling" sets the next rate to
 *  learningRate / (t + 1)^powerT, t being every row trained on so far. */
export function endEpoch(s: Schedule, o: SharedOptions, rows: number): void {
  s.rows += rows;
  if (o.learningRateSchedule === "invscaling") s.learningRate = o.learningRate / (s.rows + 1) ** o.powerT;
}

/** What a plateau does: "adaptive" divides the rate by 5 (and training goes on), unless
 *  the rate is already at most 1e-6; anything else stops. True to stop. */
export function onPlateau(s: Schedule, o: SharedOptions): boolean {
  if (o.learningRateSchedule !== "adaptive" || s.learningRate <= SMALLEST_ADAPTIVE_RATE) return true;
  s.learningRate /= 5;
  s.epochsWithoutImprovement = 0;
  return false;
}
