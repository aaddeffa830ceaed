// webpack 5 with its production defaults: only the two pages' entries and where the
// bundles go are set. wasmlp needs no loader: its WebAssembly is inside its JavaScript, and
// webpack emits the training worker (found through new URL(..., import.meta.url)) as an
// asset next to the bundles.
import { fileURLToPath } from "node:url";

export default {
  mode: "production",
  entry: { predict: "./src/predict.js", train: "./src/train.js" },
  output: { path: fileURLToPath(new URL("public/build", import.meta.url)) },
};
