// The seed article's experiment as a Node script: scikit-learn's own
// make_classification(random_state=42) data and train_test_split, generated in
// JavaScript (wasmlp ports NumPy's RandomState), a 3-5-1 sigmoid network trained by
// full-batch gradient descent, then the model saved, loaded back with wasmlp/infer, and
// exported as a standalone module that predicts with no wasmlp at all.
//
//   npm install wasmlp && node seed-article.mjs [OUTPUT_DIR]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MLPClassifier, sklearnMakeClassification, sklearnTrainTestSplit, accuracy, f1, exportModule } from "wasmlp";
import { loadModel } from "wasmlp/infer";

const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), "wasmlp-example-"));

// X comes as a flat row-major Float64Array of 3 columns, y as one 0/1 label per row.
const data = sklearnMakeClassification({ samples: 10000, features: 3, informative: 2, redundant: 1, randomState: 42 });
const { XTrain, XTest, yTrain, yTest } = sklearnTrainTestSplit(data.X, data.y, { testSize: 0.2, randomState: 42, features: 3 });

const clf = new MLPClassifier({ hiddenLayers: [5], learningRate: 1.0, epochs: 2000, seed: 42 });
await clf.fit(XTrain, yTrain, { features: 3 });
const predicted = clf.predict(XTest);
console.log(`accuracy ${accuracy(yTest, predicted).toFixed(2)}, F1 ${f1(yTest, predicted).toFixed(2)}`);
console.log(`loss: ${clf.loss[0].toFixed(4)} bits after the first epoch, ${clf.loss.at(-1).toFixed(4)} after the last`);

// Save, and predict again from the file with the small inference entry.
const modelPath = join(out, "seed.model.json");
writeFileSync(modelPath, JSON.stringify(clf.toJSON()));
const model = await loadModel(JSON.stringify(clf.toJSON()));
const firstRows = Array.from({ length: 3 }, (_, i) => Array.from(XTest.subarray(3 * i, 3 * i + 3)));
console.log("wasmlp/infer, first test rows:", model.predictProba(firstRows).map((p) => p[1].toFixed(4)).join(" "));

// A standalone ES module: the weights inlined, the same probabilities bit for bit.
const modulePath = join(out, "seed-model.mjs");
writeFileSync(modulePath, exportModule(clf.toJSON()));
const standalone = await import(pathToFileURL(modulePath).href);
console.log("standalone module, same rows: ", standalone.predictProba(firstRows).map((p) => p[1].toFixed(4)).join(" "));
console.log(`wrote ${modelPath} and ${modulePath}`);
