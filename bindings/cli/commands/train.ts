// wasmlp train: fits a classifier (or, with --task regression, a regressor) on a CSV file
// and writes the model, atomically.
import { MLPClassifier, MLPRegressor, type MLPClassifierOptions, type MLPRegressorOptions } from "../../index.js";
import { convert, parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError, quoteCell } from "../errors.js";
import { checkDistinctFiles, checkWritable, writeAtomically, writeJSONAtomically } from "../files.js";
import { MANY_CLASSES, trainingLabels } from "../label-column.js";
import { describeNetwork, lossCurve, regressionPlot, MAX_TARGET_PANELS } from "../plots.js";
import { Progress, REGRESSOR_MEASURES } from "../progress.js";
import { readTargetTable, targetList, targetRows } from "../target-columns.js";
import { maxRecordBytes, readTable } from "../data-file.js";

export const trainHelp = `Usage: wasmlp train DATA.csv -o MODEL.json [options]

Trains a classifier (or a regressor: --task regression) on DATA.csv and writes it to
MODEL.json. DATA.csv has a header
row of distinct names; the label column is --label, or else the last column; every
other column is a feature and must hold numbers. Labels are kept as written: numbers
only when every label prints back exactly as written (so 02134 and 1.0 are text), else
text. The model keeps the columns' names: predict and eval find them by name, and need
no --label.

Options (defaults in brackets):
  -o, --output MODEL.json      where to write the model (required)
  --task NAME                  classification or regression [classification]
  --label COLUMN               the label column's header name [the last column]; for
                               regression one or more target columns: y or y0,y1
  --many-classes               train even when the label column looks like a quantity
                               or an identifier (over ${MANY_CLASSES} classes, and fractions among
                               them or more classes than half the rows), which otherwise
                               stops training
  --max-record-bytes N         the most bytes one CSV record may hold; K, M, G [64M]
  --hidden 16,8                hidden layer widths [16,8]
  --activation NAME            relu, tanh, sigmoid or identity [relu]
  --optimizer NAME             adam, sgd (momentum) or gd (full batch) [adam]
  --lr RATE                    learning rate [0.001 for adam, 0.01 sgd, 1.0 gd]
  --epochs N                   at most N passes over the data [200]
  --batch-size N               rows per step for adam and sgd [200]
  --l2 PENALTY                 L2 penalty on the weights [0.0001]
  --init NAME                  glorot, he or normal [glorot]
  --standardize                scale each feature to mean 0, std 1 (kept in the model) [on]
  --no-standardize             use the features as they are
  --validation-fraction F      hold out this fraction to stop early; 0 turns it off [0.1]
  --patience N                 stop after N epochs without a better validation loss [10]
  --seed N                     seed of initialisation, shuffling and the hold-out [0]
  --threads N|auto             training threads, 1 to 16; the same model whatever N [auto]
  --plot FILE.svg              also draw the loss curve per epoch (not DATA.csv or -o);
                               for a regressor, below it, predicted against true
                               values of every row, a panel per target (the first ${MAX_TARGET_PANELS})
  --quiet                      print only the summary
  -h, --help                   show this help

With --task regression every target cell must be a number, and the options not given
take MLPRegressor's defaults instead (scikit-learn's: --hidden 100, no hold-out, so
--validation-fraction 0; the same values as above otherwise); the targets are
standardized for training and predicted in their own units. The summary gives R².

Progress goes to standard error: a bar on a terminal, a line now and then otherwise.
Ctrl-C stops after the current epoch and still writes the best model so far (exit
status 130); a second Ctrl-C quits at once without writing. The model file is replaced
only once the new one is complete.`;

const specs: Record<string, OptionSpec> = {
  output: { type: "string", short: "o" },
  task: { type: "string" },
  label: { type: "string" },
  "many-classes": { type: "boolean" },
  "max-record-bytes": { type: "string" },
  hidden: { type: "string" },
  activation: { type: "string" },
  optimizer: { type: "string" },
  lr: { type: "string" },
  epochs: { type: "string" },
  "batch-size": { type: "string" },
  l2: { type: "string" },
  init: { type: "string" },
  standardize: { type: "boolean" },
  "no-standardize": { type: "boolean" },
  "validation-fraction": { type: "string" },
  patience: { type: "string" },
  seed: { type: "string" },
  threads: { type: "string" },
  plot: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

// The library's option names as this command's flags, for its error messages.
const flags: Record<string, string> = {
  hiddenLayers: "--hidden", activation: "--activation", optimizer: "--optimizer", learningRate: "--lr",
  epochs: "--epochs", batchSize: "--batch-size", l2: "--l2", init: "--init", validationFraction: "--validation-fraction",
  patience: "--patience", seed: "--seed", threads: "--threads",
};
// camelCase names are unambiguous anywhere; a plain word ("epochs") only as the subject
// of an option check ("epochs must be ...").
const asFlags = (message: string): string =>
  message
    .replace(/\b(a )?(learningRate|batchSize|hiddenLayers|validationFraction)\b/g, (_, _a, name: string) => flags[name])
    .replace(/^(\w+)(?= must be )/, (name) => flags[name] ?? name);

function classifierOptions(v: Record<string, string | boolean | undefined>): MLPClassifierOptions {
  if (v.standardize && v["no-standardize"]) throw new UsageError("--standardize and --no-standardize contradict each other");
  const options: MLPClassifierOptions = {
    hiddenLayers: convert.integers("--hidden", v.hidden as string | undefined) ?? [16, 8],
    activation: ((v.activation as string | undefined) ?? "relu") as MLPClassifierOptions["activation"],
    optimizer: ((v.optimizer as string | undefined) ?? "adam") as MLPClassifierOptions["optimizer"],
    learningRate: convert.number("--lr", v.lr as string | undefined),
    epochs: convert.integer("--epochs", v.epochs as string | undefined) ?? 200,
    batchSize: convert.integer("--batch-size", v["batch-size"] as string | undefined) ?? 200,
    l2: convert.number("--l2", v.l2 as string | undefined) ?? 1e-4,
    init: ((v.init as string | undefined) ?? "glorot") as MLPClassifierOptions["init"],
    standardize: !v["no-standardize"],
    validationFraction: convert.number("--validation-fraction", v["validation-fraction"] as string | undefined) ?? 0.1,
    patience: convert.integer("--patience", v.patience as string | undefined) ?? 10,
    seed: convert.integer("--seed", v.seed as string | undefined) ?? 0,
    threads: v.threads === undefined || v.threads === "auto" ? "auto" : convert.integer("--threads", v.threads as string),
  };
  try {
    new MLPClassifier(options);
  } catch (error) {
    throw new UsageError(asFlags((error as Error).message));
  }
  return options;
}

// The regressor takes the library's defaults (scikit-learn's) for every flag not given:
// the classifier's command-line defaults are tuned for classes, not for a regression.
function regressorOptions(v: Record<string, string | boolean | undefined>): MLPRegressorOptions {
  if (v.standardize && v["no-standardize"]) throw new UsageError("--standardize and --no-standardize contradict each other");
  if (v["many-classes"]) throw new UsageError("--many-classes is for classification; a regressor has no classes");
  const given: MLPRegressorOptions = {
    hiddenLayers: convert.integers("--hidden", v.hidden as string | undefined),
    activation: v.activation as MLPRegressorOptions["activation"],
    optimizer: v.optimizer as MLPRegressorOptions["optimizer"],
    learningRate: convert.number("--lr", v.lr as string | undefined),
    epochs: convert.integer("--epochs", v.epochs as string | undefined),
    batchSize: convert.integer("--batch-size", v["batch-size"] as string | undefined),
    l2: convert.number("--l2", v.l2 as string | undefined),
    init: v.init as MLPRegressorOptions["init"],
    standardize: v["no-standardize"] ? false : v.standardize ? true : undefined,
    validationFraction: convert.number("--validation-fraction", v["validation-fraction"] as string | undefined),
    patience: convert.integer("--patience", v.patience as string | undefined),
    seed: convert.integer("--seed", v.seed as string | undefined),
    threads: v.threads === undefined ? undefined : v.threads === "auto" ? "auto" : convert.integer("--threads", v.threads as string),
  };
  // The library reads an option that is present as given, even when undefined.
  const options = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as MLPRegressorOptions;
  try {
    new MLPRegressor(options);
  } catch (error) {
    throw new UsageError(asFlags((error as Error).message));
  }
  return options;
}

/** Stops training after the current epoch on the first Ctrl-C (or SIGTERM); quits on the second. */
function interruptions(progress: Progress): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      progress.note("wasmlp: interrupted again; quitting without writing a model");
      process.exit(130);
    }
    controller.abort();
    progress.note("wasmlp: stopping after this epoch (Ctrl-C again to quit without writing a model)");
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { signal: controller.signal, stop: () => (process.off("SIGINT", handler), process.off("SIGTERM", handler)) };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

const TASKS = ["classification", "regression"];

/** What the summary says about the model and its data, besides what every model shares. */
interface Fitted {
  model: MLPClassifier | MLPRegressor;
  /** After the network: "3 classes (...), label column "y"". */
  outputs: string;
  /** The validation score's line part: "accuracy 0.9167". */
  validation: (epoch: number) => string;
  /** The last summary line before the time. */
  score: string;
  lossUnit: string;
}

export async function train(args: string[]): Promise<number> {
  const { values, positionals: given } = parseArgs(args, specs, "train");
  if (values.help) {
    console.log(trainHelp);
    return 0;
  }
  const [data] = positionals({ values, positionals: given }, ["DATA.csv"], "train");
  const output = values.output as string | undefined;
  if (output === undefined) throw new UsageError("missing -o MODEL.json, where to write the model; see wasmlp train --help");
  const task = (values.task as string | undefined) ?? "classification";
  if (!TASKS.includes(task)) throw new UsageError(`--task expects classification or regression, got ${JSON.stringify(task)}`);
  const regression = task === "regression";
  const options = regression ? regressorOptions(values) : classifierOptions(values);
  const plot = values.plot as string | undefined;
  const recordBytes = maxRecordBytes(values["max-record-bytes"]);
  await checkDistinctFiles([
    { flag: "DATA.csv", path: data, role: "data", output: false },
    { flag: "-o", path: output, role: "model", output: true },
    ...(plot === undefined ? [] : [{ flag: "--plot", path: plot, role: "loss plot", output: true }]),
  ], "train");
  await checkWritable(output);
  if (plot !== undefined) await checkWritable(plot);

  let X: Float32Array;
  let rows: number;
  let featureNames: string[];
  let y: Parameters<MLPClassifier["fit"]>[1] | Parameters<MLPRegressor["fit"]>[1];
  let labelName: string | undefined;
  let targetNames: string[] = [];
  let truth: Float64Array[] = [];
  if (regression) {
    const read = await readTargetTable(data, { targets: targetList(values.label as string | undefined), targetsFrom: "--label", maxRecordBytes: recordBytes });
    ({ X, rows, featureNames } = read.table);
    y = targetRows(read);
    targetNames = read.targetNames;
    truth = read.targets;
  } else {
    const table = await readTable(data, { label: values.label as string | undefined, labels: true, maxRecordBytes: recordBytes });
    y = trainingLabels(table, { manyClasses: values["many-classes"] === true });
    ({ X, rows, featureNames } = table);
    labelName = table.label!.name;
  }
  const features = featureNames.length;
  const model = regression ? new MLPRegressor(options as MLPRegressorOptions) : new MLPClassifier(options as MLPClassifierOptions);
  const resolved = model.options;
  const epochs = resolved.epochs;
  const progress = new Progress(values.quiet ? "quiet" : process.stderr.isTTY ? "bar" : "lines", epochs, rows, process.stderr, regression ? REGRESSOR_MEASURES : undefined);
  const interrupt = interruptions(progress);
  const started = performance.now();
  try {
    const fitOptions = {
      features, featureNames, signal: interrupt.signal,
      onEpoch: (e: number, loss: number, info: Parameters<typeof progress.epoch>[2]) => progress.epoch(e, loss, info),
    };
    // The model keeps its target columns' names, so eval and predict find them by name.
    if (model instanceof MLPRegressor) await model.fit(X, y as number[] | number[][], { ...fitOptions, targetNames });
    else await model.fit(X, y as Parameters<MLPClassifier["fit"]>[1], { ...fitOptions, labelName });
  } catch (error) {
    interrupt.stop();
    progress.finish();
    // fit rejects an abort that lands before its first epoch completes.
    if ((error as Error).name === "AbortError") {
      console.log("wasmlp: interrupted before the first epoch finished; no model written");
      return 130;
    }
    throw new CliError(`${asFlags((error as Error).message)}; no model was written`, { file: data });
  }
  const seconds = (performance.now() - started) / 1000;
  progress.finish();
  const interrupted = interrupt.signal.aborted;
  const trained = model.loss.length;
  await writeJSONAtomically(output, model.toJSON());
  const network = describeNetwork(model, features);
  if (plot !== undefined) {
    const subtitle = `${network} network, ${resolved.optimizer}, ${rows} rows of ${data}`;
    const title = "Training loss per epoch";
    const svg = model instanceof MLPRegressor
      ? regressionPlot(model, { title, subtitle, X, features, truth, targetNames })
      : lossCurve(model, title, subtitle);
    await writeAtomically(plot, svg).catch((error: CliError) => {
      // The model is in place by now: say so, or its failure reads as the model's.
      throw new CliError(`${error.message}; the model was written to ${output}`, error.where);
    });
  }
  interrupt.stop();

  let fitted: Fitted;
  if (model instanceof MLPRegressor) {
    const names = targetNames.map((n) => JSON.stringify(n)).join(", ");
    fitted = {
      model,
      outputs: targetNames.length === 1 ? `target column ${names}` : `${targetNames.length} target columns (${names})`,
      validation: (epoch) => `R² ${model.validationScore[epoch - 1].toFixed(4)}`,
      score: `R² on all ${plural(rows, "row")}: ${model.score(X, y as number[] | number[][]).toFixed(4)}${targetNames.length > 1 ? " (the mean over targets)" : ""}`,
      lossUnit: " (squared error, standardized targets)",
    };
  } else {
    const classes = model.classes;
    const shown = classes.slice(0, 10).map((c) => (typeof c === "string" ? quoteCell(c) : String(c)));
    fitted = {
      model,
      outputs: `${classes.length} classes (${shown.join(", ")}${classes.length > 10 ? ", ..." : ""}), label column ${JSON.stringify(labelName)}`,
      validation: (epoch) => `accuracy ${model.validationScore[epoch - 1].toFixed(4)}`,
      score: `accuracy on all ${rows} rows: ${model.score(X, y as Parameters<MLPClassifier["score"]>[1]).toFixed(4)}`,
      lossUnit: " bits",
    };
  }
  const validated = model.validationLoss.length > 0;
  const best = model.bestEpoch;
  const why = interrupted ? "interrupted" : trained < epochs ? `no better validation loss for ${resolved.patience} epochs` : "";
  const lines = [
    `wasmlp: trained a ${network} network on ${data}: ${plural(rows, "row")}, ${plural(features, "feature")}, ${fitted.outputs}`,
    `  epochs: ${trained} of ${epochs}${why ? ` (stopped: ${why})` : ""}${best !== undefined ? `; kept the weights of epoch ${best}, the best on validation` : ""}`,
    `  loss: ${model.loss.at(-1)!.toFixed(4)}${fitted.lossUnit} on training rows${validated ? `; validation: loss ${model.validationLoss[(best ?? trained) - 1].toFixed(4)}${fitted.lossUnit === " bits" ? " bits" : ""}, ${fitted.validation(best ?? trained)}` : ""}`,
    `  ${fitted.score}`,
    `  time: ${seconds.toFixed(1)} s`,
    `  wrote ${output}${plot !== undefined ? ` and ${plot}` : ""}`,
  ];
  console.log(lines.join("\n"));
  return interrupted ? 130 : 0;
}
