// The size of the smallest real app on wasmlp/infer: one line that loads a model and
// predicts, bundled and minified by esbuild as a browser app would be. The WebAssembly
// is embedded in the JavaScript (as text, scripts/build.js says how), so the bundle's gzipped
// size counts both.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export const APP = 'import { loadModel } from "wasmlp/infer"; const model = await loadModel(await (await fetch("model.json")).json()); console.log(model.predict([[0.5, 1.5]]));';
/** The same app on wasmlp/infer/simd. */
export const SIMD_APP = APP.replace('"wasmlp/infer"', '"wasmlp/infer/simd"');

/** The minified bundle's text, its bytes, and its bytes gzipped (zlib level 9), for
 *  the one-line app or another `app` source. */
export async function inferBundleSize(app = APP) {
  const result = await build({
    stdin: { contents: app, resolveDir: root, sourcefile: "app.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { text: Buffer.from(code).toString("utf8"), minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}
