// Property-based testing with fast-check: one fixed seed per run (FUZZ_SEED to replay,
// FUZZ_RUNS to scale every property's run count, as `npm run soak` does), the hostile
// values the properties draw from, and the checks every call's outcome must pass.
import fc from "fast-check";
import * as assert from "uvu/assert";

export { fc };

export const SEED = Number(process.env.FUZZ_SEED ?? 20251128);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);

/** Runs `property` `numRuns` times (times FUZZ_RUNS) from the fixed seed; a failure
 *  names the seed and the counterexample's path, which replay it. */
export async function check(property, numRuns) {
  const runs = Math.max(1, Math.round(numRuns * SCALE));
  try {
    await fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: process.env.FUZZ_SHRINK !== "1", includeErrorInReport: true });
  } catch (error) {
    throw new Error(`property failed (replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${SCALE}; FUZZ_SHRINK=1 to shrink):\n${error.message}`);
  }
}

const F32_MAX = 3.4028234663852886e38;

const tallies = new Map();
/** Counts an outcome by kind; FUZZ_STATS=1 prints the counts at exit, to see what the
 *  properties actually exercised. */
export function tally(kind) {
  tallies.set(kind, (tallies.get(kind) ?? 0) + 1);
}
if (process.env.FUZZ_STATS) {
  process.on("exit", () => console.log([...tallies].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(6)}  ${k}`).join("\n")));
}

/** Feature values the core must take: small numbers mostly, and every edge of float32. */
export const featureValue = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: -10000, max: 10000 }).map((v) => v / 1000) },
  { weight: 2, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 5e-324, -5e-324, 1.4e-45, 1e-40, 1.1754943508222875e-38, 1e-30) },
  { weight: 1, arbitrary: fc.constantFrom(1e38, -1e38, F32_MAX, -F32_MAX, 1e30, -1e30, 1e10, 65504) },
);

/** Values no feature may hold. */
export const badFeatureValue = fc.constantFrom(NaN, Infinity, -Infinity, 3.5e38, -1e39, 1e308, "1", null, undefined, {}, [], true, 1n);

/** Class labels as fit accepts them: a few numbers or a few strings (never mixed). */
export const labelSet = fc.oneof(
  fc.uniqueArray(fc.constantFrom(0, 1, 2, 3, -1, 0.5, 1e300, -1e300, 2 ** 53, 5e-324), { minLength: 2, maxLength: 4 }),
  fc.uniqueArray(fc.constantFrom("a", "b", "c", "", " ", "__proto__", "constructor", "prototype", "toString", "é", "😀", "\uffff", "1", "a,b", 'q"q', "l\nf"), { minLength: 2, maxLength: 4 }),
);

/** Labels no y may hold. */
export const badLabel = fc.constantFrom(NaN, Infinity, -Infinity, undefined, null, {}, [], true, 1n, Symbol.for("x"));

/** Classifier options in their valid ranges, extremes included; any subset of them. */
export const classifierOptions = fc.record({
  hiddenLayers: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
  activation: fc.constantFrom("sigmoid", "tanh", "relu"),
  optimizer: fc.constantFrom("gd", "sgd", "adam"),
  learningRate: fc.oneof(fc.constantFrom(1e-3, 0.1, 1, 10, 1e6, 1e38, F32_MAX, 1e-45), fc.double({ min: 1e-4, max: 10, noNaN: true })),
  batchSize: fc.integer({ min: 1, max: 20 }),
  momentum: fc.constantFrom(0, 0.5, 0.9, 0.9999999),
  nesterov: fc.boolean(),
  beta1: fc.constantFrom(0, 0.9, 0.9999999),
  beta2: fc.constantFrom(0, 0.999, 0.9999999),
  epsilon: fc.constantFrom(1e-8, 1e-45, 1e-30, 1, F32_MAX),
  l2: fc.constantFrom(0, 1e-4, 1, 1e10, F32_MAX),
  init: fc.constantFrom("normal", "glorot", "he"),
  standardize: fc.boolean(),
  epochs: fc.integer({ min: 1, max: 5 }),
  shuffle: fc.boolean(),
  validationFraction: fc.constantFrom(0, 0, 0.1, 0.3, 0.5, 0.9),
  patience: fc.integer({ min: 1, max: 3 }),
  tol: fc.constantFrom(0, 1e-4, 1e38),
  classWeight: fc.constantFrom(null, "balanced"),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
}, { requiredKeys: [] });

/** Rows x features of valid values, as number[][] or a flat Float32Array/Float64Array. */
export function matrix({ minRows = 1, maxRows = 12, features }) {
  const width = features === undefined ? fc.integer({ min: 1, max: 4 }) : fc.constant(features);
  return width.chain((f) =>
    fc.record({
      rows: fc.array(fc.array(featureValue, { minLength: f, maxLength: f }), { minLength: minRows, maxLength: maxRows }),
      kind: fc.constantFrom("rows", "rows", "f32", "f64"),
    }).map(({ rows, kind }) => ({ rows, features: f, kind })),
  );
}

/** The matrix in its container, with the fit option a flat one needs. */
export function asInput({ rows, features, kind }) {
  if (kind === "rows") return { X: rows, options: {} };
  const Flat = kind === "f32" ? Float32Array : Float64Array;
  return { X: Flat.from(rows.flat()), options: { features } };
}

/** One way to spoil a matrix (or none): a bad value, a ragged or missing row, a wrong width. */
export const matrixDamage = fc.oneof(
  { weight: 24, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("value"), at: fc.nat(), column: fc.nat(), value: badFeatureValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("ragged"), at: fc.nat(), extra: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("row"), at: fc.nat(), value: fc.constantFrom(null, undefined, 3, "row", {}) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("empty", "no features", "bad width") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("not a matrix"), value: fc.constantFrom("1,2\n3,4", 42, null, undefined, new Map(), { length: -1 }, { length: 2 ** 32 }, { length: 1.5 }, new Int32Array(4), [new Float32Array(2), [1, 2]]) }) },
);

/** `input` with `damage` applied (a copy; number[][] inputs may become any shape). */
export function damaged(input, damage) {
  if (!damage) return input;
  const X = Array.isArray(input.X) ? input.X.map((r) => [...r]) : input.X.slice();
  const options = { ...input.options };
  const rows = Array.isArray(X) ? X.length : X.length / options.features;
  const r = damage.at % rows;
  switch (damage.kind) {
    case "value":
      if (Array.isArray(X)) X[r][damage.column % X[r].length] = damage.value;
      else if (typeof damage.value === "number") X[r * options.features + (damage.column % options.features)] = damage.value;
      else return { X: [[damage.value]], options: {} };
      break;
    case "ragged":
      if (!Array.isArray(X)) return { X, options: { ...options, features: options.features + 1 } };
      if (damage.extra) X[r].push(1);
      else X[r].pop();
      break;
    case "row":
      if (!Array.isArray(X)) return { X: Array.from(X), options };
      X[r] = damage.value;
      break;
    case "empty":
      return { X: Array.isArray(X) ? [] : X.subarray(0, 0), options };
    case "not a matrix":
      return { X: damage.value, options: {} };
    case "no features":
      return { X: Array.isArray(X) ? X.map(() => []) : X, options: Array.isArray(X) ? options : { features: 0 } };
    case "bad width":
      return { X, options: { ...options, features: Array.isArray(X) ? undefined : 0.5 } };
  }
  return { X, options };
}

/** The plain Error with a message that every refused call must throw: not a TypeError
 *  from a missed check, not a WebAssembly trap, not a thrown string. */
export function assertCleanError(error, context) {
  const what = `${context}: threw ${error?.constructor?.name}: ${error?.message ?? String(error)}`;
  assert.ok(error instanceof Error, what);
  assert.ok(!(error instanceof WebAssembly.RuntimeError), what);
  assert.is(error.constructor, Error, what);
  assert.ok(typeof error.message === "string" && error.message.length > 10, what);
  assert.not.match(error.message, /undefined is not|Cannot read|is not a function|unreachable|out of bounds|Invalid typed array|Maximum call stack/, what);
}

/** Every probability finite, in [0, 1], rows summing to 1. */
export function assertProbabilities(proba, rows, classes, context) {
  assert.is(proba.length, rows, context);
  for (const row of proba) {
    assert.is(row.length, classes, context);
    let sum = 0;
    for (const p of row) {
      assert.ok(Number.isFinite(p) && p >= 0 && p <= 1, `${context}: probability ${p}`);
      sum += p;
    }
    assert.ok(Math.abs(sum - 1) < 1e-5, `${context}: probabilities sum to ${sum}`);
  }
}

/** Everything a caller can observe of a classifier's model: parameters, classes, scaler,
 *  options (through toBytes) and the training history. */
export function snapshot(clf) {
  let model;
  try {
    model = Buffer.from(clf.toBytes()).toString("base64");
  } catch (error) {
    model = `unfitted: ${error.message}`;
  }
  return { model, loss: clf.loss, validationLoss: clf.validationLoss, validationScore: clf.validationScore, bestEpoch: clf.bestEpoch };
}

/** The object prototype has gained no property (a polluting key got through). */
export function assertNoPollution(context) {
  for (const key of ["polluted", "isAdmin", "sizes", "params", "format"]) {
    assert.is(({})[key], undefined, `${context}: Object.prototype.${key} is set`);
  }
}
