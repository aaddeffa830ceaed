import { test } from "uvu";
import * as assert from "uvu/assert";
import { accuracy, f1 } from "../build/index.js";

// Ten labels, worked by hand:
//   yTrue 1 1 1 1 0 0 0 0 0 0
//   yPred 1 1 1 0 1 1 0 0 0 0
//                 predicted 1   predicted 0
//   actual 1       TP = 3        FN = 1
//   actual 0       FP = 2        TN = 4
// accuracy = (3 + 4) / 10 = 0.7
// F1 of class 1 = 2TP / (2TP + FP + FN) = 6 / 9; of class 0 (TP 4, FP 1, FN 2) = 8 / 11.
const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const yPred = [1, 1, 1, 0, 1, 1, 0, 0, 0, 0];
const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

test("accuracy is the fraction of equal labels", () => {
  close(accuracy(yTrue, yPred), 0.7);
  close(accuracy(Int32Array.from(yTrue), Float64Array.from(yPred)), 0.7);
  assert.is(accuracy(["a", "b"], ["a", "b"]), 1);
  assert.is(accuracy([0, 1], [1, 0]), 0);
});

test("f1 of the positive class, by default 1", () => {
  close(f1(yTrue, yPred), 6 / 9);
  close(f1(yTrue, yPred, { positive: 0 }), 8 / 11);
  close(f1(Uint8Array.from(yTrue), Int32Array.from(yPred)), 6 / 9);
  assert.is(f1(yTrue, yTrue), 1);
});

test("f1 with string labels", () => {
  // spam: TP 1 (first), FP 1 (second), FN 1 (third) -> 2 / (2 + 1 + 1) = 0.5.
  assert.is(f1(["spam", "ham", "spam", "ham"], ["spam", "spam", "ham", "ham"], { positive: "spam" }), 0.5);
});

test("f1 is 0 when no positive is true or predicted, and when none is found", () => {
  assert.is(f1([0, 0, 0], [0, 0, 0]), 0);
  // TP 0, FN 1: 0 / (0 + 0 + 1).
  assert.is(f1([0, 0, 1], [0, 0, 0]), 0);
});

test("metrics reject unpaired or empty labels", () => {
  for (const metric of [accuracy, f1]) {
    assert.throws(() => metric([1, 0], [1]), /yTrue and yPred must have the same length, got 2 and 1/);
    assert.throws(() => metric([], []), /yTrue and yPred must not be empty/);
  }
});

test("f1 rejects more than two labels and a positive label that is not one of two", () => {
  assert.throws(() => f1([0, 1, 2], [0, 1, 1]), /f1 is binary but found 3 labels: 0, 1, 2/);
  assert.throws(() => f1([0, 2], [0, 2]), /positive label 1 is not one of the labels 0, 2/);
  assert.throws(() => f1(["a", "b"], ["a", "b"]), /positive label 1 is not one of the labels a, b/);
});

test.run();
