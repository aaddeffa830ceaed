// The browser side, in real headless Chromium (Debian's chromium driven by
// playwright-core; .ci/run installs chromium where it is missing): the demo page loads
// clean under a strict Content-Security-Policy, trains in a Web Worker while the plotted
// loss falls, stops on request, loads a model file and a CSV (read by the command's
// reader: a byte that is not UTF-8 is named by line and column); and wasmlp/infer gives
// the same numbers in Chromium (page and worker) as in Node, wasmlp/infer/simd too (page).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MLPClassifier, makeMoons } from "../build/index.js";
import { loadModel } from "../build/infer.js";
import { buildWeb } from "../web/build.js";
import { serve, CSP } from "../web/serve.js";
import { chromiumContext } from "./helpers/chromium.js";
import { train, probeRows, trainRegressor, regressorVariants } from "./helpers/trained-models.js";

const build = fileURLToPath(new URL("../build/", import.meta.url));

let server;
let browser;
let page;
const problems = [];

test.before(async () => {
  browser = await chromiumContext({ viewport: { width: 1280, height: 860 } });
  const { context } = browser;
  await buildWeb();
  // A module worker that predicts with wasmlp/infer, for the worker half of the parity test.
  mkdirSync(join(build, "browser-tests"), { recursive: true });
  writeFileSync(join(build, "browser-tests/infer-worker.js"), `
    import { loadModel } from "../infer.js";
    onmessage = async ({ data }) => postMessage((await loadModel(data.model)).predictProba(data.X));
  `);
  server = await serve(build);
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
});

test.after(async () => {
  await browser?.close();
  await server?.close();
});

const demo = (what) => page.evaluate((key) => globalThis.wasmlpDemo[key], what);
const trained = () => page.waitForFunction(() => ["trained", "error"].includes(globalThis.wasmlpDemo.state), null, { timeout: 30000 });

test("the demo page loads under a strict CSP with no console errors", async () => {
  const response = await page.goto(`${server.url}web/`);
  assert.is(response.status(), 200);
  assert.is(response.headers()["content-security-policy"], CSP);
  await page.waitForFunction(() => globalThis.wasmlpDemo?.state === "idle");
  assert.equal(problems, []);
  // The policy is live: an inline script (as eval, which it also refuses) does not run.
  const ran = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener("securitypolicyviolation", () => resolve(globalThis.inlineRan ?? false), { once: true });
    const script = document.createElement("script");
    script.textContent = "globalThis.inlineRan = true";
    document.head.append(script);
  }));
  assert.is(ran, false);
  assert.ok(problems.length === 1 && /Content Security Policy/.test(problems[0]), problems.join("\n"));
  problems.length = 0;
});

test("training runs in a Web Worker and the plotted loss falls", async () => {
  await page.selectOption("#dataset", "moons");
  await page.fill("#epochs", "250");
  const worker = page.waitForEvent("worker");
  await page.click("#train");
  assert.match((await worker).url(), /training-worker\.mjs$/);
  await trained();
  assert.is(await demo("state"), "trained");
  const loss = await demo("loss");
  assert.is(loss.length, 250);
  const head = loss.slice(0, 10).reduce((a, b) => a + b) / 10;
  const tail = loss.slice(-10).reduce((a, b) => a + b) / 10;
  assert.ok(tail < head / 3, `the loss went from ${head} to ${tail} bits`);
  assert.ok((await demo("accuracy")) > 0.9);
  assert.match(await page.textContent("#stats"), /^epoch 250\/250 · training loss [\d.]+ · test loss [\d.]+ · accuracy \d+\.\d% \(test \d+\.\d%\)$/);
  assert.equal(problems, []);
});

test("Stop ends a long training between epochs, keeping the model", async () => {
  await page.fill("#epochs", "100000");
  await page.click("#train");
  await page.waitForFunction(() => globalThis.wasmlpDemo.loss.length >= 20);
  await page.click("#train");
  await trained();
  assert.is(await demo("state"), "trained");
  const epochs = (await demo("loss")).length;
  assert.ok(epochs >= 20 && epochs < 100000, `${epochs} epochs`);
  assert.is(await page.isEnabled("#download-json"), true);
  assert.equal(problems, []);
});

test("a model file trained outside the page loads and shows its predictions", async () => {
  await page.fill("#epochs", "250");
  // The page's data: two moons, 400 samples, noise 0.2, seed 1.
  const moons = makeMoons({ samples: 400, noise: 0.2, seed: 1 });
  const X = Array.from({ length: 400 }, (_, r) => [moons.X[2 * r], moons.X[2 * r + 1]]);
  const clf = new MLPClassifier({ hiddenLayers: [8], activation: "relu", optimizer: "adam", learningRate: 0.02, epochs: 200, seed: 2 });
  await clf.fit(X, moons.y);
  const score = clf.score(X, Array.from(moons.y));
  await page.setInputFiles("#model-file", { name: "cli-model.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(clf.toJSON())) });
  await page.waitForSelector("#model-card:not([hidden])");
  assert.match(await page.textContent("#model-summary"), `classifies ${(100 * score).toFixed(1)}% right`);
  // The map's caption is redrawn on the next animation frame, after the card shows.
  await page.waitForFunction(() => document.querySelector("#map-model").textContent.includes("cli-model.json"), null, { timeout: 10000 });
  assert.match(await page.textContent("#map-model"), "cli-model.json");
  assert.is(await page.locator("#predictions tr").count(), 9);
  await page.setInputFiles("#model-file", { name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"format":"wasmlp-mlp"}') });
  await page.waitForSelector("#model-message:not([hidden])");
  assert.match(await page.textContent("#model-message"), /Could not load broken.json: version must be 1 to 4 \(upgrade wasmlp for newer\), got undefined/);
  // A regressor of three features, on two-feature classes: the card says what it needs.
  const { reg } = await trainRegressor(regressorVariants[0]);
  await page.setInputFiles("#model-file", { name: "regressor.wmlp", mimeType: "application/octet-stream", buffer: Buffer.from(reg.toBytes()) });
  await page.waitForFunction(() => document.querySelector("#model-summary").textContent.includes("regressor"));
  assert.match(await page.textContent("#model-summary"), /a regressor of 1 target\. It takes 3 features but the current data has 2/);
  assert.equal(problems, []);
});

test("a dropped CSV becomes the data set", async () => {
  const rows = ["a,b,c,kind", ...Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 5},${i / 10},${i % 2 ? "odd" : "even"}`)];
  await page.setInputFiles("#csv-file", { name: "points.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
  await page.waitForFunction(() => document.querySelector("#dataset").value === "csv");
  assert.match(await page.textContent("#data-message"), /Loaded 60 rows, 3 features, 2 classes from points.csv/);
  await page.waitForSelector("#map-note:not([hidden])");
  assert.match(await page.textContent("#map-note"), /3 features: the map shows a and b, with the others held at their means/);
  assert.equal(problems, []);
});

test("a CSV with a Latin-1 byte names its line and column on the page, and the data set stays", async () => {
  const bytes = Buffer.concat([Buffer.from("x,y,label\n0,1,cafe\n1,0,caf"), Buffer.from([0xe9]), Buffer.from("\n")]);
  await page.setInputFiles("#csv-file", { name: "latin1.csv", mimeType: "text/csv", buffer: bytes });
  await page.waitForFunction(() => document.querySelector("#data-message").textContent.includes("latin1.csv"));
  assert.is(await page.textContent("#data-message"), 'Could not read latin1.csv, line 3, column 3 ("label"): byte 0xE9 after "caf" is not UTF-8: wasmlp reads text as UTF-8; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)');
  assert.is(await page.getAttribute("#data-message", "class"), "message");
  assert.is(await page.inputValue("#dataset"), "csv");
  assert.match(await page.textContent("#dataset option[value=csv]"), "CSV: points.csv");
  assert.equal(problems, []);
});

test("wasmlp/infer and wasmlp/infer/simd predict the same numbers in Chromium (page and worker) as in Node, a regressor's too", async () => {
  for (const variant of [{ activation: "tanh", classes: 2, standardize: true }, { activation: "relu", classes: 3, standardize: false }, { activation: "sigmoid", classes: 3, standardize: true }]) {
    const { clf, X } = await train(variant, 7);
    const rows = probeRows(X);
    const json = clf.toJSON();
    const node = (await loadModel(json)).predictProba(rows);
    assert.equal(node, clf.predictProba(rows));
    const inPage = await page.evaluate(async ({ model, X, bytes }) => {
      const { loadModel } = await import("/infer.js");
      const simd = await import("/infer-simd.js");
      const flat = Array.from((await simd.loadModel(model)).predictProbaFlat(Float32Array.from(X.flat())));
      return [(await loadModel(model)).predictProba(X), (await loadModel(new Uint8Array(bytes))).predictProba(X), flat];
    }, { model: json, X: rows, bytes: Array.from(clf.toBytes()) });
    assert.equal(inPage[0], node, `page, JSON: ${JSON.stringify(variant)}`);
    assert.equal(inPage[1], node, `page, bytes: ${JSON.stringify(variant)}`);
    assert.equal(inPage[2], Array.from(clf.predictProbaFlat(Float32Array.from(rows.flat()))), `page, wasmlp/infer/simd: ${JSON.stringify(variant)}`);
    const inWorker = await page.evaluate(({ model, X }) => new Promise((resolve, reject) => {
      const worker = new Worker("/browser-tests/infer-worker.js", { type: "module" });
      worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
      worker.onerror = (event) => reject(new Error(event.message || "the worker failed"));
      worker.postMessage({ model, X });
    }), { model: json, X: rows });
    assert.equal(inWorker, node, `worker: ${JSON.stringify(variant)}`);
  }
  // A regressor of three targets, its targets standardized: MLPRegressor.predict's numbers.
  const { reg, X } = await trainRegressor(regressorVariants[3], 7);
  const rows = probeRows(X);
  const inPage = await page.evaluate(async ({ model, X }) => (await (await import("/infer.js")).loadModel(model)).predict(X), { model: reg.toJSON(), X: rows });
  assert.equal(inPage, reg.predict(rows), "page, a regressor");
  const simdInPage = await page.evaluate(async ({ model, X }) => (await (await import("/infer-simd.js")).loadModel(model)).predict(X), { model: reg.toJSON(), X: rows });
  assert.equal(simdInPage, reg.predict(rows), "page, a regressor, wasmlp/infer/simd");
  assert.equal(problems, []);
});

test.run();
