// What MLPClassifier and MLPRegressor share of their public API, over the trainer that
// holds the fitted model: the column names, the loss history, the weights, and saving.
// Each subclass says what its data and outputs are (fit, predict, score) and how it reads
// itself back from a file.
import { unpackWeights } from "./weights.js";
import { stateToONNX } from "../io/onnx/export.js";
import { stateToJSON, stateToBytes, type ModelFile, type ModelState, type ModelJSON } from "../io/model-format.js";
import { prepareThreads, type Fitted, type Trainer } from "./trainer.js";
import type { History } from "./epochs.js";
import { storedOptions, type SharedOptions } from "./options.js";
import { scalerOf, storedScaler } from "./scaler.js";
import { toSamples, type Matrix, type Samples } from "../data/samples.js";
import { abortError, checkSignal } from "./abort.js";
import { checkFitNames, checkOptionNames, checkSameNames, type EpochCallOptions, type FitOptions, type Names } from "./call-options.js";

const fitOptionNames = ["features", "sampleWeight", "onEpoch", "signal", "initialWeights", "featureNames", "labelName"];
const partialFitOptionNames = ["features", "sampleWeight", "signal", "featureNames", "labelName"];

export abstract class Estimator<T, O extends SharedOptions> {
  /** @internal The fitted model and its core; not part of the API. */
  protected trainer: Trainer<T, O>;

  protected constructor(trainer: Trainer<T, O>) {
    this.trainer = trainer;
  }

  /** The resolved options (a copy). */
  get options(): O {
    return structuredClone(this.trainer.options);
  }

  /** The options as the constructor takes them, every one resolved (learningRate
   *  included): scikit-learn's get_params. A copy. */
  getParams(): O {
    return this.options;
  }

  /**
   * Changes options for the next fit or partialFit (scikit-learn's set_params), checked as
   * the constructor checks them; a failed call changes nothing. A fitted model keeps its
   * weights, so the options that shape its network (hiddenLayers, activation) may only
   * change before it is fitted: use clone() for a new network.
   */
  setParams(params: Partial<O>): this {
    const next = this.resolve({ ...this.trainer.options, ...params });
    const fitted = this.trainer.fitted;
    if (fitted) {
      const shape = (o: SharedOptions) => JSON.stringify([o.hiddenLayers, o.activation]);
      if (shape(next) !== shape(this.trainer.options)) {
        throw new Error("hiddenLayers and activation shape a fitted model's network and cannot change; clone() it (an unfitted copy) and set them there");
      }
    }
    this.trainer.setOptions(next);
    return this;
  }

  /** An unfitted model of the same class with the same options (scikit-learn's clone). */
  clone(): this {
    const Model = this.constructor as new (options: O) => this;
    return new Model(this.getParams());
  }

  /** Resolves options as the class's constructor does. */
  protected abstract resolve(options: O): O;

  /** The number of input features seen in fit (scikit-learn's n_features_in_). */
  get features(): number {
    return this.trainer.require("reading features").sizes[0];
  }

  /**
   * The model's layers as text: each layer's width, activation and parameter count, the
   * total, the input scaler and (for a regressor) the target scaler; before fit, the
   * options that will shape it.
   */
  summary(): string {
    const o = this.trainer.options;
    const fitted = this.trainer.fitted;
    const name = this.trainer.name;
    if (!fitted) return `${name} (not fitted): hidden layers [${o.hiddenLayers.join(", ")}], ${o.activation}, ${o.optimizer}; inputs and outputs are set by fit`;
    const sizes = fitted.sizes;
    const output = this.outputDescription(sizes.at(-1) as number);
    const rows = [["layer", "units", "activation", "parameters"]];
    rows.push(["input", String(sizes[0]), fitted.scaler ? "standardized (mean, std per feature)" : "as given", ""]);
    let total = 0;
    for (let l = 1; l < sizes.length; l++) {
      const count = sizes[l] * (sizes[l - 1] + 1);
      total += count;
      const last = l === sizes.length - 1;
      rows.push([last ? "output" : `hidden ${l}`, String(sizes[l]), last ? output : o.activation, `${count} (${sizes[l - 1]} x ${sizes[l]} weights + ${sizes[l]} biases)`]);
    }
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const table = rows.map((r) => r.map((cell, c) => (c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd());
    return [`${name}: ${sizes.join("-")}`, ...table, `total parameters: ${total}`, ...this.summaryNotes()].join("\n");
  }

  /** The output layer's activation and loss, for summary(). */
  protected abstract outputDescription(outputs: number): string;

  /** Lines summary() adds after the total (a regressor's target scaler). */
  protected summaryNotes(): string[] {
    return [];
  }

  /** The names of X's columns given to fit (`featureNames`), or undefined. A copy. */
  get featureNames(): string[] | undefined {
    return this.trainer.require("reading featureNames").featureNames?.slice();
  }

  /** The label (or target) column's name given to fit (`labelName`), or undefined. */
  get labelName(): string | undefined {
    return this.trainer.require("reading labelName").labelName ?? undefined;
  }

  /** Training loss per epoch (a copy): cross-entropy in bits for a classifier (the seed's
   *  `model.loss`), ½ the squared error in standardized target units for a regressor;
   *  the README's "Regression" section relates both to scikit-learn's `loss_`. */
  get loss(): number[] {
    return [...this.trainer.history.loss];
  }

  /** The same loss on the held-out rows per epoch (early stopping only). */
  get validationLoss(): number[] {
    return [...this.trainer.history.validationLoss];
  }

  /** The score on the held-out rows per epoch (early stopping only): accuracy for a
   *  classifier, R² (pooled over targets, standardized units) for a regressor. */
  get validationScore(): number[] {
    return [...this.trainer.history.validationScore];
  }

  /** Why the last fit ended before `epochs`, when a rule ended it: "patience" (early
   *  stopping, or stopOnTrainingLoss), "learningRate" (an "adaptive" rate at its 1e-6
   *  floor, or an "invscaling" rate that rounds to 0 in float32); else undefined. */
  get stoppedBy(): "patience" | "learningRate" | undefined {
    return this.trainer.history.stoppedBy;
  }

  /** The epoch (1-based) whose weights early stopping kept, or undefined. */
  get bestEpoch(): number | undefined {
    return this.trainer.history.bestEpoch;
  }

  /** Weight matrices per layer, scikit-learn's `coefs_` shape [inputs][units] (copies). */
  get coefs(): number[][][] {
    return unpackWeights(this.trainer.require("reading coefs").sizes, this.trainer.params("reading coefs")).coefs;
  }

  /** Bias vectors per layer, scikit-learn's `intercepts_` (copies). */
  get intercepts(): number[][] {
    return unpackWeights(this.trainer.require("reading intercepts").sizes, this.trainer.params("reading intercepts")).intercepts;
  }

  /** fit's checks before anything else: its options (an already-aborted signal rejects
   *  here), X, and the column names. */
  protected beginFit(X: Matrix, options: FitOptions): { samples: Samples; names: Names } {
    checkOptionNames(options, fitOptionNames, "fit");
    const { onEpoch, signal } = options;
    if (onEpoch !== undefined && typeof onEpoch !== "function") throw new Error("onEpoch must be a function (epoch, loss, info) => void");
    checkSignal(signal);
    if (signal?.aborted) throw abortError(signal, "fit");
    const samples = toSamples(X, options.features);
    const names = checkFitNames(options, samples.features);
    prepareThreads(this.trainer.options, samples.features, samples.rows);
    return { samples, names };
  }

  /** partialFit's checks before anything else; `extra` are the kind's own option names.
   *  After a first call, X must have the model's features and the names may not change. */
  protected beginPartialFit(X: Matrix, options: EpochCallOptions, noun: string, extra: string[] = []): { previous: Fitted<T> | undefined; samples: Samples; names: Names } {
    checkOptionNames(options, [...extra, ...partialFitOptionNames], "partialFit");
    checkSignal(options.signal);
    if (options.signal?.aborted) throw abortError(options.signal, "partialFit");
    const previous = this.trainer.fitted;
    const samples = toSamples(X, options.features ?? previous?.sizes[0], previous ? `the ${noun} was fitted on ${previous.sizes[0]} features` : undefined);
    const names = checkFitNames(options, samples.features);
    if (previous) checkSameNames(options, names, previous);
    return { previous, samples, names };
  }

  /** The model as the file formats store it; `what` names the call for "not fitted". */
  protected abstract state(what: string): ModelState;

  /** The fields every kind stores, with `outputs` (a classifier's classes, a regressor's
   *  kind and target scaler). */
  protected stateWith(what: string, outputs: Pick<ModelState, "classes" | "kind" | "targetScaler">): ModelState {
    const { sizes, scaler, featureNames, labelName } = this.trainer.require(what);
    return {
      ...outputs, sizes: [...sizes], activation: this.trainer.options.activation, scaler: storedScaler(scaler),
      featureNames, labelName, params: this.trainer.params(what), options: storedOptions(this.options),
    };
  }

  /** The model as plain JSON (format "wasmlp-mlp"); the class's `fromJSON` reads it. */
  toJSON(): ModelJSON {
    return stateToJSON(this.state("toJSON"));
  }

  /** The model as bytes: a small JSON header, then the float32 parameters little-endian;
   *  the class's `fromBytes` reads it. */
  toBytes(): Uint8Array {
    return stateToBytes(this.state("toBytes"));
  }

  /** The model as an ONNX file's bytes (opset 13), for onnxruntime and other ONNX
   *  runtimes: input `X` [N, features] float32; a classifier's outputs `probabilities`
   *  [N, classes] (`classes` order) and `class_index` [N] (int64, predict's choice), a
   *  regressor's `predictions` [N, targets] in y's units; the classes and feature names
   *  in its metadata. `fromONNX` reads it back to this model's toJSON. */
  toONNX(): Uint8Array {
    return stateToONNX(this.state("toONNX"));
  }
}

/** Gives `model`, read from a worker's bytes, the worker's loss history (the files hold
 *  none). Internal: for trainInWorker. */
export function adoptHistory<M extends Estimator<unknown, SharedOptions>>(model: M, history: History): M {
  Object.assign((model as unknown as { trainer: Trainer<unknown> }).trainer.history, structuredClone(history));
  return model;
}

/** The fitted shape a model file gives, with `kind` (what its class adds). */
export function fittedFrom<T>(file: ModelFile, kind: T): Fitted<T> {
  return { sizes: [...file.sizes], scaler: scalerOf(file.scaler), featureNames: file.featureNames, labelName: file.labelName, kind };
}
