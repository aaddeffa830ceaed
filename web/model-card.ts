// The "Loaded model" card: what a model file holds, how it does on the current data, and
// its first few predictions.
import type { Model } from "wasmlp/infer";
import { accuracy, type Data } from "./data.js";

const SHOWN_ROWS = 8;
const SHOWN_FEATURES = 4;

function summary(model: Model, data: Data): string {
  const features = data.X[0].length;
  const about = `Widths ${model.sizes.join(" → ")}, ${model.activation} hidden layers, classes ${model.classes.map(String).join(", ")}. `;
  const score = accuracy(model, data);
  if (score !== undefined) return `${about}On the current data (${data.X.length} rows) it classifies ${(100 * score).toFixed(1)}% right.`;
  return `${about}It takes ${model.features} features but the current data has ${features}: drop a CSV with ${model.features} feature columns and a label to see its predictions.`;
}

function fillTable(table: HTMLTableElement, model: Model, data: Data): void {
  table.replaceChildren();
  if (model.features !== data.X[0].length) return;
  const more = data.X[0].length > SHOWN_FEATURES ? ["…"] : [];
  const rows = data.X.slice(0, SHOWN_ROWS);
  const proba = model.predictProba(rows);
  const labels = model.predict(rows);
  const head = table.insertRow();
  for (const text of [...data.names.slice(0, SHOWN_FEATURES), ...more, "label", "predicted", "P"]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.append(th);
  }
  rows.forEach((row, i) => {
    const tr = table.insertRow();
    const cells = [...row.slice(0, SHOWN_FEATURES).map((v) => v.toPrecision(4)), ...more, String(data.y[i]), String(labels[i]), Math.max(...proba[i]).toFixed(3)];
    for (const text of cells) tr.insertCell().textContent = text;
    if (labels[i] !== data.y[i]) tr.cells[tr.cells.length - 2].className = "wrong";
  });
}

/** Fills and shows the card for `model` against `data`. */
export function showModelCard(model: Model, data: Data): void {
  (document.getElementById("model-summary") as HTMLElement).textContent = summary(model, data);
  fillTable(document.getElementById("predictions") as HTMLTableElement, model, data);
  (document.getElementById("model-card") as HTMLElement).hidden = false;
}
