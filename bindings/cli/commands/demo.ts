// wasmlp demo: the seed article's experiment (what `npm start` runs): a 3-5-1 sigmoid
// network trained by full-batch gradient descent, lr 1.0, 2000 epochs, on
// make_classification data (10000 samples, 3 features: 2 informative, 1 redundant) split
// 80/20; with --plot, its loss curves and decision boundaries as SVG.
import { mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import {
  MLPClassifier, SEED_OPTIONS, makeClassification, trainTestSplit, sklearnMakeClassification, sklearnTrainTestSplit, accuracy, f1, type Label,
} from "../../index.js";
import { parseArgs, type OptionSpec } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { checkDistinctFiles, writeAtomically } from "../files.js";
import { decisionBoundary } from "../plots.js";
import { linePlot, type Series } from "../svg.js";

export const demoHelp = `Usage: wasmlp demo [--plot DIR]

Runs the seed article's experiment: a 3-5-1 sigmoid network, full-batch gradient
descent, lr 1.0, 2000 epochs, on make_classification data (10000 samples, 3 features)
split 80/20, first on scikit-learn's own draw (reproduced by wasmlp's port of NumPy's
RandomState and scikit-learn's make_classification and train_test_split), then on
wasmlp's generator with seed 42. Prints accuracy, F1, loss and fit time for each.

Options:
  --plot DIR    also write DIR/loss.svg (both loss curves) and DIR/boundary-*.svg
                (each model's decision boundary over the first two features)
  -h, --help    show this help`;

const specs: Record<string, OptionSpec> = { plot: { type: "string" }, help: { type: "boolean", short: "h" } };

const FEATURES = 3;
const EPOCHS = SEED_OPTIONS.epochs as number;

interface Split {
  XTrain: number[][] | Float64Array;
  XTest: number[][] | Float64Array;
  yTrain: ArrayLike<Label>;
  yTest: ArrayLike<Label>;
}

interface Experiment {
  slug: string;
  title: string;
  split: Split;
  clf: MLPClassifier;
}

const flat = (X: number[][] | Float64Array): Float32Array => Float32Array.from(X instanceof Float64Array ? X : X.flat());

async function experiment(slug: string, title: string, split: Split): Promise<Experiment> {
  const { XTrain, XTest, yTrain, yTest } = split;
  const clf = new MLPClassifier({ ...SEED_OPTIONS, seed: 42 });
  const started = performance.now();
  await clf.fit(XTrain, yTrain, { features: FEATURES });
  const seconds = (performance.now() - started) / 1000;
  const predicted = clf.predict(XTest);
  const loss = clf.loss;
  console.log(`\n${title}: ${yTrain.length} train / ${yTest.length} test rows`);
  console.log(`  accuracy: ${accuracy(yTest, predicted).toFixed(2)} and F1 score: ${f1(yTest, predicted).toFixed(2)}`);
  console.log(`  loss (bits): first epoch ${loss[0].toFixed(4)}, last epoch ${(loss.at(-1) as number).toFixed(4)}`);
  console.log(`  fit time: ${seconds.toFixed(3)} s (${((seconds * 1e9) / (yTrain.length * EPOCHS)).toFixed(1)} ns per sample-epoch)`);
  return { slug, title, split, clf };
}

// The article's data exactly as scikit-learn draws it: make_classification and
// train_test_split with random_state=42, through the ports of NumPy's RandomState.
function sklearnSplit(): Split {
  const data = sklearnMakeClassification({ samples: 10000, features: FEATURES, informative: 2, redundant: 1, randomState: 42 });
  return sklearnTrainTestSplit(data.X, data.y, { testSize: 0.2, randomState: 42, features: FEATURES });
}

// The --plot files must all be distinct files.
const plotFiles = (dir: string) => [
  { flag: "--plot", path: join(dir, "loss.svg"), role: "loss plot", output: true },
  ...["sklearn", "wasmlp"].map((slug) => ({ flag: "--plot", path: join(dir, `boundary-${slug}.svg`), role: "decision boundary plot", output: true })),
];

/** Fails before the experiment runs if the plots could not be written into `dir`. */
async function checkPlotDirectory(dir: string): Promise<void> {
  if ((await stat(dir).catch(() => undefined))?.isDirectory() === false) {
    throw new CliError("cannot write the plots into it: it is not a directory (--plot names a directory)", { file: dir });
  }
  await checkDistinctFiles(plotFiles(dir), "demo");
}

async function plot(dir: string, experiments: Experiment[]): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot write the plots into it: ${(error as Error).message}`, { file: dir });
  }
  const series: Series[] = experiments.map((e) => ({ name: e.slug === "sklearn" ? "scikit-learn's draw" : "wasmlp's draw", values: e.clf.loss }));
  const files = [join(dir, "loss.svg")];
  await writeAtomically(files[0], linePlot({
    title: "The seed network's training loss per epoch",
    subtitle: "3-5-1 sigmoid, full-batch gradient descent, lr 1.0, on make_classification data",
    xLabel: "epoch", yLabel: "binary cross-entropy (bits)", series,
  }));
  for (const e of experiments) {
    const file = join(dir, `boundary-${e.slug}.svg`);
    await writeAtomically(file, decisionBoundary(e.clf, {
      title: `Decision boundary on ${e.slug === "sklearn" ? "scikit-learn's" : "wasmlp's"} test rows`,
      fitX: flat(e.split.XTrain), X: flat(e.split.XTest), y: e.split.yTest, features: FEATURES, featureNames: ["feature 0", "feature 1"],
    }));
    files.push(file);
  }
  return files;
}

export async function demo(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs(args, specs, "demo");
  if (values.help) {
    console.log(demoHelp);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}; see wasmlp demo --help`);
  if (values.plot !== undefined) await checkPlotDirectory(values.plot as string);
  console.log("wasmlp: the seed article's 3-5-1 sigmoid MLP, lr 1.0, 2000 full-batch epochs");
  const experiments: Experiment[] = [];
  experiments.push(await experiment("sklearn", "scikit-learn's make_classification(random_state=42), the article's data", sklearnSplit()));
  const data = makeClassification({ samples: 10000, features: FEATURES, informative: 2, redundant: 1, seed: 42 });
  experiments.push(await experiment(
    "wasmlp",
    "wasmlp's makeClassification(seed 42), the same algorithm on wasmlp's own generator",
    trainTestSplit(data.X, data.y, { testSize: 0.2, seed: 42, features: FEATURES }) as Split,
  ));
  if (values.plot !== undefined) {
    const files = await plot(values.plot as string, experiments);
    console.log(`\nwrote ${files.join(", ")}`);
  }
  return 0;
}
