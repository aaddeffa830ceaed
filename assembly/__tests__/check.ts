// Comparison helpers: a kernel's f32 result against an f64 reference, with an error
// bound of the form k·u·magnitude, u = 2^-24 (f32 unit roundoff).
import { Ref } from "./reference";

/** f32 unit roundoff, 2^-24. */
export const U: f64 = 5.9604644775390625e-8;
/** Smallest normal f32, 2^-126: below it f32 keeps only absolute precision (2^-149 steps). */
export const FLT_MIN: f64 = 1.1754943508222875e-38;

/** Floats past the end of every output buffer; a kernel must leave them alone. */
export const GUARD: i32 = 8;
export const SENTINEL: f32 = -7777.25;

/** Address of element `index` of an f32 array. */
export function addr(arr: StaticArray<f32>, index: i32 = 0): usize {
  return changetype<usize>(arr) + (<usize>index << 2);
}

/** An output buffer of `count` floats set to `body`, followed by GUARD sentinels. */
export function guarded(count: i32, body: f32 = SENTINEL): StaticArray<f32> {
  const out = new StaticArray<f32>(count + GUARD);
  for (let i = 0; i < count + GUARD; i++) out[i] = i < count ? body : SENTINEL;
  return out;
}

export function guardIntact(arr: StaticArray<f32>, count: i32): bool {
  for (let i = count; i < count + GUARD; i++) if (arr[i] != SENTINEL) return false;
  return true;
}

/** A guarded copy of `src`. */
export function guardedCopy(src: StaticArray<f32>): StaticArray<f32> {
  const out = guarded(src.length);
  for (let i = 0; i < src.length; i++) out[i] = src[i];
  return out;
}

/** Largest |got − want| / (k·u·mag + floor) over the reference's values: ≤ 1 passes.
 *  A NaN or infinite result counts as +Infinity, so it can never pass. */
export function worstRatio(got: StaticArray<f32>, want: Ref, k: f64, floor: f64 = FLT_MIN): f64 {
  let worst: f64 = 0;
  for (let i = 0; i < want.value.length; i++) {
    const r = ratio(got[i], want.value[i], k * U * want.mag[i] + floor);
    if (r > worst) worst = r;
  }
  return worst;
}

/** |got − want| / bound, +Infinity when got is not finite. */
export function ratio(got: f64, want: f64, bound: f64): f64 {
  if (!isFinite(got)) return Infinity;
  return Math.abs(got - want) / bound;
}

/** |got − want| in units of the f32 spacing at want (2^-149 among subnormals). */
export function ulpsF32(got: f32, want: f64): f64 {
  if (!isFinite(got)) return Infinity;
  const biased = <i32>((reinterpret<u32>(<f32>Math.abs(want)) >>> 23) & 0xff);
  const spacing = Math.pow(2, <f64>(max(biased, 1) - 150));
  return Math.abs(<f64>got - want) / spacing;
}
