// Bundle entry (build/index.js, the package "wasmlp"): re-exports only. The classifier,
// the data helpers that reproduce the seed, the worker and export helpers.
export { MLPClassifier } from "./model/classifier.js";
export { MLPRegressor } from "./model/regressor.js";
export { SEED_OPTIONS } from "./model/options.js";
export type { MLPRegressorOptions, Targets, RegressorFitOptions, RegressorPartialFitOptions } from "./model/regressor.js";
export type {
  MLPClassifierOptions, FitOptions, PartialFitOptions, EpochInfo, Matrix, Labels, Label, Weights, ModelJSON,
} from "./model/classifier.js";
export { Random } from "./data/random.js";
export { makeClassification } from "./data/make-classification.js";
export type { MakeClassificationOptions, Dataset } from "./data/make-classification.js";
export { makeMoons, makeCircles } from "./data/shapes.js";
export type { MakeMoonsOptions, MakeCirclesOptions } from "./data/shapes.js";
export { trainTestSplit } from "./data/split.js";
export type { SplitOptions, Split } from "./data/split.js";
export { accuracy, f1 } from "./data/metrics.js";
export { trainInWorker, trainRegressorInWorker } from "./runtime/train-in-worker.js";
export type { WorkerFitOptions } from "./runtime/train-in-worker.js";
export { exportModule } from "./io/standalone-module.js";
export { coreKind, useScalarCore } from "./runtime/core.js";
export type { CoreKind } from "./runtime/core.js";
export { NumpyRandomState, sklearnMakeClassification, sklearnTrainTestSplit, type SklearnMakeClassificationOptions, type SklearnSplitOptions } from "./data/sklearn/index.js";
