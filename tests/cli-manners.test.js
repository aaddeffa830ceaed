// The command's manners: "did you mean" for misspelt flags and commands, a hint when a
// file's header looks separated by semicolons or tabs, a warning when the hold-out leaves
// few rows, a time-left estimate that the first epoch does not throw off, and npm run
// web saying that its port is taken.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { blobs, root, toCsv, wasmlp, workspace } from "./helpers/cli.js";

const ws = workspace("manners");
const data = ws.file("blobs.csv", toCsv(["x", "y", "label"], blobs(60, 2)));

test("a misspelt flag or command gets the nearest known one", () => {
  const cases = [
    [["train", data, "-o", ws.path("m.json"), "--epoch", "5"], /^wasmlp: unknown option --epoch; did you mean --epochs\? \(see wasmlp train --help\)\n$/],
    [["train", data, "-o", ws.path("m.json"), "--lerning-rate", "0.1"], /^wasmlp: unknown option --lerning-rate; see wasmlp train --help\n$/],
    [["train", data, "-o", ws.path("m.json"), "--valdation-fraction", "0.1"], /did you mean --validation-fraction\?/],
    [["train", data, "-o", ws.path("m.json"), "--optimiser", "sgd"], /did you mean --optimizer\?/],
    [["predict", "m.json", data, "--prob"], /did you mean --proba\?/],
    [["trian", data], /^wasmlp: unknown command "trian"; did you mean train\? \(commands: train, predict, eval, demo, export[\w, ]*; see wasmlp --help\)\n$/],
    [["help", "evl"], /unknown command "evl"; did you mean eval\?/],
    [["frobnicate"], /^wasmlp: unknown command "frobnicate" \(commands: /],
  ];
  for (const [args, pattern] of cases) {
    const result = wasmlp(args);
    assert.is(result.status, 2, args.join(" "));
    assert.match(result.stderr, pattern);
  }
});

test("a header that looks separated by semicolons or tabs says so, for classes and targets alike", () => {
  for (const [separator, word] of [[";", "semicolons"], ["\t", "tabs"]]) {
    const file = ws.file(`sep-${word}.csv`, `a${separator}b${separator}y\n1${separator}2${separator}0\n3${separator}4${separator}1\n`);
    for (const extra of [[], ["--task", "regression"], ["--label", "y"]]) {
      const result = wasmlp(["train", file, "-o", ws.path("m.json"), ...extra]);
      assert.is(result.status, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`fields are separated by commas, and this header looks separated by ${word}\\n$`), `${word} ${extra}`);
    }
  }
});

test("a hold-out that leaves few rows is a warning naming both counts; enough rows, none", () => {
  const tiny = ws.file("two.csv", "a,b,y\n1,2,0\n3,4,1\n");
  const warned = wasmlp(["train", tiny, "-o", ws.path("tiny.json"), "--validation-fraction", "0.5", "--epochs", "3", "--quiet"]);
  assert.is(warned.status, 0, warned.stderr);
  assert.match(warned.stderr, /^wasmlp: warning: --validation-fraction 0\.5 of 2 rows holds out 1 and trains on 1; early stopping on so few rows is mostly chance/);
  const few = wasmlp(["train", data, "-o", ws.path("few.json"), "--validation-fraction", "0.1", "--epochs", "3", "--quiet"]);
  assert.match(few.stderr, /--validation-fraction 0\.1 of 60 rows holds out 6 and trains on 54/);
  const enough = wasmlp(["train", data, "-o", ws.path("enough.json"), "--validation-fraction", "0.2", "--epochs", "3", "--quiet"]);
  assert.is(enough.stderr, "");
  assert.is(wasmlp(["train", tiny, "-o", ws.path("all.json"), "--epochs", "3", "--quiet"]).stderr, "", "nothing held out by default: no warning");
});

test("time left comes from a moving average of the epochs after the first", async () => {
  await build({ entryPoints: [`${root}/bindings/cli/progress.ts`], bundle: true, platform: "node", format: "esm", target: "node20", outfile: ws.path("progress.mjs"), logLevel: "silent" });
  const { Progress } = await import(pathToFileURL(ws.path("progress.mjs")).href);
  const realNow = performance.now;
  let now = 0;
  performance.now = () => now;
  try {
    const lines = [];
    const progress = new Progress("lines", 100, 1000, { write: (text) => lines.push(text.trim()) });
    const report = (epoch) => progress.epoch(epoch, 0.5, {});
    // A first epoch of a minute (compiling, laying out memory), then 0.4 s an epoch.
    now = 60_000;
    report(1);
    for (let e = 2; e <= 41; e++) {
      now += 400;
      report(e);
    }
    assert.match(lines[0], /^epoch 1\/100: .*, 1:00 elapsed, estimating time left$/);
    // Epoch 11: 89 epochs of 0.4 s are left (the first epoch's minute would have said 7:45).
    assert.match(lines[1], /^epoch 11\/100: .*, about 0:36 left$/);
    // The machine slows to 2 s an epoch: the estimate follows within a few dozen epochs.
    for (let e = 42; e <= 90; e++) {
      now += 2000;
      report(e);
    }
    // The line of epoch 81: 19 epochs of 2 s are 38 s; 40 epochs into the change the
    // average is 2 - 1.6 · 0.95^40 = 1.79 s an epoch.
    const last = Number(/about 0:(\d\d) left$/.exec(lines.at(-1))?.[1]);
    assert.ok(lines.at(-1).startsWith("epoch 81/100") && last >= 33 && last <= 38, lines.at(-1));
  } finally {
    performance.now = realNow;
  }
});

test("--hidden none trains a model with no hidden layer; --hidden 0 is still an error", () => {
  const out = ws.path("linear.json");
  const result = wasmlp(["train", data, "-o", out, "--hidden", "none", "--epochs", "5", "--quiet"]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /trained a 2-1 \(no hidden layer\) network/);
  assert.equal(JSON.parse(readFileSync(out, "utf8")).sizes, [2, 1]);
  const zero = wasmlp(["train", data, "-o", out, "--hidden", "0"]);
  assert.is(zero.status, 2);
  assert.match(zero.stderr, /--hidden must be/);
});

test("npm run web says when its port is taken, and exits", async () => {
  const blocker = createServer();
  await new Promise((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const { port } = blocker.address();
  try {
    const run = spawnSync(process.execPath, ["web/serve.js"], { cwd: root, env: { ...process.env, PORT: String(port) }, encoding: "utf8", timeout: 120_000 });
    assert.is(run.status, 1, run.stdout + run.stderr);
    // The page's build may print its own warnings first; the port's line ends the output.
    assert.match(run.stderr, new RegExp(`(^|\\n)wasmlp demo: port ${port} is already in use .*PORT=8081 npm run web\\n$`));
    assert.not.match(run.stdout, /http:\/\//);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test.run();
