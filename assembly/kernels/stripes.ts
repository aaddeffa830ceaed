// A running f64 sum over samples in four stripes, sample i in stripe i mod 4 (a vector's
// lanes), added up at the end as (s0 + s1) + (s2 + s3), in both builds: one running sum
// would chain every sample's add to the one before, and that latency bounded the loss
// kernels. The vector loops keep the stripes in two f64x2 registers and hand them over
// with takeStripes; the scalar tails add to the same stripes with addToStripe.

// Module state: every thread has its own instance, and a sum lives within one call.
let stripe0: f64 = 0;
let stripe1: f64 = 0;
let stripe2: f64 = 0;
let stripe3: f64 = 0;

// @ts-ignore: decorator
@inline
export function clearStripes(): void {
  stripe0 = stripe1 = stripe2 = stripe3 = 0;
}

/** (s0 + s1) + (s2 + s3). */
// @ts-ignore: decorator
@inline
export function stripesTotal(): f64 {
  return (stripe0 + stripe1) + (stripe2 + stripe3);
}

/** The stripes as the vector loop left them in `low` and `high`. */
// @ts-ignore: decorator
@inline
export function takeStripes(low: v128, high: v128): void {
  stripe0 = f64x2.extract_lane(low, 0);
  stripe1 = f64x2.extract_lane(low, 1);
  stripe2 = f64x2.extract_lane(high, 0);
  stripe3 = f64x2.extract_lane(high, 1);
}

/** Adds sample i's term to its stripe. */
// @ts-ignore: decorator
@inline
export function addToStripe(i: i32, term: f32): void {
  const r = i & 3;
  if (r == 0) stripe0 += <f64>term;
  else if (r == 1) stripe1 += <f64>term;
  else if (r == 2) stripe2 += <f64>term;
  else stripe3 += <f64>term;
}

/** Adds four samples' f32 terms to the vector stripes `low` (lanes 0, 1) and `high`. */
// @ts-ignore: decorator
@inline
export function addLow(low: v128, terms: v128): v128 {
  return f64x2.add(low, f64x2.promote_low_f32x4(terms));
}

// @ts-ignore: decorator
@inline
export function addHigh(high: v128, terms: v128): v128 {
  return f64x2.add(high, f64x2.promote_low_f32x4(v128.shuffle<f32>(terms, terms, 2, 3, 2, 3)));
}
