// The package entry: the classifier, and the data helpers that reproduce the seed.
export { MLPClassifier } from "./classifier.js";
export type {
  MLPClassifierOptions, FitOptions, PartialFitOptions, EpochInfo, Matrix, Labels, Label, Weights, ModelJSON,
} from "./classifier.js";
export { Random } from "./random.js";
export { makeClassification } from "./datasets.js";
export type { MakeClassificationOptions, Dataset } from "./datasets.js";
export { makeMoons, makeCircles } from "./shapes.js";
export type { MakeMoonsOptions, MakeCirclesOptions } from "./shapes.js";
export { trainTestSplit } from "./split.js";
export type { SplitOptions, Split } from "./split.js";
export { accuracy, f1 } from "./metrics.js";
export { trainInWorker } from "./worker.js";
export type { WorkerFitOptions } from "./worker.js";
export { exportModule } from "./export.js";
export { coreKind, useScalarCore } from "./wasm.js";
export type { CoreKind } from "./wasm.js";
export { NumpyRandomState, sklearnMakeClassification, sklearnTrainTestSplit, type SklearnMakeClassificationOptions, type SklearnSplitOptions } from "./sklearn/index.js";
