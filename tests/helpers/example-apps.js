// The browser examples (examples/vite, examples/webpack) as a user builds them: copied
// into a project that has wasmlp installed from the packed tarball, built by the bundler's
// own command line with the example's config, and measured chunk by chunk.
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { installedApp, root } from "./packed.js";

/** How each bundler builds its example, and which folder the built site is. */
export const BUNDLERS = {
  // Rolldown adds a note when plugins took a large share of the build's time, which says
  // how loaded the machine was, not anything about the build: that note aside, nothing.
  vite: { cli: "node_modules/vite/bin/vite.js", args: ["build", "--logLevel", "warn"], site: "dist", clean: (log) => log.replace(/^.*\[PLUGIN_TIMINGS\][\s\S]*?bundlertimings.*$/gm, "").trim() === "" },
  webpack: { cli: "node_modules/webpack-cli/bin/cli.js", args: [], site: "public", clean: (log) => /compiled successfully/.test(log) },
};

/** Installs the example `name` from the tarball and builds it; returns the app folder,
 *  the folder to serve, and the bundler's output with whether it reports no warning. The bundler is the repository's copy (a devDependency), run in
 *  the app's folder, so it resolves wasmlp from the app's node_modules. */
export function buildExample(name, extraFiles = {}) {
  const source = join(root, "examples", name);
  const app = installedApp(`${name}-app`, { files: extraFiles });
  // extraFiles (written first) win over the example's own files of the same name.
  for (const entry of readdirSync(source)) {
    if (entry !== "package.json" && entry !== "node_modules") cpSync(join(source, entry), join(app, entry), { recursive: true, force: false, errorOnExist: false });
  }
  const { cli, args, site, clean } = BUNDLERS[name];
  // No colours: the log is read as text (some tools colour whenever FORCE_COLOR is set).
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const result = spawnSync(process.execPath, [join(root, cli), ...args], { cwd: app, encoding: "utf8", env });
  const log = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${name} failed to build the example:\n${log}`);
  return { app, site: join(app, site), log, clean: clean(log) };
}

/** Every script the build wrote under `dir` (.js, .mjs), with its bytes and gzipped
 *  bytes (zlib level 9), and whether it embeds a training core (a WebAssembly module in
 *  base64 starts "AGFzbQ", its magic number; wasmlp/infer's small core is stored another way). */
export function scripts(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if ([".js", ".mjs"].includes(extname(entry))) {
        const bytes = readFileSync(path);
        found.push({ file: relative(dir, path), bytes: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length, core: bytes.includes("AGFzbQ") });
      }
    }
  };
  walk(dir);
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/** The scripts a built page loads before any of its code runs: its <script src> and
 *  <link rel="modulepreload"> files (Vite lists a page's static imports as the latter;
 *  webpack puts them in the entry bundle itself). Paths relative to the site. */
export function initialScripts(site, page) {
  const html = readFileSync(join(site, page), "utf8");
  const refs = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)];
  return refs.map((m) => (m[1] ?? m[2]).replace(/^\//, ""));
}
