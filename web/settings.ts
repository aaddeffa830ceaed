// The network card's settings: the options the form gives the library, and the presets
// that fill the form.
import type { MLPClassifierOptions, MLPRegressorOptions } from "wasmlp";
import type { Task } from "./data.js";

const value = (id: string): string => (document.getElementById(id) as HTMLInputElement | HTMLSelectElement).value;

/** A learning rate that trains the toy data sets well, per optimizer; gradient descent's
 *  is the seed article's. */
export const RATES: Record<string, number> = { adam: 0.01, sgd: 0.05, gd: 1.0 };
/** Form settings by preset. The seed article's: its data (make_classification, 3 features,
 *  a fifth held out), a 3-5-1 sigmoid network, full-batch gradient descent at 1.0 for
 *  2000 epochs, normal initialisation, inputs as they are. */
const PRESETS: Record<string, Record<string, string | boolean>> = {
  seed: {
    dataset: "classification", samples: "10000", test: "20", layers: "5", activation: "sigmoid", optimizer: "gd",
    "learning-rate": "1", epochs: "2000", init: "normal", standardize: false,
  },
  playground: {
    dataset: "circles", samples: "400", noise: "0.1", test: "50", layers: "4, 2", activation: "tanh", optimizer: "sgd",
    "learning-rate": "0.03", epochs: "300", init: "glorot", standardize: true,
  },
};

/** The form's options, every one given (the library's defaults may change; the page's
 *  figures should not). Threads are left to the library: they change no number. */
export function readOptions(task: Task, seed: number): MLPClassifierOptions & MLPRegressorOptions {
  const text = value("layers").trim();
  const hiddenLayers = text === "" ? [] : text.split(/[\s,]+/).map(Number);
  if (hiddenLayers.length === 0 || hiddenLayers.some((w) => !Number.isInteger(w) || w < 1 || w > 512)) {
    throw new Error("Hidden layers: give widths from 1 to 512, separated by commas, e.g. 16, 16");
  }
  const learningRate = Number(value("learning-rate"));
  if (!(learningRate > 0)) throw new Error("Learning rate must be a number above 0, e.g. 0.01");
  const epochs = Number(value("epochs"));
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 100000) throw new Error("Epochs must be a whole number from 1 to 100000");
  return {
    hiddenLayers,
    activation: value("activation") as MLPClassifierOptions["activation"],
    optimizer: value("optimizer") as MLPClassifierOptions["optimizer"],
    learningRate,
    epochs,
    batchSize: 32,
    momentum: 0.9,
    nesterov: true,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    l2: 0,
    init: value("init") as MLPClassifierOptions["init"],
    standardize: (document.getElementById("standardize") as HTMLInputElement).checked,
    shuffle: true,
    validationFraction: 0,
    patience: 10,
    tol: 1e-4,
    seed,
    ...(task === "regression" ? { standardizeTargets: true } : { classWeight: null }),
  };
}

/** Fills the form with the preset `name`'s settings; false if there is no such preset. */
export function setPreset(name: string): boolean {
  const preset = PRESETS[name];
  if (!preset) return false;
  for (const [id, setting] of Object.entries(preset)) {
    const input = document.getElementById(id) as HTMLInputElement | HTMLSelectElement;
    if (typeof setting === "boolean") (input as HTMLInputElement).checked = setting;
    else input.value = setting;
  }
  return true;
}
