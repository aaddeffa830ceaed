// Your data, exactly: labels kept as written (numbers only when every label prints back
// as written), one whitespace rule, text that must be UTF-8, header names that must be
// unique, a label column that looks like a quantity stopping training, and predictions
// that a spreadsheet shows rather than runs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { wasmlp, workspace, parseCsv } from "./helpers/cli.js";

const ws = workspace("cli-data");
const QUICK = ["--epochs", "3", "--quiet"];

/** Rows whose first feature tells the class apart: class k of `labels` at x = k. */
function separable(labels, rows = 120) {
  return Array.from({ length: rows }, (_, i) => [i % labels.length, (i * 7) % 5, labels[i % labels.length]]);
}
const csv = (header, rows) => [header, ...rows].map((r) => r.join(",")).join("\n") + "\n";

/** Trains on `content` (text or bytes) and returns the run and the model's JSON, if written. */
function train(name, content, extra = []) {
  const file = ws.file(name, content);
  const out = ws.path(`${name}.json`);
  const result = wasmlp(["train", file, "-o", out, ...QUICK, ...extra]);
  return { file, out, result, model: existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : undefined };
}

function expectError(result, pattern) {
  assert.is(result.status, 1, `status ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, /^wasmlp: error: [^\n]+\n$/, "one line on standard error");
  assert.not.match(result.stderr, /internal error/);
  assert.match(result.stderr, pattern);
}

test("17-digit integer labels are two text classes, written back digit for digit", () => {
  const { file, out, result, model } = train("long-ints.csv", csv(["x", "y", "id"], separable(["12345678901234567", "12345678901234568"])), ["--epochs", "200", "--lr", "0.05"]);
  assert.is(result.status, 0, result.stderr);
  assert.equal(model.classes, ["12345678901234567", "12345678901234568"]);
  const predicted = parseCsv(wasmlp(["predict", out, file]).stdout).slice(1).map(([p]) => p);
  assert.equal([...new Set(predicted)].sort(), ["12345678901234567", "12345678901234568"]);
});

test("labels that a number would rewrite stay text: 02134 keeps its zero, 1.0 is not 1", () => {
  const zip = train("zip.csv", csv(["x", "y", "zip"], separable(["02134", "10001"])), ["--epochs", "200", "--lr", "0.05"]);
  assert.is(zip.result.status, 0, zip.result.stderr);
  assert.equal(zip.model.classes, ["02134", "10001"]);
  assert.ok(parseCsv(wasmlp(["predict", zip.out, zip.file]).stdout).slice(1).some(([p]) => p === "02134"));
  const scores = JSON.parse(wasmlp(["eval", zip.out, zip.file, "--json"]).stdout);
  assert.equal(scores.classes, ["02134", "10001"]);
  assert.is(scores.n, 120);
  const mixed = train("one-and-one-point-zero.csv", csv(["x", "y", "label"], separable(["1", "1.0"])));
  assert.equal(mixed.model.classes, ["1", "1.0"], "two classes, as written");
});

test("labels that print back as written are numbers: -1, 0.5 and 3", () => {
  const { model } = train("numbers.csv", csv(["x", "y", "label"], separable(["-1", "0.5", "3"])));
  assert.equal(model.classes, [-1, 0.5, 3]);
});

test("eval matches a label to a class as the class prints: 1.0 is not the class 1", () => {
  const { out } = train("ints.csv", csv(["x", "y", "label"], separable(["1", "2"])));
  const file = ws.file("ints-written-as-floats.csv", csv(["x", "y", "label"], [[0, 0, "1"], [1, 1, "2.0"]]));
  expectError(wasmlp(["eval", out, file]), /ints-written-as-floats\.csv, line 3, column 3 \("label"\): the label "2\.0" is not one of the model's classes: expected one of 1, 2$/m);
});

test("whitespace: around an unquoted label it is dropped, inside quotes it is the label's", () => {
  const unquoted = train("unquoted-spaces.csv", csv(["x", "y", "label"], separable(["x", " x", "x\t", "y"])));
  assert.equal(unquoted.model.classes, ["x", "y"]);
  const quoted = train("quoted-spaces.csv", csv(["x", "y", "label"], separable(['"x"', '" x"', '"x "'])));
  assert.equal(quoted.model.classes, [" x", "x", "x "]);
  expectError(train("blank-label.csv", "x,y,label\n1,2,a\n3,4,  \n").result, /blank-label\.csv, line 3, column 3 \("label"\): the label cell is empty/);
  // A feature's quotes hold its value exactly too: no number has spaces in it.
  expectError(train("quoted-spaced-number.csv", 'x,y,label\n1,2,a\n" 3",4,b\n').result, /quoted-spaced-number\.csv, line 3, column 1 \("x"\): expected a number, found " 3"/);
});

test("bytes that are not UTF-8: an error naming the line, column and byte, never a merged class", () => {
  // café and cafè in Latin-1: U+FFFD for both would make them one class.
  const latin1 = Buffer.concat([Buffer.from("x,y,label\n0,1,caf"), Buffer.from([0xe9]), Buffer.from("\n1,0,caf"), Buffer.from([0xe8]), Buffer.from("\n")]);
  expectError(train("latin1.csv", latin1).result, /latin1\.csv, line 2, column 3 \("label"\): byte 0xE9 after "caf" is not UTF-8: wasmlp reads text as UTF-8; save the file as UTF-8/);
  // Windows-1252 curly quotes around a label, on a CRLF line after a multi-line quoted one.
  const cp1252 = Buffer.concat([Buffer.from('x,y,label\r\n0,1,"two\nlines"\r\n1,0,'), Buffer.from([0x93]), Buffer.from("hi"), Buffer.from([0x94]), Buffer.from("\r\n")]);
  expectError(train("cp1252.csv", cp1252).result, /cp1252\.csv, line 4, column 3 \("label"\): byte 0x93 at its start is not UTF-8/);
  const header = Buffer.concat([Buffer.from("x,caf"), Buffer.from([0xe9]), Buffer.from(",label\n1,2,a\n3,4,b\n")]);
  expectError(train("latin1-header.csv", header).result, /latin1-header\.csv, line 1, column 2: byte 0xE9 after "caf" is not UTF-8/);
});

test("duplicate header names: an error where a column is read, naming both columns", () => {
  const rows = separable(["a", "b"]);
  expectError(train("dup-label.csv", csv(["x", "x", "y"], rows), ["--label", "x"]).result, /dup-label\.csv, line 1, column 2: columns 1 and 2 are both named "x": --label "x" could mean either$/m);
  expectError(train("dup-feature.csv", csv(["x", "x", "label"], rows)).result, /dup-feature\.csv, line 1, column 2: columns 1 and 2 are both named "x": every column read needs a name of its own, since a model finds its features by name/);
  expectError(train("dup-label-feature.csv", csv(["label", "y", "label"], rows)).result, /columns 1 and 3 are both named "label"/);
  // Spaces outside the quotes are not part of a name: " x" is "x".
  expectError(train("dup-spaced.csv", csv(["x", " x ", "label"], rows)).result, /columns 1 and 2 are both named "x"/);
});

test("a forgotten --label: a column of measurements as the label stops train, naming --label", () => {
  const rows = Array.from({ length: 100 }, (_, i) => [i % 2, (i * 0.37).toFixed(3)]);
  const { out, result } = train("measurements.csv", csv(["label", "weight"], rows));
  expectError(result, /measurements\.csv, column 2 \("weight"\): the label column has 100 distinct values in 100 rows, not all whole numbers: it looks like a quantity, not classes\. If the label is another column, name it with --label COLUMN; if this column is a quantity to predict, train a regressor with --task regression; if these are 100 classes, pass --many-classes$/m);
  assert.not.ok(existsSync(out), "no model");
  assert.is(train("measurements-labelled.csv", csv(["label", "weight"], rows), ["--label", "label"]).result.status, 0);
  const forced = train("measurements-forced.csv", csv(["label", "weight"], rows), ["--many-classes"]);
  assert.is(forced.result.status, 0, forced.result.stderr);
  assert.is(forced.model.classes.length, 100);
});

test("fractions among many classes, or a class for most rows, look like a quantity; many whole-number classes do not", () => {
  // 30 distinct values over 600 rows, one decimal each: a rounded measurement.
  const rounded = Array.from({ length: 600 }, (_, i) => [i % 7, ((i % 30) / 10).toFixed(1)]);
  expectError(train("rounded.csv", csv(["x", "reading"], rounded)).result, /the label column has 30 distinct values in 600 rows, not all whole numbers/);
  const ids = Array.from({ length: 40 }, (_, i) => [i % 3, `user${i}`]);
  expectError(train("ids.csv", csv(["x", "name"], ids)).result, /the label column has 40 distinct labels in 40 rows: it looks like names or identifiers, not classes\. If the label is another column, name it with --label COLUMN; if these are 40 classes, pass --many-classes/);
  const digits = train("classes.csv", csv(["x", "y", "digit"], separable(Array.from({ length: 25 }, (_, k) => String(k)), 1000)));
  assert.is(digits.result.status, 0, digits.result.stderr);
  assert.is(digits.model.classes.length, 25);
  const few = train("few-fractions.csv", csv(["x", "y", "grade"], separable(["0.5", "1.5", "2.5"])));
  assert.equal(few.model.classes, [0.5, 1.5, 2.5]);
});

test("predictions a spreadsheet would run as formulas get a leading ', unless --no-formula-escape", () => {
  const labels = ["=1+2", "+x", "-x", "@SUM(A1)", '"\tx"', '"\rx"', "safe"];
  const { file, out, model } = train("formulas.csv", csv(["x", "y", "label"], separable(labels, 350)), ["--epochs", "300", "--lr", "0.05"]);
  const escaped = parseCsv(wasmlp(["predict", out, file]).stdout);
  const raw = parseCsv(wasmlp(["predict", out, file, "--no-formula-escape"]).stdout);
  const written = ["=1+2", "+x", "-x", "@SUM(A1)", "\tx", "\rx"];
  assert.equal([...new Set(escaped.slice(1).map(([p]) => p))].sort(), [...written.map((l) => `'${l}`), "safe"].sort());
  assert.equal([...new Set(raw.slice(1).map(([p]) => p))].sort(), [...written, "safe"].sort());
  // Header cells follow the same rule; p_CLASS never begins with a formula character.
  const header = parseCsv(wasmlp(["predict", out, file, "--proba"]).stdout)[0];
  assert.equal(header, ["prediction", ...model.classes.map((c) => `p_${c}`)]);
  assert.equal([...model.classes].sort(), [...written, "safe"].sort());
});

test("a numeric class -1 is a number, not a formula: written as -1", () => {
  const { file, out, model } = train("minus-one.csv", csv(["x", "y", "label"], separable(["-1", "1"])), ["--epochs", "200", "--lr", "0.05"]);
  assert.equal(model.classes, [-1, 1]);
  const predicted = new Set(parseCsv(wasmlp(["predict", out, file]).stdout).slice(1).map(([p]) => p));
  assert.equal([...predicted].sort(), ["-1", "1"]);
});

test("--help documents the new options", () => {
  const trainHelp = wasmlp(["train", "--help"]).stdout;
  for (const flag of ["--many-classes", "--max-record-bytes"]) assert.ok(trainHelp.includes(flag), flag);
  const predictHelp = wasmlp(["predict", "--help"]).stdout;
  for (const flag of ["--no-formula-escape", "--max-record-bytes"]) assert.ok(predictHelp.includes(flag), flag);
  assert.ok(wasmlp(["eval", "--help"]).stdout.includes("--max-record-bytes"));
});

test.after(() => ws.remove());
test.run();
