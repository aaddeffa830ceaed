// Test problems for the network and training specs: a network's widths and hidden
// activation, random f32 parameters in [-1, 1], inputs in [-1, 1], random labels (0/1
// for one output, class indices for more) or, for regression, targets uniform in
// [-2, 2], and sample weights (1, or uniform in [0, 3) with a 0, a 0.5 and a 3 among them).
import { RELU } from "../kernels/activations";
import { OUTPUT_CLASSES, OUTPUT_IDENTITY } from "../layout";
import { reseed, randomF32, randomLabels, randomClasses, uniform } from "./random";
import { Data, parameterCount, referenceForward } from "./reference-network";

/** relu problems keep every hidden pre-activation this far from the kink at 0. */
export const KINK_MARGIN: f64 = 1e-2;

const KIND_NAMES: StaticArray<string> = ["sigmoid", "tanh", "relu", "identity"];

export class Problem {
  params: StaticArray<f32>;
  data: Data;
  constructor(
    public sizes: StaticArray<i32>, public kind: i32, rows: i32, seed: u64, public weighted: bool,
    public regression: bool = false,
  ) {
    reseed(seed);
    const inputs = sizes[0], classes = sizes[sizes.length - 1];
    this.params = randomF32(parameterCount(sizes), -1, 1);
    const x = randomF32(inputs * rows, -1, 1);
    const y = regression ? randomF32(classes * rows, -2, 2) : classes == 1 ? randomLabels(rows) : randomClasses(rows, classes);
    const w = new StaticArray<f32>(rows);
    for (let s = 0; s < rows; s++) w[s] = weighted ? <f32>uniform(0, 3) : 1;
    if (weighted) { w[0] = 0; w[1] = 0.5; w[2] = 3; }
    this.data = new Data(inputs, rows, x, y, w, regression ? classes : 0);
    if (kind == RELU) this.awayFromKinks();
  }

  /** Redraws the inputs of samples with a hidden pre-activation near relu's kink. */
  awayFromKinks(): void {
    const d = this.data;
    const params = this.paramsF64();
    for (let s = 0; s < d.rows; s++) {
      for (let tries = 0; tries < 100; tries++) {
        if (referenceForward(this.sizes, this.kind, params, d.slice(s, 1)).nearestKink[0] >= KINK_MARGIN) break;
        for (let k = 0; k < d.inputs; k++) d.x[k * d.rows + s] = <f32>uniform(-1, 1);
      }
    }
  }

  /** The output kind layout.declareNetwork takes. */
  get output(): i32 {
    return this.regression ? OUTPUT_IDENTITY : OUTPUT_CLASSES;
  }

  get name(): string {
    let s = KIND_NAMES[this.kind] + " [";
    for (let l = 0; l < this.sizes.length; l++) s += (l ? ", " : "") + this.sizes[l].toString();
    return s + "], " + this.data.rows.toString() + " rows" + (this.weighted ? ", random weights" : "") +
      (this.regression ? ", regression" : "");
  }

  paramsF64(): StaticArray<f64> {
    const out = new StaticArray<f64>(this.params.length);
    for (let i = 0; i < this.params.length; i++) out[i] = <f64>this.params[i];
    return out;
  }
}

export function identity(rows: i32): StaticArray<i32> {
  const out = new StaticArray<i32>(rows);
  for (let s = 0; s < rows; s++) out[s] = s;
  return out;
}

export function sameBits(a: StaticArray<f32>, b: StaticArray<f32>): bool {
  if (a.length != b.length) return false;
  for (let i = 0; i < a.length; i++) if (reinterpret<u32>(a[i]) != reinterpret<u32>(b[i])) return false;
  return true;
}
