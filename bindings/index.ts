// The package entry: the classifier, and the data helpers that reproduce the seed.
export { MLPClassifier } from "./classifier.js";
export type { MLPClassifierOptions, FitOptions, Matrix, Labels, Weights } from "./classifier.js";
export { Random } from "./random.js";
export { makeClassification } from "./datasets.js";
export type { MakeClassificationOptions, Dataset } from "./datasets.js";
export { trainTestSplit } from "./split.js";
export type { SplitOptions, Split } from "./split.js";
export { accuracy, f1 } from "./metrics.js";
