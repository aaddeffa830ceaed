// The package as a user gets it: `npm pack` of this checkout, installed into a fresh
// project of the caller's kind (an ES module project, or a CommonJS one as `npm init -y`
// makes), from the local npm cache only, so no test needs the network. The tarball is packed
// once per process: the test files that need it share it (scripts/run-tests.js runs every
// file in one process).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "wasmlp-packed-"));
let tarball;
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The path of the packed tarball (the test run has just built; --ignore-scripts skips
 *  prepack's second build). */
export function packedTarball() {
  if (tarball === undefined) {
    npm(["pack", "--ignore-scripts", "--pack-destination", scratch], root);
    tarball = join(scratch, readdirSync(scratch).find((f) => f.endsWith(".tgz")));
  }
  return tarball;
}

/**
 * A new project directory with wasmlp installed from the tarball.
 * @param name a folder name for it
 * @param type "module" or "commonjs", the package.json "type"
 * @param files more files to write into it: { "src/app.js": "..." }
 */
export function installedApp(name, { type = "module", files = {} } = {}) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, type }, null, 2));
  npm(["install", "--offline", "--no-audit", "--no-fund", packedTarball()], dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
