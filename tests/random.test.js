import { test } from "uvu";
import * as assert from "uvu/assert";
import { Random } from "../build/index.js";

// An independent reference: splitmix32 seeding and xoshiro128** in BigInt arithmetic,
// written from the published C, sharing no code or integer tricks with Random.
const MASK = 0xffffffffn;
const rotl = (x, k) => ((x << BigInt(k)) | (x >> BigInt(32 - k))) & MASK;
function referenceSplitmix32(state) {
  let z = (BigInt(state) + 0x9e3779b9n) & MASK;
  z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & MASK;
  z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & MASK;
  return z ^ (z >> 16n);
}
function referenceStream(seed) {
  const low = BigInt(seed) & MASK;
  const high = BigInt(seed) >> 32n;
  const s = [
    referenceSplitmix32(low),
    referenceSplitmix32((low + 0x9e3779b9n) & MASK),
    referenceSplitmix32(high),
    referenceSplitmix32((high + 0x9e3779b9n) & MASK),
  ];
  return () => {
    const result = (rotl((s[1] * 5n) & MASK, 7) * 9n) & MASK;
    const t = (s[1] << 9n) & MASK;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return Number(result);
  };
}

const draws = (n, draw) => Array.from({ length: n }, draw);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};
// Pearson's statistic for observed counts against equal expected counts.
const chiSquare = (counts) => {
  const expected = mean(counts);
  return counts.reduce((a, c) => a + (c - expected) ** 2 / expected, 0);
};

test("nextUint32 matches the BigInt reference of xoshiro128** seeded by splitmix32", () => {
  for (const seed of [0, 1, 42, 2 ** 32 - 1, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
    const rng = new Random(seed);
    const reference = referenceStream(seed);
    for (let i = 0; i < 2000; i++) assert.is(rng.nextUint32(), reference(), `seed ${seed}, draw ${i}`);
  }
});

test("same seed gives the same sequence; different seeds, even in the high word, differ", () => {
  const sequence = (seed) => {
    const rng = new Random(seed);
    return draws(50, () => rng.nextUint32());
  };
  assert.equal(sequence(7), sequence(7));
  const firsts = new Set(Array.from({ length: 200 }, (_, seed) => sequence(seed).join()));
  assert.is(firsts.size, 200);
  assert.not.equal(sequence(5), sequence(5 + 2 ** 32));
});

test("seed must be a non-negative safe integer", () => {
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53, "1", undefined]) {
    assert.throws(() => new Random(bad), new RegExp(`seed must be a non-negative integer, got ${String(bad)}`));
  }
});

test("uniform is in [0, 1), uses 53 bits, and has mean 1/2 and variance 1/12", () => {
  const rng = new Random(3);
  const reference = referenceStream(3);
  const xs = draws(100000, () => rng.uniform());
  // The 53-bit construction, recomputed from the reference stream.
  for (let i = 0; i < 100; i++) {
    const high = reference() >>> 5;
    const low = reference() >>> 6;
    assert.is(xs[i], (high * 2 ** 26 + low) / 2 ** 53);
  }
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.ok(xs.some((x) => (x * 2 ** 53) % 2 === 1), "the lowest of 53 bits is used");
  assert.ok(Math.abs(mean(xs) - 0.5) < 0.005, `mean ${mean(xs)}`);
  assert.ok(Math.abs(variance(xs) - 1 / 12) < 0.002, `variance ${variance(xs)}`);
});

// Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: an independent normal CDF.
function normalCdf(x) {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

test("normal has mean 0, variance 1, and passes a Kolmogorov–Smirnov test", () => {
  const rng = new Random(11);
  const xs = draws(100000, () => rng.normal());
  assert.ok(Math.abs(mean(xs)) < 0.015, `mean ${mean(xs)}`);
  assert.ok(Math.abs(variance(xs) - 1) < 0.02, `variance ${variance(xs)}`);
  const sorted = [...xs].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const cdf = normalCdf(x);
    d = Math.max(d, Math.abs(cdf - i / sorted.length), Math.abs((i + 1) / sorted.length - cdf));
  });
  // The 1% critical value of the KS statistic is 1.63 / sqrt(n).
  assert.ok(d < 1.63 / Math.sqrt(sorted.length), `KS statistic ${d}`);
});

test("normal is Marsaglia's polar method over uniform, in pairs", () => {
  const rng = new Random(5);
  const reference = new Random(5);
  for (let i = 0; i < 500; i++) {
    let u, v, s;
    do {
      u = 2 * reference.uniform() - 1;
      v = 2 * reference.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    assert.ok(Math.abs(rng.normal() - u * factor) <= 1e-15 * Math.abs(u * factor) + 1e-300);
    assert.ok(Math.abs(rng.normal() - v * factor) <= 1e-15 * Math.abs(v * factor) + 1e-300);
  }
});

test("int(n) is uniform over [0, n) and covers every value", () => {
  const rng = new Random(9);
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70000; i++) counts[rng.int(7)]++;
  assert.ok(counts.every((c) => c > 0));
  // The 0.1% critical value of chi-square with 6 degrees of freedom is 22.46.
  assert.ok(chiSquare(counts) < 22.46, `chi-square ${chiSquare(counts)} for ${counts}`);
  assert.ok(draws(100, () => rng.int(1)).every((x) => x === 0));
});

test("int(n) rejects instead of taking a biased modulo", () => {
  // With n = 3 * 2**30 a plain `x % n` would land below 2**30 half the time, not a third.
  const rng = new Random(13);
  const n = 3 * 2 ** 30;
  const below = draws(30000, () => rng.int(n)).filter((x) => x < 2 ** 30).length / 30000;
  assert.ok(Math.abs(below - 1 / 3) < 0.02, `fraction below 2**30: ${below}`);
  assert.ok(draws(1000, () => rng.int(2 ** 32)).every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32));
});

// The reference draws from the BigInt stream: reject x ≥ 2**32 − (2**32 mod n), then
// x mod n, all in BigInt, so the remainder Random computes in doubles is checked exactly,
// for n on both sides of 2**31 and at the ends of the range.
function referenceInt(next, n) {
  const limit = 2n ** 32n - (2n ** 32n % BigInt(n));
  let x = BigInt(next());
  while (x >= limit) x = BigInt(next());
  return Number(x % BigInt(n));
}

test("int(n) and shuffle draw exactly the BigInt reference's rejection and remainder", () => {
  const sizes = [1, 2, 3, 7, 1000, 160000, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 3 * 2 ** 30, 2 ** 32 - 1, 2 ** 32];
  for (const seed of [3, 2 ** 40 + 1]) {
    const rng = new Random(seed);
    const reference = referenceStream(seed);
    for (let i = 0; i < 3000; i++) {
      const n = sizes[i % sizes.length];
      assert.is(rng.int(n), referenceInt(reference, n), `seed ${seed}, draw ${i}, n = ${n}`);
    }
    // Fisher–Yates from the last position down, as the reference swaps.
    const items = Array.from({ length: 500 }, (_, i) => i);
    const expected = [...items];
    rng.shuffle(items);
    for (let i = expected.length - 1; i > 0; i--) {
      const j = referenceInt(reference, i + 1);
      [expected[i], expected[j]] = [expected[j], expected[i]];
    }
    assert.equal(items, expected, `seed ${seed}: shuffle`);
  }
});

test("int(n) rejects n outside [1, 2**32]", () => {
  const rng = new Random(0);
  for (const bad of [0, -3, 1.5, 2 ** 32 + 1, NaN]) assert.throws(() => rng.int(bad), /n must be an integer in \[1, 2\*\*32\]/);
});

test("shuffle makes all orders of three items equally likely, for arrays and typed arrays", () => {
  const rng = new Random(17);
  const counts = new Map();
  for (let i = 0; i < 60000; i++) {
    const items = i % 2 ? ["a", "b", "c"] : Uint8Array.from([97, 98, 99]);
    rng.shuffle(items);
    const key = Array.from(items, (x) => (typeof x === "number" ? String.fromCharCode(x) : x)).join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.is(counts.size, 6);
  // The 0.1% critical value of chi-square with 5 degrees of freedom is 20.52.
  assert.ok(chiSquare([...counts.values()]) < 20.52, `counts ${[...counts.entries()]}`);
});

test("permutation(n) holds each of 0..n-1 once and depends on the seed", () => {
  const order = new Random(1).permutation(1000);
  assert.instance(order, Uint32Array);
  assert.equal(Array.from(order).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(order, new Random(1).permutation(1000));
  assert.not.equal(order, new Random(2).permutation(1000));
  assert.is(new Random(1).permutation(0).length, 0);
  assert.throws(() => new Random(1).permutation(-1), /n must be a non-negative integer, got -1/);
});

// The distance in units in the last place between two positive doubles.
function ulpDistance(a, b) {
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  const diff = view.getBigInt64(0) - view.getBigInt64(8);
  return Number(diff < 0n ? -diff : diff);
}

test("Random.log agrees with Math.log within 1 ulp over the whole double range", () => {
  const rng = new Random(23);
  const view = new DataView(new ArrayBuffer(8));
  const xs = [Number.MIN_VALUE, 2.2250738585072014e-308, 1e-310, 0.5, 1, 2, Math.E, 10, Number.MAX_VALUE];
  for (let i = 0; i < 100000; i++) {
    // Random finite positive bit patterns, subnormals included.
    view.setUint32(0, rng.nextUint32() % 0x7ff00000);
    view.setUint32(4, rng.nextUint32());
    xs.push(view.getFloat64(0), rng.uniform(), 1 + (rng.uniform() - 0.5) * 2 ** -18, 0.7 + 0.7 * rng.uniform());
  }
  let worst = 0;
  let identical = 0;
  for (const x of xs) {
    const got = Random.log(x);
    const want = Math.log(x);
    const distance = got === want ? 0 : Math.sign(got) === Math.sign(want) ? ulpDistance(Math.abs(got), Math.abs(want)) : Infinity;
    worst = Math.max(worst, distance);
    if (distance === 0) identical++;
  }
  assert.ok(worst <= 1, `worst distance ${worst} ulp`);
  // V8's own Math.log is an fdlibm port too, so under Node a faithful port matches every value.
  if (typeof process !== "undefined" && process.versions?.v8) assert.is(identical, xs.length, `${identical} of ${xs.length} identical`);
  assert.is(Random.log(1), 0);
  assert.is(Random.log(Math.E), 1);
});

test("Random.log handles zero, negatives, infinity and NaN as IEEE 754 asks", () => {
  assert.is(Random.log(0), -Infinity);
  assert.is(Random.log(-0), -Infinity);
  assert.ok(Number.isNaN(Random.log(-1)));
  assert.ok(Number.isNaN(Random.log(-Number.MIN_VALUE)));
  assert.ok(Number.isNaN(Random.log(NaN)));
  assert.is(Random.log(Infinity), Infinity);
});

test.run();
