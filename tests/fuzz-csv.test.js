// Property-based tests of the CLI's CSV reader (bindings/cli/csv.ts and table.ts, bundled
// here by esbuild, since the package does not export them): any split of the same bytes
// into chunks reads the same records; written tables read back as an independent RFC 4180
// parser reads them; numbers parse exactly as Number() parses them; and any file either
// reads into finite float32 features or fails with a CliError naming the file and line.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fc, check, tally } from "./helpers/fuzz.js";
import { parseCsv, root, workspace } from "./helpers/cli.js";

const ws = workspace("fuzz-csv");
const bundle = ws.path("csv-reader.mjs");
await build({
  stdin: {
    contents: 'export { CsvReader, CsvSyntaxError, fieldText, parseNumber } from "./bindings/cli/csv.ts"; export { readTable } from "./bindings/cli/table.ts"; export { CliError } from "./bindings/cli/errors.ts";',
    resolveDir: root, sourcefile: "entry.ts", loader: "ts",
  },
  bundle: true, platform: "node", format: "esm", target: "node20", outfile: bundle, logLevel: "silent",
});
const { CsvReader, CsvSyntaxError, fieldText, parseNumber, readTable, CliError } = await import(pathToFileURL(bundle).href);

const encoder = new TextEncoder();

/** Records of `bytes` fed in pieces cut at `cuts`, or the syntax error. */
function read(bytes, cuts) {
  const records = [];
  const reader = new CsvReader((record) => {
    records.push({ line: record.line, fields: Array.from({ length: record.count }, (_, i) => fieldText(record, i)) });
  });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  try {
    let from = 0;
    for (const at of points) {
      // The reader must not keep the caller's chunk: hand it a buffer that is reused.
      const chunk = new Uint8Array(at - from);
      chunk.set(bytes.subarray(from, at));
      reader.push(chunk);
      chunk.fill(0x3f);
      from = at;
    }
    reader.push(bytes.slice(from));
    reader.end();
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { error: `${error.message} @${error.line}:${error.column}` };
  }
  return { records };
}

test("any bytes read the same however they are split into chunks, or fail with a CsvSyntaxError", async () => {
  const piece = fc.constantFrom(",", '"', '""', "\r", "\n", "\r\n", "a", "1", "-2.5e3", " ", "é", "\ufeff", "\xff", "x,y", '"q,\n"');
  const input = fc.record({
    text: fc.array(piece, { maxLength: 60 }).map((p) => p.join("")),
    bom: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 8 }),
  });
  await check(fc.property(input, ({ text, bom, cuts }) => {
    const bytes = encoder.encode((bom ? "\ufeff" : "") + text);
    const whole = read(bytes, []);
    const split = read(bytes, cuts);
    tally(`csv chunks: ${whole.error ? whole.error.replace(/@.*/, "") : "records"}`);
    assert.equal(split, whole);
  }), 1500);
});

/** A cell as a user writes it: plain, or quoted (with doubled quotes inside). */
const cellText = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9 .+-]{0,6}$/) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "é", "😀"), maxLength: 6 }) },
);

test("a written table reads back as an independent RFC 4180 parser reads it", async () => {
  const input = fc.record({
    width: fc.integer({ min: 1, max: 4 }),
    height: fc.integer({ min: 1, max: 8 }),
  }).chain(({ width, height }) => fc.record({
    rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: height, maxLength: height }),
    quoteAll: fc.boolean(),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    finalEol: fc.boolean(),
    bom: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 5 }),
  }));
  await check(fc.property(input, ({ rows, quoteAll, eol, finalEol, bom, cuts }) => {
    const quote = (cell) => (quoteAll || /[",\r\n]/.test(cell) || (rows[0].length === 1 && cell === "") ? `"${cell.replaceAll('"', '""')}"` : cell);
    const text = rows.map((r) => r.map(quote).join(",")).join(eol) + (finalEol ? eol : "");
    const got = read(encoder.encode((bom ? "\ufeff" : "") + text), cuts);
    assert.not.ok(got.error, got.error);
    // Spaces and tabs around an unquoted cell are not part of it; inside quotes they are.
    const values = rows.map((r) => r.map((cell) => (quote(cell) === cell ? cell.replace(/^[ \t]+|[ \t]+$/g, "") : cell)));
    assert.equal(got.records.map((r) => r.fields), values);
    // The reference parser drops a last record of one empty field without a line end.
    if (finalEol) assert.equal(parseCsv(text), rows);
  }), 800);
});

test("numbers parse exactly as Number() parses them; anything else is NaN", async () => {
  const digits = fc.stringMatching(/^[0-9]{0,25}$/);
  const decimal = fc.record({
    space: fc.constantFrom("", " ", "\t"),
    sign: fc.constantFrom("", "-", "+"),
    whole: digits,
    fraction: fc.option(digits),
    exponent: fc.option(fc.record({ e: fc.constantFrom("e", "E"), sign: fc.constantFrom("", "-", "+"), digits: fc.stringMatching(/^[0-9]{1,4}$/) })),
  }).map(({ space, sign, whole, fraction, exponent }) => `${space}${sign}${whole}${fraction === null ? "" : `.${fraction}`}${exponent ? exponent.e + exponent.sign + exponent.digits : ""}${space}`);
  const other = fc.oneof(
    fc.constantFrom("", " ", ".", "-", "+", "e5", "1e", "1e+", "0x1F", "Infinity", "-inf", "NaN", "1,5", "1 2", "1..2", "--1", "1e5.5", "١"),
    fc.string({ maxLength: 8 }),
    fc.double().map(String),
  );
  await check(fc.property(fc.oneof(decimal, other), (text) => {
    const bytes = encoder.encode(`,${text},`);
    const value = parseNumber(bytes, 1, bytes.length - 1);
    const valid = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/.test(text);
    if (valid) assert.ok(Object.is(value, Number(text.trim())), `${JSON.stringify(text)}: ${value} vs ${Number(text.trim())}`);
    else assert.ok(Number.isNaN(value), `${JSON.stringify(text)} read as ${value}`);
  }), 3000);
});

test("readTable: any file reads into finite float32 features, or fails with a CliError naming the file", async () => {
  const cell = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -9999, max: 9999 }).map((v) => String(v / 100)) },
    { weight: 1, arbitrary: fc.constantFrom("", " ", "nan", "Infinity", "1e39", "-3.5e38", "3.4e38", "1e-50", "-0", "0x10", '"1"', '"a,b"', "1e400", "\u00a0") },
  );
  const label = fc.constantFrom("a", "b", "1", "2", "", " ", '"x,y"', "é");
  const input = fc.record({ width: fc.integer({ min: 0, max: 4 }), height: fc.integer({ min: 0, max: 6 }) }).chain(({ width, height }) => fc.record({
    header: fc.oneof(
      { weight: 4, arbitrary: fc.constant([...Array.from({ length: width }, (_, i) => `x${i}`), "label"]) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom("x", "y", "label", "", '"a,b"'), { minLength: width + 1, maxLength: width + 1 }) },
    ),
    rows: fc.array(fc.tuple(fc.array(cell, { minLength: width, maxLength: width }), label), { minLength: height, maxLength: height }),
    ragged: fc.option(fc.nat()),
    labelOption: fc.constantFrom(undefined, undefined, undefined, "label", "missing"),
    labels: fc.boolean(),
    features: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }) }),
    extra: fc.constantFrom("", "\n", "\n\n", '\n"unterminated', "\r\n1,2"),
  }));
  let n = 0;
  await check(fc.asyncProperty(input, async ({ header, rows, ragged, labelOption, labels, features, extra }) => {
    const lines = [header.join(","), ...rows.map(([cells, y], i) => [...cells, y].slice(0, ragged === i ? -1 : undefined).join(","))];
    const file = join(ws.dir, `table-${n++}.csv`);
    writeFileSync(file, lines.join("\n") + extra);
    try {
      const table = await readTable(file, { label: labelOption, labels, features: features ?? undefined });
      tally("readTable: read");
      assert.ok(table.rows >= 1);
      assert.is(table.X.length, table.rows * table.featureNames.length);
      assert.ok(table.X.every(Number.isFinite));
      if (labels) assert.is(table.label.codes.length, table.rows);
    } catch (error) {
      if (error.name === "Assertion") throw error;
      tally(`readTable: ${error.message.replace(/"(\\.|[^"])*"|\d+/g, "#").slice(0, 60)}`);
      assert.instance(error, CliError, `${error.constructor.name}: ${error.message}`);
      assert.is(error.where?.file, file, error.message);
      assert.ok(error.message.length > 10);
    }
  }), 400);
});

test.after(() => ws.remove());

test.run();
