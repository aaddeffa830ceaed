// A command-line session, as a script that needs no shell: it writes a small CSV, then runs
// `wasmlp train`, `eval`, `predict` and `export` the way you would type them, printing each
// command and its output. Run it in a project where wasmlp is installed:
//
//   npm install wasmlp && node session.mjs [WORK_DIR]
//
// Each command is the argument list after `npx wasmlp`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "wasmlp-session-"));
// The installed package's command, found the way Node finds the package itself.
const cli = createRequire(join(dir, "x.js")).resolve("wasmlp/package.json").replace(/package\.json$/, "build/cli.js");
const wasmlp = (...args) => {
  console.log(`$ npx wasmlp ${args.join(" ")}`);
  const output = execFileSync(process.execPath, [cli, ...args], { cwd: dir, encoding: "utf8" });
  process.stdout.write(output);
  return output;
};

// Two measurements and a species name per row: two well-separated groups.
const row = (i) => {
  const wide = i % 2 === 0;
  const jitter = ((i * 37) % 11) / 20;
  return [wide ? 4 + jitter : 1.5 + jitter, wide ? 1 + jitter : 3 - jitter, wide ? "wide" : "tall"];
};
const csv = (rows) => `length,height,species\n${rows.map((r) => r.join(",")).join("\n")}\n`;
writeFileSync(join(dir, "train.csv"), csv(Array.from({ length: 80 }, (_, i) => row(i))));
writeFileSync(join(dir, "test.csv"), csv(Array.from({ length: 20 }, (_, i) => row(i + 80))));
writeFileSync(join(dir, "new.csv"), "length,height\n4.2,1.1\n1.7,2.9\n");

wasmlp("train", "train.csv", "--label", "species", "-o", "species.model.json", "--quiet");
wasmlp("eval", "species.model.json", "test.csv", "--json");
wasmlp("predict", "species.model.json", "new.csv", "--proba");
wasmlp("export", "species.model.json", "--format", "js", "-o", "species-model.mjs");
