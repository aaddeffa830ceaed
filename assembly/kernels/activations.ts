import { expNegF32, expNegF32x4, signBits, onesF32x4, tanhF32, tanhF32x4, pick } from "./vmath";

// Hidden-layer activation functions, each forward rule followed by its backward rule.
// Backward rules take the activation's output (not its input), as scikit-learn's do:
// that is what the block keeps after the forward pass. With SIMD each rule runs on four
// values at a time and the rest one by one, through twins that round alike (vmath.ts).

export const SIGMOID: i32 = 0;
export const TANH: i32 = 1;
export const RELU: i32 = 2;
/** a = z: a linear hidden layer (scikit-learn's "identity"). */
export const IDENTITY: i32 = 3;

/** Logistic function in the stable form 1/(1 + e^-z) for z ≥ 0, e^z/(1 + e^z) below:
 *  e^-|z| never overflows, so the result is in [0, 1], and σ(0) = 1/2 exactly. */
// @ts-ignore: decorator
@inline
export function sigmoid(z: f32): f32 {
  const e = expNegF32(-Mathf.abs(z));
  return pick(z >= 0, 1, e) / (1 + e);
}

// @ts-ignore: decorator
@inline
export function sigmoidF32x4(z: v128): v128 {
  const e = expNegF32x4(v128.or(z, signBits()));
  const one = onesF32x4();
  return f32x4.div(sigmoidNumeratorF32x4(z, e), f32x4.add(one, e));
}

/** 1 where z ≥ 0, else e = e^-|z|: the stable form's numerator, `pick(z >= 0, 1, e)`
 *  lane by lane, written as pmax(e, z ≥ 0 ? 1 : +0): two instructions on x86 where a
 *  bitselect takes three. Where z ≥ 0, e ≤ 1, so the larger is 1 (or e = 1 itself);
 *  elsewhere pmax(a, b) = a < b ? b : a keeps e, including e = +0 and a NaN e. */
// @ts-ignore: decorator
@inline
export function sigmoidNumeratorF32x4(z: v128, e: v128): v128 {
  return f32x4.pmax(e, v128.and(f32x4.ge(z, f32x4.splat(0)), onesF32x4()));
}

/** a = σ(z), in place over `count` values. */
export function sigmoidForward(ptr: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    // Two vectors a step: the exp is bound by instruction throughput, and this halves
    // the loop's own share.
    for (; i + 8 <= count; i += 8) {
      const at = ptr + (<usize>i << 2);
      const a = sigmoidF32x4(v128.load(at));
      const b = sigmoidF32x4(v128.load(at, 16));
      v128.store(at, a);
      v128.store(at, b, 16);
    }
    for (; i + 4 <= count; i += 4) {
      const at = ptr + (<usize>i << 2);
      v128.store(at, sigmoidF32x4(v128.load(at)));
    }
  }
  for (; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, sigmoid(load<f32>(at)));
  }
}

/** d·g'(a) for one value of activation `kind`, from its output a: the backward rules,
 *  written once for the array kernels below and the fused sweep (singleunit.ts). */
// @ts-ignore: decorator
@inline
export function backwardOne(kind: i32, a: f32, d: f32): f32 {
  if (kind == IDENTITY) return d;
  if (kind == TANH) return d * (1 - a * a);
  if (kind == RELU) return pick(a <= 0, 0, d);
  return d * a * (1 - a);
}

// @ts-ignore: decorator
@inline
export function backwardF32x4(kind: i32, a: v128, d: v128): v128 {
  if (kind == IDENTITY) return d;
  if (kind == TANH) return f32x4.mul(d, f32x4.sub(onesF32x4(), f32x4.mul(a, a)));
  if (kind == RELU) return v128.andnot(d, f32x4.le(a, f32x4.splat(0)));
  return f32x4.mul(f32x4.mul(d, a), f32x4.sub(onesF32x4(), a));
}

/** d[i] = backward rule of `kind` at (a[i], d[i]), in place; `kind` is a constant at
 *  every call, so each rule compiles to its own loop. */
// @ts-ignore: decorator
@inline
function applyBackward(kind: i32, aPtr: usize, dPtr: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      v128.store(dPtr + at, backwardF32x4(kind, v128.load(aPtr + at), v128.load(dPtr + at)));
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    store<f32>(dPtr + at, backwardOne(kind, load<f32>(aPtr + at), load<f32>(dPtr + at)));
  }
}

/** d *= a (1 - a): the error through a sigmoid, from its output a. */
export function sigmoidBackward(aPtr: usize, dPtr: usize, count: i32): void {
  applyBackward(SIGMOID, aPtr, dPtr, count);
}

/** a = tanh z, in place (vmath's tanhF32: a polynomial near 0, where 1 - 2/(e^2z + 1)
 *  would lose every digit). */
export function tanhForward(ptr: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) {
      const at = ptr + (<usize>i << 2);
      v128.store(at, tanhF32x4(v128.load(at)));
    }
  }
  for (; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, tanhF32(load<f32>(at)));
  }
}

/** d *= 1 - a²: the error through tanh, from its output a. */
export function tanhBackward(aPtr: usize, dPtr: usize, count: i32): void {
  applyBackward(TANH, aPtr, dPtr, count);
}

/** max(z, 0): +0 for -0, NaN stays NaN. */
// @ts-ignore: decorator
@inline
export function relu(z: f32): f32 {
  return pick(z <= 0, 0, z);
}

// @ts-ignore: decorator
@inline
export function reluF32x4(z: v128): v128 {
  const zero = f32x4.splat(0);
  return v128.bitselect(zero, z, f32x4.le(z, zero));
}

/** a = relu(z), in place (the forward products can apply it as they store: matmul.ts). */
export function reluForward(ptr: usize, count: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= count; i += 4) {
      const at = ptr + (<usize>i << 2);
      v128.store(at, reluF32x4(v128.load(at)));
    }
  }
  for (; i < count; i++) {
    const at = ptr + (<usize>i << 2);
    store<f32>(at, relu(load<f32>(at)));
  }
}

/** d = 0 where a = 0: the error through relu, from its output (the subgradient at 0 is 0). */
export function reluBackward(aPtr: usize, dPtr: usize, count: i32): void {
  applyBackward(RELU, aPtr, dPtr, count);
}

/** Forward rule of activation `kind` (SIGMOID, TANH, RELU or IDENTITY), in place. */
export function activationForward(kind: i32, ptr: usize, count: i32): void {
  if (kind == IDENTITY) return;
  if (kind == TANH) tanhForward(ptr, count);
  else if (kind == RELU) reluForward(ptr, count);
  else sigmoidForward(ptr, count);
}

/** Backward rule of activation `kind`, from its output `aPtr`, scaling `dPtr` in place. */
export function activationBackward(kind: i32, aPtr: usize, dPtr: usize, count: i32): void {
  if (kind == IDENTITY) return;
  if (kind == TANH) tanhBackward(aPtr, dPtr, count);
  else if (kind == RELU) reluBackward(aPtr, dPtr, count);
  else sigmoidBackward(aPtr, dPtr, count);
}
