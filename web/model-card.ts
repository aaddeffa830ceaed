// The "Loaded model" card: what a model file holds, how it does on the current data, and
// its first few predictions (a classifier's labels and probability, a regressor's values).
import type { Model } from "wasmlp/infer";
import { r2, type Data } from "./data.js";

const SHOWN_ROWS = 8;
const SHOWN_FEATURES = 4;

/** What a model file says beside what wasmlp/infer reads: its target columns' names. */
export interface ModelInfo {
  model: Model;
  targetNames?: string[];
}

/** The fraction of rows a classifier labels right, or undefined if it does not fit `data`. */
export function accuracy(model: Model, data: Data, rows?: number[]): number | undefined {
  if (model.kind !== "classifier" || data.task !== "classification" || model.features !== data.X[0].length) return undefined;
  const picked = rows ?? data.X.map((_, i) => i);
  if (!picked.length) return undefined;
  const predicted = model.predict(picked.map((i) => data.X[i]));
  return predicted.filter((p, k) => p === data.y[picked[k]]).length / picked.length;
}

/** A regressor's first target for each row of X. */
export function predictTarget(model: Model, X: number[][] | Float64Array): number[] {
  return (model.predict(X) as (number | number[])[]).map((p) => (typeof p === "number" ? p : p[0]));
}

/** R² of a regressor's (first) target on `rows` of `data`, or undefined if it does not fit. */
export function rSquared(model: Model, data: Data, rows?: number[]): number | undefined {
  if (model.kind !== "regressor" || data.task !== "regression" || model.features !== data.X[0].length) return undefined;
  const picked = rows ?? data.X.map((_, i) => i);
  if (picked.length < 2) return undefined;
  return r2(picked.map((i) => data.targets[i]), predictTarget(model, picked.map((i) => data.X[i])));
}

function summary({ model, targetNames }: ModelInfo, data: Data): string {
  const features = data.X[0].length;
  const outputs = model.sizes.at(-1) as number;
  const what = model.kind === "regressor"
    ? `a regressor of ${outputs} target${outputs > 1 ? "s" : ""}${targetNames ? ` (${targetNames.join(", ")})` : ""}${outputs > 1 ? "; the page shows the first" : ""}`
    : `classes ${model.classes.map(String).join(", ")}`;
  const about = `Widths ${model.sizes.join(" → ")}, ${model.activation} hidden layers, ${what}. `;
  if (model.features !== features) {
    return `${about}It takes ${model.features} features but the current data has ${features}: choose data with ${model.features} feature columns to see its predictions.`;
  }
  if (model.kind === "regressor") {
    const score = rSquared(model, data);
    if (score === undefined) return `${about}The current data has classes, not numbers: choose a regression data set or a CSV with a numeric target to score it.`;
    return `${about}On the current data (${data.X.length} rows) its R² is ${score.toFixed(4)}.`;
  }
  const score = accuracy(model, data);
  if (score === undefined) return `${about}The current data has numeric targets, not classes: choose a classification data set to score it.`;
  return `${about}On the current data (${data.X.length} rows) it classifies ${(100 * score).toFixed(1)}% right.`;
}

function fillTable(table: HTMLTableElement, model: Model, data: Data): void {
  table.replaceChildren();
  if (model.features !== data.X[0].length) return;
  const regressor = model.kind === "regressor";
  if (regressor !== (data.task === "regression")) return;
  const more = data.X[0].length > SHOWN_FEATURES ? ["…"] : [];
  const rows = data.X.slice(0, SHOWN_ROWS);
  const head = table.insertRow();
  for (const text of [...data.names.slice(0, SHOWN_FEATURES), ...more, regressor ? data.target : "label", "predicted", ...(regressor ? [] : ["P"])]) {
    const th = document.createElement("th");
    th.textContent = text;
    head.append(th);
  }
  const values = regressor ? predictTarget(model, rows) : [];
  const proba = regressor ? [] : model.predictProba(rows);
  const labels = regressor ? [] : model.predict(rows);
  rows.forEach((row, i) => {
    const tr = table.insertRow();
    const features = [...row.slice(0, SHOWN_FEATURES).map((v) => v.toPrecision(4)), ...more];
    const cells = regressor
      ? [...features, data.targets[i].toPrecision(4), values[i].toPrecision(4)]
      : [...features, String(data.y[i]), String(labels[i]), Math.max(...proba[i]).toFixed(3)];
    for (const text of cells) tr.insertCell().textContent = text;
    if (!regressor && labels[i] !== data.y[i]) tr.cells[tr.cells.length - 2].className = "wrong";
  });
}

/** Fills and shows the card for `info` against `data`. */
export function showModelCard(info: ModelInfo, data: Data): void {
  (document.getElementById("model-summary") as HTMLElement).textContent = summary(info, data);
  fillTable(document.getElementById("predictions") as HTMLTableElement, info.model, data);
  (document.getElementById("model-card") as HTMLElement).hidden = false;
}
