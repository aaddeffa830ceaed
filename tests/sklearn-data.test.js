// The NumPy RandomState and scikit-learn ports against NumPy's and scikit-learn's own
// output (tests/fixtures/sklearn-data.json, written by make-sklearn-data.py), and the seed
// experiment's split against tests/fixtures/seed-split.json.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { NumpyRandomState, sklearnMakeClassification, sklearnTrainTestSplit } from "../build/index.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/sklearn-data.json", import.meta.url), "utf8"));
const seedSplit = JSON.parse(readFileSync(new URL("./fixtures/seed-split.json", import.meta.url), "utf8"));
// make-sklearn-data.py's LONG_KEY: 630 words, longer than MT19937's 624-word state.
const LONG_KEY = Array.from({ length: 630 }, (_, i) => Number((BigInt(i) * 2654435761n) % 2n ** 32n));

const view = new DataView(new ArrayBuffer(8));
// Doubles in IEEE order as integers: adjacent doubles differ by 1.
function ordinal(x) {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}
const ulps = (a, b) => Number(ordinal(a) > ordinal(b) ? ordinal(a) - ordinal(b) : ordinal(b) - ordinal(a));

function withinUlps(got, want, limit, what) {
  assert.is(got.length, want.length, `${what}: length`);
  want.forEach((w, i) => assert.ok(ulps(got[i], w) <= limit, `${what}[${i}]: ${got[i]} vs NumPy's ${w}`));
}

const sha256 = (y) => createHash("sha256").update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength)).digest("hex");

// X agrees with scikit-learn's to 1e-15 of each column's largest magnitude (the port sums
// dot products in BLAS's order; the measured worst case is 1.6e-16).
function assertCloseColumns(got, want, features, columnAbsMax, what) {
  want.forEach((w, i) => {
    const tolerance = 1e-15 * Math.max(1, columnAbsMax[i % features]);
    assert.ok(Math.abs(got[i] - w) <= tolerance, `${what}: X[${Math.floor(i / features)}][${i % features}] = ${got[i]}, scikit-learn ${w}`);
  });
}

const columnMaxima = (X, features) => Array.from({ length: features }, (_, c) => X.reduce((m, v, i) => (i % features === c ? Math.max(m, Math.abs(v)) : m), 0));
const bincount = (y) => Array.from({ length: Math.max(...y) + 1 }, (_, k) => y.filter((v) => v === k).length);

test("MT19937 words, random_sample, uniform and permutation are NumPy's bit for bit (seeds 0, 1, 42, 2**32 - 1)", () => {
  for (const s of fixture.streams) {
    const fresh = () => new NumpyRandomState(s.seed);
    const words = fresh();
    assert.equal(Array.from({ length: 8 }, () => words.nextUint32()), s.nextUint32, `seed ${s.seed}: words`);
    assert.equal(Array.from(fresh().randomSample(9)), s.randomSample, `seed ${s.seed}: random_sample`);
    assert.equal(Array.from(fresh().uniform(-3, 5.5, 5)), s.uniform, `seed ${s.seed}: uniform`);
    assert.equal(Array.from(fresh().permutation(20)), s.permutation20, `seed ${s.seed}: permutation`);
  }
});

test("randint gives NumPy's integers and consumes NumPy's words, for ranges from 1 value to 2**53", () => {
  for (const s of fixture.streams) {
    for (const c of s.randint) {
      const rng = new NumpyRandomState(s.seed);
      assert.equal(Array.from(rng.randint(c.low, c.high, 6)), c.values, `seed ${s.seed}: randint(${c.low}, ${c.high})`);
      assert.is(rng.randomSample(1)[0], c.thenRandomSample, `seed ${s.seed}: the draw after randint(${c.low}, ${c.high})`);
    }
  }
});

test("an array seed goes through init_by_array: [1, 2, 3] and a key longer than the state", () => {
  const [short, long] = fixture.arraySeeds;
  assert.equal(Array.from(new NumpyRandomState(short.key).randomSample(6)), short.randomSample);
  assert.equal(Array.from(new NumpyRandomState(LONG_KEY).randomSample(6)), long.randomSample);
});

test("standard_normal: odd and even counts, and the cached second value kept across other draws", () => {
  for (const s of fixture.streams) {
    withinUlps(new NumpyRandomState(s.seed).standardNormal(7), s.standardNormalOdd, 2, `seed ${s.seed}: 7 normals`);
    withinUlps(new NumpyRandomState(s.seed).standardNormal(8), s.standardNormalEven, 2, `seed ${s.seed}: 8 normals`);
    const rng = new NumpyRandomState(s.seed);
    withinUlps(rng.standardNormal(3), s.interleaved.normals, 2, `seed ${s.seed}: 3 normals`);
    assert.equal(Array.from(rng.randomSample(2)), s.interleaved.samples, `seed ${s.seed}: samples between normals`);
    withinUlps(rng.standardNormal(3), s.interleaved.moreNormals, 2, `seed ${s.seed}: 3 more normals (the first was cached)`);
  }
});

test("200000 normals from RandomState(42): every 997th within 2 ulps, and the sum within 1e-12", () => {
  const m = fixture.manyNormals;
  const values = new NumpyRandomState(m.seed).standardNormal(m.count);
  withinUlps(values.filter((_, i) => i % m.every === 0), m.sampled, 2, "sampled normals");
  const sum = values.reduce((a, v) => a + v, 0);
  assert.ok(Math.abs(sum - m.sum) <= 1e-12 * m.count, `sum ${sum} vs NumPy's ${m.sum}`);
});

test("make_classification: y exactly and X to 1e-15 of each column, for every parameter set", () => {
  for (const c of fixture.classification) {
    const what = JSON.stringify(c.options);
    const data = sklearnMakeClassification(c.options);
    assert.is(data.samples, c.samples, what);
    assert.is(data.features, c.features, what);
    assert.is(sha256(data.y), c.yInt32Sha256, `${what}: y`);
    assert.equal(bincount(Array.from(data.y)), c.classCounts, `${what}: class counts`);
    if (c.X) {
      assert.equal(Array.from(data.y), c.y, `${what}: y`);
      assertCloseColumns(data.X, c.X, c.features, columnMaxima(c.X, c.features), what);
    } else {
      const rows = c.rows.flatMap((r) => Array.from(data.X.subarray(r * c.features, (r + 1) * c.features)));
      assertCloseColumns(rows, c.sampledX.flat(), c.features, c.columnAbsMax, `${what} (sampled rows)`);
      c.columnSums.forEach((sum, col) => {
        let got = 0;
        for (let r = 0; r < c.samples; r++) got += data.X[r * c.features + col];
        assert.ok(Math.abs(got - sum) <= 1e-12 * c.samples * Math.max(1, c.columnAbsMax[col]), `${what}: sum of column ${col}`);
      });
    }
  }
});

test("a shared NumpyRandomState goes on from where the last call left it, as in scikit-learn", () => {
  const s = fixture.sharedRandomState;
  const rng = new NumpyRandomState(s.seed);
  sklearnMakeClassification({ ...s.options, randomState: rng });
  const second = sklearnMakeClassification({ ...s.options, randomState: rng });
  assert.equal(Array.from(second.y), s.y);
  assertCloseColumns(second.X, s.X, s.features, columnMaxima(s.X, s.features), "second call");
});

test("train_test_split picks scikit-learn's rows: fractions, counts, trainSize, both, and no shuffle", () => {
  const n = fixture.splits.rows;
  const X = Array.from({ length: n }, (_, i) => [i, -i]);
  const y = Int32Array.from({ length: n }, (_, i) => i);
  for (const c of fixture.splits.cases) {
    const split = sklearnTrainTestSplit(X, y, c.options);
    assert.equal(Array.from(split.yTrain), c.train, `${JSON.stringify(c.options)}: train rows`);
    assert.equal(Array.from(split.yTest), c.test, `${JSON.stringify(c.options)}: test rows`);
    assert.equal(split.XTest.map((row) => row[0]), c.test);
    assert.instance(split.yTrain, Int32Array);
  }
  const flat = sklearnTrainTestSplit(Float32Array.from(X.flat()), y, { ...fixture.splits.cases[1].options, features: 2 });
  assert.instance(flat.XTrain, Float32Array);
  assert.equal(Array.from(flat.XTrain).filter((_, i) => i % 2 === 0), fixture.splits.cases[1].train);
});

test("the seed experiment: make_classification and train_test_split reproduce scikit-learn's split", () => {
  const data = sklearnMakeClassification({ samples: 10000, features: 3, informative: 2, redundant: 1, randomState: 42 });
  const split = sklearnTrainTestSplit(data.X, data.y, { testSize: 0.2, randomState: 42, features: 3 });
  assert.equal(Array.from(split.yTrain), seedSplit.yTrain);
  assert.equal(Array.from(split.yTest), seedSplit.yTest);
  const want = [...seedSplit.XTrain.flat(), ...seedSplit.XTest.flat()];
  const got = [...split.XTrain, ...split.XTest];
  assertCloseColumns(got, want, 3, columnMaxima(want, 3), "seed split");
  // Only values whose Box–Muller log glibc misrounds may differ (3 of 30000 measured).
  const identical = got.filter((v, i) => v === want[i]).length;
  assert.ok(identical >= 0.999 * want.length, `${identical} of ${want.length} values bit-identical`);
});

test("bad arguments throw errors that name the option", () => {
  const throwsNaming = (fn, pattern) => assert.throws(fn, (e) => e instanceof Error && pattern.test(e.message), String(pattern));
  throwsNaming(() => new NumpyRandomState(2 ** 32), /^seed must be an integer in \[0, 2\*\*32 - 1\]/);
  throwsNaming(() => new NumpyRandomState(-1), /^seed must/);
  throwsNaming(() => new NumpyRandomState([]), /^seed must/);
  throwsNaming(() => new NumpyRandomState([1, 2.5]), /^seed\[1\] must/);
  const rng = new NumpyRandomState(0);
  throwsNaming(() => rng.randint(3, 3, 1), /^high must/);
  throwsNaming(() => rng.randint(0, 2 ** 53 + 2, 1), /^high must/);
  throwsNaming(() => rng.randint(0.5, 3, 1), /^low must/);
  throwsNaming(() => rng.randomSample(-1), /^size must/);
  throwsNaming(() => rng.uniform(0, Infinity, 1), /^high must/);
  throwsNaming(() => rng.permutation(1.5), /^n must/);
  throwsNaming(() => sklearnMakeClassification({}), /^randomState must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 2 ** 32 }), /^randomState must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, seed: 1 }), /^unknown option seed/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, samples: 0 }), /^samples must be an integer >= 1/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, features: 3 }), /^informative \+ redundant \+ repeated must be <= features/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, classes: 3 }), /^classes \* clustersPerClass must be <= 2\*\*informative/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, flipY: 1.5 }), /^flipY must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, classSep: 0 }), /^classSep must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, weights: [0.2, 0.3, 0.5] }), /^weights must be an array of length classes/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, weights: [0.9, 0.9] }), /^weights must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, shift: [1, 2] }), /^shift must/);
  throwsNaming(() => sklearnMakeClassification({ randomState: 0, scale: NaN }), /^scale must/);
  const X = [[0], [1], [2], [3]];
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0, 1], {}), /^randomState must/);
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0, 1], { randomState: 0, testSize: 4 }), /^testSize must/);
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0, 1], { randomState: 0, trainSize: 0 }), /^trainSize must/);
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0, 1], { randomState: 0, testSize: 0.6, trainSize: 0.6 }), /^testSize \+ trainSize must/);
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0, 1], { randomState: 0, testSize: 2, trainSize: 3 }), /^trainSize and testSize must leave/);
  throwsNaming(() => sklearnTrainTestSplit(X, [0, 1, 0], { randomState: 0 }), /^X has 4 rows but y has 3 labels/);
  throwsNaming(() => sklearnTrainTestSplit(new Float64Array(4), [0, 1, 0, 1], { randomState: 0 }), /^features must/);
});

test.run();
