// wasmlp train: fits a classifier on a CSV file and writes the model, atomically.
import { MLPClassifier, type MLPClassifierOptions } from "../../index.js";
import { convert, parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError, quoteCell } from "../errors.js";
import { checkDistinctFiles, checkWritable, writeAtomically, writeJSONAtomically } from "../files.js";
import { MANY_CLASSES, trainingLabels } from "../label-column.js";
import { describeNetwork, lossCurve } from "../plots.js";
import { Progress } from "../progress.js";
import { maxRecordBytes, readTable } from "../data-file.js";

export const trainHelp = `Usage: wasmlp train DATA.csv -o MODEL.json [options]

Trains a classifier on DATA.csv and writes it to MODEL.json. DATA.csv has a header
row of distinct names; the label column is --label, or else the last column; every
other column is a feature and must hold numbers. Labels are kept as written: numbers
only when every label prints back exactly as written (so 02134 and 1.0 are text), else
text. The model keeps the columns' names: predict and eval find them by name, and need
no --label.

Options (defaults in brackets):
  -o, --output MODEL.json      where to write the model (required)
  --label COLUMN               the label column's header name [the last column]
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
  --plot FILE.svg              also draw the loss curve per epoch (not DATA.csv or -o)
  --quiet                      print only the summary
  -h, --help                   show this help

Progress goes to standard error: a bar on a terminal, a line now and then otherwise.
Ctrl-C stops after the current epoch and still writes the best model so far (exit
status 130); a second Ctrl-C quits at once without writing. The model file is replaced
only once the new one is complete.`;

const specs: Record<string, OptionSpec> = {
  output: { type: "string", short: "o" },
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

export async function train(args: string[]): Promise<number> {
  const { values, positionals: given } = parseArgs(args, specs, "train");
  if (values.help) {
    console.log(trainHelp);
    return 0;
  }
  const [data] = positionals({ values, positionals: given }, ["DATA.csv"], "train");
  const output = values.output as string | undefined;
  if (output === undefined) throw new UsageError("missing -o MODEL.json, where to write the model; see wasmlp train --help");
  const options = classifierOptions(values);
  const plot = values.plot as string | undefined;
  const recordBytes = maxRecordBytes(values["max-record-bytes"]);
  await checkDistinctFiles([
    { flag: "DATA.csv", path: data, role: "data", output: false },
    { flag: "-o", path: output, role: "model", output: true },
    ...(plot === undefined ? [] : [{ flag: "--plot", path: plot, role: "loss plot", output: true }]),
  ], "train");
  await checkWritable(output);
  if (plot !== undefined) await checkWritable(plot);

  const table = await readTable(data, { label: values.label as string | undefined, labels: true, maxRecordBytes: recordBytes });
  const y = trainingLabels(table, { manyClasses: values["many-classes"] === true });
  const features = table.featureNames.length;
  const clf = new MLPClassifier(options);
  const epochs = options.epochs as number;
  const progress = new Progress(values.quiet ? "quiet" : process.stderr.isTTY ? "bar" : "lines", epochs, table.rows);
  const interrupt = interruptions(progress);
  const started = performance.now();
  try {
    await clf.fit(table.X, y, {
      features, featureNames: table.featureNames, labelName: table.label!.name, signal: interrupt.signal,
      onEpoch: (e, loss, info) => progress.epoch(e, loss, info),
    });
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
  const trained = clf.loss.length;
  await writeJSONAtomically(output, clf.toJSON());
  const network = describeNetwork(clf, features);
  if (plot !== undefined) {
    const subtitle = `${network} network, ${options.optimizer}, ${table.rows} rows of ${data}`;
    await writeAtomically(plot, lossCurve(clf, "Training loss per epoch", subtitle)).catch((error: CliError) => {
      // The model is in place by now: say so, or its failure reads as the model's.
      throw new CliError(`${error.message}; the model was written to ${output}`, error.where);
    });
  }
  interrupt.stop();

  const classes = clf.classes;
  const shown = classes.slice(0, 10).map((c) => (typeof c === "string" ? quoteCell(c) : String(c)));
  const validated = clf.validationLoss.length > 0;
  const best = clf.bestEpoch;
  const why = interrupted ? "interrupted" : trained < epochs ? `no better validation loss for ${options.patience} epochs` : "";
  const lines = [
    `wasmlp: trained a ${network} network on ${data}: ${plural(table.rows, "row")}, ${plural(features, "feature")}, ${classes.length} classes (${shown.join(", ")}${classes.length > 10 ? ", ..." : ""}), label column ${JSON.stringify(table.label!.name)}`,
    `  epochs: ${trained} of ${epochs}${why ? ` (stopped: ${why})` : ""}${best !== undefined ? `; kept the weights of epoch ${best}, the best on validation` : ""}`,
    `  loss: ${clf.loss.at(-1)!.toFixed(4)} bits on training rows${validated ? `; validation: loss ${clf.validationLoss[(best ?? trained) - 1].toFixed(4)} bits, accuracy ${clf.validationScore[(best ?? trained) - 1].toFixed(4)}` : ""}`,
    `  accuracy on all ${table.rows} rows: ${clf.score(table.X, y).toFixed(4)}`,
    `  time: ${seconds.toFixed(1)} s`,
    `  wrote ${output}${plot !== undefined ? ` and ${plot}` : ""}`,
  ];
  console.log(lines.join("\n"));
  return interrupted ? 130 : 0;
}
