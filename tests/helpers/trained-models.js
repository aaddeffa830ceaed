// Models for the inference and export tests: every hidden activation, two classes and
// three, with and without standardized inputs, trained briefly on blobs that sit far
// from the origin (so standardizing matters) with string labels for the multiclass ones.
import { MLPClassifier } from "../../build/index.js";

export const variants = [];
for (const activation of ["sigmoid", "tanh", "relu"]) {
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
  const clf = new MLPClassifier({ hiddenLayers: [7, 5], activation, standardize, optimizer: "adam", learningRate: 0.05, epochs: 40, init: "glorot", seed });
  await clf.fit(X, y);
  return { clf, X, y };
}

/** Rows to predict: the training rows, rows far outside them (saturating every unit),
 *  and more than one 256-row block in all. */
export function probeRows(X) {
  const far = X.map((row, i) => row.map((v, c) => v * (1 + ((i + c) % 9) * 4) - 20 * (i % 3)));
  return [...X, ...far];
}
