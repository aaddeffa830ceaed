#!/usr/bin/env node
// Runs uvu test files like `uvu DIR PATTERN`, but a run passes only when every test it
// declares has run and passed. uvu 0.5 runs a suite's hooks inside a `try` whose `finally`
// returns, so an error thrown by `before`, `after`, `before.each` or `after.each` is
// dropped: the suite prints "(0 / N)" and the process exits 0. This runner closes that
// hole twice over:
//  - hooks registered on uvu's default `test` are wrapped, so a hook that throws is
//    reported with its file, its kind and its error, and fails the run;
//  - every queued suite's counts are checked, so a suite that ran fewer tests than it
//    declared fails the run even when its hooks came from `suite()` (not wrapped); a file
//    that queued no suite at all (a forgotten `test.run()`) fails it too;
//  - a file that imports uvu's `suite` fails the run: only the default `test`'s hooks can
//    be wrapped, and an `after` hook of a suite made by `suite()` could fail unseen.
// It ends with the plain line "N passed, N failed" that CI reads.
//
// Each test file runs in a process of its own, TEST_JOBS of them at a time (default: the
// machine's cores, at most 4): most files wait on child processes (the CLI, Chromium,
// bundlers, other runtimes) as much as they compute, so two at a time on two cores halves
// the run. A file's own process also keeps one file's state (a memory it grew, a worker
// it left) from changing another's. The file's output is printed whole when it ends, with
// its time; a process that ends without its summary line (a crash, an exit from inside a
// test) fails the run.
//
// Usage: node scripts/run-tests.js DIR PATTERN   (PATTERN: a regular expression matched
// against each file's path relative to DIR, as uvu matches it)
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const FILE_FLAG = "--one-file";
const args = process.argv.slice(2);
const oneFile = args[0] === FILE_FLAG ? args[1] : undefined;
const [dirArg = "tests", patternArg = "\\.test\\.js$"] = oneFile === undefined ? args : args.slice(2);
const dir = resolve(dirArg);
const pattern = new RegExp(patternArg);
const SUMMARY = /^(\d+) passed, (\d+) failed$/m;

function findFiles(folder) {
  const found = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...findFiles(path));
    else if (pattern.test(relative(dir, path))) found.push(path);
  }
  return found.sort();
}

const problems = [];
let currentFile = "";

// A hook that throws is reported here, with where it came from; uvu then drops the error.
function guard(kind, handler) {
  const file = currentFile;
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      const message = error instanceof Error ? error.stack || error.message : String(error);
      problems.push(`${file}: test.${kind} hook failed: ${message}`);
      throw error;
    }
  };
}

function wrapHooks(test) {
  const original = { before: test.before, after: test.after, beforeEach: test.before.each, afterEach: test.after.each };
  test.before = (handler) => original.before(guard("before", handler));
  test.before.each = (handler) => original.beforeEach(guard("before.each", handler));
  test.after = (handler) => original.after(guard("after", handler));
  test.after.each = (handler) => original.afterEach(guard("after.each", handler));
}

const files = oneFile === undefined ? findFiles(dir) : [resolve(dir, oneFile)];
if (files.length === 0) {
  console.error(`run-tests: no file under ${dirArg} matches ${patternArg}`);
  process.exit(1);
}

if (oneFile === undefined) await runEach(files);
else await runHere(files);

/** The parent: every file in a child process of its own, a few at a time. */
async function runEach(files) {
  const jobs = Math.max(1, Number(process.env.TEST_JOBS) || Math.min(4, availableParallelism()));
  const script = fileURLToPath(import.meta.url);
  const queue = [...files];
  const failures = [];
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  // A child writes to a pipe, so uvu would drop its colours; on a terminal they are asked
  // for. FORCE_COLOR is left unset otherwise: some tools colour whenever it is present,
  // even as "0", and tests read their output.
  const childEnvironment = process.stdout.isTTY && process.env.FORCE_COLOR === undefined ? { ...process.env, FORCE_COLOR: "1" } : process.env;
  const one = (file) => new Promise((done) => {
    const name = relative(dir, file);
    const begin = Date.now();
    const child = spawn(process.execPath, [script, FILE_FLAG, name, dirArg, patternArg], { stdio: ["ignore", "pipe", "pipe"], env: childEnvironment });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk) => { output += chunk; });
    child.stderr.on("data", (chunk) => { output += chunk; errors += chunk; });
    child.on("close", (code, signal) => {
      const summary = SUMMARY.exec(output.split("\n").filter((line) => SUMMARY.test(line)).at(-1) ?? "");
      process.stdout.write(`${output.replace(SUMMARY, "").trimEnd()}\n  ${name}: ${((Date.now() - begin) / 1000).toFixed(1)} s\n\n`);
      // The child's own verdicts (which hook, which file) go to standard error again.
      failures.push(...errors.split("\n").filter((line) => line.startsWith("run-tests: ")).map((line) => line.slice("run-tests: ".length)));
      if (summary === null) {
        failures.push(`${name}: its process ended without a summary (${signal ?? `exit code ${code}`})`);
        failed += 1;
      } else {
        passed += Number(summary[1]);
        failed += Number(summary[2]);
        if (code !== 0) failures.push(`${name}: failed (exit code ${code})`);
      }
      done();
    });
  });
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await one(file);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));
  for (const failure of failures) console.error(`run-tests: ${failure}`);
  console.log(`${files.length} files, ${jobs} at a time, in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  if (failures.length > 0 || failed > 0 || passed === 0) process.exitCode = 1;
}

/** A child: the files given (one), in this process, with uvu's runner. */
async function runHere(files) {

// What uvu's own runner does (uvu/run), with the hooks wrapped and the counts kept.
globalThis.UVU_DEFER = 1;
const uvu = await import("uvu");
wrapHooks(uvu.test);
const counts = [];
for (const [index, file] of files.entries()) {
  const name = relative(dir, file);
  currentFile = name;
  if (/import\s*\{[^}]*\bsuite\b[^}]*\}\s*from\s*["']uvu["']/.test(readFileSync(file, "utf8"))) {
    problems.push(`${name}: imports uvu's suite(); use the default test, whose hooks this runner guards`);
  }
  globalThis.UVU_INDEX = index;
  globalThis.UVU_QUEUE.push([name]);
  await import(pathToFileURL(file).href);
  const group = globalThis.UVU_QUEUE[index];
  if (group.length < 2) problems.push(`${name}: declares no suite that runs (is test.run() missing?)`);
  for (let i = 1; i < group.length; i++) {
    const run = group[i];
    group[i] = async () => {
      try {
        const result = await run();
        const [, ran, skipped, declared] = result;
        counts.push({ name, ran, skipped, declared });
        return result;
      } catch (error) {
        // An `after` hook's error escapes uvu's runner (it is thrown inside the `finally`
        // before its `return`): without this catch it would end the process mid-run.
        problems.push(`${name}: a suite ended with an error: ${error instanceof Error ? error.message : String(error)}`);
        return [`  ${name}: a suite ended with an error\n`, 0, 0, 0];
      }
    };
  }
}
await uvu.exec(false);

let passed = 0;
let failed = 0;
for (const { name, ran, skipped, declared } of counts) {
  passed += ran;
  failed += declared - ran;
  if (skipped > 0) problems.push(`${name}: ${skipped} test(s) skipped; npm test skips none`);
  if (ran < declared) problems.push(`${name}: ran ${ran} of ${declared} tests`);
}
if (passed === 0) problems.push("no test ran");

for (const problem of problems) console.error(`run-tests: ${problem}`);
console.log(`${passed} passed, ${failed} failed`);
if (problems.length > 0 || failed > 0 || process.exitCode) process.exitCode = 1;
}
