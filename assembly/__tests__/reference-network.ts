// A float64 reference MLP, independent of layout.ts and network.ts: sigmoid hidden
// layers, linear output logits, binary cross-entropy in bits per output. Parameters are
// packed as the layout documents: per layer l, W_l [n(l+1) x n(l)] row-major, then b_l.
// Inputs are feature-major, x[k·rows + s]; targets are [outputs x rows], y[j·rows + s].
import { Ref, refSigmoid, refCrossEntropyBits } from "./reference";

export function parameterCount(sizes: StaticArray<i32>): i32 {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l + 1] * (sizes[l] + 1);
  return count;
}

export class Forward {
  /** Loss of each sample, in bits. */
  loss: StaticArray<f64>;
  /** A first-order bound on each sample's f32 loss error, in units of u = 2^-24. */
  errorBound: StaticArray<f64>;
  constructor(rows: i32) {
    this.loss = new StaticArray<f64>(rows);
    this.errorBound = new StaticArray<f64>(rows);
  }
}

function widest(sizes: StaticArray<i32>): i32 {
  let w = 0;
  for (let l = 0; l < sizes.length; l++) w = max(w, sizes[l]);
  return w;
}

/** Runs every sample through the network in f64. The error bound follows an f32 pass:
 *  a dot product of n terms plus a bias errs by (n + 1)·u·Σ|terms| (Higham), errors
 *  already in the inputs pass through |W|, a sigmoid scales them by at most 1/4 and adds
 *  its own 3 ulp (≤ 6u·a), and |dloss/dz| ≤ 1/ln2 turns a logit error into a loss error,
 *  to which the loss's own 8u·loss is added (see loss.spec.ts). */
export function referenceForward(
  sizes: StaticArray<i32>, params: StaticArray<f64>, x: StaticArray<f32>, y: StaticArray<f32>, rows: i32,
): Forward {
  const out = new Forward(rows);
  const width = widest(sizes);
  let a = new StaticArray<f64>(width);
  let err = new StaticArray<f64>(width);
  let next = new StaticArray<f64>(width);
  let nextErr = new StaticArray<f64>(width);
  const layers = sizes.length - 1;
  for (let s = 0; s < rows; s++) {
    for (let k = 0; k < sizes[0]; k++) {
      a[k] = <f64>x[k * rows + s];
      err[k] = 0;
    }
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
          next[j] = refSigmoid(z);
          nextErr[j] = zErr / 4 + 6 * next[j];
        } else {
          next[j] = z;
          nextErr[j] = zErr;
        }
      }
      offset = biases + units;
      const t = a; a = next; next = t;
      const e = err; err = nextErr; nextErr = e;
    }
    let loss: f64 = 0;
    let bound: f64 = 0;
    for (let j = 0; j < sizes[layers]; j++) {
      const sampleLoss = refCrossEntropyBits(a[j], <f64>y[j * rows + s]);
      loss += sampleLoss;
      bound += err[j] / Math.LN2 + 8 * sampleLoss;
    }
    out.loss[s] = loss;
    out.errorBound[s] = bound;
  }
  return out;
}

export function totalLoss(f: Forward): f64 {
  let sum: f64 = 0;
  for (let s = 0; s < f.loss.length; s++) sum += f.loss[s];
  return sum;
}

export function totalErrorBound(f: Forward): f64 {
  let sum: f64 = 0;
  for (let s = 0; s < f.errorBound.length; s++) sum += f.errorBound[s];
  return sum;
}

/** Central differences of the total loss, parameter by parameter, with step h. `mag`
 *  is Σ over samples of |each sample's own central difference|: the scale of the f32
 *  sum's rounding error. */
export function finiteDifferenceGradient(
  sizes: StaticArray<i32>, params: StaticArray<f64>, x: StaticArray<f32>, y: StaticArray<f32>, rows: i32, h: f64,
): Ref {
  const out = new Ref(params.length);
  for (let i = 0; i < params.length; i++) {
    const keep = params[i];
    const up = keep + h, down = keep - h;
    params[i] = up;
    const lossUp = referenceForward(sizes, params, x, y, rows).loss;
    params[i] = down;
    const lossDown = referenceForward(sizes, params, x, y, rows).loss;
    params[i] = keep;
    let sum: f64 = 0;
    let mag: f64 = 0;
    for (let s = 0; s < rows; s++) {
      const slope = (lossUp[s] - lossDown[s]) / (up - down);
      sum += slope;
      mag += Math.abs(slope);
    }
    out.value[i] = sum;
    out.mag[i] = mag;
  }
  return out;
}
