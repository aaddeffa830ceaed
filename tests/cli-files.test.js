// The command and the files around it: no output may be one of the run's inputs or
// another output (however the path is spelled, through links), a device or FIFO is
// never replaced, and every read is bounded: one CSV record, a model file, and
// devices and pipes that never end.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { constants } from "node:buffer";
import { join } from "node:path";
import { wasmlp, workspace, blobs, toCsv, fifo, throughPipe } from "./helpers/cli.js";

const ws = workspace("cli-files");
const data = ws.file("d.csv", toCsv(["x", "y", "label"], blobs(200, 5)));
const QUICK = ["--epochs", "3", "--quiet"];
const model = ws.path("m.json");
const trained = wasmlp(["train", data, "-o", model, ...QUICK]);

function expectUsage(result, pattern) {
  assert.is(result.status, 2, `status ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, /^wasmlp: [^\n]+\n$/, "one line on standard error");
  assert.match(result.stderr, pattern);
}

function expectError(result, pattern) {
  assert.is(result.status, 1, `status ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, /^wasmlp: error: [^\n]+\n$/, "one line on standard error");
  assert.not.match(result.stderr, /internal error/);
  assert.match(result.stderr, pattern);
}

/** Runs `args` and checks that every file in `files` is byte for byte as it was. */
function unchanged(files, args, options) {
  const before = files.map((f) => readFileSync(f));
  const result = wasmlp(args, options);
  files.forEach((f, i) => assert.equal(readFileSync(f), before[i], `${f} changed`));
  return result;
}

test("the model trains (the runs below refuse before doing anything)", () => {
  assert.is(trained.status, 0, trained.stderr);
});

test("train -o DATA.csv, by the same path or another spelling of it, is refused; the data is intact", () => {
  expectUsage(unchanged([data], ["train", data, "-o", data, ...QUICK]), /-o .*d\.csv and the DATA\.csv argument .*d\.csv are the same file: the model would replace the data; choose another path for -o/);
  expectUsage(unchanged([data], ["train", "d.csv", "-o", "./d.csv", ...QUICK], { cwd: ws.dir }), /-o \.\/d\.csv and the DATA\.csv argument d\.csv are the same file:/);
});

test("an output that is a hard link or a symbolic link to an input is refused", () => {
  const hard = ws.path("hard.csv");
  const soft = ws.path("soft.csv");
  linkSync(data, hard);
  symlinkSync(data, soft);
  expectUsage(unchanged([data], ["train", data, "-o", hard, ...QUICK]), /-o .*hard\.csv and the DATA\.csv argument .*d\.csv are the same file \(hard links to one file\): the model would replace the data/);
  expectUsage(unchanged([data], ["train", data, "-o", soft, ...QUICK]), /-o .*soft\.csv and the DATA\.csv argument .*d\.csv are the same file \(through a symbolic link\)/);
  expectUsage(unchanged([data, model], ["predict", model, soft, "-o", hard]), /-o .*hard\.csv and the DATA\.csv argument .*soft\.csv are the same file \(hard links to one file\): the predictions would replace the data/);
  assert.ok(lstatSync(soft).isSymbolicLink(), "the link is still a link");
});

test("predict -o DATA.csv or MODEL.json, and export -o MODEL.json, are refused", () => {
  expectUsage(unchanged([data, model], ["predict", model, data, "-o", data]), /-o .*d\.csv and the DATA\.csv argument .*d\.csv are the same file: the predictions would replace the data; choose another path for -o; see wasmlp predict --help/);
  expectUsage(unchanged([data, model], ["predict", model, data, "-o", model, "--proba"]), /-o .*m\.json and the MODEL\.json argument .*m\.json are the same file: the predictions would replace the model/);
  expectUsage(unchanged([model], ["export", model, "-o", model]), /-o .*m\.json and the MODEL\.json argument .*m\.json are the same file: the module would replace the model; choose another path for -o; see wasmlp export --help/);
});

test("train -o F --plot F is refused before training, and writes neither", () => {
  const both = ws.path("both.out");
  expectUsage(wasmlp(["train", data, "-o", both, "--plot", both, ...QUICK]), /--plot .*both\.out and -o .*both\.out are the same file: the loss plot would replace the model; choose another path for --plot/);
  assert.not.ok(existsSync(both));
  expectUsage(unchanged([data], ["train", data, "-o", ws.path("fresh.json"), "--plot", data, ...QUICK]), /--plot .*d\.csv and the DATA\.csv argument .*d\.csv are the same file: the loss plot would replace the data/);
  assert.not.ok(existsSync(ws.path("fresh.json")));
});

test("demo --plot DIR: a plot that is a link to another, or a DIR that is a file, is refused before the experiment runs", () => {
  const dir = ws.path("plots");
  mkdirSync(dir);
  writeFileSync(join(dir, "loss.svg"), "old plot");
  symlinkSync("loss.svg", join(dir, "boundary-wasmlp.svg"));
  expectUsage(wasmlp(["demo", "--plot", dir]), /--plot .*boundary-wasmlp\.svg and --plot .*loss\.svg are the same file \(through a symbolic link\): the decision boundary plot would replace the loss plot/);
  assert.is(readFileSync(join(dir, "loss.svg"), "utf8"), "old plot");
  expectError(wasmlp(["demo", "--plot", data]), /d\.csv: cannot write the plots into it: it is not a directory \(--plot names a directory\)$/m);
});

test("an output that is a FIFO is refused, and stays a FIFO", () => {
  const pipe = fifo(ws.path("out.fifo"));
  expectError(wasmlp(["train", data, "-o", pipe, ...QUICK]), /out\.fifo: cannot write it: it is a device, FIFO or socket/);
  expectError(wasmlp(["predict", model, data, "-o", pipe]), /out\.fifo: cannot write it: it is a device, FIFO or socket/);
  assert.ok(lstatSync(pipe).isFIFO());
});

test("--max-record-bytes: a record of exactly the limit reads, one byte more is an error naming its line", () => {
  // Line 3's content (without its line end) is 100 bytes: "0.5," + a 94-character number + ",1".
  const row = `0.5,0.${"0".repeat(91)}1,1`;
  assert.is(row.length, 100);
  const file = ws.file("limit.csv", `x,y,label\n1,2,0\n${row}\n3,4,0\n`);
  const fits = wasmlp(["train", file, "-o", ws.path("limit.json"), ...QUICK, "--max-record-bytes", "100"]);
  assert.is(fits.status, 0, fits.stderr);
  expectError(wasmlp(["train", file, "-o", ws.path("limit.json"), ...QUICK, "--max-record-bytes", "99"]), /limit\.csv, line 3: the record is longer than 99 bytes, the most one may hold \(--max-record-bytes sets it\); is a line end missing\?$/m);
  const quoted = ws.file("quoted-limit.csv", `x,y,label\n1,2,"${"a\n".repeat(600)}"\n2,3,b\n`);
  expectError(wasmlp(["eval", model, quoted, "--max-record-bytes", "1K"]), /quoted-limit\.csv, line 2: the record is longer than 1 KiB.*is a closing quote missing\?/);
  expectUsage(wasmlp(["train", data, "-o", ws.path("x.json"), "--max-record-bytes", "lots"]), /--max-record-bytes expects a size in bytes from 1 to 1073741824 \(K, M and G allowed, as in 64M\), got "lots"/);
  expectUsage(wasmlp(["predict", model, data, "--max-record-bytes", "2G"]), /--max-record-bytes expects a size in bytes from 1 to 1073741824/);
});

test("a record longer than the 4 MiB the reader starts with spans chunks and reads whole", () => {
  const label = "b".repeat(5_000_000);
  const file = ws.file("long-record.csv", `x,label\n0,"${label}"\n1,c\n0,"${label}"\n1,c\n`);
  const out = ws.path("long-record.json");
  const result = wasmlp(["train", file, "-o", out, ...QUICK]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /2 classes \("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\.\.\.", "c"\)/, "the summary cuts a long label");
  assert.equal(JSON.parse(readFileSync(out, "utf8")).classes, [label, "c"]);
  expectError(wasmlp(["train", file, "-o", out, ...QUICK, "--max-record-bytes", "4M"]), /long-record\.csv, line 2: the record is longer than 4 MiB/);
});

test("/dev/zero as data fails at the record limit; as a model, at its first byte", () => {
  expectError(wasmlp(["train", "/dev/zero", "-o", ws.path("zero.json"), "--max-record-bytes", "1M"]), /\/dev\/zero, line 1: the record is longer than 1 MiB/);
  expectError(wasmlp(["predict", "/dev/zero", data]), /\/dev\/zero: not a wasmlp model: it begins with byte 0x00, not the "\{" a model's JSON begins with; expected a model file written by wasmlp train$/m);
  expectError(wasmlp(["export", "/dev/zero"]), /\/dev\/zero: not a wasmlp model: it begins with byte 0x00/);
});

test("a pipe that does not end: the command stops reading it at the limit, not at its end", async () => {
  const dataPipe = fifo(ws.path("data.fifo"));
  const reading = await throughPipe(dataPipe, ["train", dataPipe, "-o", ws.path("pipe.json"), "--max-record-bytes", "64K"], 64 << 20);
  expectError(reading, /data\.fifo, line 1: the record is longer than 64 KiB/);
  assert.ok(reading.cutOff, "the writer wrote all 64 MiB: the command read on past the limit");
  const modelPipe = fifo(ws.path("model.fifo"));
  const loading = await throughPipe(modelPipe, ["predict", modelPipe, data], 64 << 20);
  expectError(loading, /model\.fifo: not a wasmlp model: it begins with byte 0x00/);
  assert.ok(loading.cutOff, "the writer wrote all 64 MiB: the command read the whole pipe before failing");
});

test("a model file longer than any JavaScript string is refused without reading it", () => {
  const huge = ws.path("huge.json");
  writeFileSync(huge, "{");
  truncateSync(huge, constants.MAX_STRING_LENGTH + 1); // sparse: takes no space
  expectError(wasmlp(["eval", huge, data]), new RegExp(`huge\\.json: cannot read it: it holds more than ${constants.MAX_STRING_LENGTH} bytes, the longest text JavaScript holds; no model file is that large`));
});

test("a model file that is not UTF-8 is an error naming the byte, not a silent U+FFFD", () => {
  const text = readFileSync(model, "utf8").replace('"classes":[0,1]', '"classes":["caf\u00e9","b"]');
  const bytes = Buffer.from(text, "utf8");
  const at = bytes.indexOf(Buffer.from("é"));
  const latin1 = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xe9]), bytes.subarray(at + 2)]);
  const file = ws.file("latin1.json", latin1);
  expectError(wasmlp(["predict", file, data]), /latin1\.json: not a wasmlp model: byte 0xE9 after ".*caf" is not UTF-8; expected a model file written by wasmlp train/);
});

test("a model with more parameters than one piece of the writer holds is written streaming, as JSON.stringify writes it", async () => {
  const out = ws.path("wide.json");
  // 2·300 + 300 + 300·300 + 300 + 300 + 1 = 91501 parameters: two pieces of 65536.
  const result = wasmlp(["train", data, "-o", out, "--hidden", "300,300", ...QUICK]);
  assert.is(result.status, 0, result.stderr);
  const text = readFileSync(out, "utf8");
  const json = JSON.parse(text);
  assert.is(json.params.length, 91501);
  assert.is(text, JSON.stringify(json) + "\n");
  const { MLPClassifier } = await import("../build/index.js");
  const again = await MLPClassifier.fromJSON(text);
  assert.is(JSON.stringify(again.toJSON()) + "\n", text);
});

test.after(() => ws.remove());
test.run();
