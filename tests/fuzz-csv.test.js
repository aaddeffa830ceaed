// Property-based tests of the CLI's CSV reader (bindings/io/csv/ and bindings/cli/data-file.ts, bundled
// here by esbuild, since the package does not export them): any split of the same bytes
// into chunks reads the same records, long records and record limits included, with work
// linear in the input; written tables read back as an independent RFC 4180 parser reads
// them; numbers parse exactly as Number() parses them; bytes that are not UTF-8 are an
// error naming the line and column wherever a cell becomes text; and any file either
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
    contents: [
      'export { CsvReader } from "./bindings/io/csv/reader.ts";',
      'export { CsvSyntaxError, fieldText } from "./bindings/io/csv/cells.ts";',
      'export { parseNumber } from "./bindings/io/csv/numbers.ts";',
      'export { readTable } from "./bindings/cli/data-file.ts";',
      'export { CliError } from "./bindings/cli/errors.ts";',
      'export { firstInvalidUtf8 } from "./bindings/io/csv/utf8.ts";',
    ].join("\n"),
    resolveDir: root, sourcefile: "entry.ts", loader: "ts",
  },
  bundle: true, platform: "node", format: "esm", target: "node20", outfile: bundle, logLevel: "silent",
});
const { CsvReader, CsvSyntaxError, fieldText, parseNumber, readTable, CliError, firstInvalidUtf8 } = await import(pathToFileURL(bundle).href);

const encoder = new TextEncoder();

/** The records of `bytes` fed in pieces cut at `cuts` (or the syntax error), the reader's
 *  count of bytes scanned and moved, and the number of pieces; `options` go to the reader. */
function readCounting(bytes, cuts, options) {
  const records = [];
  const reader = new CsvReader((record) => {
    records.push({ line: record.line, fields: Array.from({ length: record.count }, (_, i) => fieldText(record, i)) });
  }, options);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const counts = () => ({ work: reader.work, pieces: points.length + 1 });
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
    return { outcome: { error: `${error.message} @${error.line}:${error.column}` }, ...counts() };
  }
  return { outcome: { records }, ...counts() };
}

/** Records of `bytes` fed in pieces cut at `cuts`, or the syntax error. */
const read = (bytes, cuts, options) => readCounting(bytes, cuts, options).outcome;

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

test("long records read the same at any chunk boundaries and any record limit, with linear work", async () => {
  // Pieces repeated thousands of times: long unquoted fields, long quoted ones with
  // doubled quotes and line breaks, records of many fields, bytes that are not UTF-8.
  const piece = fc.constantFrom("a", "1.5", ",", " ", '"q""q"', '"x\ny,"', "\r\n", "\n", "\r", "\xff", "é");
  const input = fc.record({
    runs: fc.array(fc.record({ piece, times: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4000 })) }), { minLength: 1, maxLength: 8 }),
    cuts: fc.oneof(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat({ max: 40 }), { maxLength: 40 })),
    // Small limits fall on every kind of byte: an opening quote, a comma, a line end.
    maxRecordBytes: fc.option(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20000 }))),
    bufferBytes: fc.constantFrom(1, 7, 64, 4096, undefined),
    latin1: fc.boolean(),
  });
  await check(fc.property(input, ({ runs, cuts, maxRecordBytes, bufferBytes, latin1 }) => {
    const text = runs.map(({ piece, times }) => piece.repeat(times)).join("");
    // latin1: "é" and "\xff" as single bytes, which are not UTF-8.
    const bytes = latin1 ? Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff) : encoder.encode(text);
    const options = { maxRecordBytes: maxRecordBytes ?? undefined, bufferBytes };
    const whole = read(bytes, [], options);
    const split = readCounting(bytes, cuts, options);
    tally(`long records: ${whole.error ? whole.error.replace(/\d+|"[^"]*"|@.*/g, "#").slice(0, 50) : "records"}`);
    assert.equal(split.outcome, whole);
    // Each byte is scanned once (a scan may look again at the one byte it stopped on),
    // and bytes kept between chunks are moved a bounded number of times.
    assert.ok(split.work.scanned <= bytes.length + split.pieces, `scanned ${split.work.scanned} of ${bytes.length} bytes in ${split.pieces} pieces`);
    assert.ok(split.work.moved <= 3 * bytes.length, `moved ${split.work.moved} of ${bytes.length} bytes`);
  }), 300);
});

test("small records with every construct: any one or two cuts and any record limit read as the whole does", () => {
  const inputs = ['"q""q","q""q"\r\n"a\nb",c,\r\nx,"y"z\n', 'a,"b"\r\r\n,"",\r"c""\n",d', '\ufeff1,2\n\n"x,y","z"\r', 'ab,"cd"\n"e"\n"f', 'abc,de\r\nf,"g",h'];
  let reads = 0;
  for (const text of inputs) {
    const bytes = encoder.encode(text);
    const unlimited = read(bytes, [], { bufferBytes: 8 });
    for (let limit = 1; limit <= bytes.length + 1; limit++) {
      const options = { maxRecordBytes: limit, bufferBytes: 8 };
      const whole = read(bytes, [], options);
      // A limit changes nothing but failing, with its own message, on a record over it.
      if (!whole.error) assert.equal(whole, unlimited, `${JSON.stringify(text)}, limit ${limit}`);
      else if (!unlimited.error) assert.match(whole.error, /^the record is longer than/, `${JSON.stringify(text)}, limit ${limit}`);
      for (let i = 0; i <= bytes.length; i++) {
        for (let j = i; j <= bytes.length; j++) {
          assert.equal(read(bytes, [i, j], options), whole, `${JSON.stringify(text)}, limit ${limit}, cuts at ${i} and ${j}`);
          reads++;
        }
      }
    }
  }
  assert.ok(reads > 10000, `${reads} reads`);
});

test("a 16 MB record fed in 1 KiB chunks: each byte scanned once, moves linear (re-scanning it would be 130 GB)", () => {
  const cells = ["7".repeat(8 << 20), `"${"ab\n".repeat(8 << 18)}"`];
  const bytes = encoder.encode(`${cells.join(",")}\nnext\n`);
  const cuts = Array.from({ length: Math.ceil(bytes.length / 1024) }, (_, i) => i * 1024);
  const { outcome, work, pieces } = readCounting(bytes, cuts, { maxRecordBytes: 32 << 20 });
  assert.equal(outcome.records.map((r) => [r.line, r.fields.length, r.fields[0].length]), [[1, 2, 8 << 20], [2 + (8 << 18), 1, 4]]);
  assert.ok(work.scanned <= bytes.length + pieces, `scanned ${work.scanned}`);
  assert.ok(work.moved <= 3 * bytes.length, `moved ${work.moved}`);
});

test("the first byte that is not UTF-8 is where a strict decoder fails", async () => {
  const sequence = fc.oneof(
    fc.uint8Array({ maxLength: 8 }),
    fc.string({ unit: "grapheme", maxLength: 4 }).map((t) => encoder.encode(t)),
    fc.constantFrom([0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x9f, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf]).map((b) => Uint8Array.from(b)),
  );
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const valid = (b) => {
    try {
      strict.decode(b);
      return true;
    } catch {
      return false;
    }
  };
  await check(fc.property(fc.array(sequence, { maxLength: 5 }), (parts) => {
    const bytes = Uint8Array.from(parts.flatMap((p) => [...p]));
    const at = firstInvalidUtf8(bytes, 0, bytes.length);
    tally(`utf-8: ${at < 0 ? "valid" : "invalid"}`);
    assert.is(at < 0, valid(bytes), `${Buffer.from(bytes).toString("hex")}: first invalid byte ${at}`);
    if (at >= 0) assert.ok(valid(bytes.subarray(0, at)), `${Buffer.from(bytes).toString("hex")}: the bytes before ${at} are not valid`);
  }), 3000);
});

/** Cells as bytes: UTF-8 text mostly, sometimes a byte or a sequence that is not UTF-8. */
const cellBytes = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom("a", "b", "é", "😀", " ", ",", '"', "\n"), minLength: 1, maxLength: 5 }).map((t) => [...encoder.encode(t)]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("ab", "caf", ""), fc.constantFrom([0xe9], [0x93], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf])).map(([t, b]) => [...encoder.encode(t), ...b]) },
);
const quoteBytes = (cell) => [0x22, ...cell.flatMap((b) => (b === 0x22 ? [0x22, 0x22] : [b])), 0x22];
const strictText = (cell) => {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(cell));
  } catch {
    return undefined;
  }
};

test("a cell that is not UTF-8 fails with the line its record starts on and its column, chunked or not", async () => {
  const input = fc.record({ rows: fc.array(fc.array(cellBytes, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), cuts: fc.array(fc.nat(), { maxLength: 6 }) });
  await check(fc.property(input, ({ rows, cuts }) => {
    const bytes = Uint8Array.from(rows.flatMap((row) => [...row.flatMap((cell, i) => [...(i ? [0x2c] : []), ...quoteBytes(cell)]), 0x0a]));
    // Where each row starts, and the first cell (in reading order) that is not UTF-8.
    let line = 1;
    let expected;
    for (const row of rows) {
      const bad = row.findIndex((cell) => strictText(cell) === undefined);
      if (bad >= 0) {
        expected = { line, column: bad + 1 };
        break;
      }
      line += 1 + row.flat().filter((b) => b === 0x0a).length;
    }
    const got = read(bytes, cuts);
    tally(`utf-8 cells: ${expected ? "error" : "read"}`);
    if (!expected) {
      assert.equal(got.records.map((r) => r.fields), rows.map((row) => row.map(strictText)));
      return;
    }
    assert.ok(got.error, "expected an error");
    assert.match(got.error, new RegExp(`^byte 0x[0-9A-F]{2} (at its start|after ".*") is not UTF-8: .* @${expected.line}:${expected.column}$`));
  }), 800);
});

test("readTable: a label or header name that is not UTF-8 is a CliError at its line and column", async () => {
  const input = fc.record({
    header: fc.oneof({ weight: 4, arbitrary: fc.constant([...encoder.encode("label")]) }, { weight: 1, arbitrary: cellBytes }),
    labels: fc.array(cellBytes, { minLength: 1, maxLength: 8 }),
  });
  let n = 0;
  await check(fc.asyncProperty(input, async ({ header, labels }) => {
    const rows = labels.map((label, i) => [...encoder.encode(`${i},`), ...quoteBytes(label), 0x0a]);
    const file = join(ws.dir, `labels-${n++}.csv`);
    writeFileSync(file, Uint8Array.from([...encoder.encode("x,"), ...quoteBytes(header), 0x0a, ...rows.flat()]));
    let line = 2 + header.filter((b) => b === 0x0a).length;
    let expected = strictText(header) === undefined ? { line: 1, column: 2 } : undefined;
    for (const label of expected ? [] : labels) {
      if (strictText(label) === undefined) {
        expected = { line, column: 2 };
        break;
      }
      line += 1 + label.filter((b) => b === 0x0a).length;
    }
    try {
      const table = await readTable(file, { labels: true });
      tally("readTable labels: read");
      assert.not.ok(expected, `read, but ${JSON.stringify(expected)} is not UTF-8`);
      assert.equal(table.label.values, [...new Set(labels.map(strictText))]);
    } catch (error) {
      if (error.name === "Assertion") throw error;
      tally(`readTable labels: ${error.message.slice(0, 30)}`);
      assert.instance(error, CliError);
      assert.ok(expected, error.message);
      assert.equal({ file: error.where.file, line: error.where.line, column: error.where.column }, { file, ...expected });
      assert.match(error.message, /is not UTF-8/);
    }
  }), 300);
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
