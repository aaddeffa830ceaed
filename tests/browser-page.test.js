// The demo page as a teacher, in headless Chromium: held-out rows with their loss beside
// the training loss, errors where the user is looking, the data set kept when a CSV fails,
// a label-column picker, a choice of the two plotted features (the others at their means),
// a view of the network's weights updated while it trains, a model file resetting every
// card, the seed article's settings as a preset, Samples/Noise off for CSV data, and
// nothing clipped at 390 or 1280 pixels. Figures are recomputed in Node from the model the
// page trained, or by training the same model again there (same seed, same bits); drawings
// are read back from the canvas's pixels or the network's SVG. Screenshots at both widths
// are saved as build/demo.png and build/demo-phone.png (docs/ keeps copies).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { join } from "node:path";
import { MLPClassifier, makeCircles } from "../build/index.js";
import { openDemo, demo, trained, redrawn, buildDir } from "./helpers/browser.js";

let browser;
let page;

test.before(async () => {
  browser = await openDemo();
  page = browser.page;
});

test.after(async () => {
  await browser?.close();
});

async function trainPage(epochs) {
  if (epochs !== undefined) await page.fill("#epochs", String(epochs));
  await page.click("#train");
  await trained(page);
  assert.is(await demo(page, "state"), "trained");
  await redrawn(page);
  return MLPClassifier.fromJSON(await page.evaluate(() => globalThis.wasmlpDemo.model()));
}

const pick = (rows, indices) => indices.map((i) => rows[i]);
const crossEntropyBits = (clf, X, y) => {
  const proba = clf.predictProba(X);
  return proba.reduce((s, p, k) => s - Math.log2(Math.max(1e-12, p[clf.classes.indexOf(y[k])])), 0) / X.length;
};

/** Whether the element's box lies inside the viewport (vertically). */
const inView = (selector) => page.$eval(selector, (el) => {
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
});

test("held-out rows: the model trains on the others alone, and their loss is drawn beside the training loss and equals a recomputation", async () => {
  await page.selectOption("#dataset", "moons");
  await page.fill("#test", "25");
  await page.dispatchEvent("#test", "change");
  const clf = await trainPage(150);
  const data = await demo(page, "data");
  const split = await demo(page, "split");
  assert.is(split.test.length, 100);
  assert.is(split.train.length, 300);
  assert.equal([...split.train, ...split.test].sort((a, b) => a - b), data.X.map((_, i) => i));
  // The same options on the training rows in Node: the same model, bit for bit.
  const again = await new MLPClassifier(clf.options).fit(pick(data.X, split.train), pick(data.y, split.train));
  assert.equal(again.predictProba(pick(data.X, split.test)), clf.predictProba(pick(data.X, split.test)));
  const testLoss = await demo(page, "testLoss");
  assert.ok(testLoss.values.length >= 2, `${testLoss.values.length} test-loss points`);
  assert.ok(testLoss.epochs.every((e, i) => i === 0 || e > testLoss.epochs[i - 1]), "epochs increase");
  assert.is(testLoss.epochs.at(-1), 150);
  const expected = crossEntropyBits(clf, pick(data.X, split.test), pick(data.y, split.test));
  assert.ok(Math.abs(testLoss.values.at(-1) - expected) < 1e-9, `test loss ${testLoss.values.at(-1)} vs ${expected}`);
  const accuracy = (rows) => clf.score(pick(data.X, rows), pick(data.y, rows));
  const stats = await page.textContent("#stats");
  assert.match(stats, `test loss ${expected.toPrecision(4)}`);
  assert.match(stats, `accuracy ${(100 * accuracy(split.train)).toFixed(1)}% (test ${(100 * accuracy(split.test)).toFixed(1)}%)`);
  // Both curves are on the loss plot: its pixels hold the training colour and the test colour.
  const inks = await page.evaluate(() => {
    const canvas = document.getElementById("loss");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    let training = 0;
    let held = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 79) < 20 && Math.abs(data[i + 1] - 70) < 20 && Math.abs(data[i + 2] - 229) < 20) training++;
      if (Math.abs(data[i] - 249) < 20 && Math.abs(data[i + 1] - 115) < 20 && Math.abs(data[i + 2] - 22) < 20) held++;
    }
    return { training, held };
  });
  assert.ok(inks.training > 100 && inks.held > 100, JSON.stringify(inks));
  assert.match(await page.textContent("#loss-legend"), /training.*test \(held out\)/);
  assert.equal(browser.problems, []);
});

test("a bad CSV is reported in the data card, in view, and the data set in use stays (Train trains it)", async () => {
  await page.selectOption("#dataset", "circles");
  await page.fill("#test", "20");
  await page.dispatchEvent("#test", "change");
  await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("x,y,label\n1,2,a\n1,oops,b\n") });
  await page.waitForSelector("#data-message:not([hidden])");
  assert.is(await page.textContent("#data-message"), 'Could not read bad.csv, line 3, column 2 ("y"): expected a number, found "oops"');
  assert.ok(await inView("#data-message"), "the message is on screen");
  assert.is(await page.$eval("#data-message", (el) => el.closest(".card").querySelector("h2").textContent), "Data");
  assert.is(await page.inputValue("#dataset"), "circles");
  await trainPage(30);
  const data = await demo(page, "data");
  const circles = makeCircles({ samples: 400, noise: 0.2, factor: 0.5, seed: 1 });
  // (Within an ulp or so: the generator's Math.cos and Math.sin differ between engines.)
  data.X.flat().forEach((v, i) => assert.ok(Math.abs(v - circles.X[i]) < 1e-12, `X value ${i}: ${v} vs ${circles.X[i]}`));
  assert.equal(data.y, Array.from(circles.y));
  // A setting the worker refuses is said under the Train button, in view.
  await page.fill("#layers", "4, x");
  await page.click("#train");
  await page.waitForSelector("#train-message:not([hidden])");
  assert.match(await page.textContent("#train-message"), /^Hidden layers: give widths from 1 to 512/);
  assert.ok(await inView("#train-message"));
  assert.ok(await page.$eval("#train-message", (el) => el.previousElementSibling.contains(document.getElementById("train"))));
  await page.fill("#layers", "16, 16");
  assert.equal(browser.problems, []);
});

test("the label column is picked from the header; Samples and Noise are off for CSV data", async () => {
  const rows = Array.from({ length: 90 }, (_, i) => [["setosa", "versicolor", "virginica"][i % 3], (i % 3) + 0.1 * (i % 7), 5 - (i % 3) + 0.05 * (i % 5), i % 4]);
  const text = ["species,petal,sepal,leaf", ...rows.map((r) => r.join(","))].join("\n");
  await page.setInputFiles("#csv-file", { name: "flowers.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  // The last column as the label leaves "species", text, among the features.
  await page.waitForSelector("#data-message:not([hidden])");
  assert.match(await page.textContent("#data-message"), /^Could not read flowers\.csv, line 2, column 1 \("species"\): expected a number, found "setosa"/);
  assert.equal(await page.$$eval("#label-column option", (options) => options.map((o) => o.value)), ["species", "petal", "sepal", "leaf"]);
  await page.selectOption("#label-column", "species");
  await page.waitForFunction(() => document.querySelector("#data-message").textContent.startsWith("Loaded"));
  assert.match(await page.textContent("#data-message"), /Loaded 90 rows, 3 features, 3 classes from flowers\.csv\. Task: classification/);
  const data = await demo(page, "data");
  assert.equal(data.names, ["petal", "sepal", "leaf"]);
  assert.equal(data.y.slice(0, 3), ["setosa", "versicolor", "virginica"]);
  assert.equal(data.X[1], [1.1, 4.05, 1].map(Math.fround), "features are read as float32");
  assert.equal([await page.isDisabled("#samples"), await page.isDisabled("#noise"), await page.isDisabled("#resample")], [true, true, true]);
  await page.selectOption("#dataset", "moons");
  assert.equal([await page.isDisabled("#samples"), await page.isDisabled("#noise")], [false, false]);
  assert.equal(browser.problems, []);
});

test("the map shows the two features chosen, with the others at their means: the regions there are the model's", async () => {
  // The class is c > 0.3 (b − 15): with b at its mean (about 15) the boundary crosses the
  // c axis near 0; with b at 0 it would not cross the view at all.
  let s = 11;
  const random = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  const rows = Array.from({ length: 400 }, () => {
    const [a, b, c] = [random(), 10 + 10 * random(), 2 * random() - 1];
    return [a.toFixed(4), b.toFixed(4), c.toFixed(4), c > 0.3 * (b - 15) ? "hi" : "lo"];
  });
  await page.setInputFiles("#csv-file", { name: "slice.csv", mimeType: "text/csv", buffer: Buffer.from(["a,b,c,band", ...rows.map((r) => r.join(","))].join("\n")) });
  await page.waitForFunction(() => document.querySelector("#data-message").textContent.includes("slice.csv"));
  assert.ok(!(await page.isHidden("#plot-fields")));
  await page.selectOption("#plot-x", "2");
  await page.selectOption("#plot-y", "0");
  await page.selectOption("#optimizer", "adam");
  await page.fill("#learning-rate", "0.01");
  const clf = await trainPage(150);
  assert.equal(await demo(page, "plotted"), [2, 0]);
  assert.match(await page.textContent("#map-note"), /the map shows c and a, with the others held at their means/);
  const data = await demo(page, "data");
  const meanB = data.X.reduce((sum, r) => sum + r[1], 0) / data.X.length;
  const box = await demo(page, "box");
  const view = await demo(page, "view");
  const grid = 90;
  const cells = [];
  for (let i = 1; i < grid; i += 4) {
    for (let j = 1; j < grid; j += 4) {
      const c = view.xMin + ((j + 0.5) / grid) * (view.xMax - view.xMin);
      const a = view.yMax - ((i + 0.5) / grid) * (view.yMax - view.yMin);
      cells.push({ px: box.left + ((j + 0.5) / grid) * box.width, py: box.top + ((i + 0.5) / grid) * box.height, row: [a, meanB, c] });
    }
  }
  const dots = data.X.map(([a, , c]) => [box.left + ((c - view.xMin) / (view.xMax - view.xMin)) * box.width, box.top + (1 - (a - view.yMin) / (view.yMax - view.yMin)) * box.height]);
  const clear = cells.filter(({ px, py }) => !dots.some(([x, y]) => Math.hypot(x - px, y - py) < 8));
  const proba = clf.predictProba(clear.map((cell) => cell.row));
  const colors = await page.evaluate((points) => {
    const canvas = document.getElementById("map");
    const ratio = canvas.width / canvas.clientWidth;
    const { data, width } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    return points.map(([x, y]) => {
      const i = (Math.round(y * ratio) * width + Math.round(x * ratio)) * 4;
      return [data[i], data[i + 1], data[i + 2]];
    });
  }, clear.map(({ px, py }) => [px, py]));
  // Classes sort "hi" (indigo regions: blue above red) before "lo" (orange: red above blue).
  let sure = 0;
  clear.forEach((cell, k) => {
    const pLo = proba[k][1];
    if (pLo > 0.05 && pLo < 0.95) return;
    const [r, , b] = colors[k];
    assert.ok(pLo >= 0.95 ? r > b + 20 : b > r + 20, `at c = ${cell.row[2].toFixed(2)}, a = ${cell.row[0].toFixed(2)}: P(lo) ${pLo.toFixed(3)} but the colour is ${colors[k]}`);
    sure++;
  });
  assert.ok(sure >= 100, `${sure} cells checked`);
  assert.ok(proba.some((p) => p[1] > 0.95) && proba.some((p) => p[1] < 0.05), "the boundary crosses the view");
  assert.equal(browser.problems, []);
});

/** The network view's weight lines: layer, from, to, colour and width. */
const networkLines = () => page.$$eval("#network line.weight", (lines) => lines.map((l) => ({
  layer: Number(l.dataset.layer), from: Number(l.dataset.from), to: Number(l.dataset.to), stroke: l.getAttribute("stroke"), width: Number(l.getAttribute("stroke-width")),
})));

test("the network view draws every weight of the model, its sign as the colour and its size as the width, and moves while it trains", async () => {
  await page.selectOption("#dataset", "moons");
  await page.fill("#layers", "5, 3");
  const clf = await trainPage(60);
  const lines = await networkLines();
  assert.is(lines.length, 2 * 5 + 5 * 3 + 3 * 1);
  const coefs = clf.coefs;
  for (const { layer, from, to, stroke, width } of lines) {
    const w = coefs[layer][from][to];
    const largest = Math.max(...coefs[layer].flat().map(Math.abs));
    assert.is(stroke, w >= 0 ? "rgb(37,99,235)" : "rgb(234,88,12)", `weight ${layer}:${from}→${to} = ${w}`);
    assert.ok(Math.abs(width - (0.4 + (3.6 * Math.abs(w)) / largest)) < 1e-3, `weight ${layer}:${from}→${to}: width ${width}`);
  }
  assert.equal(await page.$$eval("#network text", (texts) => texts.map((t) => t.textContent).filter((t) => /^(input|hidden \d+|output) \(\d+\)$/.test(t))), ["input (2)", "hidden 1 (5)", "hidden 2 (3)", "output (1)"]);
  // During a long run the drawn weights change from one snapshot to a later one.
  await page.fill("#epochs", "100000");
  await page.click("#train");
  await page.waitForFunction(() => globalThis.wasmlpDemo.loss.length >= 30 && /^epoch/.test(document.getElementById("network-caption").textContent));
  // The caption and the lines are read in one turn of the page's event loop, so both come
  // from the same snapshot (read in two, a redraw between them paired one snapshot's
  // caption with the next one's lines, and the later reading could match them).
  const view = () => page.evaluate(() => [
    document.getElementById("network-caption").textContent,
    [...document.querySelectorAll("#network line.weight")].map((l) => Number(l.getAttribute("stroke-width"))),
  ]);
  const early = await view();
  await page.waitForFunction((caption) => document.getElementById("network-caption").textContent !== caption && globalThis.wasmlpDemo.loss.length >= 300, early[0]);
  const later = await view();
  await page.click("#train");
  await trained(page);
  assert.ok(Number(/\d+/.exec(later[0])[0]) > Number(/\d+/.exec(early[0])[0]), `${early[0]} then ${later[0]}`);
  assert.not.equal(later[1], early[1]);
  await page.fill("#layers", "16, 16");
  assert.equal(browser.problems, []);
});

test("loading a model file resets every card: no loss, no test loss, no downloads of the last training; its own network", async () => {
  await page.selectOption("#dataset", "moons");
  await trainPage(40);
  assert.ok((await demo(page, "loss")).length === 40 && (await demo(page, "testLoss")).values.length > 0);
  const moons = await demo(page, "data");
  const clf = await new MLPClassifier({ hiddenLayers: [8], activation: "relu", optimizer: "adam", learningRate: 0.02, epochs: 50, seed: 2 }).fit(moons.X, moons.y);
  await page.setInputFiles("#model-file", { name: "other.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(clf.toJSON())) });
  await page.waitForSelector("#model-card:not([hidden])");
  await redrawn(page);
  assert.equal(await demo(page, "loss"), []);
  assert.equal((await demo(page, "testLoss")).values, []);
  assert.is(await page.textContent("#stats"), `accuracy ${(100 * clf.score(pick(moons.X, (await demo(page, "split")).train), pick(moons.y, (await demo(page, "split")).train))).toFixed(1)}% (test ${(100 * clf.score(pick(moons.X, (await demo(page, "split")).test), pick(moons.y, (await demo(page, "split")).test))).toFixed(1)}%)`);
  assert.equal([await page.isDisabled("#download-json"), await page.isDisabled("#download-js")], [true, true]);
  assert.is(await page.textContent("#network-caption"), "other.json");
  assert.is((await networkLines()).length, 2 * 8 + 8);
  assert.match(await page.textContent("#map-model"), "other.json");
  // Loaded during a training: the training stops, and its model never replaces the file's.
  await page.fill("#epochs", "100000");
  await page.click("#train");
  await page.waitForFunction(() => globalThis.wasmlpDemo.loss.length >= 10);
  await page.setInputFiles("#model-file", { name: "again.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(clf.toJSON())) });
  await page.waitForFunction(() => document.getElementById("train").textContent === "Train" && document.getElementById("map-model").textContent.includes("again.json"));
  await page.waitForTimeout(300);
  await redrawn(page);
  assert.equal([await demo(page, "state"), await demo(page, "shown"), await demo(page, "loss")], ["idle", "again.json", []]);
  assert.is(await page.textContent("#network-caption"), "again.json");
  await page.fill("#epochs", "300");
  assert.equal(browser.problems, []);
});

test("the seed article's preset: its data and settings reach the model, and gradient descent's rate is the article's 1.0", async () => {
  await page.selectOption("#preset", "custom");
  await page.selectOption("#optimizer", "adam");
  await page.selectOption("#optimizer", "gd");
  assert.is(await page.inputValue("#learning-rate"), "1");
  await page.selectOption("#preset", "seed");
  assert.equal(
    await Promise.all(["#dataset", "#samples", "#test", "#layers", "#activation", "#optimizer", "#learning-rate", "#epochs", "#init"].map((s) => page.inputValue(s))),
    ["classification", "10000", "20", "5", "sigmoid", "gd", "1", "2000", "normal"],
  );
  assert.is(await page.isChecked("#standardize"), false);
  const clf = await trainPage();
  const o = clf.options;
  assert.equal([o.hiddenLayers, o.activation, o.optimizer, o.learningRate, o.epochs, o.init, o.standardize, o.validationFraction], [[5], "sigmoid", "gd", 1, 2000, "normal", false, 0]);
  const data = await demo(page, "data");
  const split = await demo(page, "split");
  assert.equal([data.X.length, data.X[0].length, split.test.length], [10000, 3, 2000]);
  assert.ok(clf.score(pick(data.X, split.test), pick(data.y, split.test)) > 0.8);
  // A setting changed by hand leaves the preset.
  await page.fill("#epochs", "300");
  assert.is(await page.inputValue("#preset"), "custom");
  assert.equal(browser.problems, []);
});

/** Whether any element sticks out of the viewport sideways, and whether a canvas has ink
 *  in its outermost columns (a tick label cut at the edge). */
const clipping = () => page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (!r.width || el.closest(".table-box") || getComputedStyle(el).visibility === "hidden") continue;
    if (r.left < -0.5 || r.right > innerWidth + 0.5) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} spans ${r.left.toFixed(1)} to ${r.right.toFixed(1)}`);
  }
  for (const id of ["map", "loss"]) {
    const canvas = document.getElementById(id);
    const { data, width, height } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    for (let y = 0; y < height; y++) {
      for (const x of [0, 1, width - 2, width - 1]) {
        const i = (y * width + x) * 4;
        if (data[i + 3] > 40 && data[i] + data[i + 1] + data[i + 2] < 600) out.push(`${id} has ink at its edge (${x}, ${y})`);
      }
    }
  }
  return { out: out.slice(0, 5), scrollWidth: document.documentElement.scrollWidth, width: innerWidth };
});

test("nothing is clipped at 1280 or 390 pixels wide; screenshots of both", async () => {
  // The page as it opens (two moons, its default network), trained.
  await page.goto(`${browser.server.url}web/`);
  await page.waitForFunction(() => globalThis.wasmlpDemo?.state === "idle");
  await trainPage();
  for (const [width, height, file] of [[1280, 860, "demo.png"], [390, 844, "demo-phone.png"]]) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    await redrawn(page);
    const { out, scrollWidth } = await clipping();
    assert.ok(scrollWidth <= width, `the page is ${scrollWidth}px wide on a ${width}px screen`);
    assert.equal(out, [], `at ${width}px`);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(buildDir, file), fullPage: width > 400 });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.equal(browser.problems, []);
});

test.run();
