// bench/run.js's child for wasmlp: one fit (or one prediction run) of one case, then
// one JSON line. Usage: node bench/systems/wasmlp.js --case seed|wide|regression|predict --data DIR [--no-warmup]
// It loads DIR/index.js, DIR/infer.js and DIR/infer-simd.js, the copies of build/'s bundles
// that bench/run.js took at its start.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { availableParallelism } from "node:os";
import { parseArgs, loadSet, readF32, readI32, readJSON, resetPeakRss, peakRss, medianCallSeconds, seconds, accuracyOf, emit, WARMUP } from "./measure.js";

const args = parseArgs();
const { MLPClassifier, MLPRegressor } = await import(pathToFileURL(join(args.data, "index.js")).href);
const warmup = !args["no-warmup"];
// bench/run.js --threads sets this; a number, or "auto" (the default).
const threads = process.env.WASMLP_THREADS && process.env.WASMLP_THREADS !== "auto" ? Number(process.env.WASMLP_THREADS) : "auto";

function model(spec, epochs = spec.epochs, fitThreads = threads) {
  if (spec.optimizer === "gd") {
    // The seed's network, every option spelt out (the library's defaults are scikit-learn's).
    return new MLPClassifier({
      hiddenLayers: spec.hidden, activation: spec.activation, optimizer: "gd", learningRate: spec.learningRate, init: "normal", l2: 0,
      standardize: false, epochs, seed: spec.initSeed, threads: fitThreads,
    });
  }
  const options = {
    hiddenLayers: spec.hidden, activation: spec.activation, optimizer: spec.optimizer, learningRate: spec.learningRate,
    batchSize: spec.batchSize, epochs, shuffle: spec.shuffle, init: spec.init, l2: spec.l2 ?? 0, standardize: spec.standardize ?? false,
    seed: spec.initSeed, threads: fitThreads,
  };
  // The regressor standardizes its targets by default (standardizeTargets), as the peers do by hand.
  return spec.task === "regression" ? new MLPRegressor(options) : new MLPClassifier(options);
}

async function fitCase(name) {
  const set = loadSet(args.data, name);
  const { features } = set;
  if (warmup) {
    // Short fits of the same model kind first (measure.js), on as many threads as "auto"
    // gives the timed fit (every core: the fit cases are big enough), so the timed fit
    // borrows the pool's workers instead of starting them (~17 ms, once per process,
    // like compiling the wasm).
    const rows = Math.min(set.trainRows, WARMUP.rows);
    for (let i = 0; i < WARMUP.fits; i++) {
      const warm = model(set, WARMUP.epochs, threads === "auto" ? availableParallelism() : threads);
      await warm.fit(set.XTrain.subarray(0, rows * features), set.yTrain.subarray(0, rows), { features });
    }
  }
  const fitted = model(set);
  const rssBefore = resetPeakRss();
  const start = process.hrtime.bigint();
  await fitted.fit(set.XTrain, set.yTrain, { features });
  const fitSeconds = seconds(start);
  const peak = peakRss();
  // A regressor's loss is ½ the mean squared error in standardized target units (scikit-learn's loss_).
  const quality = set.task === "regression"
    ? { r2: fitted.score(set.XTest, set.yTest), final_loss: fitted.loss.at(-1) }
    : { accuracy: accuracyOf(set.yTest, fitted.predict(set.XTest)), final_loss_bits: fitted.loss.at(-1) };
  return {
    case: name, system: "wasmlp", seconds: fitSeconds, epochs: set.epochs, rows: set.trainRows,
    ...quality, peak_rss: peak, rss_before: rssBefore,
  };
}

async function predictCase() {
  const spec = readJSON(join(args.data, "predict.json"));
  const seed = loadSet(args.data, "seed");
  const clf = await MLPClassifier.fromJSON(readJSON(join(args.data, "model.json")));
  const X = readF32(join(args.data, "predict-X.bin"));
  const rows = X.length / spec.features;
  if (warmup) clf.predictProba(X);
  let start = process.hrtime.bigint();
  clf.predictProba(X);
  const probaSeconds = seconds(start);
  start = process.hrtime.bigint();
  clf.predict(X);
  const labelsSeconds = seconds(start);
  if (warmup) clf.predictProbaFlat(X);
  start = process.hrtime.bigint();
  clf.predictProbaFlat(X);
  const flatSeconds = seconds(start);
  const one = (i) => clf.predictProba(X.subarray((i % rows) * spec.features, (i % rows + 1) * spec.features));
  const callSeconds = medianCallSeconds(one, spec.calls);
  return {
    case: "predict", system: "wasmlp", rows, calls: spec.calls, proba_seconds: probaSeconds, labels_seconds: labelsSeconds,
    call_seconds: callSeconds, flat_seconds: flatSeconds, accuracy: accuracyOf(seed.yTest, clf.predict(seed.XTest)),
    ...(await inferCase(spec, X)),
  };
}

/** wasmlp/infer/simd's predictProbaFlat on the 1e6 rows of both models (the head-to-head
 *  with onnxruntime-node, whose session.run also returns one Float32Array), wasmlp/infer's
 *  predictProba (the 4 KB entry: an array per row, a scalar core) and the full library's
 *  predictProbaFlat on the 20-64-4 one. */
async function inferCase(spec, X) {
  const { loadModel } = await import(pathToFileURL(join(args.data, "infer-simd.js")).href);
  const small = await import(pathToFileURL(join(args.data, "infer.js")).href);
  const time = (predict, rows) => {
    predict(rows);
    const start = process.hrtime.bigint();
    predict(rows);
    return seconds(start);
  };
  const seedModel = await loadModel(readJSON(join(args.data, "model.json")));
  const wideJSON = readJSON(join(args.data, "model-wide.json"));
  const wide = await loadModel(wideJSON);
  const smallWide = await small.loadModel(wideJSON);
  const XWide = readF32(join(args.data, "predict-wide-X.bin"));
  const yWide = readI32(join(args.data, "predict-wide-y.bin"));
  const wideClf = await MLPClassifier.fromJSON(wideJSON);
  const check = XWide.subarray(0, 2000 * spec.wide.features);
  return {
    infer_seconds: time((rows) => seedModel.predictProbaFlat(rows), X),
    wide_infer_seconds: time((rows) => wide.predictProbaFlat(rows), XWide),
    wide_small_infer_seconds: time((rows) => smallWide.predictProba(rows), XWide),
    wide_flat_seconds: time((rows) => wideClf.predictProbaFlat(rows), XWide),
    wide_accuracy: accuracyOf(yWide.subarray(0, 2000), wide.predict(check)),
  };
}

emit(args.case === "predict" ? await predictCase() : await fitCase(args.case));
