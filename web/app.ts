// The demo page: pick data and a network, train it in a Web Worker (trainInWorker), and
// watch the loss and the decision regions; the plots predict with wasmlp/infer, from
// the model snapshots the worker sends. Models download as JSON or a standalone module,
// and a model file (from the CLI or toJSON/toBytes) loads to show its predictions.
import { trainInWorker, exportModule, type Label, type MLPClassifier, type MLPClassifierOptions } from "wasmlp";
import { loadModel, type Model } from "wasmlp/infer";
import { readCsv, csvFailure } from "./csv-file.js";
import { generated, fromCsv, viewOf, accuracy, type Data } from "./data.js";
import { showModelCard } from "./model-card.js";
import { drawMap, drawLoss, mapBox, PALETTE, type View, type Regions } from "./plot.js";

const GRID = 90;
/** A learning rate that trains the toy data sets well, per optimizer. */
const RATES: Record<string, number> = { adam: 0.01, sgd: 0.05, gd: 0.5 };

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = $<HTMLFormElement>("controls");
const datasetSelect = $<HTMLSelectElement>("dataset");
const samplesInput = $<HTMLInputElement>("samples");
const noiseInput = $<HTMLInputElement>("noise");
const layersInput = $<HTMLInputElement>("layers");
const activationSelect = $<HTMLSelectElement>("activation");
const optimizerSelect = $<HTMLSelectElement>("optimizer");
const rateInput = $<HTMLInputElement>("learning-rate");
const epochsInput = $<HTMLInputElement>("epochs");
const standardizeInput = $<HTMLInputElement>("standardize");
const trainButton = $<HTMLButtonElement>("train");
const message = $<HTMLParagraphElement>("message");
const mapCanvas = $<HTMLCanvasElement>("map");
const lossCanvas = $<HTMLCanvasElement>("loss");
const probe = $<HTMLOutputElement>("probe");
const stats = $<HTMLParagraphElement>("stats");

let seed = 1;
let csv: Data | undefined;
let data: Data;
let trained: MLPClassifier | undefined;
let shown: { model: Model; name: string } | undefined;
let shownRequest = 0;
/** A model loaded from a file, described in the "Loaded model" card. */
let loaded: Model | undefined;
let loss: number[] = [];
let plannedEpochs = Number(epochsInput.value);
let state: "idle" | "training" | "trained" | "error" = "idle";
let training: AbortController | undefined;
let view: View = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };

function say(text: string, kind: "error" | "info" = "error"): void {
  message.textContent = text;
  message.className = `message${kind === "info" ? " info" : ""}`;
  message.hidden = !text;
}

function generate(): Data {
  if (datasetSelect.value === "csv" && csv) return csv;
  const samples = Math.min(5000, Math.max(20, Math.round(Number(samplesInput.value) || 400)));
  const noise = Math.min(1, Math.max(0, Number(noiseInput.value) || 0));
  return generated(datasetSelect.value, samples, noise, seed);
}

function setData(next: Data): void {
  data = next;
  view = viewOf(data);
  noiseInput.disabled = !["moons", "circles"].includes(datasetSelect.value);
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

function renderLegend(): void {
  const legend = $("legend");
  legend.replaceChildren();
  for (const [label, color] of colors()) {
    const item = document.createElement("span");
    const dot = document.createElement("i");
    dot.style.background = color;
    item.append(dot, String(label));
    legend.append(item);
  }
}

function regions(model: Model): Regions {
  const grid = new Float64Array(GRID * GRID * 2);
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      grid[(i * GRID + j) * 2] = view.xMin + ((j + 0.5) / GRID) * (view.xMax - view.xMin);
      grid[(i * GRID + j) * 2 + 1] = view.yMax - ((i + 0.5) / GRID) * (view.yMax - view.yMin);
    }
  }
  const palette = colors();
  return { size: GRID, probabilities: model.predictProba(grid), colors: model.classes.map((c) => palette.get(c) as string) };
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

function render(): void {
  const twoD = data.X[0].length === 2;
  const palette = colors();
  const model = shown && shown.model.features === 2 && twoD ? shown.model : undefined;
  drawMap(mapCanvas, {
    view,
    points: data.X.map((r, i) => ({ x: r[0], y: r[1] ?? 0, color: palette.get(data.y[i]) as string })),
    regions: model && regions(model),
    xLabel: data.names[0],
    yLabel: twoD ? data.names[1] : "",
  });
  $("map-model").textContent = shown ? `· ${shown.name}` : "";
  const note = $("map-note");
  note.hidden = twoD;
  note.textContent = twoD ? "" : `This data has ${data.X[0].length} features; the plot shows the first${data.X[0].length > 1 ? " two" : ""}, without decision regions.`;
  drawLoss(lossCanvas, loss, plannedEpochs);
  const parts: string[] = [];
  if (loss.length) parts.push(`epoch ${loss.length}/${plannedEpochs}`, `loss ${loss[loss.length - 1].toPrecision(4)}`);
  const score = shown && accuracy(shown.model, data);
  if (score !== undefined) parts.push(`accuracy ${(100 * score).toFixed(1)}%`);
  stats.textContent = parts.join(" · ") || "Not trained yet";
}

function readOptions(): MLPClassifierOptions {
  const text = layersInput.value.trim();
  const hiddenLayers = text === "" ? [] : text.split(/[\s,]+/).map(Number);
  if (hiddenLayers.some((w) => !Number.isInteger(w) || w < 1 || w > 512)) {
    throw new Error("Hidden layers: give widths from 1 to 512, separated by commas, e.g. 16, 16");
  }
  const learningRate = Number(rateInput.value);
  if (!(learningRate > 0)) throw new Error("Learning rate must be a number above 0, e.g. 0.01");
  const epochs = Number(epochsInput.value);
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100000) throw new Error("Epochs must be a whole number from 1 to 100000");
  const optimizer = optimizerSelect.value as MLPClassifierOptions["optimizer"];
  return {
    hiddenLayers,
    activation: activationSelect.value as MLPClassifierOptions["activation"],
    optimizer,
    learningRate,
    epochs,
    standardize: standardizeInput.checked,
    init: "glorot",
    batchSize: 32,
    seed,
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
  let options: MLPClassifierOptions;
  try {
    options = readOptions();
  } catch (error) {
    say((error as Error).message);
    return;
  }
  say("");
  training = new AbortController();
  loss = [];
  plannedEpochs = options.epochs as number;
  state = "training";
  trainButton.textContent = "Stop";
  trainButton.classList.add("stop");
  $("model-card").hidden = true;
  loaded = undefined;
  if (matchMedia("(max-width: 820px)").matches) mapCanvas.scrollIntoView({ behavior: "smooth", block: "center" });
  try {
    const clf = await trainInWorker(options, data.X, data.y, {
      signal: training.signal,
      onEpoch: (_, value) => {
        loss.push(value);
        schedule();
      },
      onSnapshot: (bytes, epoch) => void show(bytes, `epoch ${epoch}`),
    });
    trained = clf;
    await show(clf.toBytes(), `trained, ${loss.length} epochs`);
    state = "trained";
    ($<HTMLButtonElement>("download-json")).disabled = false;
    ($<HTMLButtonElement>("download-js")).disabled = false;
  } catch (error) {
    state = "error";
    say((error as Error).message);
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

async function loadCsv(file: File): Promise<void> {
  try {
    const read = readCsv(file.name, new Uint8Array(await file.arrayBuffer()));
    csv = fromCsv(read);
    const option = datasetSelect.querySelector<HTMLOptionElement>('option[value="csv"]') as HTMLOptionElement;
    option.disabled = false;
    option.textContent = `CSV: ${file.name}`;
    datasetSelect.value = "csv";
    say(`Loaded ${read.table.rows} rows, ${csv.names.length} features, ${csv.classes.length} classes from ${file.name}.`, "info");
    setData(csv);
  } catch (error) {
    say(csvFailure(file.name, error));
  }
}

async function loadModelFile(file: File): Promise<void> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const isBytes = String.fromCharCode(...bytes.subarray(0, 4)) === "WMLP";
    const model = await loadModel(isBytes ? bytes : new TextDecoder().decode(bytes));
    // The page draws class regions and probabilities: a regressor has neither.
    if (model.kind === "regressor") throw new Error("it is an MLPRegressor's model, and this page shows classifiers");
    ++shownRequest;
    shown = { model, name: file.name };
    loaded = model;
    say("");
    renderLegend();
    showModelCard(model, data);
    schedule();
  } catch (error) {
    say(`Could not load ${file.name}: ${(error as Error).message}`);
  }
}

function showProbe(event: PointerEvent): void {
  const model = shown?.model;
  const box = mapBox(mapCanvas.clientWidth, mapCanvas.clientHeight);
  const rect = mapCanvas.getBoundingClientRect();
  const px = event.clientX - rect.left;
  const py = event.clientY - rect.top;
  const u = (px - box.left) / box.width;
  const v = (py - box.top) / box.height;
  if (!model || model.features !== 2 || data.X[0].length !== 2 || u < 0 || u > 1 || v < 0 || v > 1) {
    probe.hidden = true;
    return;
  }
  const x = view.xMin + u * (view.xMax - view.xMin);
  const y = view.yMax - v * (view.yMax - view.yMin);
  const p = model.predictProba([[x, y]])[0];
  const best = p.indexOf(Math.max(...p));
  probe.textContent = `(${x.toFixed(2)}, ${y.toFixed(2)}) → ${model.classes[best]} · P = ${p[best].toFixed(3)}`;
  probe.hidden = false;
  probe.style.left = `${Math.min(px + 12, rect.width - probe.offsetWidth - 4)}px`;
  probe.style.top = `${Math.max(py - 32, 4)}px`;
}

function listen(): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void train();
  });
  datasetSelect.addEventListener("change", () => setData(generate()));
  optimizerSelect.addEventListener("change", () => (rateInput.value = String(RATES[optimizerSelect.value])));
  for (const input of [samplesInput, noiseInput]) input.addEventListener("change", () => setData(generate()));
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
    get accuracy() { return shown && accuracy(shown.model, data); },
  },
});

listen();
setData(generate());
