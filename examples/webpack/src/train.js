// Training in a Web Worker, so the page stays responsive: trainInWorker runs the fit in a
// module worker and reports every epoch. Only the small worker client is in this page's
// bundle; the training cores load in the worker, and the trained model's own code loads
// when training is done. Predictions then run with wasmlp/infer on the model's bytes.
import { trainInWorker } from "wasmlp";
import { loadModel } from "wasmlp/infer";

// Two interleaved half circles ("moons"), made here: any rows of numbers and labels will do.
const X = [];
const y = [];
for (let i = 0; i < 200; i++) {
  const label = i % 2;
  const t = (Math.PI * (i >> 1)) / 99;
  X.push(label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)]);
  y.push(label === 0 ? "red" : "blue");
}

const status = document.querySelector("#status");
const options = { hiddenLayers: [16], activation: "tanh", optimizer: "adam", learningRate: 0.05, epochs: 300, seed: 7 };
const model = await trainInWorker(options, X, y, {
  onEpoch: (epoch, loss) => (status.textContent = `epoch ${epoch}: training loss ${loss.toFixed(4)} bits`),
});
const predictor = await loadModel(model.toBytes());
const predicted = predictor.predict(X);
const accuracy = predicted.filter((label, i) => label === y[i]).length / y.length;
status.textContent += `\ntraining accuracy ${accuracy.toFixed(3)}`;
// For the tests that run this page (tests/bundlers.test.js).
globalThis.wasmlpExample = { options, X, y, proba: predictor.predictProba(X), accuracy };
