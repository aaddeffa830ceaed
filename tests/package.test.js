// The packed tarball, installed into an empty project, works as `import ... from "wasmlp"`.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

test("npm pack installs into an empty project and trains the seed network", () => {
  const dir = mkdtempSync(join(tmpdir(), "wasmlp-pack-"));
  try {
    // The test run has just built; --ignore-scripts skips prepack's second build.
    npm(["pack", "--ignore-scripts", "--pack-destination", dir], root);
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    const app = join(dir, "app");
    execFileSync("mkdir", [app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", join(dir, tarball)], app);
    copyFileSync(join(root, "tests/fixtures/seed-split.json"), join(app, "split.json"));
    writeFileSync(join(app, "main.js"), `
      import { readFileSync } from "node:fs";
      import { MLPClassifier, SEED_OPTIONS, accuracy, f1 } from "wasmlp";
      const s = JSON.parse(readFileSync("split.json", "utf8"));
      const clf = new MLPClassifier({ ...SEED_OPTIONS, seed: 7 });
      await clf.fit(s.XTrain, s.yTrain);
      const p = clf.predict(s.XTest);
      console.log(JSON.stringify({ accuracy: accuracy(s.yTest, p), f1: f1(s.yTest, p) }));
    `);
    const out = JSON.parse(execFileSync("node", ["main.js"], { cwd: app, encoding: "utf8" }));
    assert.is(out.accuracy.toFixed(2), "0.93");
    assert.is(out.f1.toFixed(2), "0.93");
    const files = npm(["pack", "--dry-run", "--json", "--ignore-scripts"], root);
    const listed = JSON.parse(files)[0].files.map((f) => f.path);
    assert.ok(listed.includes("build/index.js") && listed.includes("build/types/index.d.ts"), listed.join(", "));
    assert.not.ok(listed.some((f) => f.startsWith("assembly/") || f.startsWith("tests/")), listed.join(", "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
