// The demo page's regression, in headless Chromium: the noisy curve and the surface train
// with trainRegressorInWorker, a CSV's numeric target is detected (or chosen) and said,
// and a regressor's model file loads. Each figure the page shows is recomputed here from
// the model it trained (its JSON, read by MLPRegressor in Node), and each drawing is read
// back from the canvas's pixels: the curve lies on the model's predictions, the heat map's
// cells have the colours of the predicted values.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { MLPRegressor } from "../build/index.js";
import { openDemo, demo, trained, redrawn, r2 } from "./helpers/browser.js";

let browser;
let page;

test.before(async () => {
  browser = await openDemo();
  page = browser.page;
});

test.after(async () => {
  await browser?.close();
});

/** Trains the page's current data set and returns its data and the model it trained. */
async function trainPage(epochs) {
  await page.fill("#epochs", String(epochs));
  await page.click("#train");
  await trained(page);
  assert.is(await demo(page, "state"), "trained");
  await redrawn(page);
  const data = await demo(page, "data");
  const split = await demo(page, "split");
  const reg = await MLPRegressor.fromJSON(await page.evaluate(() => globalThis.wasmlpDemo.model()));
  return { data, reg, split };
}

const pick = (rows, indices) => indices.map((i) => rows[i]);
/** R² of `reg` on the training rows and on the held-out rows of the page's data. */
const scores = (reg, data, split) => [split.train, split.test].map((rows) => r2(pick(data.targets, rows), reg.predict(pick(data.X, rows))));
/** The stats line's end: R² on the training rows (and the held-out ones). */
const statsEnd = ([train, test]) => new RegExp(`R² ${train.toFixed(4)} \\(test ${test.toFixed(4)}\\)$`.replace(/\./g, "\\."));

/** The map canvas's colours at CSS pixels `points` ([x, y] each; the canvas is drawn at
 *  the device's ratio): [r, g, b] per point. */
const colorsAt = (points) => page.evaluate((points) => {
  const canvas = document.getElementById("map");
  const ratio = canvas.width / canvas.clientWidth;
  const { data, width } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  return points.map(([x, y]) => {
    const i = (Math.round(y * ratio) * width + Math.round(x * ratio)) * 4;
    return [data[i], data[i + 1], data[i + 2]];
  });
}, points);

/** Per column of the map, the rows painted in the curve's colour (#e11d48) are centred on
 *  `predict` at that column's x. */
async function assertCurveIs(predict) {
  const box = await demo(page, "box");
  const view = await demo(page, "view");
  const columns = [];
  for (let px = Math.ceil(box.left) + 3; px < box.left + box.width - 3; px += 7) columns.push(px);
  // Per column, the CSS pixel rows in the curve's colour (read in the page: fewer bytes cross).
  const found = await page.evaluate(({ columns, top, bottom }) => {
    const canvas = document.getElementById("map");
    const ratio = canvas.width / canvas.clientWidth;
    const { data, width } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return columns.map((x) => {
      const rows = [];
      for (let y = top; y < bottom; y++) {
        const i = (Math.round(y * ratio) * width + Math.round(x * ratio)) * 4;
        if (data[i] > 190 && data[i + 1] < 90 && data[i + 2] > 40 && data[i + 2] < 120) rows.push(y);
      }
      return rows;
    });
  }, { columns, top: Math.ceil(box.top), bottom: Math.floor(box.top + box.height) });
  let checked = 0;
  for (const [c, px] of columns.entries()) {
    const rows = found[c];
    if (!rows.length) continue;
    const drawn = rows.reduce((s, v) => s + v, 0) / rows.length;
    const x = view.xMin + ((px - box.left) / box.width) * (view.xMax - view.xMin);
    const y = predict(x);
    const at = box.top + (1 - (y - view.yMin) / (view.yMax - view.yMin)) * box.height;
    assert.ok(Math.abs(drawn - at) < 3, `at x = ${x.toFixed(3)} the curve is drawn at ${drawn.toFixed(1)} px, predict puts it at ${at.toFixed(1)} px`);
    checked++;
  }
  assert.ok(checked > box.width / 7 - 4, `the curve was found in ${checked} columns`);
}

test("the noisy curve trains in a worker; the page's R² is its model's on its data, and the drawn curve lies on predict", async () => {
  await page.selectOption("#dataset", "curve");
  const worker = page.waitForEvent("worker");
  const { data, reg, split } = await trainPage(200);
  assert.match((await worker).url(), /training-worker\.mjs$/);
  assert.is(data.task, "regression");
  assert.is(data.X.length, 400);
  // The data set is sin(1.5x) + 0.3x with noise of standard deviation 0.2 (the Noise field).
  const residuals = data.X.map(([x], i) => data.targets[i] - (Math.sin(1.5 * x) + 0.3 * x));
  const sd = Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / residuals.length);
  assert.ok(sd > 0.17 && sd < 0.23, `noise sd ${sd}`);
  const expected = scores(reg, data, split);
  assert.ok(expected[1] > 0.88, `R² ${expected}`);
  assert.ok(Math.abs((await demo(page, "r2")) - expected[0]) < 1e-9, `the page's R² ${await demo(page, "r2")} vs ${expected[0]}`);
  assert.ok(Math.abs((await demo(page, "testScore")) - expected[1]) < 1e-9);
  assert.match(await page.textContent("#stats"), /^epoch 200\/200 · training loss [\d.]+ · test loss [\d.]+ · R² /);
  assert.match(await page.textContent("#stats"), statsEnd(expected));
  assert.match(await page.textContent("#map-title"), "Fitted curve");

  await assertCurveIs((x) => reg.predict([[x]])[0]);
  // The held-out rows' loss: ½ their squared error in the model's standardized target units.
  const scale = reg.toJSON().targetScaler.scale[0];
  const testPredicted = reg.predict(pick(data.X, split.test));
  const expectedLoss = testPredicted.reduce((sum, p, k) => sum + ((p - data.targets[split.test[k]]) / scale) ** 2, 0) / (2 * split.test.length);
  const testLoss = await demo(page, "testLoss");
  assert.is(testLoss.epochs.at(-1), 200);
  assert.ok(Math.abs(testLoss.values.at(-1) - expectedLoss) < 1e-9, `test loss ${testLoss.values.at(-1)} vs ${expectedLoss}`);
  assert.equal(browser.problems, []);
});

// The page's colour scale, low to high: blue, pale grey, red (web/plot.ts's SCALE).
const SCALE = [[59, 76, 192], [141, 176, 254], [221, 221, 221], [244, 154, 123], [180, 4, 38]];
function scaleColor(t) {
  const u = Math.min(1, Math.max(0, t)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(u));
  return SCALE[i].map((c, k) => c + (u - i) * (SCALE[i + 1][k] - c));
}

test("the surface is a heat map of the model's prediction, with the samples over it in their true values' colours", async () => {
  await page.selectOption("#dataset", "surface");
  const { data, reg, split } = await trainPage(150);
  const expected = scores(reg, data, split);
  assert.ok(expected[1] > 0.85, `R² ${expected}`);
  assert.ok(Math.abs((await demo(page, "r2")) - expected[0]) < 1e-9);
  assert.match(await page.textContent("#stats"), statsEnd(expected));
  const box = await demo(page, "box");
  const view = await demo(page, "view");
  const lo = Math.min(...data.targets);
  const hi = Math.max(...data.targets);
  const toPixel = ([x, y]) => [box.left + ((x - view.xMin) / (view.xMax - view.xMin)) * box.width, box.top + (1 - (y - view.yMin) / (view.yMax - view.yMin)) * box.height];
  const dots = data.X.map(toPixel);
  const grid = 90;
  const cells = [];
  for (let i = 2; i < grid; i += 6) {
    for (let j = 3; j < grid; j += 6) {
      const [px, py] = [box.left + ((j + 0.5) / grid) * box.width, box.top + ((i + 0.5) / grid) * box.height];
      if (dots.some(([dx, dy]) => Math.hypot(dx - px, dy - py) < 9)) continue;
      cells.push({ i, j, px, py, x: view.xMin + ((j + 0.5) / grid) * (view.xMax - view.xMin), y: view.yMax - ((i + 0.5) / grid) * (view.yMax - view.yMin) });
    }
  }
  assert.ok(cells.length >= 50, `${cells.length} cells checked`);
  const predicted = reg.predict(cells.map(({ x, y }) => [x, y]));
  const cellColors = await colorsAt(cells.map(({ px, py }) => [px, py]));
  cells.forEach(({ i, j, x, y }, k) => {
    const want = scaleColor((predicted[k] - lo) / (hi - lo));
    const got = cellColors[k];
    assert.ok(got.every((c, n) => Math.abs(c - want[n]) <= 8), `cell (${i}, ${j}) at (${x.toFixed(2)}, ${y.toFixed(2)}): ${got} vs ${want.map(Math.round)}`);
  });
  // A training sample's centre has the colour of its own true value (held-out ones are rings).
  const held = new Set(split.test);
  const alone = dots.map((d, r) => r).filter((r) => !held.has(r) && !dots.some(([dx, dy], k) => k !== r && Math.hypot(dx - dots[r][0], dy - dots[r][1]) < 12)).slice(0, 20);
  assert.ok(alone.length >= 10, `${alone.length} samples checked`);
  const sampleColors = await colorsAt(alone.map((r) => dots[r]));
  alone.forEach((r, k) => {
    const want = scaleColor((data.targets[r] - lo) / (hi - lo));
    assert.ok(sampleColors[k].every((c, n) => Math.abs(c - want[n]) <= 8), `sample ${r}: ${sampleColors[k]} vs ${want.map(Math.round)}`);
  });
  assert.equal(browser.problems, []);
});

// y = 3a − 2b + 0.5c + noise: a quantity, not classes.
function csvRows(n, seed) {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  return Array.from({ length: n }, () => {
    const [a, b, c] = [random() * 4 - 2, random() * 4 - 2, random() * 4 - 2];
    return [a.toFixed(4), b.toFixed(4), (3 * a - 2 * b + 0.5 * c + 0.2 * (random() - 0.5)).toFixed(4), c.toFixed(4)];
  });
}

test("a CSV's numeric target is detected as regression and said so; its R² is recomputed from the CSV", async () => {
  const rows = csvRows(300, 5);
  const text = ["a,b,price,c", ...rows.map((r) => r.join(","))].join("\n");
  await page.setInputFiles("#csv-file", { name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.waitForFunction(() => document.querySelector("#dataset").value === "csv");
  // The label column defaults to the last (c, 300 distinct fractions: a quantity too).
  assert.match(await page.textContent("#data-message"), /Loaded 300 rows, 3 features, target "c" from prices\.csv\. Task: regression: the label column holds numbers \(\d+ distinct values in 300 rows\), a quantity\./);
  await page.selectOption("#label-column", "price");
  await page.waitForFunction(() => document.querySelector("#data-message").textContent.includes('target "price"'));
  assert.match(await page.textContent("#data-message"), /3 features, target "price" from prices\.csv\. Task: regression/);
  const { data, reg, split } = await trainPage(120);
  assert.equal(data.names, ["a", "b", "c"]);
  // The file's own numbers (float32 features, as the reader keeps them), read here.
  const X = rows.map(([a, b, , c]) => [a, b, c].map((v) => Math.fround(Number(v))));
  const y = rows.map((r) => Number(r[2]));
  assert.equal(data.X, X);
  assert.equal(data.targets, y);
  const expected = [split.train, split.test].map((k) => r2(pick(y, k), reg.predict(pick(X, k))));
  assert.ok(expected[1] > 0.95, `R² ${expected}`);
  assert.match(await page.textContent("#stats"), statsEnd(expected));
  assert.ok(Math.abs((await demo(page, "r2")) - expected[0]) < 1e-9);
  assert.match(await page.textContent("#map-title"), "Prediction");
  assert.match(await page.textContent("#map-note"), /3 features: the map shows a and b, with the others held at their means/);

  // Chosen as classification, 300 distinct numbers are too many classes: said in the data
  // card, and the data stays as it was.
  await page.selectOption("#task", "classification");
  await page.waitForFunction(() => /more than 50 distinct labels/.test(document.querySelector("#data-message").textContent));
  assert.match(await page.textContent("#data-message"), /^Could not read prices\.csv, line \d+, column 3 \("price"\): the label column has more than 50 distinct labels, the most the demo page takes; a label column holds classes, not a quantity or an identifier$/);
  assert.is((await demo(page, "data")).task, "regression");
  assert.is(await page.inputValue("#task"), "auto", "the task shown is the data's");
  assert.equal(browser.problems, []);
});

test("a CSV of a few whole-number labels is detected as classification", async () => {
  const rows = csvRows(120, 9).map(([a, b, , c]) => [a, b, c, Number(a) > 0 ? (Number(b) > 0 ? 2 : 1) : 0]);
  await page.setInputFiles("#csv-file", { name: "kinds.csv", mimeType: "text/csv", buffer: Buffer.from(["a,b,c,kind", ...rows.map((r) => r.join(","))].join("\n")) });
  await page.waitForFunction(() => document.querySelector("#data-message").textContent.includes("kinds.csv"));
  assert.match(await page.textContent("#data-message"), /Loaded 120 rows, 3 features, 3 classes from kinds\.csv\. Task: classification: the label column holds 3 classes\./);
  assert.is((await demo(page, "data")).task, "classification");
  assert.equal(browser.problems, []);
});

test("a regressor's model file loads: its card gives its R² and predictions on the page's data, and the plot draws its curve", async () => {
  await page.selectOption("#dataset", "curve");
  const data = await demo(page, "data");
  const reg = new MLPRegressor({ hiddenLayers: [12], activation: "tanh", optimizer: "adam", learningRate: 0.02, epochs: 150, batchSize: 32, seed: 3 });
  await reg.fit(data.X, data.targets, { featureNames: ["x"], targetNames: ["height"] });
  const expected = r2(data.targets, reg.predict(data.X));
  await page.setInputFiles("#model-file", { name: "curve.wmlp", mimeType: "application/octet-stream", buffer: Buffer.from(reg.toBytes()) });
  await page.waitForSelector("#model-card:not([hidden])");
  const summary = await page.textContent("#model-summary");
  assert.match(summary, /Widths 1 → 12 → 1, tanh hidden layers, a regressor of 1 target \(height\)\./);
  assert.match(summary, `On the current data (400 rows) its R² is ${expected.toFixed(4)}.`);
  const cells = await page.$$eval("#predictions tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(cells[0], ["x", "y", "predicted"]);
  assert.is(cells.length, 9);
  const predicted = reg.predict(data.X.slice(0, 8));
  cells.slice(1).forEach((row, i) => assert.equal(row, [data.X[i][0].toPrecision(4), data.targets[i].toPrecision(4), predicted[i].toPrecision(4)]));
  await page.waitForFunction(() => document.querySelector("#map-model").textContent.includes("curve.wmlp"));
  await redrawn(page);
  await assertCurveIs((x) => reg.predict([[x]])[0]);
  const split = await demo(page, "split");
  assert.ok(Math.abs((await demo(page, "r2")) - r2(pick(data.targets, split.train), reg.predict(pick(data.X, split.train)))) < 1e-9);

  // Two targets: the card names both, and the page shows the first.
  const two = new MLPRegressor({ hiddenLayers: [4], epochs: 5, seed: 1, learningRate: 0.01 });
  await two.fit(data.X, data.targets.map((t) => [t, -t]), { targetNames: ["up", "down"] });
  await page.setInputFiles("#model-file", { name: "two.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(two.toJSON())) });
  await page.waitForFunction(() => document.querySelector("#model-summary").textContent.includes("2 targets"));
  assert.match(await page.textContent("#model-summary"), /a regressor of 2 targets \(up, down\); the page shows the first\./);
  assert.equal(browser.problems, []);
});

test.run();
