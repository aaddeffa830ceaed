// A float64 reference of training.ts: batches of the rows in the order given, the L2
// penalty on weights (not biases), and scikit-learn's optimizers
// (neural_network/_stochastic_optimizers.py), with the batch gradient taken by central
// differences of the f64 reference model. Alongside each parameter it carries a bound on
// how far the f32 kernels may be from it, propagated step by step (first order):
// - gradient sum: the network spec's tolerance, (BLOCK_COLS + 64)·u·Σ_s|w_s·∂L_s/∂θ| +
//   (h² + 1e-9)·Σw; plus l2·δp and 2u·(|gsum| + |l2·p|) for l2Gradient; plus what the
//   parameters' own error does to the gradient, ≤ ‖∇²L‖∞·max δp per unit of weight,
//   with HESSIAN = 8 bits per unit of weight, over 3 times the largest row sum of |∇²L|
//   (per unit of weight) measured on the training spec's problems (2.5, for a batch of
//   one sample).
// - the step: the f32 roundings each update.spec.ts tolerance covers, and the gradient
//   error passed through the optimizer's formulas (linearised: m and v errors, then
//   δ(m/√v) = δm/√v + |m|·δv/(2·v^(3/2))).
// - the reported loss: the network spec's loss tolerance per batch, plus Σ|g|·δp for the
//   parameters' error, over Σw.
import { GD, SGD } from "../training";
import { U } from "./check";
import { Data, referenceForward, finiteDifferenceGradient, weightMask } from "./reference-network";

const BLOCK_COLS: f64 = 256;
const H: f64 = 1e-4;
const HESSIAN: f64 = 8;

export class Settings {
  constructor(
    public kind: i32, public learningRate: f32, public momentum: f32, public nesterov: bool,
    public beta1: f32, public beta2: f32, public epsilon: f32, public l2: f32,
  ) {}
}

export class ReferenceTrainer {
  params: StaticArray<f64>;
  /** Bound on |kernel − reference| for each parameter. */
  paramError: StaticArray<f64>;
  /** Velocity for SGD, first moment for Adam; second moment; their error bounds. */
  m: StaticArray<f64>;
  v: StaticArray<f64>;
  mError: StaticArray<f64>;
  vError: StaticArray<f64>;
  steps: i32 = 0;
  /** Updates taken, and the bound on the last epoch's reported loss. */
  updates: i32 = 0;
  lossError: f64 = 0;
  mask: StaticArray<bool>;

  constructor(public sizes: StaticArray<i32>, public activation: i32, public s: Settings, params: StaticArray<f32>) {
    const n = params.length;
    this.params = new StaticArray<f64>(n);
    this.paramError = new StaticArray<f64>(n);
    this.m = new StaticArray<f64>(n);
    this.v = new StaticArray<f64>(n);
    this.mError = new StaticArray<f64>(n);
    this.vError = new StaticArray<f64>(n);
    this.mask = weightMask(sizes);
    for (let i = 0; i < n; i++) this.params[i] = <f64>params[i];
  }

  /** Continues from the kernels' own state (params, velocity or moments), with no error
   *  carried: the next epoch's bounds are then those of its steps alone. */
  sync(params: StaticArray<f32>, m: StaticArray<f32>, v: StaticArray<f32>): void {
    for (let i = 0; i < this.params.length; i++) {
      this.params[i] = <f64>params[i];
      this.m[i] = <f64>m[i];
      this.v[i] = <f64>v[i];
      this.paramError[i] = this.mError[i] = this.vError[i] = 0;
    }
  }

  /** One pass over `d` (rows already in visiting order) in batches of `batchSize`;
   *  returns (Σ batch weighted loss + penalties)/Σw, as trainEpoch does. */
  epoch(d: Data, batchSize: i32): f64 {
    let loss: f64 = 0, lossError: f64 = 0, weight: f64 = 0;
    for (let start = 0; start < d.rows; start += batchSize) {
      const b = d.slice(start, min(batchSize, d.rows - start));
      const w = b.weightSum();
      const forward = referenceForward(this.sizes, this.activation, this.params, b);
      const fd = finiteDifferenceGradient(this.sizes, this.activation, this.params, b, H);
      const l2 = <f64>this.s.l2;
      let worstError: f64 = 0;
      for (let i = 0; i < this.params.length; i++) worstError = Math.max(worstError, this.paramError[i]);
      loss += forward.weightedLoss(b);
      lossError += 2 * U * forward.weightedErrorBound(b);
      const gsum = new StaticArray<f64>(this.params.length);
      const gError = new StaticArray<f64>(this.params.length);
      for (let i = 0; i < this.params.length; i++) {
        const p = this.params[i];
        const penalised = l2 > 0 && this.mask[i];
        if (penalised) loss += 0.5 * l2 * p * p;
        lossError += (Math.abs(fd.value[i]) + (penalised ? l2 * Math.abs(p) : 0)) * this.paramError[i];
        gsum[i] = fd.value[i] + (penalised ? l2 * p : 0);
        gError[i] = (BLOCK_COLS + 64) * U * fd.mag[i] + (H * H + 1e-9) * w + HESSIAN * w * worstError +
          (penalised ? l2 * this.paramError[i] + 2 * U * (Math.abs(fd.value[i]) + l2 * Math.abs(p)) : 0);
      }
      if (w > 0) this.step(gsum, gError, w);
      weight += w;
    }
    this.lossError = weight > 0 ? (lossError + 1e-12 * loss) / weight : 0;
    return weight > 0 ? loss / weight : 0;
  }

  private step(gsum: StaticArray<f64>, gError: StaticArray<f64>, w: f64): void {
    this.updates++;
    const s = this.s;
    const lr = <f64>s.learningRate;
    if (s.kind == GD) {
      // p − (lr/W)·gsum; the f32 step lr/W rounds twice (W to f32, the quotient).
      const scale = lr / w;
      for (let i = 0; i < gsum.length; i++) {
        const step = scale * gsum[i];
        const p = this.params[i];
        this.params[i] = p - step;
        this.paramError[i] += scale * gError[i] + 4 * U * (Math.abs(p) + Math.abs(step));
      }
      return;
    }
    if (s.kind == SGD) {
      const mu = <f64>s.momentum;
      for (let i = 0; i < gsum.length; i++) {
        // g = (1/W)·gsum: 1/W is rounded to f32, then the product: 2u·|g|.
        const g = gsum[i] / w;
        const gErr = gError[i] / w + 2 * U * Math.abs(g);
        const v = mu * this.m[i] - lr * g;
        const vErr = mu * this.mError[i] + lr * gErr + 3 * U * (Math.abs(mu * this.m[i]) + Math.abs(lr * g));
        let update = v, updateErr = vErr;
        if (s.nesterov) {
          update = mu * v - lr * g;
          updateErr = mu * vErr + lr * gErr + 2 * U * (Math.abs(mu * v) + Math.abs(lr * g));
        }
        this.m[i] = v;
        this.mError[i] = vErr;
        const p = this.params[i];
        this.params[i] = p + update;
        this.paramError[i] += updateErr + U * (Math.abs(p) + Math.abs(update));
      }
      return;
    }
    this.steps++;
    const t = <f64>this.steps;
    const beta1 = <f64>s.beta1, beta2 = <f64>s.beta2, epsilon = <f64>s.epsilon;
    const stepSize = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    for (let i = 0; i < gsum.length; i++) {
      const g = gsum[i] / w;
      const gErr = gError[i] / w + 2 * U * Math.abs(g);
      const m = beta1 * this.m[i] + (1 - beta1) * g;
      const mErr = beta1 * this.mError[i] + (1 - beta1) * gErr +
        3 * U * (Math.abs(beta1 * this.m[i]) + Math.abs((1 - beta1) * g));
      const v = beta2 * this.v[i] + (1 - beta2) * g * g;
      const vErr = beta2 * this.vError[i] + (1 - beta2) * (2 * Math.abs(g) * gErr + gErr * gErr) + 5 * U * v;
      const root = Math.sqrt(v);
      const denominator = root + epsilon;
      const update = stepSize * m / denominator;
      // δ√v ≤ δv/(2√v), and never more than √δv.
      const rootErr = Math.min(root > 0 ? vErr / (2 * root) : Infinity, Math.sqrt(vErr));
      const updateErr = stepSize * (mErr + Math.abs(m) * rootErr / denominator) / denominator +
        9 * U * Math.abs(update);
      this.m[i] = m;
      this.v[i] = v;
      this.mError[i] = mErr;
      this.vError[i] = vErr;
      const p = this.params[i];
      this.params[i] = p - update;
      this.paramError[i] += updateErr + U * (Math.abs(p) + Math.abs(update));
    }
  }
}
