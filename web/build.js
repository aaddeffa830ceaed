// Builds the demo page into build/web: the app bundled for browsers (wasmlp resolved
// through the package's own exports, so it needs `npm run build` first), the static
// files, and the training worker next to the app, where trainInWorker looks for it.
import { build } from "esbuild";
import { copyFile, mkdir, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));

// Every file is written under a temporary name and renamed into place: test files run in
// parallel processes, and each builds the page while another's browser may be loading it;
// a rename is atomic, so a reader sees a whole file, old or new (and both are the same).
const temporary = (file) => `${file}.${process.pid}.tmp`;

/** Builds the page; returns the directory it is in. */
export async function buildWeb(outdir = join(root, "build/web")) {
  await mkdir(outdir, { recursive: true });
  const bundle = await build({
    write: false,
    entryPoints: [join(root, "web/app.ts")],
    outfile: join(outdir, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "warning",
    // The package says it has no side effects, so esbuild drops the bare imports between
    // its chunks (build/index.js's `import "./lib-….js"`) and says so for each; the page's
    // tests run on the bundle as built, so the notice is noise here.
    logOverride: { "ignored-bare-import": "silent" },
  });
  for (const file of bundle.outputFiles) {
    await writeFile(temporary(file.path), file.contents);
    await rename(temporary(file.path), file.path);
  }
  const copies = [...["index.html", "style.css", "favicon.svg"].map((file) => [join(root, "web", file), join(outdir, file)]), [join(root, "build/training-worker.mjs"), join(outdir, "training-worker.mjs")]];
  for (const [from, to] of copies) {
    await copyFile(from, temporary(to));
    await rename(temporary(to), to);
  }
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(`built ${await buildWeb()}`);
