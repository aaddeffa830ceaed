// Training threads in a browser (headless Chromium, as tests/browser.test.js runs it): on
// a cross-origin isolated page (web/serve.js's headers) a fit with threads uses module
// Workers that join its runs, on the page and inside trainInWorker's worker, and gives the
// bits of one thread; on a page that is not isolated it starts no thread at all.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve, ISOLATION } from "../web/serve.js";
import { chromiumContext } from "./helpers/chromium.js";

const build = fileURLToPath(new URL("../build/", import.meta.url));

let isolated;
let plain;
let browser;
let context;

/** The build folder with no isolation headers: a page there cannot share memory. */
function servePlain() {
  const server = createServer(async (request, response) => {
    try {
      const body = await readFile(join(build, new URL(request.url, "http://x").pathname));
      response.writeHead(200, { "Content-Type": request.url.endsWith(".js") ? "text/javascript" : "text/html" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((done) => server.close(done)) })));
}

test.before(async () => {
  browser = await chromiumContext();
  context = browser.context;
  // An empty page: the library is imported by page.evaluate.
  mkdirSync(join(build, "browser-tests"), { recursive: true });
  writeFileSync(join(build, "browser-tests/threads.html"), "<!doctype html><title>wasmlp threads</title>");
  // The library's files in a folder without training-worker.mjs: as a bundle that left
  // the thread script behind.
  mkdirSync(join(build, "browser-tests/alone"), { recursive: true });
  for (const file of readdirSync(build)) {
    if (/\.m?js$/.test(file) && !file.startsWith("training-worker")) copyFileSync(join(build, file), join(build, "browser-tests/alone", file));
  }
  isolated = await serve(build);
  plain = await servePlain();
});

test.after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

/** The empty page at `origin`, recording the training threads it starts and their
 *  answers to each run. */
async function openPage(origin) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${origin}browser-tests/threads.html`);
  await page.evaluate(() => {
    globalThis.threadAnswers = [];
    globalThis.threadsStarted = 0;
    const Worker = globalThis.Worker;
    globalThis.Worker = class extends Worker {
      constructor(url, options) {
        super(url, options);
        if (options?.name !== "wasmlp-thread") return;
        globalThis.threadsStarted++;
        this.addEventListener("message", (event) => globalThis.threadAnswers.push(event.data));
      }
    };
  });
  return { page, problems };
}

// A fit of ~0.2-1 s on a page: 3000 rows x 16 hidden units x 300 full-batch epochs.
async function fitInPage(page, threads, inWorker = false, library = "/index.js") {
  return page.evaluate(async ({ threads, inWorker, library }) => {
    const { MLPClassifier, makeMoons, trainInWorker } = await import(library);
    const { X, y } = makeMoons({ samples: 3000, noise: 0.2, seed: 5 });
    // Full-batch descent on raw inputs, as the default was when this was written.
    const options = { hiddenLayers: [16], activation: "tanh", optimizer: "gd", init: "normal", l2: 0, standardize: false, epochs: 300, seed: 3, threads };
    const at = { features: 2 };
    const clf = inWorker ? await trainInWorker(options, X, y, { ...at, workerUrl: "/training-worker.mjs" }) : new MLPClassifier(options);
    if (!inWorker) await clf.fit(X, y, at);
    return { coefs: JSON.stringify([clf.coefs, clf.intercepts]), proba: Array.from(clf.predictProbaFlat(X.slice(0, 400), at)) };
  }, { threads, inWorker, library });
}

test("an isolated page trains on worker threads that join its runs, to the bits of one thread", async () => {
  const { page, problems } = await openPage(isolated.url);
  assert.is(await page.evaluate(() => globalThis.crossOriginIsolated), true, "web/serve.js's headers isolate the page");
  const one = await fitInPage(page, 1);
  assert.is(await page.evaluate(() => globalThis.threadsStarted), 0, "a one-thread fit started a worker");
  // The first 3-thread fit starts its workers and may end before they join; the fits
  // after it borrow them from the pool, and they join. A budget of fits, not a timing.
  let joined = 0;
  for (let fits = 0; fits < 20 && joined === 0; fits++) {
    const three = await fitInPage(page, 3);
    assert.is(three.coefs, one.coefs, `3 threads changed the weights (fit ${fits + 1})`);
    assert.equal(three.proba, one.proba, "3 threads changed the probabilities");
    joined = await page.evaluate(() => globalThis.threadAnswers.filter((a) => a === true).length);
  }
  assert.ok(joined > 0, "no training thread ever joined a run");
  assert.is(await page.evaluate(() => globalThis.threadsStarted), 2, "3 threads are the page and 2 workers, reused");
  assert.equal(problems, []);
  await page.close();
});

test("trainInWorker on an isolated page gives the bits of one thread with threads inside its worker", async () => {
  const { page, problems } = await openPage(isolated.url);
  const one = await fitInPage(page, 1);
  const inWorker = await fitInPage(page, 2, true);
  assert.is(inWorker.coefs, one.coefs);
  assert.equal(inWorker.proba, one.proba);
  assert.equal(problems, []);
  await page.close();
});

test("where the thread script does not load, a fit trains on without it, to the bits of one thread, and later fits use one thread", async () => {
  const { page, problems } = await openPage(isolated.url);
  const library = "/browser-tests/alone/index.js";
  const one = await fitInPage(page, 1, false, library);
  const asked = await fitInPage(page, 3, false, library);
  assert.is(asked.coefs, one.coefs);
  const started = () => page.evaluate(() => globalThis.threadsStarted);
  assert.ok((await started()) >= 1, "the 3-thread fit started no thread");
  // Once a thread's load has failed (which the page hears of between fits), fits start
  // none: a budget of fits for that to be heard, then three more that must start none.
  let before = await started();
  for (let fits = 0; fits < 20; fits++) {
    assert.is((await fitInPage(page, 3, false, library)).coefs, one.coefs);
    const now = await started();
    if (now === before) break;
    before = now;
  }
  for (let fits = 0; fits < 3; fits++) assert.is((await fitInPage(page, 3, false, library)).coefs, one.coefs);
  assert.is(await started(), before, "fits after the failure kept starting threads");
  assert.equal(problems, []);
  await page.close();
});

test("a page that is not cross-origin isolated trains on one thread: no worker starts", async () => {
  const { page, problems } = await openPage(plain.url);
  assert.is(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  const one = await fitInPage(page, 1);
  const asked = await fitInPage(page, 4);
  assert.is(asked.coefs, one.coefs);
  assert.is(await page.evaluate(() => globalThis.threadsStarted), 0, "a thread started without isolation");
  assert.equal(problems, []);
  await page.close();
});

test.run();
