// The browser examples built by real bundlers from the packed package, as a user builds
// them: examples/vite with `vite build` and examples/webpack with `webpack` (production
// defaults, no loader), each with a page that predicts with wasmlp/infer and one that
// trains with trainInWorker, run in headless Chromium. The pages must give the numbers
// Node gives for the same model and the same training (bit for bit), and the training
// page must load no training core before it trains: the cores come in a chunk of their
// own, after training, or inside the worker. Chunk sizes (gzipped) are printed. An esbuild
// bundle built as a classic script finds the worker through workerUrl.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPClassifier } from "../build/index.js";
import { buildExample, scripts, initialScripts, BUNDLERS } from "./helpers/example-apps.js";
import { launchChromium } from "./helpers/chromium.js";
import { serve } from "../web/serve.js";
import { dataFor } from "./helpers/trained-models.js";
import { copyFileSync, readFileSync, readdirSync } from "node:fs";
import { build as esbuild } from "esbuild";
import { join } from "node:path";
import { root, installedApp } from "./helpers/packed.js";

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
    const { site, log, clean } = buildExample(name, { "public/model.json": model });
    assert.ok(clean, `${name} warned:\n${log}`);
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

test("esbuild, as a classic script: trainInWorker asks for workerUrl, then trains with it", async () => {
  // An IIFE bundle has no import.meta.url, so the worker file cannot be found by itself;
  // the README says to copy it next to the page and pass its address.
  const app = installedApp("classic-app", { files: {
    "src/classic.js": `
      import { trainInWorker } from "wasmlp";
      const X = [[0, 0], [0, 1], [1, 0], [1, 1], [0.1, 0.2], [0.9, 0.8], [0.2, 0.9], [0.8, 0.1]];
      const y = ["a", "b", "b", "a", "a", "a", "b", "b"];
      const options = { hiddenLayers: [6], activation: "tanh", optimizer: "adam", learningRate: 0.05, epochs: 50, seed: 1 };
      globalThis.runClassic = (workerUrl) => trainInWorker(options, X, y, workerUrl ? { workerUrl } : {})
        .then((model) => ({ options, X, y, proba: model.predictProba(X) }), (error) => ({ error: error.message }));
    `,
    "site/index.html": '<!doctype html><meta charset="utf-8"><title>classic</title><script src="classic.js"></script>',
  } });
  await esbuild({ entryPoints: [join(app, "src/classic.js")], outfile: join(app, "site/classic.js"), bundle: true, format: "iife", platform: "browser", logLevel: "silent", absWorkingDir: app });
  copyFileSync(join(app, "node_modules/wasmlp/build/training-worker.mjs"), join(app, "site/training-worker.mjs"));
  const server = await serve(join(app, "site"));
  try {
    const { page, problems } = await browser.open(`${server.url}index.html`);
    const lost = await page.evaluate(() => globalThis.runClassic());
    assert.match(lost.error ?? "", /^trainInWorker cannot find its worker file: this bundle has no import\.meta\.url .* pass its address as workerUrl$/);
    const trained = await page.evaluate(() => globalThis.runClassic("training-worker.mjs"));
    assert.ok(trained.proba, trained.error);
    const node = new MLPClassifier(trained.options);
    await node.fit(trained.X, trained.y);
    assert.equal(trained.proba, node.predictProba(trained.X));
    assert.equal(problems, []);
  } finally {
    await server.close();
  }
});

test("wasmlp/worker and trainInWorker's chunk import no training core, statically", () => {
  // What a bundler includes for `import { trainInWorker } from "wasmlp/worker"` before any
  // dynamic import: build/worker.js and the chunks it imports, transitively.
  const build = join(root, "build");
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(build, file), "utf8");
    assert.not.ok(text.includes("AGFzbQ"), `${file} embeds a WebAssembly module`);
    // Static imports only: `from "./x"` and `import "./x"`, not `import("./x")`.
    for (const [, imported] of text.matchAll(/(?:\bfrom\s*|\bimport\s+)"\.\/([^"]+)"/g)) visit(imported);
  };
  visit("worker.js");
  assert.ok(seen.size >= 2, [...seen].join(", "));
  // ... while "wasmlp" itself reaches them.
  const all = readdirSync(build).filter((f) => /^lib-.*\.js$/.test(f));
  assert.ok(all.some((f) => readFileSync(join(build, f), "utf8").includes("AGFzbQ")), "no chunk holds the cores");
});

test.run();
