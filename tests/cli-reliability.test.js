// The command when the disk fails it: a full disk, an output path that cannot be written
// (before or during a run) and standard output on a full device each end in one line on
// standard error and status 1, and leave the previous model file byte for byte as it was,
// with no temporary file behind; runs in parallel writing different files do not meet.
// A full or read-only disk is a small tmpfs mounted here when this runs as root (as CI
// does); otherwise a file-size limit (ulimit -f, EFBIG) stands in for the full disk and a
// chmod 555 directory for the read-only one.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, openSync, writeSync, closeSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { MLPClassifier } from "../build/index.js";
import { cli, wasmlp, start, workspace, blobs, toCsv } from "./helpers/cli.js";

const ws = workspace("cli-reliability");
const data = ws.file("blobs.csv", toCsv(["x", "y", "label"], blobs(300, 4)));
const QUICK = ["--epochs", "5", "--quiet", "--hidden", "4"];
const leftovers = (dir) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));
const isRoot = process.getuid?.() === 0;

/** Mounts a tmpfs of `size` at a new directory, or returns undefined where that is not allowed. */
function tmpfs(name, size) {
  const dir = ws.path(name);
  mkdirSync(dir);
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { encoding: "utf8" });
  return mounted.status === 0 ? dir : undefined;
}
const unmount = (dir) => spawnSync("umount", [dir]);

/** Fills the file system holding `dir` until a write fails with ENOSPC, then frees
 *  `room` bytes again. */
function fill(dir, room = 0) {
  const filler = join(dir, "filler");
  const fd = openSync(filler, "w");
  const block = Buffer.alloc(4096, 120);
  let size = 0;
  try {
    for (;;) size += writeSync(fd, block);
  } catch (error) {
    assert.is(error.code, "ENOSPC");
  } finally {
    closeSync(fd);
  }
  truncateSync(filler, Math.max(0, size - room));
}

function expectFailure(result, pattern) {
  assert.is(result.status, 1, `status ${result.status}: ${result.stderr}`);
  assert.match(result.stderr, /^wasmlp: error: [^\n]+\n$/, "one line on standard error");
  assert.not.match(result.stderr, /internal error|\n\s+at /);
  assert.match(result.stderr, pattern);
}

test("a full disk: train and predict -o report it and leave the previous files as they were", () => {
  const dir = tmpfs("full", "64k");
  if (!dir) {
    console.log("  (mount is not permitted here: the full disk is simulated with ulimit -f only)");
    return;
  }
  try {
    const model = join(dir, "model.json");
    assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
    const predictions = join(dir, "predictions.csv");
    assert.is(wasmlp(["predict", model, data, "-o", predictions]).status, 0);
    const before = { model: readFileSync(model), predictions: readFileSync(predictions) };
    // Room for part of a bigger network's model (~100 KB), then none at all. Found: the
    // first write stopped short at 16 KB without an error, and that part was renamed
    // over the model and reported as written.
    for (const room of [16384, 0]) {
      fill(dir, room);
      expectFailure(wasmlp(["train", data, "-o", model, "--epochs", "2", "--quiet", "--hidden", "64,64"]), /model\.json: cannot write it: ENOSPC: no space left on device/);
      assert.equal(readFileSync(model), before.model, "the previous model is intact");
      assert.equal(leftovers(dir), []);
    }
    // A plot that does not fit, after a model that did (elsewhere): the report says so.
    const elsewhere = ws.path("plotted.json");
    expectFailure(wasmlp(["train", data, "-o", elsewhere, "--plot", join(dir, "loss.svg"), ...QUICK]), /loss\.svg: cannot write it: ENOSPC.*; the model was written to .*plotted\.json$/m);
    assert.ok(existsSync(elsewhere));
    // Predictions over 1 MiB are written in pieces before the end: those writes fail too.
    const many = ws.file("many.csv", toCsv(["x", "y", "label"], blobs(40000, 5)));
    expectFailure(wasmlp(["predict", model, many, "-o", predictions, "--proba"]), /predictions\.csv: cannot write it: ENOSPC/);
    assert.equal(readFileSync(predictions), before.predictions, "the previous predictions are intact");
    assert.equal(leftovers(dir), []);
    // With room again, the same run succeeds.
    rmSync(join(dir, "filler"));
    assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
  } finally {
    unmount(dir);
  }
});

test("a file-size limit (EFBIG) in the middle of writing: reported, and the previous model intact", () => {
  const dir = ws.path("limited");
  mkdirSync(dir);
  const model = join(dir, "model.json");
  assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
  const before = readFileSync(model);
  // 8 blocks of 512 bytes: the 2-64-64-1 network's model is about 100 KB.
  const limited = spawnSync("sh", ["-c", `ulimit -f 8 && exec "${process.execPath}" "${cli}" train "${data}" -o "${model}" --epochs 2 --quiet --hidden 64,64`], { encoding: "utf8" });
  expectFailure(limited, /model\.json: cannot write it: EFBIG: file too large/);
  assert.equal(readFileSync(model), before);
  assert.equal(leftovers(dir), []);
});

test("standard output on a full device: one line and status 1 for every command", () => {
  const model = ws.path("stdout-model.json");
  assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
  for (const args of [["predict", model, data], ["eval", model, data], ["train", data, "-o", ws.path("stdout-2.json"), ...QUICK], ["--help"]]) {
    const full = openSync("/dev/full", "w");
    const result = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", stdio: ["ignore", full, "pipe"] });
    closeSync(full);
    expectFailure(result, /cannot write to standard output: ENOSPC/);
  }
});

test("an output path that cannot be written is refused before training, and nothing is replaced", () => {
  // A path through a regular file (ENOTDIR), even as root.
  expectFailure(wasmlp(["train", data, "-o", join(data, "model.json"), ...QUICK]), /blobs\.csv.model\.json: cannot write it: .*blobs\.csv is not a directory/);
  expectFailure(wasmlp(["train", data, "-o", ws.path("model.json"), "--plot", join(data, "loss.svg"), ...QUICK]), /loss\.svg: cannot write it: .* is not a directory/);
  assert.not.ok(existsSync(ws.path("model.json")), "no model is written when the plot cannot be");
  // A read-only directory: a read-only mount as root (chmod does not stop root), else chmod 555.
  let dir = isRoot ? tmpfs("read-only", "1m") : ws.path("read-only");
  if (!dir) {
    console.log("  (mount is not permitted and this runs as root: the read-only directory case is skipped)");
    return;
  }
  if (!isRoot) mkdirSync(dir);
  const model = join(dir, "model.json");
  try {
    assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
    const before = readFileSync(model);
    if (isRoot) assert.is(spawnSync("mount", ["-o", "remount,ro", dir]).status, 0);
    else chmodSync(dir, 0o555);
    expectFailure(wasmlp(["train", data, "-o", model, ...QUICK]), /model\.json: cannot write it: the directory .* is not writable/);
    expectFailure(wasmlp(["predict", model, data, "-o", join(dir, "out.csv")]), /out\.csv: cannot write it: the directory .* is not writable/);
    assert.equal(readFileSync(model), before);
  } finally {
    if (isRoot) unmount(dir);
    else chmodSync(dir, 0o755);
  }
});

test("a directory that turns read-only during training: reported when the model is written, previous model intact", async () => {
  const dir = isRoot ? tmpfs("turns-read-only", "1m") : undefined;
  if (!dir) {
    console.log("  (needs a mount: skipped)");
    return;
  }
  try {
    const model = join(dir, "model.json");
    assert.is(wasmlp(["train", data, "-o", model, ...QUICK]).status, 0);
    const before = readFileSync(model);
    const long = ws.file("long.csv", toCsv(["x", "y", "label"], blobs(4000, 7)));
    const run = start(["train", long, "-o", model, "--epochs", "1000000", "--validation-fraction", "0"]);
    await run.waitFor(/epoch 1\//);
    assert.is(spawnSync("mount", ["-o", "remount,ro", dir]).status, 0);
    run.child.kill("SIGINT");
    const result = await run.exit;
    // Progress lines come first; the failure is the last line.
    expectFailure({ ...result, stderr: result.stderr.split(/(?<=\n)(?=wasmlp: error)/).at(-1) }, /model\.json: cannot write it: the directory .* is not writable/);
    assert.equal(readFileSync(model), before);
    assert.equal(leftovers(dir), []);
  } finally {
    unmount(dir);
  }
});

test("parallel runs writing different files each write their own model, as a run alone does", async () => {
  const dir = ws.path("parallel");
  mkdirSync(dir);
  const runs = [
    { data: ws.file("two.csv", toCsv(["x", "y", "label"], blobs(2000, 11))), args: ["--hidden", "8", "--epochs", "30"] },
    { data: ws.file("three.csv", toCsv(["a", "b", "c", "kind"], blobs(2000, 12).map(([x, y, l], i) => [x, y, (i % 7) / 7, ["p", "q", "r"][(l + (i % 3 === 0 ? 1 : 0)) % 3]]))), args: ["--hidden", "6,3", "--epochs", "30", "--optimizer", "sgd"] },
    { data: ws.file("two-again.csv", toCsv(["x", "y", "label"], blobs(2000, 13))), args: ["--hidden", "5", "--epochs", "30", "--seed", "3"] },
  ];
  // Alone, one after the other: the reference models.
  const alone = runs.map((r, i) => {
    const out = join(dir, `alone-${i}.json`);
    assert.is(wasmlp(["train", r.data, "-o", out, "--quiet", ...r.args]).status, 0);
    return readFileSync(out, "utf8");
  });
  // Together, into the same directory.
  const together = runs.map((r, i) => start(["train", r.data, "-o", join(dir, `together-${i}.json`), "--quiet", ...r.args]));
  const results = await Promise.all(together.map((run) => run.exit));
  results.forEach((result, i) => {
    assert.is(result.status, 0, result.stderr);
    const text = readFileSync(join(dir, `together-${i}.json`), "utf8");
    assert.is(text, alone[i], `run ${i} wrote another model than it does alone`);
  });
  const kinds = await MLPClassifier.fromJSON(readFileSync(join(dir, "together-1.json"), "utf8"));
  assert.equal(kinds.classes, ["p", "q", "r"]);
  assert.is(kinds.coefs[0].length, 3);
  assert.equal(leftovers(dir), []);
});

test("parallel runs writing the same file leave one complete model, never a mix", async () => {
  const dir = ws.path("same-file");
  mkdirSync(dir);
  const out = join(dir, "model.json");
  const inputs = [["--hidden", "8"], ["--hidden", "3,3"], ["--hidden", "5"]];
  const alone = inputs.map((args, i) => {
    const file = join(dir, `alone-${i}.json`);
    assert.is(wasmlp(["train", data, "-o", file, "--quiet", "--epochs", "20", ...args]).status, 0);
    return readFileSync(file, "utf8");
  });
  const results = await Promise.all(inputs.map((args) => start(["train", data, "-o", out, "--quiet", "--epochs", "20", ...args]).exit));
  for (const result of results) assert.is(result.status, 0, result.stderr);
  assert.ok(alone.includes(readFileSync(out, "utf8")), "the file is one run's whole model");
  assert.equal(leftovers(dir), []);
});

test.after(() => ws.remove());

test.run();
