#!/usr/bin/env node
// The API reference: TypeDoc reads the TSDoc of the package's four entries ("wasmlp",
// "wasmlp/infer", "wasmlp/infer/simd", "wasmlp/worker") and writes static HTML to build/api/. Any warning fails
// the build (a link in a doc comment to nothing, an exported type that is not documented
// where it is used). TypeDoc comes from the docs/api workspace, which pins TypeScript 6: TypeDoc
// needs TypeScript's JavaScript compiler API, which TypeScript 7 (the project's compiler)
// does not have.
//
// Usage: node scripts/docs.js [--out DIR]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = process.argv.indexOf("--out");
const out = at > 0 ? resolve(process.argv[at + 1]) : join(root, "build/api");
const tool = createRequire(join(root, "docs/api/package.json"));
const typedoc = join(dirname(tool.resolve("typedoc/package.json")), "bin/typedoc");
const result = spawnSync(process.execPath, [typedoc, "--options", join(root, "docs/api/typedoc.json"), "--out", out, "--logLevel", "Warn"], {
  cwd: root,
  stdio: "inherit",
});
process.exitCode = result.status ?? 1;
