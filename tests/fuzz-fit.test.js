// Property-based tests of fit, partialFit and predict: random shapes, values (NaN,
// ±Infinity, -0, subnormals, 1e38), label sets and option combinations. Every call either
// succeeds with finite outputs or throws a plain Error with a message, and a refused call
// leaves the model exactly as it was: a twin classifier that only ever sees the calls that
// went through ends up identical, bit for bit, optimizer state and shuffling included.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import {
  fc, check, classifierOptions, labelSet, badLabel, matrix, matrixDamage, asInput, damaged,
  assertCleanError, assertProbabilities, snapshot, tally,
} from "./helpers/fuzz.js";
import { SEED } from "./helpers/seed.js";

// Outputs per class count: one sigmoid for two classes, a softmax otherwise.
const DIVERGED = /^training diverged at epoch \d+: .+; the model keeps .+\. Likely causes?: /;

/** What a call did, comparable across two classifiers: its result or its error message. */
async function outcome(call) {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Probabilities on `X` if the model gives them, else the (clean) error's message. */
function probabilities(clf, X, options, classCount, context) {
  try {
    const proba = clf.predictProba(X, options);
    assertProbabilities(proba, proba.length, classCount, context);
    const labels = clf.predict(X);
    assert.is(labels.length, proba.length, context);
    return proba;
  } catch (error) {
    if (error.name === "Assertion") throw error;
    assertCleanError(error, `${context}: predictProba`);
    return error.message;
  }
}

/** Labels drawn from `classes`, one per row, with a hostile change or none. */
function labels(classes, rows) {
  return fc.record({
    picks: fc.array(fc.nat(classes.length - 1), { minLength: rows, maxLength: rows }),
    damage: fc.oneof(
      { weight: 20, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("bad"), at: fc.nat(), value: badLabel }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("other kind"), at: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("unknown"), at: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom("one class", "too short", "too long", "not an array", "typed") }) },
    ),
  }).map(({ picks, damage }) => {
    let y = picks.map((k) => classes[k]);
    if (!damage) return y;
    const at = damage.at % rows;
    switch (damage.kind) {
      case "bad": y[at] = damage.value; break;
      case "other kind": y[at] = typeof y[at] === "number" ? String(y[at]) : y.length; break;
      case "unknown": y[at] = typeof y[at] === "number" ? 7.25 : "zzz"; break;
      case "one class": y = y.map(() => classes[0]); break;
      case "too short": y = y.slice(1); break;
      case "too long": y = [...y, classes[0]]; break;
      case "not an array": y = y.join(","); break;
      case "typed": y = typeof classes[0] === "number" ? Float64Array.from(y) : y; break;
    }
    return y;
  });
}

const sampleWeightFor = (rows) => fc.option(fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(0, 0.5, 1, 2, 1e30, 3.4e38), { minLength: rows, maxLength: rows }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(1, -1, NaN, Infinity, "1", 1e-46), { minLength: rows, maxLength: rows }) },
  { weight: 1, arbitrary: fc.constant(new Array(rows + 1).fill(1)) },
), { freq: 4 });

/** One call on the classifier: fit, partialFit or predict, on data of `features` columns
 *  (mostly) labelled from `classes` (mostly). */
function call(features, classes, kinds = ["fit", "fit", "partialFit", "partialFit", "partialFit", "predict", "overlap"]) {
  const data = matrix({ features, maxRows: 10 }).chain((m) => fc.record({
    m: fc.constant(m),
    damage: matrixDamage,
    y: labels(classes, m.rows.length),
    sampleWeight: sampleWeightFor(m.rows.length),
  }));
  return fc.record({
    kind: fc.constantFrom(...kinds),
    data,
    declare: fc.constantFrom(undefined, undefined, "all", "reordered", "missing one", "extra"),
    // A user callback that throws at that epoch, or an abort at that epoch.
    stop: fc.option(fc.record({ at: fc.integer({ min: 1, max: 4 }), how: fc.constantFrom("throw", "abort", "throw a string") }), { freq: 4 }),
  });
}

function declared(classes, how) {
  switch (how) {
    case "all": return classes;
    case "reordered": return [...classes].reverse();
    case "missing one": return classes.slice(1);
    case "extra": return [...classes, typeof classes[0] === "number" ? 99 : "zz"];
    default: return undefined;
  }
}

/** Runs one call on `clf`; the returned function replays it on another classifier. */
function perform(clf, step, classes) {
  const { X, options } = damaged(asInput(step.data.m), step.data.damage);
  const y = step.data.y;
  const sampleWeight = step.data.sampleWeight ?? undefined;
  if (step.kind === "predict") return () => clf.predictProba(X, options);
  if (step.kind === "partialFit") {
    const extra = { ...options };
    if (sampleWeight) extra.sampleWeight = sampleWeight;
    const classesOption = declared(classes, step.declare);
    if (classesOption) extra.classes = classesOption;
    return () => clf.partialFit(X, y, extra);
  }
  const fitOptions = { ...options };
  if (sampleWeight) fitOptions.sampleWeight = sampleWeight;
  if (step.stop) {
    const controller = new AbortController();
    fitOptions.signal = controller.signal;
    fitOptions.onEpoch = (epoch) => {
      if (epoch !== step.stop.at) return;
      if (step.stop.how === "abort") controller.abort();
      else if (step.stop.how === "throw") throw new Error(`user callback stopped at epoch ${epoch}`);
      else throw `a string at epoch ${epoch}`;
    };
  }
  if (step.kind === "overlap") {
    // The same fit again while the first runs is refused (or fails as the first does)
    // and disturbs nothing.
    return async () => {
      const first = clf.fit(X, y, fitOptions);
      first.catch(() => undefined);
      const second = await outcome(() => clf.fit(X, y, fitOptions));
      assert.not.ok(second.ok, "a fit during a fit was accepted");
      assertCleanError(second.error, "fit during fit");
      return first;
    };
  }
  return () => clf.fit(X, y, fitOptions);
}

const userThrow = (error) => typeof error === "string" || /^user callback stopped/.test(error?.message);

test("fit, partialFit and predict: finite results or a clean Error; a refused call changes nothing", async () => {
  const world = fc.record({
    options: classifierOptions,
    features: fc.integer({ min: 1, max: 3 }),
    classes: labelSet,
  }).chain((w) => fc.record({
    w: fc.constant(w),
    // A first step that trains, so that most later steps meet a fitted model.
    steps: fc.tuple(call(w.features, w.classes, ["fit", "partialFit"]), fc.array(call(w.features, w.classes), { maxLength: 4 })).map(([first, rest]) => [first, ...rest]),
  }));

  await check(fc.asyncProperty(world, async ({ w, steps }) => {
    const options = { ...SEED, ...w.options, epochs: Math.min(w.options.epochs ?? 3, 3) };
    const clf = new MLPClassifier(options);
    const twin = new MLPClassifier(options);
    for (const [i, step] of steps.entries()) {
      const context = `step ${i} (${step.kind})`;
      const before = snapshot(clf);
      const result = await outcome(perform(clf, step, w.classes));
      const after = snapshot(clf);
      tally(`${step.kind}: ${result.ok ? "ok" : result.error?.message?.replace(/\[[^\]]*\]|"(\\.|[^"])*"|-?[\d.]+(e[+-]?\d+)?n?|Infinity|NaN|null|undefined|an? \w+/g, "#").slice(0, 80) ?? String(result.error)}`);
      if (step.kind === "predict") {
        assert.equal(after, before, `${context}: predict changed the model`);
        const replay = await outcome(perform(twin, step, w.classes));
        if (result.ok) {
          assertProbabilities(result.value, result.value.length, clf.classes.length, context);
          assert.equal(replay.value, result.value, `${context}: the twin predicts otherwise`);
        } else {
          assertCleanError(result.error, context);
          assert.is(replay.error?.message, result.error.message, `${context}: the twin fails otherwise`);
        }
        continue;
      }
      if (!result.ok && userThrow(result.error)) {
        assert.equal(after, before, `${context}: a throwing onEpoch left the model changed`);
        // Known (reported): the optimizer state (momentum, Adam's moments and step) is not
        // put back after a fit that fails once training has begun, so the twin fails the
        // same way to keep later steps comparable. The soak run tests that case alone.
        await outcome(perform(twin, step, w.classes));
        assert.equal(snapshot(twin), after, `${context}: the twin's model differs`);
        continue;
      }
      if (!result.ok) assertCleanError(result.error, context);
      const diverged = !result.ok && DIVERGED.test(result.error.message);
      if (!result.ok && !diverged) {
        assert.equal(after, before, `${context}: refused (${result.error.message}) but the model changed`);
        continue;
      }
      // It trained (or diverged, which keeps the last finite weights): the twin does the same.
      const replay = await outcome(perform(twin, step, w.classes));
      assert.is(replay.ok, result.ok, `${context}: the twin's outcome differs: ${replay.error?.message}`);
      if (!result.ok) assert.is(replay.error.message, result.error.message, context);
      assert.equal(snapshot(twin), after, `${context}: the twin's model differs`);
      assert.ok(after.loss.every(Number.isFinite), `${context}: loss ${after.loss}`);
      assert.ok(!after.model.startsWith("unfitted") || (diverged && before.model.startsWith("unfitted")), `${context}: ${after.model}`);
      const { X, options: xOptions } = asInput(step.data.m);
      if (!after.model.startsWith("unfitted")) {
        const k = clf.classes.length;
        const own = probabilities(clf, X, xOptions, k, context);
        assert.equal(probabilities(twin, X, xOptions, k, `${context} twin`), own);
      }
    }
  }), 300);
});

// The transaction puts momentum, Adam's moments and its step count back too.
test("a fit that fails once training has begun leaves the optimizer state as it was", async () => {
  const X = [[0, 1], [1, 0], [1, 1], [0, 0], [0.5, 0.2], [0.1, 0.9]];
  const y = [0, 1, 1, 0, 1, 0];
  for (const optimizer of ["adam", "sgd"]) {
    const make = () => new MLPClassifier({ ...SEED, hiddenLayers: [4], optimizer, learningRate: 0.05, batchSize: 2, epochs: 5 }).fit(X, y);
    const [failed, untouched] = await Promise.all([make(), make()]);
    const stopped = await outcome(() => failed.fit(X, y, { onEpoch: (epoch) => { if (epoch === 2) throw new Error("stop"); } }));
    assert.not.ok(stopped.ok);
    assert.equal(snapshot(failed), snapshot(untouched));
    await failed.partialFit(X, y);
    await untouched.partialFit(X, y);
    assert.equal(snapshot(failed), snapshot(untouched), `${optimizer}: the next partialFit trains otherwise`);
  }
});

test("fit on any shape and label set: finite loss and probabilities, or a clean Error", async () => {
  const input = fc.record({ m: matrix({ maxRows: 16 }), classes: labelSet, options: classifierOptions })
    .chain(({ m, classes, options }) => fc.record({
      m: fc.constant(m), classes: fc.constant(classes), options: fc.constant(options),
      y: labels(classes, m.rows.length),
    }));
  await check(fc.asyncProperty(input, async ({ m, y, options }) => {
    const clf = new MLPClassifier({ ...SEED, ...options, epochs: Math.min(options.epochs ?? 4, 4) });
    const { X, options: xOptions } = asInput(m);
    const result = await outcome(() => clf.fit(X, y, xOptions));
    if (!result.ok) {
      assertCleanError(result.error, "fit");
      if (!DIVERGED.test(result.error.message)) {
        assert.match(snapshot(clf).model, /^unfitted/);
        return;
      }
    }
    assert.ok(clf.loss.every(Number.isFinite), `loss ${clf.loss}`);
    if (snapshot(clf).model.startsWith("unfitted")) return;
    assert.ok(clf.coefs.flat(2).every(Number.isFinite) && clf.intercepts.flat().every(Number.isFinite));
    probabilities(clf, X, xOptions, clf.classes.length, "fit");
  }), 400);
});

test("invalid options are refused with the option's name, whatever their size or depth", async () => {
  const deep = JSON.parse("[".repeat(100000) + "]".repeat(100000));
  const bad = fc.oneof(
    fc.record({ name: fc.constantFrom("learningRate", "epsilon"), value: fc.constantFrom(0, -1, NaN, Infinity, 3.5e38, "1", null) }),
    fc.record({ name: fc.constantFrom("epochs", "batchSize", "patience"), value: fc.constantFrom(0, -1, 1.5, NaN, 2 ** 53, "3") }),
    fc.record({ name: fc.constantFrom("momentum", "beta1", "beta2", "validationFraction"), value: fc.constantFrom(1, -0.1, NaN, 2, "0.5") }),
    fc.record({ name: fc.constantFrom("l2", "tol"), value: fc.constantFrom(-1, NaN, Infinity, 1e39) }),
    // Found: a deeply nested array overflowed the stack while the message was written.
    fc.record({ name: fc.constant("hiddenLayers"), value: fc.constantFrom([0], [1.5], [65537], new Array(63).fill(1), "5", [NaN], null, deep, [deep]) }),
    fc.record({ name: fc.constantFrom("activation", "optimizer", "init"), value: fc.constantFrom("", "Relu", "softmax", 1, null) }),
    fc.record({ name: fc.constant("classWeight"), value: fc.constantFrom("auto", [1, 2], { a: -1 }, { a: NaN }, { a: 1e39 }, new Map(), deep) }),
    fc.record({ name: fc.constantFrom("learningRate", "activation"), value: fc.constant(deep) }),
    fc.record({ name: fc.constant("seed"), value: fc.constantFrom(-1, 1.5, 2 ** 53, NaN, "0") }),
    fc.record({ name: fc.constantFrom("__proto__", "constructor", "learningrate", "toString"), value: fc.constant(1) }),
  );
  await check(fc.property(classifierOptions, bad, (options, { name, value }) => {
    const given = { ...options };
    Object.defineProperty(given, name, { value, enumerable: true, configurable: true, writable: true });
    try {
      new MLPClassifier(given);
    } catch (error) {
      assertCleanError(error, name);
      assert.ok(error.message.includes(name), error.message);
      return;
    }
    assert.unreachable(`${name} = ${Array.isArray(value) ? "an array" : String(value)} was accepted`);
  }), 300);
});

test.run();
