// The seed article's experiment (what `npm start` runs): a 3-5-1 sigmoid network trained
// by full-batch gradient descent, lr 1.0, 2000 epochs, on make_classification data
// (10000 samples, 3 features: 2 informative, 1 redundant) split 80/20.
import { readFileSync } from "node:fs";
import { MLPClassifier, makeClassification, trainTestSplit, accuracy, f1 } from "../build/index.js";

async function experiment(title, { XTrain, XTest, yTrain, yTest }) {
  const clf = new MLPClassifier({ hiddenLayers: [5], learningRate: 1.0, epochs: 2000, seed: 42 });
  const started = performance.now();
  await clf.fit(XTrain, yTrain, { features: 3 });
  const seconds = (performance.now() - started) / 1000;
  const predicted = clf.predict(XTest);
  const loss = clf.loss;
  console.log(`\n${title}: ${yTrain.length} train / ${yTest.length} test rows`);
  console.log(`  accuracy: ${accuracy(yTest, predicted).toFixed(2)} and F1 score: ${f1(yTest, predicted).toFixed(2)}`);
  console.log(`  loss (bits): first epoch ${loss[0].toFixed(4)}, last epoch ${loss.at(-1).toFixed(4)}`);
  console.log(`  fit time: ${seconds.toFixed(3)} s (${((seconds * 1e9) / (yTrain.length * 2000)).toFixed(1)} ns per sample-epoch)`);
}

console.log("wasmlp: the seed article's 3-5-1 sigmoid MLP, lr 1.0, 2000 full-batch epochs");

const sklearn = JSON.parse(readFileSync(new URL("../tests/fixtures/seed-split.json", import.meta.url), "utf8"));
await experiment("scikit-learn's make_classification(random_state=42), the article's data", sklearn);

const data = makeClassification({ samples: 10000, features: 3, informative: 2, redundant: 1, seed: 42 });
await experiment(
  "wasmlp's makeClassification(seed 42), the same algorithm on wasmlp's own generator",
  trainTestSplit(data.X, data.y, { testSize: 0.2, seed: 42, features: 3 }),
);
