import {
  SIGMOID, TANH, RELU, IDENTITY, backwardOne, sigmoid, sigmoidForward, sigmoidBackward, tanhForward, tanhBackward,
  reluForward, reluBackward, activationForward, activationBackward, sigmoidNumeratorF32x4,
} from "../kernels/activations";
import { expNegF32x4, signBits } from "../kernels/vmath";
import { reseed, randomF32 } from "./random";
import { refSigmoid } from "./reference";
import { U, FLT_MIN, addr, guarded, guardedCopy, guardIntact, ulpsF32, ratio } from "./check";

// Tolerances:
// - sigmoid: the stable form 1/(1 + e) or e/(1 + e), e = e^-|z|. vmath's expNegF32 is
//   within 1 ulp (0.99 measured in vmath.spec.ts), then one f32 add and one f32 divide,
//   each ≤ 0.5 ulp; the relative errors add, and one relative u is at most 1 ulp of the
//   result: ≤ 2.5 ulp, so 3 ulp (2.19 measured over [-80, 80]). The f64 reference is
//   exact to 2^-53.
// - sigmoidBackward: d·a·(1 − a) is three f32 roundings (1 − a, and two products), each
//   relative ≤ u: 4·u·|d·a·(1 − a)|.
// - tanh: vmath's tanhF32, within 2 ulp (vmath.spec.ts); we allow 3 ulp of the f64
//   Math.tanh (itself within 1 f64 ulp), which near 0 is a relative bound, so it also
//   catches the 1 − 2/(e^2z + 1) form that loses every digit there.
// - tanhBackward: d·(1 − a²) is three f32 roundings: a² (u·a²), 1 − a² (u·|1 − a²|) and
//   the product (u·|d·(1 − a²)|); since 1 − a² may cancel, the bound is relative to
//   a² + |1 − a²|: 3·u·|d|·(a² + |1 − a²|).
// - relu and its backward rule are exact: a max and a copy or a zero.
// Past z ≈ -87.3 the true value is below FLT_MIN (2^-126), where f32 keeps only absolute
// precision (and past z ≈ -103.9 the kernel's e^z is 0): there we compare absolutely,
// within FLT_MIN.

const EXTREMES: StaticArray<f32> = [20, -20, 50, -50, 88, -88, 89, -89, 100, -100, 1000, -1000, Infinity, -Infinity];

describe("sigmoid", () => {
  it("is exactly 0.5 at 0, whichever the sign of zero", () => {
    expect<f32>(sigmoid(0)).toBe(0.5);
    expect<f32>(sigmoid(-0.0)).toBe(0.5);
    const z = guarded(1, 0);
    sigmoidForward(addr(z), 1);
    expect<f32>(z[0]).toBe(0.5);
  });

  it("is finite, in [0, 1] and close to the reference at large |z|", () => {
    const z = guardedCopy(EXTREMES);
    sigmoidForward(addr(z), EXTREMES.length);
    for (let i = 0; i < EXTREMES.length; i++) {
      const name = "sigmoid(" + EXTREMES[i].toString() + ")";
      expect<f32>(z[i]).toBeFinite(name);
      expect<bool>(z[i] >= 0 && z[i] <= 1).toBe(true, name + " in [0, 1]");
      const want = refSigmoid(<f64>EXTREMES[i]);
      expect(ratio(z[i], want, 4 * U * want + FLT_MIN)).toBeLessThanOrEqual(1.0, name);
    }
    expect<f32>(sigmoid(1000)).toBe(1);
    expect<f32>(sigmoid(-1000)).toBe(0);
  });

  it("is within 3 ulp of the f64 reference over [-30, 30]", () => {
    const count = 6001;
    const z = guarded(count, 0);
    for (let i = 0; i < count; i++) z[i] = <f32>(-30 + 0.01 * <f64>i);
    const input = guardedCopy(z);
    sigmoidForward(addr(z), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) worst = max(worst, ulpsF32(z[i], refSigmoid(<f64>input[i])));
    expect(worst).toBeLessThanOrEqual(3.0);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });

  it("matches sigmoid() element by element on a count that is not a multiple of 4", () => {
    reseed(11);
    const count = 1001;
    const input = randomF32(count, -12, 12);
    const z = guardedCopy(input);
    sigmoidForward(addr(z), count);
    let same = true;
    for (let i = 0; i < count; i++) same = same && z[i] == sigmoid(input[i]);
    expect(same).toBe(true);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });
});

describe("sigmoidNumeratorF32x4", () => {
  it("gives, bit for bit, the select z >= 0 ? 1 : e it stands for, signed zeros, NaN and saturation included", () => {
    if (!ASC_FEATURE_SIMD) return; // a vector form; the scalar sigmoid writes the select with pick
    const zs: StaticArray<f32> = [0, -0.0, 1e-30, -1e-30, 1, -1, 0.5, -0.5, 87, -87, 88, -88, 104, -104, 150, -150,
      f32.MAX_VALUE, -f32.MAX_VALUE, Infinity, -Infinity, NaN, -NaN, 1.4e-45, -1.4e-45];
    // e as the sigmoid computes it, then the values e^-|z| can take, in [0, 1] (0,
    // subnormal, 1); a NaN e comes only with a NaN z, and only there is one tried.
    const es: StaticArray<f32> = [0, 1.4e-45, 1e-40, 1.1754944e-38, 0.25, 0.99999994, 1, NaN];
    let mismatches = 0, tried = 0;
    for (let i = 0; i < zs.length; i++) {
      const z = f32x4.splat(zs[i]);
      const computed = expNegF32x4(v128.or(z, signBits()));
      for (let k = -1; k < es.length; k++) {
        if (k >= 0 && isNaN(es[k]) && !isNaN(zs[i])) continue;
        const e = k < 0 ? computed : f32x4.splat(es[k]);
        const want = v128.bitselect(f32x4.splat(1), e, f32x4.ge(z, f32x4.splat(0)));
        const got = sigmoidNumeratorF32x4(z, e);
        if (i32x4.extract_lane(got, 0) != i32x4.extract_lane(want, 0)) mismatches++;
        tried++;
      }
    }
    expect(mismatches).toBe(0);
    expect(tried).toBe(zs.length * 8 + 2, "pairs tried");
  });
});

describe("sigmoidBackward", () => {
  it("multiplies d by a·(1 − a), reading a and writing only d", () => {
    reseed(12);
    const count = 1001;
    const a = randomF32(count, 0, 1);
    a[0] = 0; a[1] = 1; a[2] = 0.5;
    const d0 = randomF32(count, -3, 3);
    const d = guardedCopy(d0);
    const aBefore = guardedCopy(a);
    sigmoidBackward(addr(a), addr(d), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) {
      const want = <f64>d0[i] * <f64>a[i] * (1 - <f64>a[i]);
      worst = max(worst, ratio(d[i], want, 4 * U * Math.abs(want) + FLT_MIN));
    }
    expect(worst).toBeLessThanOrEqual(1.0);
    expect<f32>(d[0]).toBe(0, "a = 0");
    expect<f32>(d[1]).toBe(0, "a = 1");
    expect<f32>(d[2]).toBe(d0[2] * 0.25, "a = 0.5 is exact");
    let aSame = true;
    for (let i = 0; i < count; i++) aSame = aSame && a[i] == aBefore[i];
    expect(aSame).toBe(true, "a changed");
    expect(guardIntact(d, count)).toBe(true, "wrote past d");
  });
});

describe("tanh", () => {
  it("is within 3 ulp of Math.tanh over [-10, 10] and near 0, odd and exact at 0", () => {
    const count = 2001 + 2 * 40;
    const z = guarded(count, 0);
    for (let i = 0; i < 2001; i++) z[i] = <f32>(-10 + 0.01 * <f64>i);
    // 2^-1 … 2^-40 and their negatives: tanh z ≈ z − z³/3 must keep every digit.
    for (let i = 0; i < 40; i++) {
      z[2001 + 2 * i] = <f32>Math.pow(2, -1 - <f64>i) * 1.3;
      z[2002 + 2 * i] = -z[2001 + 2 * i];
    }
    const input = guardedCopy(z);
    tanhForward(addr(z), count);
    let worst: f64 = 0;
    let odd = true;
    for (let i = 0; i < count; i++) worst = max(worst, ulpsF32(z[i], Math.tanh(<f64>input[i])));
    for (let i = 0; i < 40; i++) odd = odd && z[2002 + 2 * i] == -z[2001 + 2 * i];
    expect(worst).toBeLessThanOrEqual(3.0);
    expect(odd).toBe(true, "tanh(-z) = -tanh(z)");
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
    const zero = guardedCopy([0, -0.0]);
    tanhForward(addr(zero), 2);
    expect<f32>(zero[0]).toBe(0);
    expect<f32>(1 / zero[1]).toBe(-Infinity, "tanh(-0) = -0");
  });

  it("saturates to exactly ±1 at ±20, ±100, ±1e4 and ±Infinity", () => {
    const zs: StaticArray<f32> = [20, -20, 100, -100, 1e4, -1e4, Infinity, -Infinity];
    const a = guardedCopy(zs);
    tanhForward(addr(a), zs.length);
    for (let i = 0; i < zs.length; i++) {
      // 1 − tanh(20) ≈ 8.5e-18 is far below half an f32 ulp of 1 (3e-8).
      expect<f32>(a[i]).toBe(zs[i] > 0 ? 1 : -1, "tanh(" + zs[i].toString() + ")");
    }
  });
});

describe("tanhBackward", () => {
  it("multiplies d by 1 − a², reading a and writing only d", () => {
    reseed(13);
    const count = 1001;
    const a = randomF32(count, -1, 1);
    a[0] = 0; a[1] = 1; a[2] = -1; a[3] = 0.5; a[4] = 0.99999994;
    const d0 = randomF32(count, -3, 3);
    const d = guardedCopy(d0);
    const aBefore = guardedCopy(a);
    tanhBackward(addr(a), addr(d), count);
    let worst: f64 = 0;
    for (let i = 0; i < count; i++) {
      const ai = <f64>a[i];
      const want = <f64>d0[i] * (1 - ai * ai);
      worst = max(worst, ratio(d[i], want, 3 * U * Math.abs(<f64>d0[i]) * (ai * ai + Math.abs(1 - ai * ai)) + FLT_MIN));
    }
    expect(worst).toBeLessThanOrEqual(1.0);
    expect<f32>(d[0]).toBe(d0[0], "a = 0 passes d through");
    expect<f32>(d[1]).toBe(0, "a = 1");
    expect<f32>(d[2]).toBe(0, "a = -1");
    expect<f32>(d[3]).toBe(d0[3] * 0.75, "a = 0.5 is exact");
    let aSame = true;
    for (let i = 0; i < count; i++) aSame = aSame && a[i] == aBefore[i];
    expect(aSame).toBe(true, "a changed");
    expect(guardIntact(d, count)).toBe(true, "wrote past d");
  });
});

describe("relu", () => {
  it("is max(z, 0) exactly, +0 for -0, and leaves what follows alone", () => {
    reseed(14);
    const count = 1001;
    const input = randomF32(count, -5, 5);
    input[0] = 0; input[1] = -0.0; input[2] = 1e-40; input[3] = -1e-40; input[4] = -Infinity; input[5] = Infinity;
    const z = guardedCopy(input);
    reluForward(addr(z), count);
    let exact = true;
    for (let i = 0; i < count; i++) {
      const want: f32 = input[i] > 0 ? input[i] : 0;
      exact = exact && z[i] == want && !(z[i] == 0 && 1 / z[i] < 0);
    }
    expect(exact).toBe(true);
    expect<f32>(z[2]).toBe(1e-40, "a positive subnormal passes");
    expect<f32>(z[5]).toBe(Infinity);
    expect(guardIntact(z, count)).toBe(true, "wrote past the array");
  });
});

describe("reluBackward", () => {
  it("zeroes d where a = 0 and leaves it bit-identical where a > 0", () => {
    reseed(15);
    const count = 1001;
    const z = randomF32(count, -2, 2);
    z[0] = 0; z[1] = 1e-40;
    reluForward(addr(z), count);
    const d0 = randomF32(count, -3, 3);
    const d = guardedCopy(d0);
    const aBefore = guardedCopy(z);
    reluBackward(addr(z), addr(d), count);
    let zeroes = 0;
    let right = true;
    for (let i = 0; i < count; i++) {
      if (z[i] == 0) {
        zeroes++;
        right = right && d[i] == 0;
      } else {
        right = right && d[i] == d0[i];
      }
    }
    expect(right).toBe(true);
    expect(zeroes > 400 && zeroes < 600).toBe(true, "about half the units are off");
    expect<f32>(d[0]).toBe(0, "the subgradient at 0 is 0");
    expect<f32>(d[1]).toBe(d0[1], "a subnormal a > 0 passes d");
    let aSame = true;
    for (let i = 0; i < count; i++) aSame = aSame && z[i] == aBefore[i];
    expect(aSame).toBe(true, "a changed");
    expect(guardIntact(d, count)).toBe(true, "wrote past d");
  });
});

describe("activationForward / activationBackward", () => {
  it("numbers the kinds as the bindings do: sigmoid 0, tanh 1, relu 2, identity 3", () => {
    expect(SIGMOID).toBe(0);
    expect(TANH).toBe(1);
    expect(RELU).toBe(2);
    expect(IDENTITY).toBe(3);
  });

  it("identity leaves activations and errors as they are, bit for bit", () => {
    reseed(17);
    const count = 303;
    const input = randomF32(count, -1e30, 1e30);
    const d0 = randomF32(count, -2, 2);
    const a = guardedCopy(input);
    const d = guardedCopy(d0);
    activationForward(IDENTITY, addr(a), count);
    activationBackward(IDENTITY, addr(a), addr(d), count);
    let same = true;
    for (let i = 0; i < count; i++) {
      same = same && reinterpret<u32>(a[i]) == reinterpret<u32>(input[i]) && reinterpret<u32>(d[i]) == reinterpret<u32>(d0[i]);
      same = same && backwardOne(IDENTITY, input[i], d0[i]) == d0[i];
    }
    expect(same).toBe(true);
    expect(guardIntact(a, count) && guardIntact(d, count)).toBe(true, "wrote past");
  });

  it("dispatch to the rule of each kind, bit for bit", () => {
    reseed(16);
    const count = 301;
    const input = randomF32(count, -4, 4);
    const d0 = randomF32(count, -2, 2);
    const kinds: StaticArray<i32> = [SIGMOID, TANH, RELU];
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const viaKind = guardedCopy(input);
      const direct = guardedCopy(input);
      activationForward(kind, addr(viaKind), count);
      if (kind == SIGMOID) sigmoidForward(addr(direct), count);
      else if (kind == TANH) tanhForward(addr(direct), count);
      else reluForward(addr(direct), count);
      const dKind = guardedCopy(d0);
      const dDirect = guardedCopy(d0);
      activationBackward(kind, addr(direct), addr(dKind), count);
      if (kind == SIGMOID) sigmoidBackward(addr(direct), addr(dDirect), count);
      else if (kind == TANH) tanhBackward(addr(direct), addr(dDirect), count);
      else reluBackward(addr(direct), addr(dDirect), count);
      let same = true;
      for (let s = 0; s < count; s++) same = same && viaKind[s] == direct[s] && dKind[s] == dDirect[s];
      expect(same).toBe(true, "kind " + kind.toString());
      expect(guardIntact(viaKind, count) && guardIntact(dKind, count)).toBe(true, "kind " + kind.toString() + ": wrote past");
    }
    // The three rules differ on this data, so a dispatch to the wrong one shows.
    const s = guardedCopy(input), t = guardedCopy(input), r = guardedCopy(input);
    activationForward(SIGMOID, addr(s), count);
    activationForward(TANH, addr(t), count);
    activationForward(RELU, addr(r), count);
    expect(s[0] != t[0] && t[0] != r[0] && s[0] != r[0]).toBe(true, "the rules differ");
  });
});
