// scikit-learn's toy shapes, make_moons and make_circles, drawing from our own seeded Random.
import { Random } from "./random.js";
import { checkInteger, fail, MAX_VALUES, type Dataset } from "./make-classification.js";

/** Options of {@link makeMoons}; each is sklearn's parameter of the same meaning, in camelCase. */
export interface MakeMoonsOptions {
  /** Number of rows: floor(samples / 2) in the upper moon (class 0), the rest in the lower (class 1). Default 100. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to every coordinate; 0 for none. Default 0. */
  noise?: number;
  /** Shuffle the rows; without it the class 0 rows come first. Default true. */
  shuffle?: boolean;
  /** Seed of the {@link Random} that shuffles and draws the noise. Default 0. */
  seed?: number;
}

/** Options of {@link makeCircles}; each is sklearn's parameter of the same meaning, in camelCase. */
export interface MakeCirclesOptions extends MakeMoonsOptions {
  /** Radius of the inner circle (class 1) relative to the outer one (class 0), in [0, 1). Default 0.8. */
  factor?: number;
}

const SHAPE_DEFAULTS: Required<MakeCirclesOptions> = { samples: 100, noise: 0, shuffle: true, seed: 0, factor: 0.8 };

function resolveShapeOptions(options: MakeCirclesOptions, known: readonly string[]): Required<MakeCirclesOptions> {
  const o = { ...SHAPE_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!known.includes(key)) throw new Error(`unknown option ${key}`);
    if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  }
  checkInteger("samples", o.samples, 1, MAX_VALUES / 2, " (X holds 2 values a row, at most 2^30)");
  if (typeof o.noise !== "number" || !(o.noise >= 0 && o.noise < Infinity)) fail("noise", o.noise, "a number >= 0");
  if (typeof o.factor !== "number" || !(o.factor >= 0 && o.factor < 1)) fail("factor", o.factor, "a number in [0, 1)");
  if (typeof o.shuffle !== "boolean") fail("shuffle", o.shuffle, "a boolean");
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) fail("seed", o.seed, "a non-negative integer");
  return o;
}

// np.linspace(0, stop, count, endpoint)[i]: i * step, with the endpoint set to stop exactly.
function linspaceAt(i: number, stop: number, count: number, endpoint: boolean): number {
  if (endpoint && count > 1 && i === count - 1) return stop;
  const divisions = endpoint ? count - 1 : count;
  return divisions > 0 ? i * (stop / divisions) : 0;
}

// Class 0 rows first, then class 1 (sklearn's vstack); then, as sklearn, the shuffle of
// the rows, then noise drawn row by row, x before y, all from one generator.
// Math.cos and Math.sin are not specified bit for bit, so engines may differ in the last
// bit of these points; for toy shapes that is accepted (makeClassification's data is exact).
function twoClassShape(o: Required<MakeCirclesOptions>, place: (angle: number, label: 0 | 1) => [number, number], stop: number, endpoint: boolean): Dataset {
  const outer = Math.floor(o.samples / 2);
  const rng = new Random(o.seed);
  const order = o.shuffle ? rng.permutation(o.samples) : undefined;
  const X = new Float64Array(2 * o.samples);
  const y = new Int32Array(o.samples);
  // Row r is point `from` of that stacking, placed straight where the shuffle puts it.
  for (let r = 0; r < o.samples; r++) {
    const from = order ? order[r] : r;
    const label = from < outer ? 0 : 1;
    const [a, b] = label === 0 ? place(linspaceAt(from, stop, outer, endpoint), 0) : place(linspaceAt(from - outer, stop, o.samples - outer, endpoint), 1);
    X[2 * r] = a;
    X[2 * r + 1] = b;
    y[r] = label;
  }
  // sklearn adds no noise when noise is None; 0 gives the same points without drawing.
  if (o.noise > 0) for (let i = 0; i < X.length; i++) X[i] += o.noise * rng.normal();
  return { X, y, samples: o.samples, features: 2 };
}

/**
 * Two interleaving half circles: a port of scikit-learn's `make_moons`. Class 0 lies on
 * (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t evenly spaced over [0, π].
 * @returns X row-major of shape samples x 2, y of length samples.
 * @throws Error naming the option, if an option is out of range.
 */
export function makeMoons(options: MakeMoonsOptions = {}): Dataset {
  const o = resolveShapeOptions(options, ["samples", "noise", "shuffle", "seed"]);
  return twoClassShape(o, (t, label) => (label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 1 - Math.sin(t) - 0.5]), Math.PI, true);
}

/**
 * A circle inside a circle: a port of scikit-learn's `make_circles`. Class 0 lies on the
 * unit circle, class 1 on the circle of radius `factor`, each at evenly spaced angles
 * starting at 0 (with no point repeated at 2π).
 * @returns X row-major of shape samples x 2, y of length samples.
 * @throws Error naming the option, if an option is out of range.
 */
export function makeCircles(options: MakeCirclesOptions = {}): Dataset {
  const o = resolveShapeOptions(options, ["samples", "noise", "factor", "shuffle", "seed"]);
  const radius = (label: 0 | 1) => (label === 0 ? 1 : o.factor);
  return twoClassShape(o, (t, label) => [Math.cos(t) * radius(label), Math.sin(t) * radius(label)], 2 * Math.PI, false);
}
