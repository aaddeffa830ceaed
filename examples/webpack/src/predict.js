// Predictions in the page with wasmlp/infer (about 4 KB gzipped, WebAssembly included): it
// loads a model file written by `wasmlp train` or by toJSON/toBytes, and predicts.
import { loadModel } from "wasmlp/infer";

const model = await loadModel(await (await fetch("model.json")).text());
// Rows with as many columns as the model has features; here a few points on a line.
const rows = Array.from({ length: 5 }, (_, i) => Array.from({ length: model.features }, (_, c) => i - 2 + c / 2));
const proba = model.predictProba(rows);
const labels = model.predict(rows);
document.querySelector("#out").textContent = rows
  .map((row, i) => `${row.join(", ")} → ${labels[i]} (${proba[i].map((p) => p.toFixed(3)).join(" / ")})`)
  .join("\n");
// For the tests that run this page (tests/bundlers.test.js).
globalThis.wasmlpExample = { rows, proba, labels };
