// Ports that reproduce scikit-learn's data without Python: NumPy's legacy RandomState and
// the scikit-learn functions the seed experiment calls.
export { NumpyRandomState } from "../numpy/random-state.js";
export { sklearnMakeClassification } from "./make-classification.js";
export type { SklearnMakeClassificationOptions } from "./classification-options.js";
export { sklearnTrainTestSplit } from "./train-test-split.js";
export type { SklearnSplitOptions } from "./train-test-split.js";
