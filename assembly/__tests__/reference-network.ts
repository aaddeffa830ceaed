// A float64 reference MLP, independent of layout.ts and network.ts: hidden layers with
// sigmoid, tanh, relu or identity, linear outputs. For classes, one output is a sigmoid
// with binary cross-entropy, more are a softmax with categorical cross-entropy, in bits;
// for regression the outputs are the predictions and the loss is ½ Σ_k (z_k − y_k)².
// Each sample's loss is multiplied by its weight. Parameters are packed as the layout
// documents: per layer l, W_l [n(l+1) x n(l)] row-major, then b_l. Inputs are
// feature-major, x[k·rows + s]; for classes the targets y[s] are labels (0/1, or a class
// index), for regression they are target-major, y[k·rows + s]; weights w[s].
import { SIGMOID, TANH, IDENTITY } from "../kernels/activations";
import { Ref, refSigmoid, refCrossEntropyBits, refSoftmaxCrossEntropyBits } from "./reference";

export function parameterCount(sizes: StaticArray<i32>): i32 {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l + 1] * (sizes[l] + 1);
  return count;
}

/** True at the weights (not the biases) of the packed parameters: the L2 penalty's. */
export function weightMask(sizes: StaticArray<i32>): StaticArray<bool> {
  const out = new StaticArray<bool>(parameterCount(sizes));
  let offset = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const weights = sizes[l + 1] * sizes[l];
    for (let i = 0; i < weights; i++) out[offset + i] = true;
    offset += weights + sizes[l + 1];
  }
  return out;
}

export class Data {
  /** `targets` is 0 for classes (one label per row), else the regression targets per row. */
  constructor(
    public inputs: i32, public rows: i32,
    public x: StaticArray<f32>, public y: StaticArray<f32>, public w: StaticArray<f32>,
    public targets: i32 = 0,
  ) {}

  /** Rows order[start], …, order[start + count − 1], in that order. */
  pick(order: StaticArray<i32>, start: i32, count: i32): Data {
    const x = new StaticArray<f32>(this.inputs * count);
    const ys = max(this.targets, 1);
    const y = new StaticArray<f32>(ys * count);
    const w = new StaticArray<f32>(count);
    for (let s = 0; s < count; s++) {
      const row = order[start + s];
      for (let k = 0; k < this.inputs; k++) x[k * count + s] = this.x[k * this.rows + row];
      for (let k = 0; k < ys; k++) y[k * count + s] = this.y[k * this.rows + row];
      w[s] = this.w[row];
    }
    return new Data(this.inputs, count, x, y, w, this.targets);
  }

  /** Rows [start, start + count). */
  slice(start: i32, count: i32): Data {
    const order = new StaticArray<i32>(start + count);
    for (let s = 0; s < start + count; s++) order[s] = s;
    return this.pick(order, start, count);
  }

  /** The inputs row-major ([rows x inputs]), as a shuffled epoch reads them (layout.ts). */
  rowMajor(): StaticArray<f32> {
    const out = new StaticArray<f32>(this.inputs * this.rows);
    for (let s = 0; s < this.rows; s++) for (let k = 0; k < this.inputs; k++) out[s * this.inputs + k] = this.x[k * this.rows + s];
    return out;
  }

  weightSum(): f64 {
    let sum: f64 = 0;
    for (let s = 0; s < this.rows; s++) sum += <f64>this.w[s];
    return sum;
  }
}

export class Forward {
  /** Unweighted loss of each sample, in bits. */
  loss: StaticArray<f64>;
  /** A first-order bound on each sample's unweighted f32 loss error, in units of u = 2^-24. */
  errorBound: StaticArray<f64>;
  /** The class the model picks (P(1) > 1/2, or the first largest logit), and by how
   *  much: |z| for one output, the gap between the two largest logits otherwise. */
  predicted: StaticArray<i32>;
  margin: StaticArray<f64>;
  /** Smallest |pre-activation| of any hidden unit: relu's kink is there. */
  nearestKink: StaticArray<f64>;
  constructor(rows: i32) {
    this.loss = new StaticArray<f64>(rows);
    this.errorBound = new StaticArray<f64>(rows);
    this.predicted = new StaticArray<i32>(rows);
    this.margin = new StaticArray<f64>(rows);
    this.nearestKink = new StaticArray<f64>(rows);
  }

  /** Σ w_s·loss_s. */
  weightedLoss(d: Data): f64 {
    let sum: f64 = 0;
    for (let s = 0; s < d.rows; s++) sum += <f64>d.w[s] * this.loss[s];
    return sum;
  }

  /** Bound on the f32 Σ w_s·loss_s, in units of u: the weight's product adds one
   *  rounding of w_s·loss_s. */
  weightedErrorBound(d: Data): f64 {
    let sum: f64 = 0;
    for (let s = 0; s < d.rows; s++) sum += <f64>d.w[s] * (this.errorBound[s] + this.loss[s]);
    return sum;
  }

  totalLoss(): f64 {
    let sum: f64 = 0;
    for (let s = 0; s < this.loss.length; s++) sum += this.loss[s];
    return sum;
  }
}

function widest(sizes: StaticArray<i32>): i32 {
  let w = 0;
  for (let l = 0; l < sizes.length; l++) w = max(w, sizes[l]);
  return w;
}

function activate(kind: i32, z: f64): f64 {
  if (kind == SIGMOID) return refSigmoid(z);
  if (kind == TANH) return Math.tanh(z);
  if (kind == IDENTITY) return z;
  return z > 0 ? z : 0;
}

/** Error of an activation's f32 output, in u, from the error `zErr` (in u) of its input:
 *  sigmoid's slope is ≤ 1/4, tanh's and relu's ≤ 1; sigmoid and tanh add their own
 *  3 ulp (≤ 6u·a, see activations.spec.ts), relu is exact. */
function activationError(kind: i32, a: f64, zErr: f64): f64 {
  if (kind == SIGMOID) return zErr / 4 + 6 * a;
  if (kind == TANH) return zErr + 6 * Math.abs(a);
  return zErr;
}

/** Runs every sample through the network in f64. The error bound follows an f32 pass:
 *  a dot product of n terms plus a bias errs by (n + 1)·u·Σ|terms| (Higham), errors
 *  already in the inputs pass through |W|, then through the activation (see
 *  activationError). A logit error reaches the loss through |dloss/dz|: ≤ 1/ln2 for one
 *  output, Σ_k |p_k − [k = y]| ≤ 2 over ln2 for a softmax; the loss's own rounding is
 *  added (8u·loss for binary, see loss.spec.ts; softmaxOwnError for a softmax). */
export function referenceForward(
  sizes: StaticArray<i32>, kind: i32, params: StaticArray<f64>, d: Data,
): Forward {
  const rows = d.rows;
  const out = new Forward(rows);
  const width = widest(sizes);
  let a = new StaticArray<f64>(width);
  let err = new StaticArray<f64>(width);
  let next = new StaticArray<f64>(width);
  let nextErr = new StaticArray<f64>(width);
  const layers = sizes.length - 1;
  const classes = sizes[layers];
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < sizes[0]; k++) {
      a[k] = <f64>d.x[k * rows + s];
      err[k] = 0;
    }
    let kink = Infinity;
    let offset = 0;
    for (let l = 0; l < layers; l++) {
      const inputs = sizes[l], units = sizes[l + 1];
      const biases = offset + units * inputs;
      for (let j = 0; j < units; j++) {
        let z = params[biases + j];
        let mag = Math.abs(z);
        let carried: f64 = 0;
        for (let k = 0; k < inputs; k++) {
          const w = params[offset + j * inputs + k];
          z += w * a[k];
          mag += Math.abs(w * a[k]);
          carried += Math.abs(w) * err[k];
        }
        const zErr = <f64>(inputs + 1) * mag + carried;
        if (l + 1 < layers) {
          next[j] = activate(kind, z);
          nextErr[j] = activationError(kind, next[j], zErr);
          kink = Math.min(kink, Math.abs(z));
        } else {
          next[j] = z;
          nextErr[j] = zErr;
        }
      }
      offset = biases + units;
      const t = a; a = next; next = t;
      const e = err; err = nextErr; nextErr = e;
    }
    out.nearestKink[s] = kink;
    if (d.targets > 0) {
      regressionLoss(out, s, a, err, d);
    } else if (classes == 1) {
      const loss = refCrossEntropyBits(a[0], <f64>d.y[s]);
      out.loss[s] = loss;
      out.errorBound[s] = err[0] / Math.LN2 + 8 * loss;
      out.predicted[s] = a[0] > 0 ? 1 : 0;
      out.margin[s] = Math.abs(a[0]);
    } else {
      const label = <i32>d.y[s];
      const loss = refSoftmaxCrossEntropyBits(a, 0, 1, classes, label);
      let worst: f64 = 0;
      for (let k = 0; k < classes; k++) worst = Math.max(worst, err[k]);
      out.loss[s] = loss;
      out.errorBound[s] = 2 * worst / Math.LN2 + softmaxOwnError(a, 0, 1, classes, label);
      let best = 0;
      for (let k = 1; k < classes; k++) if (a[k] > a[best]) best = k;
      let gap = Infinity;
      for (let k = 0; k < classes; k++) if (k != best) gap = Math.min(gap, a[best] - a[k]);
      out.predicted[s] = best;
      out.margin[s] = gap;
    }
  }
  return out;
}

/** Sample s's squared-error loss ½ Σ_k (a_k − y_k)² and its bound, in u: a logit error
 *  err_k reaches the loss through |a_k − y_k|, and squaredError's own rounding is within
 *  (K + 4)·u·loss (see squarederror.spec.ts). A regressor predicts no class. */
function regressionLoss(out: Forward, s: i32, a: StaticArray<f64>, err: StaticArray<f64>, d: Data): void {
  let loss: f64 = 0;
  let carried: f64 = 0;
  for (let k = 0; k < d.targets; k++) {
    const diff = a[k] - <f64>d.y[k * d.rows + s];
    loss += 0.5 * diff * diff;
    carried += Math.abs(diff) * err[k];
  }
  out.loss[s] = loss;
  out.errorBound[s] = carried + <f64>(d.targets + 4) * loss;
  out.predicted[s] = -1;
  out.margin[s] = Infinity;
}

/** Bound, in u, on the rounding error of softmaxCrossEntropyBits' own f32 evaluation of
 *  one sample (bits), from exact f32 logits. In nats: each z_k − top rounds by u·|z_k − top|,
 *  which e^(·) turns into a relative error of that size, plus 1 ulp (2u) of expNegF32; the sum
 *  of K terms adds (K − 1)u relative; logF32 adds 2u·|log total| and passes the relative
 *  error of the total on as an absolute one; top + log(total) and − z_y round by
 *  u·(|top| + log total) and u·|loss|. 1/ln2 in f32 adds 0.22u·loss. */
export function softmaxOwnError(z: StaticArray<f64>, at: i32, stride: i32, classes: i32, label: i32): f64 {
  let top = z[at];
  for (let k = 1; k < classes; k++) top = Math.max(top, z[at + k * stride]);
  let spread: f64 = 0;
  let total: f64 = 0;
  for (let k = 0; k < classes; k++) {
    spread = Math.max(spread, top - z[at + k * stride]);
    total += Math.exp(z[at + k * stride] - top);
  }
  const logTotal = Math.log(total);
  const loss = top - z[at + label * stride] + logTotal;
  const nats = spread + 2 + <f64>(classes - 1) + 2 * logTotal + Math.abs(top) + logTotal + loss;
  return nats / Math.LN2 + loss / Math.LN2;
}

/** Central differences of the weighted total loss, parameter by parameter, with step h.
 *  `mag` is Σ over samples of |each sample's own weighted central difference|: the scale
 *  of the f32 sum's rounding error. */
export function finiteDifferenceGradient(
  sizes: StaticArray<i32>, kind: i32, params: StaticArray<f64>, d: Data, h: f64,
): Ref {
  const out = new Ref(params.length);
  for (let i = 0; i < params.length; i++) {
    const keep = params[i];
    const up = keep + h, down = keep - h;
    params[i] = up;
    const lossUp = referenceForward(sizes, kind, params, d).loss;
    params[i] = down;
    const lossDown = referenceForward(sizes, kind, params, d).loss;
    params[i] = keep;
    let sum: f64 = 0;
    let mag: f64 = 0;
    for (let s = 0; s < d.rows; s++) {
      const slope = <f64>d.w[s] * (lossUp[s] - lossDown[s]) / (up - down);
      sum += slope;
      mag += Math.abs(slope);
    }
    out.value[i] = sum;
    out.mag[i] = mag;
  }
  return out;
}
