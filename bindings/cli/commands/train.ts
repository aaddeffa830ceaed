// wasmlp train: fits a classifier (or, with --task regression, a regressor) on a CSV file
// and writes the model, atomically.
import { MLPClassifier, MLPRegressor, type MLPClassifierOptions, type MLPRegressorOptions } from "../../index.js";
import { MODEL_FLAG_SPECS, asFlags, modelFlagHelp, modelOptions } from "../model-flags.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
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
  --plot FILE.svg              also draw the loss curve per epoch (not DATA.csv or -o);
                               for a regressor, below it, predicted against true
                               values of every row, a panel per target (the first ${MAX_TARGET_PANELS})
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
  ...MODEL_FLAG_SPECS,
  plot: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

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
  // After training, so that a failed run still prints one line.
  const holdout = holdoutWarning(resolved.validationFraction, rows);
  if (holdout) process.stderr.write(`${holdout}\n`);
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
  const plateau = `${validated ? "no better validation loss" : `the training loss did not fall by ${resolved.tol}`} for ${resolved.patience} epochs`;
  const rate = resolved.learningRateSchedule === "adaptive" ? `${plateau}, with the learning rate already divided down to 1e-6` : "the invscaling learning rate rounds to 0 in float32";
  const why = interrupted ? "interrupted" : model.stoppedBy === "patience" ? plateau : model.stoppedBy === "learningRate" ? rate : "";
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
