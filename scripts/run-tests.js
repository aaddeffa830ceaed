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
// Usage: node scripts/run-tests.js DIR PATTERN   (PATTERN: a regular expression matched
// against each file's path relative to DIR, as uvu matches it)
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirArg = "tests", patternArg = "\\.test\\.js$"] = process.argv.slice(2);
const dir = resolve(dirArg);
const pattern = new RegExp(patternArg);

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

const files = findFiles(dir);
if (files.length === 0) {
  console.error(`run-tests: no file under ${dirArg} matches ${patternArg}`);
  process.exit(1);
}

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
