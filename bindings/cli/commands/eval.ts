// wasmlp eval: a model's scores on a labelled CSV file, as a table or one line of JSON.
import type { Label } from "../../index.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { readModel } from "../files.js";
import { classIndices } from "../label-column.js";
import { score, type Scores } from "../scores.js";
import { maxRecordBytes, readTable } from "../data-file.js";
import { modelColumns } from "../columns.js";

export const evalHelp = `Usage: wasmlp eval MODEL.json DATA.csv [--json]

Scores a model from wasmlp train on DATA.csv, which has a header with the model's
feature columns and its label column, found by name in any order (other columns are
ignored; --label names another label column). A model written before wasmlp kept
column names reads the features by position, and the label from the last column or
--label. Prints accuracy, F1 (two classes: of the larger label; more: the
macro average over classes), log loss in bits, and the confusion matrix (rows: true
class, columns: predicted class).

Options:
  --json            print one line of JSON instead:
                    {"accuracy":..,"f1":..,"logLoss":..,"n":..,"classes":[..],"confusion":[[..]]}
  --label COLUMN    the label column's header name, if not the model's (or the last)
  --max-record-bytes N
                    the most bytes one CSV record may hold; K, M, G [64M]
  -h, --help        show this help`;

const specs: Record<string, OptionSpec> = {
  json: { type: "boolean" },
  label: { type: "string" },
  "max-record-bytes": { type: "string" },
  help: { type: "boolean", short: "h" },
};

// A label as the table shows it: as written, or JSON-quoted if it holds a line break or tab.
const show = (c: Label): string => (typeof c === "string" && /[\u0000-\u001f]|^$/.test(c) ? JSON.stringify(c) : String(c));

/** The scores as a person reads them: figures, then the confusion matrix as a table. */
export function formatScores(s: Scores, data: string): string {
  const k = s.classes.length;
  const f1Kind = k === 2 ? `binary, positive class ${show(s.classes[1])}` : `macro average over ${k} classes`;
  const names = s.classes.map(show);
  const cells = s.confusion.map((row) => row.map(String));
  const labelWidth = Math.max("true \\ predicted".length, ...names.map((n) => n.length));
  const widths = names.map((n, c) => Math.max(n.length, ...cells.map((row) => row[c].length)));
  const line = (first: string, rest: string[]) => [first.padEnd(labelWidth), ...rest.map((v, c) => v.padStart(widths[c]))].join("  ").trimEnd();
  return [
    `${data}: ${s.n} rows, ${k} classes`,
    `  accuracy  ${s.accuracy.toFixed(4)}`,
    `  F1        ${s.f1.toFixed(4)}  (${f1Kind})`,
    `  log loss  ${s.logLoss.toFixed(4)} bits`,
    "",
    "confusion matrix (rows: true class, columns: predicted class)",
    line("true \\ predicted", names),
    ...cells.map((row, c) => line(names[c], row)),
  ].join("\n");
}

export async function evaluate(args: string[]): Promise<number> {
  const parsed = parseArgs(args, specs, "eval");
  if (parsed.values.help) {
    console.log(evalHelp);
    return 0;
  }
  const [modelFile, data] = positionals(parsed, ["MODEL.json", "DATA.csv"], "eval");
  const recordBytes = maxRecordBytes(parsed.values["max-record-bytes"]);
  const clf = await readModel(modelFile);
  const features = clf.coefs[0].length;
  const columns = modelColumns(clf, modelFile, parsed.values.label as string | undefined, true);
  if (columns.note) console.error(columns.note);
  const table = await readTable(data, { ...columns.options, maxRecordBytes: recordBytes });
  const scores = score(clf, table.X, features, classIndices(table, clf.classes));
  if (parsed.values.json) {
    const { accuracy, f1, logLoss, n, classes, confusion } = scores;
    console.log(JSON.stringify({ accuracy, f1, logLoss, n, classes, confusion }));
  } else {
    console.log(formatScores(scores, data));
  }
  return 0;
}
