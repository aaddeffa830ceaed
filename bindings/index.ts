// Bundle entry (build/index.js, the package "wasmlp"): re-exports only. The classifier,
// the data helpers that reproduce the seed, the worker and export helpers.

/**
 * Multilayer-perceptron classifiers and regressors trained on a WebAssembly core:
 * `MLPClassifier`, `MLPRegressor`, training in a Worker, the data helpers that reproduce
 * scikit-learn's data sets, metrics, and the standalone-module export.
 * @module wasmlp
 */
export { MLPClassifier } from "./model/classifier.js";
export { MLPRegressor } from "./model/regressor.js";
export { SEED_OPTIONS } from "./model/options.js";
export type { LearningRateSchedule, SharedOptions, ResolvedOptions, ResolvedRegressorOptions } from "./model/options.js";
export type { MLPRegressorOptions, Targets, RegressorFitOptions, RegressorPartialFitOptions, TargetNaming } from "./model/regressor.js";
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
export type { WorkerFitOptions, RegressorWorkerFitOptions } from "./runtime/train-in-worker.js";
export { exportModule } from "./io/standalone-module.js";
export type { ExportModuleOptions } from "./io/standalone-module.js";
export { fromONNX, type FromONNXOptions } from "./io/onnx/index.js";
export { fromDenseLayers, fromSklearn, fromTfjs } from "./io/import/index.js";
export type { DenseLayer, DenseModel, Orientation, OutputKind, SklearnDump, TfjsOptions, TfjsWeights } from "./io/import/index.js";
export { coreKind, useScalarCore } from "./runtime/core.js";
export type { CoreKind } from "./runtime/core.js";
export { NumpyRandomState, sklearnMakeClassification, sklearnTrainTestSplit, type SklearnMakeClassificationOptions, type SklearnSplitOptions } from "./data/sklearn/index.js";
// Types that the exports above name in their signatures, so that a user (and the API
// reference, scripts/docs.js) can name them too.
export type { Activation, Kind as ModelKind } from "./io/model-file.js";
export type { Optimizer, Init, ClassWeight } from "./model/options.js";
export type { EpochCallOptions } from "./model/call-options.js";
export type { Rows, FlatMatrix, LabelArray } from "./data/split.js";
export type { LabelSequence } from "./data/metrics.js";
export type { MutableArrayLike } from "./data/random.js";
