// The seed article's network, which MLPClassifier's defaults were before they became
// scikit-learn's. Tests written for that network pass it explicitly as `{ ...SEED, ... }`.
// Its learningRate is left out: a test that picks another optimizer gets that optimizer's
// default rate, as it did then (gd's is the seed's 1.0).
import { SEED_OPTIONS } from "../../build/index.js";

const { learningRate: _rate, ...network } = SEED_OPTIONS;
export const SEED = Object.freeze(network);
