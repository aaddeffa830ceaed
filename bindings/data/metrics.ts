// Classification scores with scikit-learn's definitions, so numbers can be compared with it.

/** A label sequence: numbers, strings, or a typed array. */
export type LabelSequence = ArrayLike<number | string>;

function checkPaired(yTrue: LabelSequence, yPred: LabelSequence): void {
  if (yTrue.length !== yPred.length) {
    throw new Error(`yTrue and yPred must have the same length, got ${yTrue.length} and ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new Error("yTrue and yPred must not be empty");
}

/**
 * The fraction of predictions equal to the true label, in [0, 1].
 * @throws Error if the lengths differ or are zero.
 */
export function accuracy(yTrue: LabelSequence, yPred: LabelSequence): number {
  checkPaired(yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/**
 * Binary F1 of the positive class, 2TP / (2TP + FP + FN), as sklearn's `f1_score`
 * with average="binary"; 0 when there is no true and no predicted positive
 * (sklearn's zero_division default, without its warning).
 * @param options.positive - the positive label (sklearn's pos_label). Default 1.
 * @throws Error if the lengths differ or are zero, if more than two labels occur, or if
 * two labels occur and neither is `positive` (the errors sklearn raises).
 */
export function f1(yTrue: LabelSequence, yPred: LabelSequence, options: { positive?: number | string } = {}): number {
  checkPaired(yTrue, yPred);
  const positive = options.positive ?? 1;
  const labels = new Set<number | string>([...Array.from(yTrue), ...Array.from(yPred)]);
  if (labels.size > 2) {
    throw new Error(`f1 is binary but found ${labels.size} labels: ${[...labels].join(", ")}`);
  }
  if (labels.size === 2 && !labels.has(positive)) {
    throw new Error(`positive label ${String(positive)} is not one of the labels ${[...labels].join(", ")}`);
  }
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i] === positive;
    const predicted = yPred[i] === positive;
    if (actual && predicted) truePositives++;
    else if (predicted) falsePositives++;
    else if (actual) falseNegatives++;
  }
  const denominator = 2 * truePositives + falsePositives + falseNegatives;
  return denominator === 0 ? 0 : (2 * truePositives) / denominator;
}
