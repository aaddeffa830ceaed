// The browser examples built by real bundlers from the packed package, as a user builds
// them: examples/vite with `vite build` and examples/webpack with `webpack` (production
// defaults, no loader), each with a page that predicts with wasmlp/infer and one that
// trains with trainInWorker, run in headless Chromium. The pages must give the numbers
// Node gives for the same model and the same training (bit for bit), and the training
// page must load no training core before it trains: the cores come in a chunk of their
// own, after training, or inside the worker. Chunk sizes (gzipped) are printed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { buildExample, scripts, initialScripts, BUNDLERS } from "./helpers/example-apps.js";
import { launchChromium } from "./helpers/chromium.js";
import { serve } from "../web/serve.js";
import { dataFor } from "./helpers/trained-models.js";

let browser;
let model;
let reference;

test.before(async () => {
  browser = await launchChromium();
  // The model the prediction pages load: three classes, standardized, string labels.
  const { X, y } = dataFor(3);
  reference = new MLPClassifier({ hiddenLayers: [6], standardize: true, optimizer: "adam", learningRate: 0.05, epochs: 30, seed: 5 });
  await reference.fit(X, y);
  model = JSON.stringify(reference.toJSON());
});

test.after(async () => {
  await browser?.close();
});

/** Opens `page` of the site and waits for the example to publish its results. */
async function run(site, page) {
  const server = await serve(site);
  try {
    const { page: tab, problems } = await browser.open(`${server.url}${page}`);
    await tab.waitForFunction(() => globalThis.wasmlpExample !== undefined || document.body.dataset.failed, null, { timeout: 60000 }).catch(() => {});
    const result = await tab.evaluate(() => globalThis.wasmlpExample);
    assert.equal(problems, [], `${page}: ${problems.join("\n")}`);
    assert.ok(result, `${page} published no result`);
    await tab.close();
    return result;
  } finally {
    await server.close();
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

for (const name of Object.keys(BUNDLERS)) {
  test(`${name}: the example pages build, predict and train in Chromium as Node does`, async () => {
    const { site } = buildExample(name, { "public/model.json": model });
    const built = scripts(site);
    const lines = built.map((s) => `  ${s.file}: ${kb(s.bytes)}, ${kb(s.gzipped)} gzipped${s.core ? " (training cores)" : ""}`);
    console.log(`\n${name} build:\n${lines.join("\n")}`);

    // wasmlp/infer in the page: the library's probabilities, bit for bit.
    const predicted = await run(site, "index.html");
    assert.equal(predicted.proba, reference.predictProba(predicted.rows));
    assert.equal(predicted.labels, reference.predict(predicted.rows));

    // trainInWorker: the model Node trains with the same options and data.
    const trained = await run(site, "train.html");
    const node = new MLPClassifier(trained.options);
    await node.fit(trained.X, trained.y);
    assert.equal(trained.proba, node.predictProba(trained.X));
    assert.ok(trained.accuracy > 0.9, `training accuracy ${trained.accuracy}`);

    // Before it trains, the training page loads no core, and little code.
    for (const page of ["index.html", "train.html"]) {
      const initial = initialScripts(site, page).map((file) => built.find((s) => s.file === file));
      assert.ok(initial.length > 0 && initial.every(Boolean), `${page}: scripts ${initialScripts(site, page)} not among ${built.map((s) => s.file)}`);
      const gzipped = initial.reduce((sum, s) => sum + s.gzipped, 0);
      console.log(`  ${page} loads ${initial.map((s) => s.file).join(", ")} first: ${kb(gzipped)} gzipped`);
      assert.not.ok(initial.some((s) => s.core), `${page} loads a training core before it runs`);
      assert.ok(gzipped < 20 * 1024, `${page} loads ${kb(gzipped)} gzipped before it runs`);
    }
    // The cores are there, for the worker and the trained model.
    assert.ok(built.some((s) => s.core && s.file.endsWith(".mjs")), "no worker file with the cores was emitted");
  });
}

test.run();
