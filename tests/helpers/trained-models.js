// Models for the inference and export tests: every hidden activation, two classes and
// three, with and without standardized inputs, trained briefly on blobs that sit far
// from the origin (so standardizing matters) with string labels for the multiclass ones;
// and regressors of one target and of three, with and without standardized targets.
import { MLPClassifier, MLPRegressor } from "../../build/index.js";
import { SEED } from "./seed.js";

export const ACTIVATIONS = ["sigmoid", "tanh", "relu", "identity"];

export const variants = [];
for (const activation of ACTIVATIONS) {
  for (const classes of [2, 3]) {
    for (const standardize of [false, true]) variants.push({ activation, classes, standardize });
  }
}

/** Rows and labels: 2 or 3 blobs of 120 rows in 3 features around (10, -5, 3). */
export function dataFor(classes, seed = 1) {
  let s = seed;
  const uniform = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const centers = [[11, -5, 3], [9, -4, 2], [10, -6, 4]].slice(0, classes);
  const labels = classes === 2 ? [0, 1] : ["ant", "bee", "cat"];
  const X = [];
  const y = [];
  for (let i = 0; i < 120 * classes; i++) {
    const k = i % classes;
    X.push(centers[k].map((c) => c + 2 * (uniform() + uniform())));
    y.push(labels[k]);
  }
  return { X, y };
}

/** Trains one variant (a few Adam epochs, two hidden layers). */
export async function train({ activation, classes, standardize }, seed = 1) {
  const { X, y } = dataFor(classes, seed);
  const clf = new MLPClassifier({ ...SEED, hiddenLayers: [7, 5], activation, standardize, optimizer: "adam", learningRate: 0.05, epochs: 40, init: "glorot", seed });
  await clf.fit(X, y);
  return { clf, X, y };
}

// Regressors: every activation, 1 and 3 targets, targets standardized or not (inputs
// standardized in every other one).
export const regressorVariants = [];
for (const activation of ACTIVATIONS) {
  for (const targets of [1, 3]) {
    for (const standardizeTargets of [false, true]) {
      regressorVariants.push({ activation, targets, standardizeTargets, standardize: regressorVariants.length % 2 === 0 });
    }
  }
}

/** 240 rows of 3 features around (10, -5, 3) and `targets` targets in the thousands. */
export function regressionData(targets, seed = 1) {
  let s = seed;
  const uniform = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const X = Array.from({ length: 240 }, () => [10 + 4 * uniform(), -5 + 4 * uniform(), 3 + 4 * uniform()]);
  const Y = X.map(([a, b, c]) => [1000 + 90 * a - 40 * b, -300 * Math.tanh(c - 3), 25 * a * b].slice(0, targets));
  return { X, y: targets === 1 ? Y.map((row) => row[0]) : Y };
}

/** Trains one regressor variant (a few Adam epochs, two hidden layers). */
export async function trainRegressor({ activation, targets, standardizeTargets, standardize }, seed = 1) {
  const { X, y } = regressionData(targets, seed);
  const reg = new MLPRegressor({ hiddenLayers: [7, 5], activation, standardize, standardizeTargets, learningRate: 0.01, epochs: 40, batchSize: 32, init: "glorot", seed });
  await reg.fit(X, y);
  return { reg, X, y };
}

export const regressorName = (v) => `${v.activation}, ${v.targets} target${v.targets > 1 ? "s" : ""}${v.standardizeTargets ? ", targets standardized" : ""}${v.standardize ? ", inputs standardized" : ""}`;

/** Rows to predict: the training rows, rows far outside them (saturating every unit),
 *  and more than one 256-row block in all. */
export function probeRows(X) {
  const far = X.map((row, i) => row.map((v, c) => v * (1 + ((i + c) % 9) * 4) - 20 * (i % 3)));
  return [...X, ...far];
}
