// wasmlp eval: a model's scores on a labelled CSV file, as a table or one line of JSON.
import { MLPRegressor, type Label } from "../../index.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { readModel } from "../files.js";
import { classIndices } from "../label-column.js";
import { score, type Scores } from "../scores.js";
import { maxRecordBytes, readTable } from "../data-file.js";
import { modelColumns } from "../columns.js";
import { CliError } from "../errors.js";
import { regressionScores, regressorTargets, type RegressionScores } from "../regression.js";
import { readTargetTable } from "../target-columns.js";

export const evalHelp = `Usage: wasmlp eval MODEL.json DATA.csv [--json]

Scores a model from wasmlp train on DATA.csv, which has a header with the model's
feature columns and its label column, found by name in any order (other columns are
ignored; --label names another label column). A model written before wasmlp kept
column names reads the features by position, and the label from the last column or
--label. Prints accuracy, F1 (two classes: of the larger label; more: the
macro average over classes), log loss in bits, and the confusion matrix (rows: true
class, columns: predicted class).

For a regressor (train --task regression), DATA.csv needs its target columns, every
cell a number, and eval prints R², MAE and RMSE (per target when there are several,
and overall: R² averaged over targets, MAE and RMSE over every cell). The model names
its target columns; one written before wasmlp kept several targets' names needs
--label y0,y1, one column per target.

Options:
  --json            print one line of JSON instead:
                    {"accuracy":..,"f1":..,"logLoss":..,"n":..,"classes":[..],"confusion":[[..]]}
                    or for a regressor {"r2":..,"mae":..,"rmse":..,"n":..} (with several
                    targets also "targets":[{"name":..,"r2":..,"mae":..,"rmse":..},..])
  --label COLUMN    the label column's header name, if not the model's (or the last);
                    for a regressor the target columns, y0,y1
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

// Fixed-point figures in a column wide enough for the largest: a target around 5000
// has an MAE in its own units, so four decimals and right alignment.
const figure = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : String(v));

/** A regressor's scores as a person reads them. */
export function formatRegressionScores(s: RegressionScores, names: string[], data: string): string {
  if (names.length === 1) {
    return [`${data}: ${s.n} rows, target column ${JSON.stringify(names[0])}`, `  R²    ${figure(s.r2)}`, `  MAE   ${figure(s.mae)}`, `  RMSE  ${figure(s.rmse)}`].join("\n");
  }
  const rows = [["target", "R²", "MAE", "RMSE"], ...s.targets.map((t, k) => [names[k], figure(t.r2), figure(t.mae), figure(t.rmse)]), ["overall", figure(s.r2), figure(s.mae), figure(s.rmse)]];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ");
  return [`${data}: ${s.n} rows, ${names.length} target columns`, ...rows.map(line)].join("\n");
}

async function evaluateRegressor(reg: MLPRegressor, modelFile: string, data: string, values: Record<string, string | boolean | undefined>, recordBytes: number | undefined): Promise<number> {
  const label = values.label as string | undefined;
  const targets = regressorTargets(reg, modelFile, label, true);
  const featureNames = reg.featureNames;
  if (featureNames === undefined) console.error(`wasmlp: note: ${modelFile} names no columns (fitted without featureNames); reading every column but the target${reg.targets === 1 ? "" : "s"} as the features, in order`);
  const read = await readTargetTable(data, { featureNames, targets, targetsFrom: label === undefined ? "the model's target column; give --label if it has another name" : "--label", maxRecordBytes: recordBytes });
  const features = reg.coefs[0].length;
  if (read.table.featureNames.length !== features) {
    throw new CliError(`expected ${features} feature columns besides the target${reg.targets === 1 ? "" : "s"}, as the model was trained on; found ${read.table.featureNames.length}`, { file: data, line: 1 });
  }
  const scores = regressionScores(reg, read.table.X, features, read.targets);
  if (values.json) {
    const { r2, mae, rmse, n } = scores;
    const perTarget = read.targetNames.length > 1 ? { targets: scores.targets.map((t, k) => ({ name: read.targetNames[k], ...t })) } : {};
    console.log(JSON.stringify({ r2, mae, rmse, n, ...perTarget }));
  } else {
    console.log(formatRegressionScores(scores, read.targetNames, data));
  }
  return 0;
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
  if (clf instanceof MLPRegressor) return evaluateRegressor(clf, modelFile, data, parsed.values, recordBytes);
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
