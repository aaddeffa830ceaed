import {
  layerCount, units, weightPtr, paramsPtr, gradsPtr, paramCount, momentPtr, secondMomentPtr,
  sliceGradsPtr, sliceGradBytes, sliceSumPtr, optimizerPtr, OPTIMIZER_KIND, OPTIMIZER_RATE,
  OPTIMIZER_MOMENTUM, OPTIMIZER_NESTEROV, OPTIMIZER_BETA1, OPTIMIZER_BETA2, OPTIMIZER_EPSILON,
  OPTIMIZER_L2, OPTIMIZER_STEPS,
} from "./layout";
import { sliceRows } from "./network";
import { runSlices } from "./parallel";
import { l2Gradient, squaredNorm, sumSlices } from "./kernels/gradient";
import { gradientDescentStep, momentumStep, adamStep } from "./kernels/update";

// An epoch of (mini-)batch training with the optimizer the wrapper configured. The
// optimizer's settings and state (velocity, Adam's moments and step count) live in
// linear memory where layout.ts puts them, and survive between calls, so partial fits
// continue where they stopped.

export const GD: i32 = 0;
export const SGD: i32 = 1;
export const ADAM: i32 = 2;

export function configure(
  kind: i32, rate: f32, momentumCoefficient: f32, useNesterov: bool,
  firstDecay: f32, secondDecay: f32, stabilizer: f32, penalty: f32,
): void {
  store<i32>(optimizerPtr + OPTIMIZER_KIND, kind);
  store<f32>(optimizerPtr + OPTIMIZER_RATE, rate);
  store<f32>(optimizerPtr + OPTIMIZER_MOMENTUM, momentumCoefficient);
  store<i32>(optimizerPtr + OPTIMIZER_NESTEROV, useNesterov ? 1 : 0);
  store<f32>(optimizerPtr + OPTIMIZER_BETA1, firstDecay);
  store<f32>(optimizerPtr + OPTIMIZER_BETA2, secondDecay);
  store<f32>(optimizerPtr + OPTIMIZER_EPSILON, stabilizer);
  store<f32>(optimizerPtr + OPTIMIZER_L2, penalty);
}

/** Adam's step count t (its moments live at momentPtr and secondMomentPtr). */
export function optimizerSteps(): i32 {
  return load<i32>(optimizerPtr + OPTIMIZER_STEPS);
}

export function setOptimizerSteps(steps: i32): void {
  store<i32>(optimizerPtr + OPTIMIZER_STEPS, steps);
}

/** Zeroes velocity and moments, as a fresh optimizer has them. */
export function resetOptimizer(): void {
  memory.fill(momentPtr, 0, <usize>paramCount << 2);
  memory.fill(secondMomentPtr, 0, <usize>paramCount << 2);
  setOptimizerSteps(0);
}

// @ts-ignore: decorator
@inline
function setting(offset: usize): f32 {
  return load<f32>(optimizerPtr + offset);
}

/** Adds l2·W to every layer's weight gradient; returns the penalty (l2/2)·ΣW². */
function applyPenalty(l2: f32): f64 {
  let norm: f64 = 0;
  for (let l = 0; l < layerCount; l++) {
    const count = units(l + 1) * units(l);
    norm += squaredNorm(weightPtr(paramsPtr, l), count);
    l2Gradient(weightPtr(paramsPtr, l), weightPtr(gradsPtr, l), count, l2);
  }
  return 0.5 * <f64>l2 * norm;
}

function update(weight: f64): void {
  const optimizer = load<i32>(optimizerPtr + OPTIMIZER_KIND);
  const learningRate = setting(OPTIMIZER_RATE);
  if (optimizer == GD) {
    gradientDescentStep(paramsPtr, gradsPtr, paramCount, learningRate / <f32>weight);
  } else if (optimizer == SGD) {
    const nesterov = load<i32>(optimizerPtr + OPTIMIZER_NESTEROV) != 0;
    momentumStep(paramsPtr, gradsPtr, momentPtr, paramCount, learningRate, <f32>(1 / weight), setting(OPTIMIZER_MOMENTUM), nesterov);
  } else {
    const beta1 = setting(OPTIMIZER_BETA1);
    const beta2 = setting(OPTIMIZER_BETA2);
    const steps = optimizerSteps() + 1;
    setOptimizerSteps(steps);
    const t = <f64>steps;
    const stepSize = <f64>learningRate * Math.sqrt(1 - Math.pow(<f64>beta2, t)) / (1 - Math.pow(<f64>beta1, t));
    adamStep(paramsPtr, gradsPtr, momentPtr, secondMomentPtr, paramCount, <f32>stepSize, <f32>(1 / weight), beta1, beta2, setting(OPTIMIZER_EPSILON));
  }
}

/** One pass over `rows` samples in batches of `batchSize`, in stored order or through
 *  the row order when `shuffled`. Each batch is cut into slices whose gradients are
 *  summed in slice order (see parallel.ts). Returns the epoch's loss as sklearn reports
 *  it: the batches' weighted loss sums plus their penalties, over the total sample weight. */
export function trainEpoch(rows: i32, batchSize: i32, shuffled: bool): f64 {
  let loss: f64 = 0;
  let weight: f64 = 0;
  for (let start = 0; start < rows; start += batchSize) {
    const count = min(batchSize, rows - start);
    const per = sliceRows(count);
    const slices = (count + per - 1) / per;
    runSlices(rows, shuffled, start, count, slices);
    sumSlices(sliceGradsPtr, sliceGradBytes, gradsPtr, paramCount, slices);
    let w: f64 = 0;
    for (let s = 0; s < slices; s++) {
      loss += load<f64>(sliceSumPtr(s));
      w += load<f64>(sliceSumPtr(s), 8);
    }
    // A batch whose samples all weigh 0 carries no information: no penalty, no step.
    if (w > 0) {
      const l2 = setting(OPTIMIZER_L2);
      if (l2 > 0) loss += applyPenalty(l2);
      update(w);
      weight += w;
    }
  }
  return weight > 0 ? loss / weight : 0;
}
