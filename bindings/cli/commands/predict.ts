// wasmlp predict: one predicted label per input row (and with --proba one probability
// column per class), as CSV.
import { MLPRegressor, type Label } from "../../index.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { AtomicFile, checkDistinctFiles, readModel } from "../files.js";
import { predictionBlocks } from "../scores.js";
import { maxRecordBytes, readTable } from "../data-file.js";
import { modelColumns } from "../columns.js";
import { UsageError } from "../errors.js";
import { regressionBlocks, regressorTargets } from "../regression.js";

export const predictHelp = `Usage: wasmlp predict MODEL.json DATA.csv [-o OUT.csv] [--proba]

Predicts a label for every row of DATA.csv with a model from wasmlp train, and writes
them as CSV (a header, then one line per input row, in order) to OUT.csv or standard
output. DATA.csv has a header with the model's feature columns, found by name in any
order; other columns (the label among them) are ignored. A model written before wasmlp
kept column names reads the features by position, in training order, and a label
column (the last, or --label) may be there or not.

A text label that begins with =, +, -, @, a tab or a carriage return is written with a
' before it, so that a spreadsheet opening the file shows it rather than running it
as a formula. Numeric labels (-1) are written as they are.

For a regressor (train --task regression), the output has one column per target,
named after the model's target columns (y0,y1), or after --label's names for a model
that keeps none (else prediction, or target_1, target_2, ...). Each value is the
model's prediction in the target's units, written with every digit of its float64.

Options:
  -o, --output OUT.csv   write here instead of standard output (replaced only when
                         complete; not MODEL.json or DATA.csv)
  --proba                add one column per class: its probability, named p_CLASS
  --label COLUMN         for a model that names no columns: the label column, if it is not the last;
                         for a regressor: the names of its output columns, y0,y1
  --max-record-bytes N   the most bytes one CSV record may hold; K, M, G [64M]
  --no-formula-escape    write text labels exactly, even those a spreadsheet would
                         run as formulas
  -h, --help             show this help`;

const specs: Record<string, OptionSpec> = {
  output: { type: "string", short: "o" },
  proba: { type: "boolean" },
  label: { type: "string" },
  "max-record-bytes": { type: "string" },
  "no-formula-escape": { type: "boolean" },
  help: { type: "boolean", short: "h" },
};

// The characters that make a spreadsheet read a cell as a formula (OWASP's advice on CSV
// injection): such a cell gets a leading ', which spreadsheets show as text.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A CSV field: quoted when it holds a comma, a quote, a line break or outer spaces
 *  (RFC 4180); with `escapeFormulas`, text that a spreadsheet would run as a formula
 *  gets a leading '. Numbers are written as they print. */
export function csvField(value: Label, escapeFormulas: boolean): string {
  const text = typeof value === "string" && escapeFormulas && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// Seven significant digits: about what the float32 probabilities hold.
const probability = (p: number): string => String(Number(p.toPrecision(7)));

export async function predict(args: string[]): Promise<number> {
  const parsed = parseArgs(args, specs, "predict");
  if (parsed.values.help) {
    console.log(predictHelp);
    return 0;
  }
  const [modelFile, data] = positionals(parsed, ["MODEL.json", "DATA.csv"], "predict");
  const output = parsed.values.output as string | undefined;
  const withProba = parsed.values.proba === true;
  const escape = parsed.values["no-formula-escape"] !== true;
  const recordBytes = maxRecordBytes(parsed.values["max-record-bytes"]);
  if (output !== undefined) {
    await checkDistinctFiles([
      { flag: "MODEL.json", path: modelFile, role: "model", output: false },
      { flag: "DATA.csv", path: data, role: "data", output: false },
      { flag: "-o", path: output, role: "predictions", output: true },
    ], "predict");
  }
  const clf = await readModel(modelFile);
  const features = clf.coefs[0].length;
  const regressor = clf instanceof MLPRegressor;
  if (regressor && withProba) throw new UsageError("--proba is for classifiers; a regressor predicts numbers, not classes; see wasmlp predict --help");
  // A regressor's --label names its output columns; the data's target columns, if there,
  // are ignored like any other column the model does not read.
  const targets = regressor ? regressorTargets(clf, modelFile, parsed.values.label as string | undefined, false) : undefined;
  const columns = modelColumns(clf, modelFile, regressor ? undefined : (parsed.values.label as string | undefined), false);
  if (columns.note) console.error(columns.note);
  const file = output === undefined ? undefined : await AtomicFile.create(output);
  const emit = async (text: string): Promise<void> => {
    if (file) await file.write(text);
    else if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once("drain", resolve));
  };
  try {
    const table = await readTable(data, { ...columns.options, maxRecordBytes: recordBytes });
    if (clf instanceof MLPRegressor) {
      const names = targets ?? (clf.targets === 1 ? ["prediction"] : Array.from({ length: clf.targets }, (_, k) => `target_${k + 1}`));
      await emit(`${names.map((n) => csvField(n, escape)).join(",")}\n`);
      for (const block of regressionBlocks(clf, table.X, features)) await emit(block.map((row) => `${row.join(",")}\n`).join(""));
      await file?.commit();
      return 0;
    }
    const classes = clf.classes;
    const labels = classes.map((c) => csvField(c, escape));
    const header = ["prediction", ...(withProba ? classes.map((c) => csvField(`p_${c}`, escape)) : [])].join(",");
    await emit(`${header}\n`);
    for (const { probabilities, predicted } of predictionBlocks(clf, table.X, features)) {
      const lines = probabilities.map((p, k) => (withProba ? `${labels[predicted[k]]},${p.map(probability).join(",")}\n` : `${labels[predicted[k]]}\n`));
      await emit(lines.join(""));
    }
    await file?.commit();
  } catch (error) {
    await file?.discard();
    throw error;
  }
  return 0;
}
