import {
  expNegF32, expNegF32x4, logF32, logF32x4, log1pF32, log1pF32x4, tanhF32, tanhF32x4,
} from "../kernels/vmath";
import { reseed, uniform } from "./random";
import { ulpsF32 } from "./check";

// Each function against musl's f64 Math.exp/log/log1p/tanh (within 1 f64 ulp, so exact
// for an f32 result), in f32 ulps at the reference (2^-149 among subnormals); 0.5 ulp is
// a correctly rounded result. Bounds, with what these ranges measured:
// - exp (of x ≤ 0, all the kernels take): the reduction x − n·ln2 is exact to 2^-9
//   relative (LN2_HI·n is exact), the degree-6 minimax polynomial errs by ~3e-9 (0.05
//   ulp), and its roundings are damped by r ≤ 0.35 except the last add (0.5 ulp): about
//   1 ulp; a subnormal result rounds once more when scaled. Allowed 1.5 ulp; measured
//   0.96 over [-104, 0], 0.79 on [-1, 0], 0.97 where results turn subnormal.
// - log: t = m − 1 is exact, then the same shape (last add 0.5 ulp, the rest damped):
//   allowed 1.5 ulp; measured 0.75 over every normal binade, 0.82 on [0.5, 2.5].
// - log1p: 2s + 2s·s²·P(s²) with s = x/(2 + x): s carries the roundings of 2 + x and of
//   the division (1 ulp), the polynomial's are damped by s²/3, the last add 0.5 ulp, and
//   a result just above a power of two counts in ulps of the binade below: allowed 2.5
//   ulp; measured 1.83 on [0, 1] and [2^-130, 1).
// - tanh: the odd polynomial below 0.625 (Cephes), (1 − e)/(1 + e) above, e = e^-2|x|
//   within 1 ulp and damped by e ≤ 0.29, plus three roundings: allowed 2 ulp; measured
//   1.50 over [-10, 10] by steps of 1e-5.
// With SIMD, every f32x4 function gives its scalar twin's bits in each lane.

const EXP_STEP: f64 = 1e-4;
const LN_FLT_MAX: f64 = 88.72283905206835;

/** Inputs that find edge cases: zeros, infinities, limits of each function's range. */
const SPECIAL: StaticArray<f32> = [
  0, -0.0, 1, -1, 0.5, 0.625, -0.625, 0.62499994, 88.72, 88.7229, 89, 1e4, -87.33, -87.34, -103.9, -104, -1e4,
  -149.5, -150, -0.34657359, -0.3465736,
  Infinity, -Infinity, 1.4e-45, 1.1754944e-38, 3.4028235e38, 1e-20, -1e-20, 2, 0.70710677, 0.7071068,
];

function worstExp(from: f64, to: f64, step: f64): f64 {
  let worst: f64 = 0;
  for (let x = from; x <= to; x += step) worst = max(worst, ulpsF32(expNegF32(<f32>x), Math.exp(<f64><f32>x)));
  return worst;
}

describe("expNegF32", () => {
  it("is within 1.5 ulp of e^x from -104 (subnormal results) to 0", () => {
    expect(worstExp(-104, 0, EXP_STEP)).toBeLessThanOrEqual(1.5);
    expect(worstExp(-1, 0, 1e-6)).toBeLessThanOrEqual(1.5, "near 0, finely");
    expect(worstExp(-104, -80, 1e-5)).toBeLessThanOrEqual(1.5, "where results turn subnormal, finely");
  });

  it("is exact at 0 and underflows to 0", () => {
    expect<f32>(expNegF32(0)).toBe(1);
    expect<f32>(expNegF32(-0.0)).toBe(1);
    expect<f32>(expNegF32(-104)).toBe(0, "under half the least subnormal");
    expect<f32>(expNegF32(-1e4)).toBe(0);
    expect<f32>(expNegF32(-Infinity)).toBe(0);
    expect<bool>(isNaN(expNegF32(NaN))).toBe(true, "NaN stays NaN");
    expect<f32>(expNegF32(-103)).toBeGreaterThan(0, "e^-103 is a subnormal, kept");
    expect<f32>(expNegF32(-87.33)).toBeGreaterThan(1e-38, "e^-87.33 is normal");
  });
});

describe("logF32", () => {
  it("is within 1.5 ulp of ln x over every normal binade and finely on [0.5, 2.5]", () => {
    reseed(41);
    let wide: f64 = 0, near: f64 = 0;
    for (let i = 0; i < 200000; i++) {
      const x = <f32>Math.pow(2, uniform(-126, 127.99));
      wide = max(wide, ulpsF32(logF32(x), Math.log(<f64>x)));
      const y = <f32>uniform(0.5, 2.5);
      near = max(near, ulpsF32(logF32(y), Math.log(<f64>y)));
    }
    expect(wide).toBeLessThanOrEqual(1.5, "2^-126 .. 2^128");
    expect(near).toBeLessThanOrEqual(1.5, "0.5 .. 2.5");
  });

  it("is exact at 1 and at powers of 2 within an ulp of k·ln 2", () => {
    expect<f32>(logF32(1)).toBe(0);
    for (let k = -126; k < 128; k++) {
      const x = <f32>Math.pow(2, <f64>k);
      expect(ulpsF32(logF32(x), <f64>k * Math.LN2)).toBeLessThanOrEqual(1.0, "2^" + k.toString());
    }
  });
});

function log1p(x: f32): f32 {
  return log1pF32(x);
}

describe("log1pF32", () => {
  it("is within 2.5 ulp of ln(1 + x) on [0, 1] and for tiny x, where it is x", () => {
    reseed(42);
    let worst: f64 = 0;
    for (let i = 0; i < 200000; i++) {
      const x = <f32>uniform(0, 1);
      worst = max(worst, ulpsF32(log1p(x), Math.log1p(<f64>x)));
      const tiny = <f32>Math.pow(2, uniform(-130, 0));
      worst = max(worst, ulpsF32(log1p(tiny), Math.log1p(<f64>tiny)));
    }
    expect(worst).toBeLessThanOrEqual(2.5);
    expect<f32>(log1p(0)).toBe(0);
    expect<f32>(log1p(1e-30)).toBe(1e-30, "s = x/2 exactly, and 2s = x");
  });
});

describe("tanhF32", () => {
  it("is within 2 ulp of tanh x over [-10, 10], odd, and keeps tiny x", () => {
    let worst: f64 = 0;
    let odd = true;
    for (let i = 0; i <= 400000; i++) {
      const x = <f32>(-10 + 5e-5 * <f64>i);
      worst = max(worst, ulpsF32(tanhF32(x), Math.tanh(<f64>x)));
      odd = odd && tanhF32(-x) == -tanhF32(x);
    }
    for (let k = 1; k < 140; k++) {
      const x = <f32>(1.3 * Math.pow(2, -<f64>k));
      worst = max(worst, ulpsF32(tanhF32(x), Math.tanh(<f64>x)));
    }
    expect(worst).toBeLessThanOrEqual(2.0);
    expect(odd).toBe(true, "tanh(-x) = -tanh(x)");
    expect<f32>(1 / tanhF32(-0.0)).toBe(-Infinity, "tanh(-0) = -0");
    expect<f32>(tanhF32(1e4)).toBe(1);
    expect<f32>(tanhF32(-Infinity)).toBe(-1);
  });
});

/** Bits of f(x) from the lanes of the f32x4 twin equal the scalar's, for `xs`. */
function sameBits(xs: StaticArray<f32>, kind: i32): bool {
  if (ASC_FEATURE_SIMD) {
    let same = true;
    const n = xs.length & ~3;
    for (let i = 0; i < n; i += 4) {
      const at = changetype<usize>(xs) + (<usize>i << 2);
      const x = v128.load(at);
      const one = f32x4.splat(1);
      let got: v128;
      if (kind == 0) got = expNegF32x4(v128.or(x, i32x4.splat(0x80000000)));
      else if (kind == 1) got = logF32x4(f32x4.abs(x));
      else if (kind == 2) {
        const a = f32x4.abs(x);
        got = log1pF32x4(a);
      } else got = tanhF32x4(x);
      for (let lane = 0; lane < 4; lane++) {
        const xi = xs[i + lane];
        let want: f32;
        if (kind == 0) want = expNegF32(-Mathf.abs(xi));
        else if (kind == 1) want = logF32(Mathf.abs(xi));
        else if (kind == 2) want = log1p(Mathf.abs(xi));
        else want = tanhF32(xi);
        const lanes = [f32x4.extract_lane(got, 0), f32x4.extract_lane(got, 1), f32x4.extract_lane(got, 2), f32x4.extract_lane(got, 3)];
        const g = lanes[lane];
        same = same && (reinterpret<u32>(g) == reinterpret<u32>(want) || (isNaN(g) && isNaN(want)));
      }
    }
    return same;
  }
  return true;
}

describe("f32x4 twins", () => {
  it("give the scalar functions' bits, lane by lane (SIMD builds only)", () => {
    reseed(43);
    const count = 40000 + SPECIAL.length * 4;
    const xs = new StaticArray<f32>(count);
    for (let i = 0; i < 40000; i++) {
      const r = i & 3;
      xs[i] = r == 0 ? <f32>uniform(-110, 95) : r == 1 ? <f32>uniform(-2, 2) : r == 2 ? <f32>uniform(0, 1) : <f32>Math.pow(2, uniform(-126, 127.99));
    }
    // Each special value in each lane.
    for (let i = 0; i < SPECIAL.length; i++) {
      for (let lane = 0; lane < 4; lane++) xs[40000 + 4 * i + lane] = lane == (i & 3) ? SPECIAL[i] : SPECIAL[(i + lane) % SPECIAL.length];
    }
    expect(sameBits(xs, 0)).toBe(true, "exp");
    expect(sameBits(xs, 1)).toBe(true, "log");
    const unit = new StaticArray<f32>(4000);
    for (let i = 0; i < 4000; i++) unit[i] = i < 2000 ? <f32>uniform(0, 1) : <f32>Math.pow(2, uniform(-130, 0));
    expect(sameBits(unit, 2)).toBe(true, "log1p on [0, 1]");
    expect(sameBits(xs, 3)).toBe(true, "tanh");
  });
});
