// One CSV reader for the command and the demo page: every file of a corpus (good ones and
// bad ones) gives the same table and labels, or the same error at the same place, through
// the command's reader (readTable on the file, then the command's label typing) and
// through the page's (web/csv-file.ts on the file's bytes, bundled for the browser as the
// page bundles it); the command prints the page's error line. The page's own limits on
// rows and classes are the shared reader's options, with their own messages.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { root, wasmlp, workspace } from "./helpers/cli.js";

const ws = workspace("csv-shared");

/** Bundles `contents` (TypeScript importing from the repository) for `platform`. */
async function bundle(name, contents, platform) {
  const outfile = ws.path(name);
  await build({
    stdin: { contents, resolveDir: root, sourcefile: `${name}.ts`, loader: "ts" },
    bundle: true, platform, format: "esm", target: "es2022", outfile, logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

const command = await bundle("command.mjs", [
  'export { readTable } from "./bindings/cli/data-file.ts";',
  'export { trainingLabels } from "./bindings/cli/label-column.ts";',
  'export { CliError } from "./bindings/cli/errors.ts";',
].join("\n"), "node");
const page = await bundle("page.mjs", 'export { readCsv, csvFailure, PAGE_LIMITS } from "./web/csv-file.ts";', "neutral");

const latin1 = (text) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const rows = (labels) => labels.map((label, i) => `${i},${(i * 7) % 5},${label}`).join("\n");

// [name, content]: text is written as UTF-8, a Uint8Array as it is.
const good = [
  ["plain", "x,y,label\n1,2,a\n3,4,b\n"],
  ["quoted fields", 'x,"y, the second",label\n"1","2","cat, ""big"""\n3,4,"dog\nsecond line"\n5,6,"é 😀"\n'],
  ["CRLF", "x,y,label\r\n1,2,a\r\n3,4,b\r\n"],
  ["CR", "x,y,label\r1,2,a\r3,4,b\r"],
  ["BOM, no final newline", "\ufeffx,y,label\n1,2,a\n3,4,b"],
  ["blank lines", "x,y,label\n\n1,2,a\n\r\n3,4,b\n\n\n"],
  ["numbers in other spellings", "x,y,label\n 1.50 ,-2e3,a\n+.5,\t7E-2\t,b\n123456789012345678901,0.1000000000000000055511151231257827,a\n"],
  ["zip-code labels", `x,y,zip\n${rows(["02134", "10001", "02134"])}\n`],
  ["1 and 1.0", `x,y,label\n${rows(["1", "1.0", "1"])}\n`],
  ["numeric labels", `x,y,label\n${rows(["-1", "0.5", "3", "-1"])}\n`],
  ["17-digit ids", `x,y,id\n${rows(["12345678901234567", "12345678901234568"])}\n`],
  ["spaced labels", `x,y,label\n${rows([" a", "a\t", "\tb ", '" a"', '"a "'])}\n`],
  ["spaced header names", " x ,\ty\t, label \n1,2,a\n3,4,b\n"],
];
const bad = [
  ["Latin-1 label", latin1("x,y,label\n0,1,caf\xe9\n1,0,cafe\n")],
  ["Windows-1252 quotes after a multi-line cell", latin1('x,y,label\r\n0,1,"two\nlines"\r\n1,0,\x93hi\x94\r\n')],
  ["Latin-1 header", latin1("x,\xb5m,label\n0,1,a\n1,0,b\n")],
  ["an overlong UTF-8 form", Uint8Array.from([...latin1("x,y,label\n0,1,a"), 0xc0, 0xaf, ...latin1("\n1,0,b\n")])],
  ["duplicate feature names", "x,x,label\n1,2,a\n3,4,b\n"],
  ["a feature named as the label", "label,x,label\n1,2,a\n3,4,b\n"],
  ["duplicate names after trimming", "x, x ,label\n1,2,a\n3,4,b\n"],
  ["a short row", "x,y,label\n1,2,a\n3,4\n"],
  ["a long row", "x,y,label\n1,2,a\n3,4,b,5\n"],
  ["an empty file", ""],
  ["only blank lines", "\n\r\n\n"],
  ["a header alone", "x,y,label\n"],
  ["one column", "x\n1\n2\n"],
  ["semicolons", "x;y;label\n1;2;a\n3;4;b\n"],
  ["tabs", "x\ty\tlabel\n1\t2\ta\n3\t4\tb\n"],
  ["an unclosed quote", 'x,y,label\n1,2,a\n3,4,"b\n'],
  ["text after a closing quote", 'x,y,label\n1,2,"a"b\n'],
  ["a word for a number", "x,y,label\n1,2,a\n3,four,b\n"],
  ["an empty feature", "x,y,label\n1,,a\n3,4,b\n"],
  ["NaN", "x,y,label\n1,NaN,a\n3,4,b\n"],
  ["beyond float32", "x,y,label\n1,1e39,a\n3,4,b\n"],
  ["a decimal comma", 'x,y,label\n1,"2,5",a\n3,4,b\n'],
  ["a quoted number with a space", 'x,y,label\n1,2,a\n" 3",4,b\n'],
  ["an empty label", "x,y,label\n1,2,a\n3,4,  \n"],
  ["one class", "x,y,label\n1,2,a\n3,4, a\n"],
];

/** What a reader made of a file: the table and its labels, or the error and its place
 *  (the file as the page names it, by its name). */
async function outcome(read, name) {
  try {
    const { table, y } = await read();
    return { rows: table.rows, featureNames: table.featureNames, X: Array.from(table.X), labelName: table.label.name, y };
  } catch (error) {
    if (!error.where) throw error;
    return { error: error.message, where: { ...error.where, file: name } };
  }
}

const viaCommand = (file, name) => outcome(async () => {
  const table = await command.readTable(file, { labels: true });
  return { table, y: command.trainingLabels(table) };
}, name);
const viaPage = (file, name) => outcome(() => page.readCsv(name, new Uint8Array(readFileSync(file))), name);

/** The page's message for a file it cannot read (text is encoded as UTF-8). */
function pageFailure(name, content) {
  try {
    page.readCsv(name, typeof content === "string" ? new TextEncoder().encode(content) : content);
  } catch (error) {
    return page.csvFailure(name, error);
  }
  assert.unreachable(`${name} was read`);
}

const fileName = (what) => `${what.replace(/\W+/g, "-")}.csv`;

for (const [what, content] of [...good, ...bad]) {
  const name = fileName(what);
  const file = ws.file(name, content);
  const isGood = good.some(([w]) => w === what);
  test(`${isGood ? "reads" : "refuses"} ${what} alike in the command and on the page`, async () => {
    const fromCommand = await viaCommand(file, name);
    const fromPage = await viaPage(file, name);
    assert.equal(fromPage, fromCommand);
    assert.is(fromPage.error === undefined, isGood, fromPage.error);
    if (isGood) return;
    // The page's line and the command's one-line error name the same place, in the same words.
    const shown = pageFailure(name, new Uint8Array(readFileSync(file)));
    const run = wasmlp(["train", name, "-o", "model.json", "--quiet"], { cwd: ws.dir });
    assert.is(run.status, 1, run.stderr);
    assert.is(run.stderr, `wasmlp: error: ${shown.replace(/^Could not read /, "")}\n`);
  });
}

test("the corpus's typing: labels as written, one whitespace rule, quoted fields kept", async () => {
  const labels = async (what) => (await viaCommand(ws.path(fileName(what)), fileName(what))).y;
  assert.equal(await labels("zip-code labels"), ["02134", "10001", "02134"]);
  assert.equal(await labels("1 and 1.0"), ["1", "1.0", "1"]);
  assert.equal(await labels("numeric labels"), [-1, 0.5, 3, -1]);
  assert.equal(await labels("spaced labels"), ["a", "a", "b", " a", "a "]);
  assert.equal(await labels("quoted fields"), ['cat, "big"', "dog\nsecond line", "é 😀"]);
});

test("a header of one field that holds semicolons or tabs names the separator it seems to use", () => {
  assert.is(pageFailure("semi.csv", "x;y;label\n1;2;a\n"), "Could not read semi.csv, line 1: expected at least two columns (features, then the label); the header has 1; fields are separated by commas, and this header looks separated by semicolons");
  assert.match(pageFailure("tab.csv", "x\ty\tlabel\n1\t2\ta\n"), /this header looks separated by tabs$/);
  assert.match(pageFailure("plain.csv", "x\n1\n"), /the header has 1$/);
});

test("the page's limits: past 20000 rows or 50 classes, an error where the limit is passed; the command has none", async () => {
  const { rows: maxRows, classes: maxClasses } = page.PAGE_LIMITS;
  const tall = `x,y,label\n${Array.from({ length: maxRows + 1 }, (_, i) => `${i},1,${i % 2 ? "a" : "b"}`).join("\n")}\n`;
  const wide = `x,y,label\n${Array.from({ length: 2 * maxClasses + 2 }, (_, i) => `${i},1,c${i % (maxClasses + 1)}`).join("\n")}\n`;
  const bytes = (text) => new TextEncoder().encode(text);
  assert.is(pageFailure("tall.csv", tall), `Could not read tall.csv, line ${maxRows + 2}: the file has more than ${maxRows} data rows, the most the demo page takes`);
  assert.is(pageFailure("wide.csv", wide), `Could not read wide.csv, line ${maxClasses + 2}, column 3 ("label"): the label column has more than ${maxClasses} distinct labels, the most the demo page takes; a label column holds classes, not a quantity or an identifier`);
  // One row and one class fewer are read.
  assert.is(page.readCsv("tall.csv", bytes(tall.slice(0, tall.lastIndexOf("\n", tall.length - 2) + 1))).table.rows, maxRows);
  assert.is(new Set(page.readCsv("wide.csv", bytes(wide.split("\n").slice(0, maxClasses + 1).join("\n"))).y).size, maxClasses);
  const table = await command.readTable(ws.file("tall.csv", tall), { labels: true });
  assert.is(table.rows, maxRows + 1);
  assert.is((await command.readTable(ws.file("wide.csv", wide), { labels: true })).label.values.length, maxClasses + 1);
});

test.after(() => ws.remove());
test.run();
