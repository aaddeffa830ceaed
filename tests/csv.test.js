// CSV files as users have them, through the real command: every accepted spelling of the
// same table trains the same model bit for bit, and a file that a naive string split
// cannot hold in memory still trains.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync, openSync, writeSync, closeSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { wasmlp, workspace, blobs, parseCsv } from "./helpers/cli.js";

const ws = workspace("csv");
const rows = blobs(120, 3);
const TRAIN = ["--epochs", "5", "--quiet", "--validation-fraction", "0"];

function train(name, content, extra = []) {
  const file = ws.file(name, content);
  const out = ws.path(`${name}.json`);
  const result = wasmlp(["train", file, "-o", out, ...TRAIN, ...extra]);
  assert.is(result.status, 0, `${name}: ${result.stderr}`);
  return JSON.parse(readFileSync(out, "utf8"));
}

const lines = (cells, eol = "\n") => cells.map((r) => r.join(",")).join(eol);
const reference = train("reference.csv", `${lines([["x", "y", "label"], ...rows])}\n`);

// [what, content]: the same table as reference.csv.
const variants = [
  ["CRLF line ends", `${lines([["x", "y", "label"], ...rows], "\r\n")}\r\n`],
  ["CR line ends", `${lines([["x", "y", "label"], ...rows], "\r")}\r`],
  ["no final newline", lines([["x", "y", "label"], ...rows])],
  ["no final newline after CRLF lines", lines([["x", "y", "label"], ...rows], "\r\n")],
  ["a UTF-8 byte-order mark", `\ufeff${lines([["x", "y", "label"], ...rows])}\n`],
  ["a byte-order mark, CRLF and no final newline", `\ufeff${lines([["x", "y", "label"], ...rows], "\r\n")}`],
  ["every field quoted", `${lines([["x", "y", "label"], ...rows].map((r) => r.map((v) => `"${v}"`)))}\n`],
  ["blank lines between and after rows", `${lines([["x", "y", "label"], ...rows.slice(0, 60)])}\n\n\r\n${lines(rows.slice(60))}\n\n\n`],
  ["spaces around numbers", `${lines([["x", "y", "label"], ...rows.map(([x, y, l]) => [` ${x}`, `${y}\t`, l])])}\n`],
  // 20+ significant digits take the exact slow path; mantissa and exponent the fast one.
  ["numbers in other spellings", `${lines([["x", "y", "label"], ...rows.map(([x, y, l]) => [`${x}0000000000000000000`, `${y.replace(".", "")}e-4`, l])])}\n`],
  ["numbers with exponents and signs", `${lines([["x", "y", "label"], ...rows.map(([x, y, l]) => [`${x}E+00`, y.startsWith("-") ? y : `+${y}`, l])])}\n`],
];

for (const [what, content] of variants) {
  test(`accepts ${what}: the same model as plain CSV`, () => {
    const model = train(`${what.replace(/\W+/g, "-")}.csv`, content);
    assert.equal(model.params, reference.params);
    assert.equal(model.classes, [0, 1]);
  });
}

test("labels are kept as written: 0.0 and 1e0 are the text classes \"0.0\" and \"1e0\", in the same order", () => {
  const model = train("written.csv", `${lines([["x", "y", "label"], ...rows.map(([x, y, l]) => [x, y, l ? "1e0" : "0.0"])])}\n`);
  assert.equal(model.classes, ["0.0", "1e0"]);
  assert.equal(model.params, reference.params);
});

test("spaces and tabs around an unquoted cell are not part of it: header names, features and labels alike", () => {
  const spaced = `${lines([[" x", "y\t", " label "], ...rows.map(([x, y, l]) => [` ${x}`, `${y}\t`, `\t${l} `])])}\n`;
  const model = train("spaced.csv", spaced, ["--label", "label"]);
  assert.equal(model.params, reference.params);
  assert.equal(model.classes, [0, 1]);
});

test("the label column anywhere, named by --label; header names with quotes and commas", () => {
  const content = `"label","x, the first","y ""2"""\n${lines(rows.map(([x, y, l]) => [l, x, y]))}\n`;
  const model = train("label-first.csv", content, ["--label", "label"]);
  assert.equal(model.params, reference.params);
});

test("string labels: quoted, with commas, quotes, line breaks and non-ASCII; predict writes them back", () => {
  const names = ['cat, "the first"', "dog\nsecond line", "ėmu 🦤"];
  const quote = (s) => `"${s.replaceAll('"', '""')}"`;
  const content = `x,y,species\n${lines(rows.map(([x, y], i) => [x, y, quote(names[i % 3])]))}\n`;
  const model = train("strings.csv", content);
  assert.equal([...model.classes].sort(), [...names].sort());
  const predicted = parseCsv(wasmlp(["predict", ws.path("strings.csv.json"), ws.path("strings.csv")]).stdout);
  assert.is(predicted.length, rows.length + 1);
  assert.ok(predicted.slice(1).every(([label]) => names.includes(label)), JSON.stringify(predicted.slice(1, 4)));
  const scores = JSON.parse(wasmlp(["eval", ws.path("strings.csv.json"), ws.path("strings.csv"), "--json"]).stdout);
  assert.is(scores.n, rows.length);
});

test("a file bigger than a naive string split can hold still trains (streamed into typed arrays)", () => {
  // About 25 MB of CSV; with a 40 MB JavaScript heap, reading it as a string and splitting
  // it into rows of strings runs out of memory, while the command reads it in chunks.
  const big = ws.path("big.csv");
  const fd = openSync(big, "w");
  writeSync(fd, "a,b,c,d,e,f,label\n");
  const block = blobs(2000, 11).map(([x, y, l]) => `${x},${y},${y},${x},0.123456,-9.87654,${l}`).join("\n") + "\n";
  for (let i = 0; i < 130; i++) writeSync(fd, block);
  closeSync(fd);
  const heap = ["--max-old-space-size=40"];
  const naive = ws.file("naive.mjs", `import { readFileSync } from "node:fs";
    const rows = readFileSync(${JSON.stringify(big)}, "utf8").split("\\n").map((line) => line.split(","));
    console.log(rows.length);`);
  const split = spawnSync(process.execPath, [...heap, naive], { encoding: "utf8" });
  assert.ok(split.status !== 0 || split.signal, "the naive split should run out of memory");
  assert.match(split.stderr, /heap out of memory/);
  const out = ws.path("big.json");
  const result = wasmlp(["train", big, "-o", out, "--epochs", "1", "--quiet"], { nodeArgs: heap });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /260000 rows, 6 features, 2 classes/);
});

test.after(() => ws.remove());
test.run();
