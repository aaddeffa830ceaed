// The demo page: pick data and a network, train it in a Web Worker (trainInWorker, or
// trainRegressorInWorker for numeric targets), and watch the loss and the model: decision
// regions for classes, the fitted curve or a heat map for a regressor. The plots predict
// with wasmlp/infer, from the model snapshots the worker sends. Models download as JSON or
// a standalone module, and a model file (from the CLI or toJSON/toBytes) loads to show
// its predictions.
import {
  trainInWorker, trainRegressorInWorker, exportModule, MLPRegressor,
  type Label, type MLPClassifier, type MLPClassifierOptions, type MLPRegressorOptions,
} from "wasmlp";
import { loadModel, type Model } from "wasmlp/infer";
import { readCsv, headerNames, csvFailure } from "./csv-file.js";
import { generated, fromCsv, means, type Data, type Task } from "./data.js";
import { showModelCard, accuracy, rSquared, predictTarget, type ModelInfo } from "./model-card.js";
import { drawMap, drawCurve, drawHeat, drawLoss, mapBox, scaleColor, PALETTE, SCALE_GRADIENT, type View, type Regions, type Box } from "./plot.js";

const GRID = 90;
const CURVE_POINTS = 200;
/** A learning rate that trains the toy data sets well, per optimizer; gradient descent's
 *  is the seed article's. */
const RATES: Record<string, number> = { adam: 0.01, sgd: 0.05, gd: 1.0 };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>("controls");
const datasetSelect = $<HTMLSelectElement>("dataset");
const samplesInput = $<HTMLInputElement>("samples");
const noiseInput = $<HTMLInputElement>("noise");
const labelSelect = $<HTMLSelectElement>("label-column");
const taskSelect = $<HTMLSelectElement>("task");
const layersInput = $<HTMLInputElement>("layers");
const activationSelect = $<HTMLSelectElement>("activation");
const optimizerSelect = $<HTMLSelectElement>("optimizer");
const rateInput = $<HTMLInputElement>("learning-rate");
const epochsInput = $<HTMLInputElement>("epochs");
const standardizeInput = $<HTMLInputElement>("standardize");
const trainButton = $<HTMLButtonElement>("train");
const mapCanvas = $<HTMLCanvasElement>("map");
const lossCanvas = $<HTMLCanvasElement>("loss");
const probe = $<HTMLOutputElement>("probe");
const stats = $<HTMLParagraphElement>("stats");

let seed = 1;
/** The CSV file last read, its bytes kept to read again with another label column or task. */
let csvFile: { name: string; bytes: Uint8Array; data: Data; task: string } | undefined;
let data: Data;
let trained: MLPClassifier | MLPRegressor | undefined;
let shown: { model: Model; name: string } | undefined;
let shownRequest = 0;
/** A model loaded from a file, described in the "Loaded model" card. */
let loaded: ModelInfo | undefined;
let loss: number[] = [];
let plannedEpochs = Number(epochsInput.value);
let state: "idle" | "training" | "trained" | "error" = "idle";
let training: AbortController | undefined;
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
  const samples = Math.min(5000, Math.max(20, Math.round(Number(samplesInput.value) || 400)));
  const noise = Math.min(1, Math.max(0, Number(noiseInput.value) || 0));
  return generated(datasetSelect.value, samples, noise, seed);
}

/** The square view around two features (equal scales, so circles look round), or for
 *  a curve the feature against the target. */
function viewFor(d: Data): View {
  const span = (values: number[]) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const pad = (hi - lo || 1) * 0.08;
    return [lo - pad, hi + pad];
  };
  const [xMin, xMax] = span(d.X.map((r) => r[0]));
  if (d.task === "regression" && d.X[0].length === 1) {
    const [yMin, yMax] = span(d.targets);
    return { xMin, xMax, yMin, yMax };
  }
  const [yMin, yMax] = span(d.X.map((r) => r[1] ?? 0));
  const half = Math.max(xMax - xMin, yMax - yMin) / 2;
  const cx = (xMin + xMax) / 2;
  const cy = (yMin + yMax) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

function setData(next: Data): void {
  data = next;
  view = viewFor(data);
  const isCsv = datasetSelect.value === "csv";
  samplesInput.disabled = isCsv;
  noiseInput.disabled = isCsv || datasetSelect.value.startsWith("classification");
  $("resample").toggleAttribute("disabled", isCsv);
  $("csv-fields").hidden = !isCsv;
  if (shown && shown.model.features !== data.X[0].length) shown = undefined;
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

/** The range of the regression colour scale: the targets'. */
function targetRange(): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data.targets) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
  return [lo, hi];
}

function renderLegend(): void {
  const legend = $("legend");
  legend.replaceChildren();
  if (data.task === "regression") {
    if (data.X[0].length === 1) return;
    const [lo, hi] = targetRange();
    const bar = document.createElement("i");
    bar.className = "scale";
    bar.style.background = SCALE_GRADIENT;
    const item = document.createElement("span");
    item.append(lo.toPrecision(3), bar, hi.toPrecision(3));
    legend.append(item);
    return;
  }
  for (const [label, color] of colors()) {
    const item = document.createElement("span");
    const dot = document.createElement("i");
    dot.style.background = color;
    item.append(dot, String(label));
    legend.append(item);
  }
}

/** Grid rows over the view's two features (the first two), row 0 at the top; any other
 *  feature at its mean. */
function gridRows(): Float64Array {
  const features = data.X[0].length;
  const center = means(data.X);
  const grid = new Float64Array(GRID * GRID * features);
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const row = (i * GRID + j) * features;
      grid.set(center, row);
      grid[row] = view.xMin + ((j + 0.5) / GRID) * (view.xMax - view.xMin);
      grid[row + 1] = view.yMax - ((i + 0.5) / GRID) * (view.yMax - view.yMin);
    }
  }
  return grid;
}

function regions(model: Model): Regions {
  const palette = colors();
  return { size: GRID, probabilities: model.predictProba(gridRows()), colors: model.classes.map((c) => palette.get(c) as string) };
}

/** The curve a one-feature regressor draws: its prediction at evenly spaced x. */
function curvePoints(model: Model): { x: number; y: number }[] {
  const xs = Float64Array.from({ length: CURVE_POINTS }, (_, i) => view.xMin + (i / (CURVE_POINTS - 1)) * (view.xMax - view.xMin));
  return predictTarget(model, xs).map((y, i) => ({ x: xs[i], y }));
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
function fitting(): Model | undefined {
  const model = shown?.model;
  if (!model || model.features !== data.X[0].length) return undefined;
  return (model.kind === "regressor") === (data.task === "regression") ? model : undefined;
}

function render(): void {
  const features = data.X[0].length;
  const model = fitting();
  const xLabel = data.names[0];
  const yLabel = features > 1 ? data.names[1] : "";
  if (data.task === "regression" && features === 1) {
    const points = data.X.map((r, i) => ({ x: r[0], y: data.targets[i], color: PALETTE[0] }));
    box = drawCurve(mapCanvas, { view, points, curve: model && curvePoints(model), xLabel, yLabel: data.target });
  } else if (data.task === "regression") {
    const range = targetRange();
    const color = (v: number) => `rgb(${scaleColorOf(v, range).join(",")})`;
    const points = data.X.map((r, i) => ({ x: r[0], y: r[1], color: color(data.targets[i]) }));
    box = drawHeat(mapCanvas, { view, size: GRID, values: model && predictTarget(model, gridRows()), range, points, xLabel, yLabel });
  } else {
    const palette = colors();
    const points = data.X.map((r, i) => ({ x: r[0], y: r[1] ?? 0, color: palette.get(data.y[i]) as string }));
    box = drawMap(mapCanvas, { view, points, regions: model && features >= 2 ? regions(model) : undefined, xLabel, yLabel });
  }
  $("map-title").textContent = data.task === "regression" ? (features === 1 ? "Fitted curve" : "Prediction") : "Decision boundary";
  $("map-model").textContent = shown ? `· ${shown.name}` : "";
  $("loss-unit").textContent = data.task === "regression" ? "(½ squared error, standardized targets)" : "(cross-entropy, bits)";
  const note = $("map-note");
  note.hidden = features <= 2;
  note.textContent = features <= 2 ? "" : `This data has ${features} features; the plot shows the first two, with the others held at their means.`;
  drawLoss(lossCanvas, [{ name: "training", color: PALETTE[0], epochs: loss.map((_, i) => i + 1), values: loss }], plannedEpochs);
  const parts: string[] = [];
  if (loss.length) parts.push(`epoch ${loss.length}/${plannedEpochs}`, `loss ${loss[loss.length - 1].toPrecision(4)}`);
  const score = model && (data.task === "regression" ? rSquared(model, data) : accuracy(model, data));
  if (score !== undefined) parts.push(data.task === "regression" ? `R² ${score.toFixed(4)}` : `accuracy ${(100 * score).toFixed(1)}%`);
  stats.textContent = parts.join(" · ") || "Not trained yet";
}

const scaleColorOf = (v: number, [lo, hi]: [number, number]) => scaleColor((v - lo) / (hi - lo || 1));

/** The form's options, every one given (the library's defaults may change; the page's
 *  figures should not). Threads are left to the library: they change no number. */
function readOptions(task: Task): MLPClassifierOptions & MLPRegressorOptions {
  const text = layersInput.value.trim();
  const hiddenLayers = text === "" ? [] : text.split(/[\s,]+/).map(Number);
  if (hiddenLayers.length === 0 || hiddenLayers.some((w) => !Number.isInteger(w) || w < 1 || w > 512)) {
    throw new Error("Hidden layers: give widths from 1 to 512, separated by commas, e.g. 16, 16");
  }
  const learningRate = Number(rateInput.value);
  if (!(learningRate > 0)) throw new Error("Learning rate must be a number above 0, e.g. 0.01");
  const epochs = Number(epochsInput.value);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100000) throw new Error("Epochs must be a whole number from 1 to 100000");
  return {
    hiddenLayers,
    activation: activationSelect.value as MLPClassifierOptions["activation"],
    optimizer: optimizerSelect.value as MLPClassifierOptions["optimizer"],
    learningRate,
    epochs,
    batchSize: 32,
    momentum: 0.9,
    nesterov: true,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    l2: 0,
    init: "glorot",
    standardize: standardizeInput.checked,
    shuffle: true,
    validationFraction: 0,
    patience: 10,
    tol: 1e-4,
    seed,
    ...(task === "regression" ? { standardizeTargets: true } : { classWeight: null }),
  };
}

/** Shows `bytes` (a snapshot or the final model) unless a newer one was asked for. */
async function show(bytes: Uint8Array, name: string): Promise<void> {
  const request = ++shownRequest;
  const model = await loadModel(bytes);
  if (request !== shownRequest) return;
  shown = { model, name };
  schedule();
}

async function train(): Promise<void> {
  if (training) {
    training.abort();
    return;
  }
  let options: MLPClassifierOptions & MLPRegressorOptions;
  try {
    options = readOptions(data.task);
  } catch (error) {
    say("train", (error as Error).message);
    return;
  }
  say("train", "");
  training = new AbortController();
  loss = [];
  plannedEpochs = options.epochs as number;
  state = "training";
  trainButton.textContent = "Stop";
  trainButton.classList.add("stop");
  $("model-card").hidden = true;
  loaded = undefined;
  if (matchMedia("(max-width: 820px)").matches) mapCanvas.scrollIntoView({ behavior: "smooth", block: "center" });
  const fit = {
    signal: training.signal,
    onEpoch: (_: number, value: number) => {
      loss.push(value);
      schedule();
    },
    onSnapshot: (bytes: Uint8Array, epoch: number) => void show(bytes, `epoch ${epoch}`),
  };
  try {
    const model = data.task === "regression"
      ? await trainRegressorInWorker(options, data.X, data.targets, fit)
      : await trainInWorker(options, data.X, data.y, fit);
    trained = model;
    await show(model.toBytes(), `trained, ${loss.length} epochs`);
    state = "trained";
    $<HTMLButtonElement>("download-json").disabled = false;
    $<HTMLButtonElement>("download-js").disabled = false;
  } catch (error) {
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

/** Reads the CSV again with the chosen label column and task. A failure leaves the data
 *  as it was (the previous CSV, or the generated set still selected). */
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
/** The file whose header fills the label picker, read or not. */
let pendingCsv: { name: string; bytes: Uint8Array } | undefined;

async function loadModelFile(file: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isBytes = String.fromCharCode(...bytes.subarray(0, 4)) === "WMLP";
    const source = isBytes ? bytes : new TextDecoder().decode(bytes);
    const model = await loadModel(source);
    // The target names are the library's to read (wasmlp/infer leaves them out, for size).
    const targetNames = model.kind === "regressor" ? (await (isBytes ? MLPRegressor.fromBytes(bytes) : MLPRegressor.fromJSON(source))).targetNames : undefined;
    ++shownRequest;
    shown = { model, name: file.name };
    loaded = { model, targetNames };
    say("model", "");
    renderLegend();
    showModelCard(loaded, data);
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
  const row = data.X[0].length === 1 ? [x] : [x, y, ...means(data.X).slice(2)];
  if (model.kind === "regressor") {
    const value = predictTarget(model, [row])[0];
    probe.textContent = data.X[0].length === 1 ? `${data.names[0]} = ${x.toFixed(2)} → ${value.toPrecision(4)}` : `(${x.toFixed(2)}, ${y.toFixed(2)}) → ${value.toPrecision(4)}`;
  } else {
    const p = model.predictProba([row])[0];
    const best = p.indexOf(Math.max(...p));
    probe.textContent = `(${x.toFixed(2)}, ${y.toFixed(2)}) → ${model.classes[best]} · P = ${p[best].toFixed(3)}`;
  }
  probe.hidden = false;
  probe.style.left = `${Math.min(px + 12, rect.width - probe.offsetWidth - 4)}px`;
  probe.style.top = `${Math.max(py - 32, 4)}px`;
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
  for (const input of [samplesInput, noiseInput]) input.addEventListener("change", () => setData(generate()));
  for (const select of [labelSelect, taskSelect]) {
    select.addEventListener("change", () => pendingCsv && readCsvFile(pendingCsv.name, pendingCsv.bytes, labelSelect.value));
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
    get accuracy() { const m = fitting(); return m && accuracy(m, data); },
    get r2() { const m = fitting(); return m && rSquared(m, data); },
    get data() { return { task: data.task, X: data.X, y: data.y, targets: data.targets, names: data.names, target: data.target }; },
    get view() { return { ...view }; },
    get box() { return { ...box }; },
    /** The trained model's JSON (the last training's), if any. */
    model: () => trained?.toJSON(),
    get shown() { return shown?.name; },
  },
});

listen();
setData(generate());
