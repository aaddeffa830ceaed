// Builds the demo page into build/web: the app bundled for browsers (wasmlp resolved
// through the package's own exports, so it needs `npm run build` first), the static
// files, and the training worker next to the app, where trainInWorker looks for it.
import { build } from "esbuild";
import { copyFile, mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Builds the page; returns the directory it is in. */
export async function buildWeb(outdir = join(root, "build/web")) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, "web/app.ts")],
    outfile: join(outdir, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "warning",
  });
  for (const file of ["index.html", "style.css", "favicon.svg"]) await copyFile(join(root, "web", file), join(outdir, file));
  await copyFile(join(root, "build/training-worker.mjs"), join(outdir, "training-worker.mjs"));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built ${await buildWeb()}`);
