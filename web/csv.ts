// CSV files dropped on the demo: numeric feature columns, the class label last, an
// optional header row. Errors name the line and column, for the page to show.

export type Label = number | string;

export interface Table {
  X: number[][];
  y: Label[];
  /** Column names: the header's, or x1, x2, ... and "label". */
  names: string[];
}

const MAX_ROWS = 20000;
const MAX_CLASSES = 50;

// One line's fields; double quotes may wrap a field ("" inside is a quote).
function fields(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { out.push(field.trim()); field = ""; }
    else field += ch;
  }
  out.push(field.trim());
  return out;
}

const isNumber = (text: string): boolean => text !== "" && Number.isFinite(Number(text));

/** Parses CSV (comma, semicolon or tab separated) text into samples and labels. */
export function parseCsv(text: string): Table {
  const lines = text.split(/\r\n|\n|\r/).map((line, i) => ({ line, number: i + 1 })).filter(({ line }) => line.trim() !== "");
  if (lines.length === 0) throw new Error("the file is empty");
  const first = lines[0].line;
  const delimiter = [",", ";", "\t"].reduce((best, d) => (first.split(d).length > first.split(best).length ? d : best));
  const head = fields(first, delimiter);
  if (head.length < 2) throw new Error("expected at least two columns: one or more features, then the label");
  const hasHeader = head.slice(0, -1).some((f) => !isNumber(f));
  const names = hasHeader ? head : [...head.slice(0, -1).map((_, i) => `x${i + 1}`), "label"];
  const rows = hasHeader ? lines.slice(1) : lines;
  if (rows.length < 2) throw new Error("expected at least two rows of data");
  if (rows.length > MAX_ROWS) throw new Error(`the file has ${rows.length} rows; this page takes up to ${MAX_ROWS}`);
  const X: number[][] = [];
  const labels: string[] = [];
  for (const { line, number } of rows) {
    const row = fields(line, delimiter);
    if (row.length !== head.length) throw new Error(`line ${number} has ${row.length} fields; the first line has ${head.length}`);
    X.push(row.slice(0, -1).map((f, c) => {
      if (!isNumber(f)) throw new Error(`line ${number}, column ${c + 1} (${names[c]}): ${JSON.stringify(f)} is not a number`);
      return Number(f);
    }));
    const label = row[row.length - 1];
    if (label === "") throw new Error(`line ${number} has no label in its last column`);
    labels.push(label);
  }
  const numeric = labels.every(isNumber);
  const y = numeric ? labels.map(Number) : labels;
  const classes = new Set<Label>(y).size;
  if (classes < 2) throw new Error("the last column (the label) has a single value; a classifier needs at least two classes");
  if (classes > MAX_CLASSES) throw new Error(`the last column has ${classes} distinct values; it should hold class labels (at most ${MAX_CLASSES})`);
  return { X, y, names };
}
