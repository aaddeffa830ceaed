// Models trained elsewhere, as wasmlp models: re-exports only. Each importer reads its
// framework's files and hands the dense layers it found to dense-model.ts's builder.
export { fromDenseLayers, OUTPUT_KINDS } from "./dense-model.js";
export type { DenseLayer, DenseModel, Orientation, OutputKind } from "./dense-model.js";
export { fromSklearn } from "./sklearn.js";
export type { SklearnDump } from "./sklearn.js";
export { fromTfjs } from "./tfjs.js";
export type { TfjsOptions, TfjsWeights } from "./tfjs.js";
