// Class probabilities over a whole file in bounded pieces, and the scores `wasmlp eval`
// reports, with scikit-learn's definitions (accuracy_score, f1_score, log_loss,
// confusion_matrix) but the log loss in bits.
import type { Label, MLPClassifier } from "../index.js";
import { predictedClass } from "../model/decision.js";

const ROWS_PER_CALL = 1 << 14;
// log_loss clips probabilities away from 0 and 1 (scikit-learn < 1.5's eps).
const CLIP = 1e-15;

/** Class probabilities of a run of rows, and the index of the class `clf.predict` returns
 *  for each: P > 0.5 for two classes, else the most probable (the first, on a tie). */
export interface PredictionBlock {
  start: number;
  probabilities: number[][];
  predicted: Int32Array;
}

/** The predictions for the flat `X`, a bounded block of rows at a time. */
export function* predictionBlocks(clf: MLPClassifier, X: Float32Array, features: number): Generator<PredictionBlock> {
  const rows = X.length / features;
  for (let start = 0; start < rows; start += ROWS_PER_CALL) {
    const end = Math.min(rows, start + ROWS_PER_CALL);
    const probabilities = clf.predictProba(X.subarray(start * features, end * features));
    const predicted = Int32Array.from(probabilities, (p) => predictedClass(p, 0, p.length));
    yield { start, probabilities, predicted };
  }
}

export interface Scores {
  accuracy: number;
  /** Binary F1 of the larger label with two classes, else the macro average. */
  f1: number;
  /** Mean cross-entropy in bits. */
  logLoss: number;
  n: number;
  classes: Label[];
  /** confusion[true][predicted], in `classes` order. */
  confusion: number[][];
}

/** Scores of `clf` on the flat `X` whose true classes are `truth` (indices into clf.classes). */
export function score(clf: MLPClassifier, X: Float32Array, features: number, truth: Int32Array): Scores {
  const classes = clf.classes;
  const k = classes.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let bits = 0;
  for (const { start, probabilities, predicted } of predictionBlocks(clf, X, features)) {
    probabilities.forEach((p, k) => {
      const actual = truth[start + k];
      confusion[actual][predicted[k]]++;
      bits -= Math.log2(Math.min(Math.max(p[actual], CLIP), 1 - CLIP));
    });
  }
  const n = truth.length;
  let correct = 0;
  for (let c = 0; c < k; c++) correct += confusion[c][c];
  return { accuracy: correct / n, f1: f1Score(confusion), logLoss: bits / n, n, classes, confusion };
}

// Per-class F1 = 2TP / (2TP + FP + FN), 0 where that is 0/0 (sklearn's zero_division).
function classF1(confusion: number[][], c: number): number {
  const tp = confusion[c][c];
  let fp = 0;
  let fn = 0;
  for (let o = 0; o < confusion.length; o++) {
    if (o === c) continue;
    fp += confusion[o][c];
    fn += confusion[c][o];
  }
  return tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

// Binary: the larger label is positive (classes are sorted). Macro: the mean over the
// classes that occur in the truth or the predictions, as sklearn's f1_score(average="macro").
function f1Score(confusion: number[][]): number {
  const k = confusion.length;
  if (k === 2) return classF1(confusion, 1);
  const present = confusion.map((_, c) => confusion[c].some((v) => v > 0) || confusion.some((row) => row[c] > 0));
  const used = present.map((p, c) => (p ? c : -1)).filter((c) => c >= 0);
  return used.reduce((sum, c) => sum + classF1(confusion, c), 0) / used.length;
}
