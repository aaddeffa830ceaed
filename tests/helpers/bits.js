// Bit identity of predictions: Object.is on every number (so -0 is not 0 and NaN is NaN),
// in the same shape: a number a row, or a row of numbers.
import * as assert from "uvu/assert";

export function assertBits(actual, expected, context) {
  assert.is(actual.length, expected.length, `${context}: rows`);
  expected.forEach((want, r) => {
    assert.is(Array.isArray(actual[r]), Array.isArray(want), `${context}: row ${r} is ${JSON.stringify(actual[r])}`);
    const [got, wanted] = [[actual[r]].flat(), [want].flat()];
    assert.is(got.length, wanted.length, `${context}: row ${r}'s values`);
    wanted.forEach((v, k) => assert.ok(Object.is(got[k], v), `${context}: row ${r}, value ${k}: ${got[k]} instead of ${v}`));
  });
}
