// The test runner (scripts/run-tests.js) fails a run whose suites did not all run: each
// broken suite in tests/fixtures/runner/ is run alone and must fail, naming the problem.
// uvu alone exits 0 for several of these (its hooks' errors are dropped).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { root } from "./helpers/cli.js";

function runCase(name) {
  const result = spawnSync(process.execPath, ["scripts/run-tests.js", "tests/fixtures/runner", `^${name}\\.case\\.js$`], {
    cwd: root, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("a suite whose tests all pass: exit 0 and the plain closing line", () => {
  const run = runCase("passing");
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /^2 passed, 0 failed$/m);
  assert.is(run.stderr, "");
});

const broken = [
  ["before-throws", /before-throws\.case\.js: test\.before hook failed: Error: the browser could not start/, /ran 0 of 2 tests/],
  ["after-throws", /after-throws\.case\.js: test\.after hook failed: Error: cleanup failed/, /a suite ended with an error/],
  ["before-each-throws", /test\.before\.each hook failed: Error: fixture missing/, /ran 1 of 2 tests/],
  ["no-run", /no-run\.case\.js: declares no suite that runs \(is test\.run\(\) missing\?\)/, /no test ran/],
  ["skipped", /skipped\.case\.js: 1 test\(s\) skipped/, /skipped/],
  ["own-suite", /own-suite\.case\.js: imports uvu's suite\(\)/, /suite/],
  ["failing", /failing\.case\.js: ran 1 of 2 tests/, /ran 1 of 2/],
  ["exits", /exits\.case\.js: its process ended without a summary \(exit code \d+\)/, /exits\.case\.js/],
];

for (const [name, names, also] of broken) {
  test(`${name}: the run fails and says why`, () => {
    const run = runCase(name);
    assert.is(run.status, 1, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stderr, names);
    assert.match(run.stderr, also);
    assert.match(run.stdout, /^\d+ passed, \d+ failed$/m, "the closing line is printed whatever happened");
  });
}

test.run();
