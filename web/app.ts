// The demo page: pick data and a network, train it in a Web Worker (trainInWorker, or
// trainRegressorInWorker for numeric targets) on the rows not held out, and watch the
// training and test losses, the model's picture (decision regions for classes, the fitted
// curve or a heat map for a regressor, over two features of the user's choice with the
// others at their means) and the network's weights. The plots predict with wasmlp/infer,
// from the model snapshots the worker sends. Models download as JSON or a standalone
// module, and a model file (from the CLI or toJSON/toBytes) loads to show its predictions.
import {
  trainInWorker, trainRegressorInWorker, exportModule, MLPRegressor,
  type Label, type MLPClassifier, type MLPClassifierOptions, type MLPRegressorOptions,
} from "wasmlp";
import { loadModel, type Model } from "wasmlp/infer";
import { readModel } from "../bindings/io/model-file.js";
import { readCsv, headerNames, csvFailure } from "./csv-file.js";
import { generated, fromCsv, means, splitRows, type Data, type Task } from "./data.js";
import { showModelCard, type ModelInfo } from "./model-card.js";
import { fits, lossOn, predictTarget, scoreOn } from "./held-out.js";
import { drawNetwork } from "./network-view.js";
import { mapBox, PALETTE, SCALE_GRADIENT, type View, type Box } from "./plot.js";
import { drawLoss } from "./loss-plot.js";
import { readOptions, setPreset, RATES } from "./settings.js";
import { renderMap, viewFor, targetRange, inputAt, oneFeatureCurve } from "./map-view.js";

const TEST_COLOR = PALETTE[1];

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>("controls");
const datasetSelect = $<HTMLSelectElement>("dataset");
const samplesInput = $<HTMLInputElement>("samples");
const noiseInput = $<HTMLInputElement>("noise");
const testInput = $<HTMLInputElement>("test");
const labelSelect = $<HTMLSelectElement>("label-column");
const taskSelect = $<HTMLSelectElement>("task");
const plotX = $<HTMLSelectElement>("plot-x");
const plotY = $<HTMLSelectElement>("plot-y");
const presetSelect = $<HTMLSelectElement>("preset");
const optimizerSelect = $<HTMLSelectElement>("optimizer");
const rateInput = $<HTMLInputElement>("learning-rate");
const epochsInput = $<HTMLInputElement>("epochs");
const trainButton = $<HTMLButtonElement>("train");
const mapCanvas = $<HTMLCanvasElement>("map");
const lossCanvas = $<HTMLCanvasElement>("loss");
const networkSvg = document.getElementById("network") as unknown as SVGSVGElement;
const probe = $<HTMLOutputElement>("probe");
const stats = $<HTMLParagraphElement>("stats");

let seed = 1;
/** The CSV file last read, its bytes kept to read again with another label column or task. */
let csvFile: { name: string; bytes: Uint8Array; data: Data; task: string } | undefined;
/** The file whose header fills the label picker, read or not. */
let pendingCsv: { name: string; bytes: Uint8Array } | undefined;
let data: Data;
/** Rows trained on and rows held out. */
let split: { train: number[]; test: number[] } = { train: [], test: [] };
/** The two features the map shows. */
let plotted: [number, number] = [0, 1];
let trained: MLPClassifier | MLPRegressor | undefined;
let shown: { model: Model; name: string } | undefined;
let shownRequest = 0;
/** A model loaded from a file, described in the "Loaded model" card. */
let loaded: ModelInfo | undefined;
let loss: number[] = [];
/** The held-out rows' loss, at the epochs of the snapshots it was measured on. */
let testLoss: { epochs: number[]; values: number[] } = { epochs: [], values: [] };
let plannedEpochs = Number(epochsInput.value);
let state: "idle" | "training" | "trained" | "error" = "idle";
let training: AbortController | undefined;
/** Counts trainings and model loads: a training whose count is no longer the latest (a
 *  file was loaded meanwhile) is dropped when it ends. */
let runs = 0;
let view: View = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
let box: Box = { left: 0, top: 0, width: 1, height: 1 };

/** Shows `text` in the message box of the card the user acted in, where they are
 *  looking: "data" (under the CSV drop), "train" (under the Train button) or "model"
 *  (under the model file button). */
function say(where: "data" | "train" | "model", text: string, kind: "error" | "info" = "error"): void {
  const box = $(`${where}-message`);
  box.textContent = text;
  box.className = `message${kind === "info" ? " info" : ""}`;
  box.hidden = !text;
  if (text && kind === "error") box.scrollIntoView({ block: "nearest" });
}

function generate(): Data {
  if (datasetSelect.value === "csv" && csvFile) return csvFile.data;
  const samples = Math.min(10000, Math.max(20, Math.round(Number(samplesInput.value) || 400)));
  const noise = Math.min(1, Math.max(0, Number(noiseInput.value) || 0));
  return generated(datasetSelect.value, samples, noise, seed);
}


/** The held-out fraction the form asks for, 0 to 0.5. */
const testFraction = (): number => Math.min(50, Math.max(0, Number(testInput.value) || 0)) / 100;

function fillFeaturePickers(): void {
  const features = data.X[0].length;
  $("plot-fields").hidden = features <= 2;
  if (features <= 2) return;
  for (const [select, at] of [[plotX, plotted[0]], [plotY, plotted[1]]] as const) {
    select.replaceChildren(...data.names.map((name, i) => new Option(name, String(i))));
    select.value = String(at);
  }
}

function setData(next: Data): void {
  data = next;
  split = splitRows(data.X.length, testFraction(), seed);
  plotted = [0, Math.min(1, data.X[0].length - 1)];
  view = viewFor(data, plotted);
  const isCsv = datasetSelect.value === "csv";
  samplesInput.disabled = isCsv;
  noiseInput.disabled = isCsv || datasetSelect.value.startsWith("classification");
  $("resample").toggleAttribute("disabled", isCsv);
  $("csv-fields").hidden = !isCsv;
  fillFeaturePickers();
  if (shown && !fits(shown.model, data)) shown = undefined;
  if (loaded) showModelCard(loaded, data);
  renderLegend();
  schedule();
}

/** The colour of a label: by its place in the data's classes, then the model's. */
function colors(): Map<Label, string> {
  const labels = [...data.classes];
  for (const c of shown?.model.classes ?? []) if (!labels.includes(c)) labels.push(c);
  return new Map(labels.map((label, i) => [label, PALETTE[i % PALETTE.length]]));
}


function renderLegend(): void {
  const legend = $("legend");
  legend.replaceChildren();
  if (data.task === "regression") {
    if (oneFeatureCurve(data)) return;
    const [lo, hi] = targetRange(data);
    const bar = document.createElement("i");
    bar.className = "scale";
    bar.style.background = SCALE_GRADIENT;
    const item = document.createElement("span");
    item.append(lo.toPrecision(3), bar, hi.toPrecision(3));
    legend.append(item);
  } else {
    for (const [label, color] of colors()) {
      const item = document.createElement("span");
      const dot = document.createElement("i");
      dot.style.background = color;
      item.append(dot, String(label));
      legend.append(item);
    }
  }
  if (split.test.length) {
    const item = document.createElement("span");
    const ring = document.createElement("i");
    ring.className = "ring";
    item.append(ring, "held out");
    legend.append(item);
  }
}





let pending = false;
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

/** The shown model, if it predicts what the current data holds from its features. */
const fitting = (): Model | undefined => (shown && fits(shown.model, data) ? shown.model : undefined);


function render(): void {
  const model = fitting();
  const features = data.X[0].length;
  box = renderMap(mapCanvas, { data, plotted, view, test: split.test, model, colors: colors() });
  $("map-title").textContent = data.task === "regression" ? (features === 1 ? "Fitted curve" : "Prediction") : "Decision boundary";
  $("map-model").textContent = shown ? `· ${shown.name}` : "";
  const note = $("map-note");
  note.hidden = features <= 2;
  note.textContent = features <= 2 ? "" : `This data has ${features} features: the map shows ${data.names[plotted[0]]} and ${data.names[plotted[1]]}, with the others held at their means.`;
  $("loss-unit").textContent = data.task === "regression" ? "(½ squared error, standardized targets)" : "(cross-entropy, bits)";
  drawLoss(lossCanvas, [
    { name: "training", color: PALETTE[0], epochs: loss.map((_, i) => i + 1), values: loss },
    { name: "test", color: TEST_COLOR, ...testLoss },
  ], plannedEpochs);
  $("loss-legend").hidden = !loss.length && !testLoss.values.length;
  const parts: string[] = [];
  if (loss.length) parts.push(`epoch ${loss.length}/${plannedEpochs}`, `training loss ${loss[loss.length - 1].toPrecision(4)}`);
  if (testLoss.values.length) parts.push(`test loss ${(testLoss.values.at(-1) as number).toPrecision(4)}`);
  if (model) {
    const name = data.task === "regression" ? "R²" : "accuracy";
    const shownScore = (v: number) => (data.task === "regression" ? v.toFixed(4) : `${(100 * v).toFixed(1)}%`);
    const train = scoreOn(model, data, split.train);
    const test = scoreOn(model, data, split.test);
    if (train !== undefined) parts.push(`${name} ${shownScore(train)}${test !== undefined ? ` (test ${shownScore(test)})` : ""}`);
  }
  if (!parts.length && loaded) parts.push(`Loaded ${shown?.name ?? "a model"}: train to see its loss`);
  stats.textContent = parts.join(" · ") || "Not trained yet";
}


/** The output units' names: the classes (one unit for two), or the targets. */
function outputNames(model: Model, targetNames?: string[]): string[] {
  const outputs = model.sizes.at(-1) as number;
  if (model.kind === "regressor") return Array.from({ length: outputs }, (_, k) => targetNames?.[k] ?? (outputs === 1 ? data.target : `target ${k + 1}`));
  return outputs === 1 ? [`P(${model.classes[1]})`] : model.classes.map(String);
}

function showNetwork(model: Model, source: Uint8Array | object, caption: string, targetNames?: string[]): void {
  const inputs = model.featureNames ?? (model.features === data.X[0].length ? data.names : Array.from({ length: model.features }, (_, i) => `x${i + 1}`));
  drawNetwork(networkSvg, source, inputs, outputNames(model, targetNames));
  $("network-caption").textContent = caption;
  $("network-card").hidden = false;
}

/** Shows `bytes` (a snapshot or the final model) unless a newer one was asked for; with
 *  held-out rows, measures their loss at `epoch`. */
async function show(bytes: Uint8Array, name: string, epoch: number): Promise<void> {
  const request = ++shownRequest;
  const rows = data;
  const model = await loadModel(bytes);
  // Every snapshot measures the held-out loss; only the newest is drawn.
  if (rows === data && split.test.length && epoch > (testLoss.epochs.at(-1) ?? 0)) {
    const scale = readModel(bytes).targetScaler?.scale[0] ?? 1;
    testLoss.epochs.push(epoch);
    testLoss.values.push(lossOn(model, data, split.test, scale));
    schedule();
  }
  if (request !== shownRequest) return;
  shown = { model, name };
  showNetwork(model, bytes, name);
  schedule();
}

/** Empties the loss card, the stats and the network view: a new model is coming. */
function resetCards(): void {
  loss = [];
  testLoss = { epochs: [], values: [] };
  trained = undefined;
  $<HTMLButtonElement>("download-json").disabled = true;
  $<HTMLButtonElement>("download-js").disabled = true;
  $("network-card").hidden = true;
}

async function train(): Promise<void> {
  if (training) {
    training.abort();
    return;
  }
  let options: MLPClassifierOptions & MLPRegressorOptions;
  try {
    options = readOptions(data.task, seed);
  } catch (error) {
    say("train", (error as Error).message);
    return;
  }
  say("train", "");
  training = new AbortController();
  const run = ++runs;
  resetCards();
  plannedEpochs = options.epochs as number;
  state = "training";
  trainButton.textContent = "Stop";
  trainButton.classList.add("stop");
  $("model-card").hidden = true;
  loaded = undefined;
  shown = undefined;
  if (matchMedia("(max-width: 820px)").matches) mapCanvas.scrollIntoView({ behavior: "smooth", block: "center" });
  const fit = {
    signal: training.signal,
    onEpoch: (_: number, value: number) => {
      if (run !== runs) return;
      loss.push(value);
      schedule();
    },
    onSnapshot: (bytes: Uint8Array, epoch: number) => void (run === runs && show(bytes, `epoch ${epoch}`, epoch)),
    // Each snapshot is a point of the test-loss curve: four times the default's.
    snapshotInterval: 25,
  };
  const X = split.train.map((i) => data.X[i]);
  try {
    const model = data.task === "regression"
      ? await trainRegressorInWorker(options, X, split.train.map((i) => data.targets[i]), fit)
      : await trainInWorker(options, X, split.train.map((i) => data.y[i]), fit);
    if (run !== runs) return;
    trained = model;
    await show(model.toBytes(), `trained, ${loss.length} epochs`, loss.length);
    state = "trained";
    $<HTMLButtonElement>("download-json").disabled = false;
    $<HTMLButtonElement>("download-js").disabled = false;
  } catch (error) {
    if (run !== runs) return;
    state = "error";
    say("train", (error as Error).message);
  } finally {
    training = undefined;
    trainButton.textContent = "Train";
    trainButton.classList.remove("stop");
    schedule();
  }
}

function download(text: string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads the CSV (again) with the chosen label column and task. A failure leaves the
 *  data as it was (the previous CSV, or the data set still selected). */
function readCsvFile(name: string, bytes: Uint8Array, label: string | undefined): void {
  try {
    const read = readCsv(name, bytes, label, taskSelect.value as Task | "auto");
    csvFile = { name, bytes, data: fromCsv(read), task: taskSelect.value };
    const option = datasetSelect.querySelector<HTMLOptionElement>('option[value="csv"]') as HTMLOptionElement;
    option.disabled = false;
    option.textContent = `CSV: ${name}`;
    datasetSelect.value = "csv";
    labelSelect.value = csvFile.data.target;
    const { data: d } = csvFile;
    const outputs = d.task === "regression" ? `target "${d.target}"` : `${d.classes.length} classes`;
    say("data", `Loaded ${read.table.rows} rows, ${d.names.length} features, ${outputs} from ${name}. Task: ${read.why}.`, "info");
    setData(csvFile.data);
  } catch (error) {
    say("data", csvFailure(name, error));
    // Another label or task for the file in use: the pickers go back to what it was read with.
    if (csvFile && csvFile.bytes === bytes) {
      labelSelect.value = csvFile.data.target;
      taskSelect.value = csvFile.task;
    }
  }
}

async function loadCsv(file: File): Promise<void> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let columns: string[];
  try {
    columns = headerNames(file.name, bytes);
  } catch (error) {
    say("data", csvFailure(file.name, error));
    return;
  }
  pendingCsv = { name: file.name, bytes };
  taskSelect.value = "auto";
  labelSelect.replaceChildren(...columns.map((c) => new Option(c, c)));
  labelSelect.value = columns[columns.length - 1];
  $("csv-fields").hidden = false;
  readCsvFile(file.name, bytes, undefined);
}

async function loadModelFile(file: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isBytes = String.fromCharCode(...bytes.subarray(0, 4)) === "WMLP";
    const source = isBytes ? bytes : new TextDecoder().decode(bytes);
    const model = await loadModel(source);
    // The target names are the library's to read (wasmlp/infer leaves them out, for size).
    const targetNames = model.kind === "regressor" ? (await (isBytes ? MLPRegressor.fromBytes(bytes) : MLPRegressor.fromJSON(source))).targetNames : undefined;
    // A training under way stops, and its model is dropped: the file's is shown.
    if (training) {
      training.abort();
      state = "idle";
    }
    ++runs;
    ++shownRequest;
    resetCards();
    shown = { model, name: file.name };
    loaded = { model, targetNames };
    say("model", "");
    renderLegend();
    showModelCard(loaded, data);
    showNetwork(model, isBytes ? bytes : JSON.parse(source as string), file.name, targetNames);
    schedule();
  } catch (error) {
    say("model", `Could not load ${file.name}: ${(error as Error).message}`);
  }
}

function showProbe(event: PointerEvent): void {
  const model = fitting();
  const rect = mapCanvas.getBoundingClientRect();
  const b = mapBox(mapCanvas.clientWidth, mapCanvas.clientHeight);
  const px = event.clientX - rect.left;
  const py = event.clientY - rect.top;
  const u = (px - b.left) / b.width;
  const v = (py - b.top) / b.height;
  if (!model || u < 0 || u > 1 || v < 0 || v > 1) {
    probe.hidden = true;
    return;
  }
  const x = view.xMin + u * (view.xMax - view.xMin);
  const y = view.yMax - v * (view.yMax - view.yMin);
  const curve = oneFeatureCurve(data);
  const row = inputAt(means(data.X), plotted, x, y);
  const where = curve ? `${data.names[0]} = ${x.toFixed(2)}` : `(${x.toFixed(2)}, ${y.toFixed(2)})`;
  if (model.kind === "regressor") {
    probe.textContent = `${where} → ${predictTarget(model, [row])[0].toPrecision(4)}`;
  } else {
    const p = model.predictProba([row])[0];
    const best = p.indexOf(Math.max(...p));
    probe.textContent = `${where} → ${model.classes[best]} · P = ${p[best].toFixed(3)}`;
  }
  probe.hidden = false;
  probe.style.left = `${Math.min(px + 12, rect.width - probe.offsetWidth - 4)}px`;
  probe.style.top = `${Math.max(py - 32, 4)}px`;
}

function applyPreset(name: string): void {
  if (!setPreset(name)) return;
  say("data", "");
  setData(generate());
}

function listen(): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void train();
  });
  datasetSelect.addEventListener("change", () => {
    say("data", "");
    setData(generate());
  });
  optimizerSelect.addEventListener("change", () => (rateInput.value = String(RATES[optimizerSelect.value])));
  for (const input of [samplesInput, noiseInput, testInput]) input.addEventListener("change", () => setData(generate()));
  for (const select of [labelSelect, taskSelect]) {
    select.addEventListener("change", () => pendingCsv && readCsvFile(pendingCsv.name, pendingCsv.bytes, labelSelect.value));
  }
  for (const [select, axis] of [[plotX, 0], [plotY, 1]] as const) {
    select.addEventListener("change", () => {
      plotted[axis] = Number(select.value);
      view = viewFor(data, plotted);
      schedule();
    });
  }
  presetSelect.addEventListener("change", () => applyPreset(presetSelect.value));
  // Editing a setting by hand leaves the preset.
  for (const id of ["dataset", "samples", "noise", "test", "layers", "activation", "optimizer", "learning-rate", "epochs", "init", "standardize"]) {
    $(id).addEventListener("input", () => (presetSelect.value = "custom"));
  }
  $("resample").addEventListener("click", () => {
    seed++;
    setData(generate());
  });
  $<HTMLInputElement>("csv-file").addEventListener("change", (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void loadCsv(file);
  });
  $<HTMLInputElement>("model-file").addEventListener("change", (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void loadModelFile(file);
  });
  const drop = $("drop");
  document.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  document.addEventListener("dragleave", (event) => {
    if (!event.relatedTarget) drop.classList.remove("over");
  });
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    if (/\.(json|wmlp)$/i.test(file.name)) void loadModelFile(file);
    else void loadCsv(file);
  });
  $("download-json").addEventListener("click", () => trained && download(JSON.stringify(trained.toJSON()), "wasmlp-model.json", "application/json"));
  $("download-js").addEventListener("click", () => trained && download(exportModule(trained.toBytes()), "wasmlp-model.js", "text/javascript"));
  mapCanvas.addEventListener("pointermove", showProbe);
  mapCanvas.addEventListener("pointerleave", () => (probe.hidden = true));
  new ResizeObserver(schedule).observe(mapCanvas);
  new ResizeObserver(schedule).observe(lossCanvas);
}

/** For tests and the console: what the page shows. */
Object.assign(globalThis, {
  wasmlpDemo: {
    get state() { return state; },
    get loss() { return [...loss]; },
    get testLoss() { return structuredClone(testLoss); },
    get accuracy() { const m = fitting(); return m && data.task === "classification" ? scoreOn(m, data, split.train) : undefined; },
    get r2() { const m = fitting(); return m && data.task === "regression" ? scoreOn(m, data, split.train) : undefined; },
    get testScore() { const m = fitting(); return m && scoreOn(m, data, split.test); },
    get data() { return { task: data.task, X: data.X, y: data.y, targets: data.targets, names: data.names, target: data.target }; },
    get split() { return structuredClone(split); },
    get plotted() { return [...plotted]; },
    get view() { return { ...view }; },
    get box() { return { ...box }; },
    /** The trained model's JSON (the last training's), if any. */
    model: () => trained?.toJSON(),
    get shown() { return shown?.name; },
  },
});

listen();
setData(generate());
