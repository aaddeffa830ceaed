import {
  layerCount, units, weightPtr, paramsPtr, gradsPtr, paramCount, momentPtr, secondMomentPtr,
  sliceGradsPtr, sliceGradBytes, sliceSumPtr,
} from "./layout";
import { sliceRows } from "./network";
import { runSlices } from "./parallel";
import { l2Gradient, squaredNorm, sumSlices } from "./kernels/gradient";
import { gradientDescentStep, momentumStep, adamStep } from "./kernels/update";

// An epoch of (mini-)batch training with the optimizer the wrapper configured. The
// optimizer's state (velocity, Adam's moments and step count) lives in linear memory
// and survives between calls, so partial fits continue where they stopped.

export const GD: i32 = 0;
export const SGD: i32 = 1;
export const ADAM: i32 = 2;

let optimizer: i32 = GD;
let learningRate: f32 = 1;
let momentum: f32 = 0;
let nesterov: bool = false;
let beta1: f32 = 0.9;
let beta2: f32 = 0.999;
let epsilon: f32 = 1e-8;
let l2: f32 = 0;
let adamSteps: i32 = 0;

export function configure(
  kind: i32, rate: f32, momentumCoefficient: f32, useNesterov: bool,
  firstDecay: f32, secondDecay: f32, stabilizer: f32, penalty: f32,
): void {
  optimizer = kind;
  learningRate = rate;
  momentum = momentumCoefficient;
  nesterov = useNesterov;
  beta1 = firstDecay;
  beta2 = secondDecay;
  epsilon = stabilizer;
  l2 = penalty;
}

/** Adam's step count t (its moments live at momentPtr and secondMomentPtr). */
export function optimizerSteps(): i32 {
  return adamSteps;
}

export function setOptimizerSteps(steps: i32): void {
  adamSteps = steps;
}

/** Zeroes velocity and moments, as a fresh optimizer has them. */
export function resetOptimizer(): void {
  memory.fill(momentPtr, 0, <usize>paramCount << 2);
  memory.fill(secondMomentPtr, 0, <usize>paramCount << 2);
  adamSteps = 0;
}

/** Adds l2·W to every layer's weight gradient; returns the penalty (l2/2)·ΣW². */
function applyPenalty(): f64 {
  let norm: f64 = 0;
  for (let l = 0; l < layerCount; l++) {
    const count = units(l + 1) * units(l);
    norm += squaredNorm(weightPtr(paramsPtr, l), count);
    l2Gradient(weightPtr(paramsPtr, l), weightPtr(gradsPtr, l), count, l2);
  }
  return 0.5 * <f64>l2 * norm;
}

function update(weight: f64): void {
  if (optimizer == GD) {
    gradientDescentStep(paramsPtr, gradsPtr, paramCount, learningRate / <f32>weight);
  } else if (optimizer == SGD) {
    momentumStep(paramsPtr, gradsPtr, momentPtr, paramCount, learningRate, <f32>(1 / weight), momentum, nesterov);
  } else {
    adamSteps++;
    const t = <f64>adamSteps;
    const stepSize = <f64>learningRate * Math.sqrt(1 - Math.pow(<f64>beta2, t)) / (1 - Math.pow(<f64>beta1, t));
    adamStep(paramsPtr, gradsPtr, momentPtr, secondMomentPtr, paramCount, <f32>stepSize, <f32>(1 / weight), beta1, beta2, epsilon);
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
      if (l2 > 0) loss += applyPenalty();
      update(w);
      weight += w;
    }
  }
  return weight > 0 ? loss / weight : 0;
}
