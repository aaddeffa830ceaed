// wasmlp train: fits a classifier (or, with --task regression, a regressor) on a CSV file
// and writes the model, atomically.
import { MLPClassifier, MLPRegressor, type MLPClassifierOptions, type MLPRegressorOptions } from "../../index.js";
import { LEARNING_RATES, defaultOptions } from "../../model/options.js";
import { convert, parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError, quoteCell } from "../errors.js";
import { checkDistinctFiles, checkWritable, writeAtomically, writeJSONAtomically } from "../files.js";
import { MANY_CLASSES, trainingLabels } from "../label-column.js";
import { describeNetwork, lossCurve } from "../plots.js";
import { Progress, REGRESSOR_MEASURES } from "../progress.js";
import { readTargetTable, targetList, targetRows } from "../target-columns.js";
import { maxRecordBytes, readTable } from "../data-file.js";

// Each flag that sets a model option: the option, how its text converts, and its help
// line (before the default, which comes from the library's option table).
interface ModelFlag {
  flag: string;
  option: keyof MLPRegressorOptions;
  value: "number" | "integer" | "layers" | "name" | "threads";
  help: string;
}
const MODEL_FLAGS: ModelFlag[] = [
  { flag: "hidden", option: "hiddenLayers", value: "layers", help: "hidden layer widths, such as 16,8; none for no hidden layer (a linear model)" },
  { flag: "activation", option: "activation", value: "name", help: "relu, tanh, sigmoid or identity" },
  { flag: "optimizer", option: "optimizer", value: "name", help: "adam, sgd (momentum) or gd (full batch)" },
  { flag: "lr", option: "learningRate", value: "number", help: "learning rate (the first, under --lr-schedule)" },
  { flag: "lr-schedule", option: "learningRateSchedule", value: "name", help: "sgd's rate: constant, invscaling (lr/(t+1)^power-t, t the rows trained on) or adaptive (divided by 5 after --patience epochs without improving)" },
  { flag: "power-t", option: "powerT", value: "number", help: "the exponent of --lr-schedule invscaling" },
  { flag: "epochs", option: "epochs", value: "integer", help: "at most N passes over the data" },
  { flag: "batch-size", option: "batchSize", value: "integer", help: "rows per step for adam and sgd" },
  { flag: "l2", option: "l2", value: "number", help: "L2 penalty on the weights" },
  { flag: "init", option: "init", value: "name", help: "glorot, he or normal (N(0, 0.1²), the seed article's)" },
  { flag: "validation-fraction", option: "validationFraction", value: "number", help: "hold out this fraction (stratified for classes) to stop early on its loss and keep the best epoch; 0: none" },
  { flag: "patience", option: "patience", value: "integer", help: "epochs in a row without the loss improving by --tol before stopping early" },
  { flag: "tol", option: "tol", value: "number", help: "the least improvement that counts, in the loss's units (bits for classes)" },
  { flag: "seed", option: "seed", value: "integer", help: "seed of initialisation, shuffling and the hold-out" },
  { flag: "threads", option: "threads", value: "threads", help: "training threads, 1 to 16, or auto; the same model whatever N" },
];

// One line of help per option: "  --flag VALUE   what it does [default]", wrapped.
function helpLine(left: string, text: string): string {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + word.length + 1 > 53) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => `  ${(i === 0 ? left : "").padEnd(29)}${l}`).join("\n");
}

const shownDefault = (option: keyof MLPRegressorOptions, value: unknown): string => {
  if (option === "learningRate") return Object.entries(LEARNING_RATES).map(([name, rate]) => `${rate} ${name}`).join(", ");
  if (Array.isArray(value)) return value.length ? value.join(",") : "none";
  return String(value);
};

const modelFlagHelp = (): string => {
  const defaults = defaultOptions() as Record<string, unknown>;
  const argument: Record<ModelFlag["value"], string> = { number: "X", integer: "N", layers: "W,W", name: "NAME", threads: "N|auto" };
  const lines = MODEL_FLAGS.map(({ flag, option, value, help }) => helpLine(`--${flag} ${argument[value]}`, `${help} [${shownDefault(option, defaults[option] ?? undefined)}]`));
  const standardize = defaults.standardize ? "on" : "off";
  lines.splice(MODEL_FLAGS.findIndex((f) => f.flag === "validation-fraction"), 0,
    helpLine("--standardize", `scale each feature to mean 0, std 1 (kept in the model) [${standardize}]`),
    helpLine("--no-standardize", "use the features as they are"));
  lines.splice(lines.length - 2, 0, helpLine("--stop-on-training-loss", `with nothing held out, stop once --patience epochs in a row have not lowered the training loss by --tol (scikit-learn's n_iter_no_change) [${defaults.stopOnTrainingLoss ? "on" : "off"}]`));
  return lines.join("\n");
};

export const trainHelp = `Usage: wasmlp train DATA.csv -o MODEL.json [options]

Trains a classifier (or a regressor: --task regression) on DATA.csv and writes it to
MODEL.json. DATA.csv has a header
row of distinct names; the label column is --label, or else the last column; every
other column is a feature and must hold numbers. Labels are kept as written: numbers
only when every label prints back exactly as written (so 02134 and 1.0 are text), else
text. The model keeps the columns' names: predict and eval find them by name, and need
no --label.

Options (defaults in brackets; the model's are the library's, MLPClassifier's and
MLPRegressor's alike):
  -o, --output MODEL.json      where to write the model (required)
  --task NAME                  classification or regression [classification]
  --label COLUMN               the label column's header name [the last column]; for
                               regression one or more target columns: y or y0,y1
  --many-classes               train even when the label column looks like a quantity
                               or an identifier (over ${MANY_CLASSES} classes, and fractions among
                               them or more classes than half the rows), which otherwise
                               stops training
  --max-record-bytes N         the most bytes one CSV record may hold; K, M, G [64M]
${modelFlagHelp()}
  --plot FILE.svg              also draw the loss curve per epoch (not DATA.csv or -o)
  --quiet                      print only the summary
  -h, --help                   show this help

Early stopping and full-batch descent: gd crosses long plateaus on which the loss
falls by less than --tol for tens of epochs, and then drops again. Stopping after
--patience 10 epochs ends such a run on its first plateau: the seed article's
--hidden 5 --activation sigmoid --optimizer gd --lr 1 --epochs 2000 stops near epoch 70
at accuracy 0.887 with --validation-fraction 0.1, and reaches the article's 0.93 when it
runs all 2000 epochs. So nothing is held out by default. With a hold-out or
--stop-on-training-loss on gd, give --patience a tenth of --epochs or more.

With --task regression every target cell must be a number; the targets are
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
  ...Object.fromEntries(MODEL_FLAGS.map(({ flag }) => [flag, { type: "string" } as OptionSpec])),
  standardize: { type: "boolean" },
  "no-standardize": { type: "boolean" },
  "stop-on-training-loss": { type: "boolean" },
  plot: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

// The library's option names as this command's flags, for its error messages.
const flags: Record<string, string> = {
  ...Object.fromEntries(MODEL_FLAGS.map(({ flag, option }) => [option, `--${flag}`])),
  standardize: "--standardize", stopOnTrainingLoss: "--stop-on-training-loss",
};
// camelCase names are unambiguous anywhere; a plain word ("epochs") only as the subject
// of an option check ("epochs must be ...").
const asFlags = (message: string): string =>
  message
    .replace(/\b(a )?(learningRateSchedule|learningRate|batchSize|hiddenLayers|validationFraction|powerT|stopOnTrainingLoss)\b/g, (_, _a, name: string) => flags[name])
    .replace(/^(\w+)(?= must be )/, (name) => flags[name] ?? name);

function flagValue(spec: ModelFlag, text: string): unknown {
  const flag = `--${spec.flag}`;
  switch (spec.value) {
    case "number": return convert.number(flag, text);
    case "integer": return convert.integer(flag, text);
    case "layers": return text.trim() === "none" ? [] : convert.integers(flag, text);
    case "threads": return text === "auto" ? "auto" : convert.integer(flag, text);
    default: return text;
  }
}

/** The model options the flags give; the rest take the library's defaults. */
function modelOptions(v: Record<string, string | boolean | undefined>, regression: boolean): MLPClassifierOptions & MLPRegressorOptions {
  if (v.standardize && v["no-standardize"]) throw new UsageError("--standardize and --no-standardize contradict each other");
  if (regression && v["many-classes"]) throw new UsageError("--many-classes is for classification; a regressor has no classes");
  const options: Record<string, unknown> = {};
  for (const spec of MODEL_FLAGS) if (typeof v[spec.flag] === "string") options[spec.option] = flagValue(spec, v[spec.flag] as string);
  if (v.standardize || v["no-standardize"]) options.standardize = !v["no-standardize"];
  if (v["stop-on-training-loss"]) options.stopOnTrainingLoss = true;
  try {
    if (regression) new MLPRegressor(options);
    else new MLPClassifier(options);
  } catch (error) {
    throw new UsageError(asFlags((error as Error).message));
  }
  return options;
}

// Fewer rows than this on either side of the hold-out make early stopping noise: one
// row more or less right moves a validation score of 10 rows by 0.1.
const FEW_ROWS = 10;

/** A warning when --validation-fraction leaves few rows to train on or to validate on.
 *  Both kinds' splits hold out ceil(fraction · rows); a split leaving none is the
 *  library's error. */
function holdoutWarning(fraction: number, rows: number): string | undefined {
  const held = Math.ceil(fraction * rows);
  if (fraction === 0 || held >= rows || (held >= FEW_ROWS && rows - held >= FEW_ROWS)) return undefined;
  return `wasmlp: warning: --validation-fraction ${fraction} of ${plural(rows, "row")} holds out ${held} and trains on ${rows - held}; ` +
    `early stopping on so few rows is mostly chance: use more data, or --validation-fraction 0 (the default) to train on every row`;
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
  const options = modelOptions(values, regression);
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
  if (regression) {
    const read = await readTargetTable(data, { targets: targetList(values.label as string | undefined), targetsFrom: "--label", maxRecordBytes: recordBytes });
    ({ X, rows, featureNames } = read.table);
    y = targetRows(read);
    targetNames = read.targetNames;
    // The format keeps one label name: for several targets there is none to keep, and
    // eval and predict take the target columns from --label (see wasmlp eval --help).
    labelName = targetNames.length === 1 ? targetNames[0] : undefined;
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
  const holdout = holdoutWarning(resolved.validationFraction, rows);
  if (holdout) process.stderr.write(`${holdout}\n`);
  const interrupt = interruptions(progress);
  const started = performance.now();
  try {
    const fitOptions = {
      features, featureNames, labelName, signal: interrupt.signal,
      onEpoch: (e: number, loss: number, info: Parameters<typeof progress.epoch>[2]) => progress.epoch(e, loss, info),
    };
    if (model instanceof MLPRegressor) await model.fit(X, y as number[] | number[][], fitOptions);
    else await model.fit(X, y as Parameters<MLPClassifier["fit"]>[1], fitOptions);
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
    await writeAtomically(plot, lossCurve(model, "Training loss per epoch", subtitle)).catch((error: CliError) => {
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
  const plateau = `${validated ? "no better validation loss" : `the training loss did not fall by ${resolved.tol}`} for ${resolved.patience} epochs`;
  const adaptive = resolved.learningRateSchedule === "adaptive" ? ", at a learning rate already divided down to 1e-6" : "";
  const why = interrupted ? "interrupted" : trained < epochs ? `${plateau}${adaptive}` : "";
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
