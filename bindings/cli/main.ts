#!/usr/bin/env node
/// <reference types="node" />
// Bundle entry (build/cli.js, the `wasmlp` command): dispatches to a command, and turns every failure into one line on
// standard error and an exit status (1 for a failure, 2 for wrong usage, 130 for Ctrl-C).
// The library is bundled in from bindings/, so the command is one file with no path to
// resolve at run time; the .wasm bytes are embedded as in build/index.js.
import { readFileSync } from "node:fs";
import { demo, demoHelp } from "./commands/demo.js";
import { CsvError } from "../io/csv/errors.js";
import { CliError, UsageError, formatLocation } from "./errors.js";
import { evaluate, evalHelp } from "./commands/eval.js";
import { exportCommand, exportHelp } from "./commands/export.js";
import { importCommand, importHelp } from "./commands/import.js";
import { predict, predictHelp } from "./commands/predict.js";
import { train, trainHelp } from "./commands/train.js";

const help = `Usage: wasmlp COMMAND [options]

Multilayer-perceptron classifiers and regressors for CSV files.

Commands:
  train DATA.csv -o MODEL.json    train on DATA.csv (label: the last column or --label;
                                  --task regression for numeric targets)
  predict MODEL.json DATA.csv     predicted labels (--proba: and probabilities) or
                                  a regressor's predicted values, as CSV
  eval MODEL.json DATA.csv        accuracy, F1, log loss and confusion matrix, or a
                                  regressor's R², MAE and RMSE (--json)
  demo                            the seed article's experiment (--plot DIR for SVGs)
  export MODEL.json --format js   the model as a standalone ES module (--format cjs:
                                  CommonJS, --format onnx: ONNX; no runtime needed)
  import FILE -o MODEL.json       a scikit-learn, TF.js or ONNX network as a wasmlp model

  wasmlp COMMAND --help           a command's options
  wasmlp --version                the version

Example:
  wasmlp train iris.csv -o iris.model.json --plot loss.svg
  wasmlp eval iris.model.json iris-test.csv
  wasmlp predict iris.model.json new.csv -o predictions.csv --proba`;

const commands: Record<string, { run: (args: string[]) => Promise<number>; help: string }> = {
  train: { run: train, help: trainHelp },
  predict: { run: predict, help: predictHelp },
  eval: { run: evaluate, help: evalHelp },
  demo: { run: demo, help: demoHelp },
  export: { run: exportCommand, help: exportHelp },
  import: { run: importCommand, help: importHelp },
};

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    process.stderr.write(`${help}\n`);
    return 2;
  }
  if (name === "--help" || name === "-h") {
    console.log(help);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(version());
    return 0;
  }
  if (name === "help") {
    const topic = args[0] === undefined ? undefined : commands[args[0]];
    if (args[0] !== undefined && !topic) throw new UsageError(`unknown command ${JSON.stringify(args[0])}; commands: ${Object.keys(commands).join(", ")}`);
    console.log(topic ? topic.help : help);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    const what = name.startsWith("-") ? `unknown option ${name}` : `unknown command ${JSON.stringify(name)}`;
    throw new UsageError(`${what}; commands: ${Object.keys(commands).join(", ")} (see wasmlp --help)`);
  }
  return command.run(args);
}

// Messages can quote a file's contents; a report stays on one line.
const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ").trim();

function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`wasmlp: ${oneLine(error.message)}\n`);
    return 2;
  }
  // The shared CSV reader's errors (io/csv/) are located failures like the command's own.
  if (error instanceof CliError || error instanceof CsvError) {
    process.stderr.write(`wasmlp: error: ${oneLine(`${error.where ? `${formatLocation(error.where)}: ` : ""}${error.message}`)}\n`);
    return 1;
  }
  // A bug: still one line, with the stack only on request.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`wasmlp: internal error: ${oneLine(message)} (run with WASMLP_DEBUG=1 for details)\n`);
  if (process.env.WASMLP_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  return 1;
}

// `wasmlp predict ... | head` closes the pipe early: that is not an error. Any other
// failure to write (a full disk under `> out.csv`) is one line, as every failure is.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`wasmlp: error: cannot write to standard output: ${oneLine(error.message)}\n`);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (status) => (process.exitCode = status),
  (error) => (process.exitCode = report(error)),
);
