// train --task regression --plot: the SVG holds the loss chart and, per target, the rows'
// predictions against their true values. Read back from the SVG text: each point sits
// where the axes' own tick labels put (true value, the model's prediction), the dashed
// line is y = x, and each panel's R² is the one computed here in float64.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { MLPRegressor } from "../build/index.js";
import { wasmlp, workspace, parseCsv, toCsv } from "./helpers/cli.js";
import { r2 } from "./helpers/reference.js";

const ws = workspace("cli-plots");

function lcg(seed) {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647), s / 2147483647);
}

/** 240 rows of two features and `targets` targets, each its own function of them. */
function dataText(targets) {
  const random = lcg(targets);
  const names = ["a", "b", ...Array.from({ length: targets }, (_, k) => `t${k}`)];
  const rows = Array.from({ length: 240 }, () => {
    const [a, b] = [random() * 2 - 1, random() * 2 - 1];
    return [a, b, ...Array.from({ length: targets }, (_, k) => (100 * k + (k + 1) * a - b * b + 0.05 * random()).toFixed(4))];
  });
  return { text: toCsv(names, rows), names };
}

/** The nested plots of the outer SVG, in order, as their text. */
const panelsOf = (svg) => svg.split(/(?=<svg x=")/).slice(1);

/** The axes' scales read from their tick labels: value → pixel, for x and y. */
function scales(panel) {
  const xTicks = [...panel.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="12" fill="#333">([^<]+)<\/text>/g)].map((m) => [Number(m[2]), Number(m[1])]);
  const yTicks = [...panel.matchAll(/<text x="[\d.]+" y="([\d.]+)" dy="0.32em" text-anchor="end" font-size="12" fill="#333">([^<]+)<\/text>/g)].map((m) => [Number(m[2]), Number(m[1])]);
  assert.ok(xTicks.length >= 3 && yTicks.length >= 3, "ticks on both axes");
  const map = (ticks) => {
    const [[v0, p0], [v1, p1]] = [ticks[0], ticks.at(-1)];
    return { to: (v) => p0 + ((v - v0) * (p1 - p0)) / (v1 - v0), from: (p) => v0 + ((p - p0) * (v1 - v0)) / (p1 - p0) };
  };
  return { x: map(xTicks), y: map(yTicks), xTicks, yTicks };
}

async function trainAndPlot(targets) {
  const { text, names } = dataText(targets);
  const file = ws.file(`t${targets}.csv`, text);
  const model = ws.path(`t${targets}.json`);
  const plot = ws.path(`t${targets}.svg`);
  const targetNames = names.slice(2);
  const result = wasmlp(["train", file, "--task", "regression", "--label", targetNames.join(","), "-o", model, "--plot", plot, "--hidden", "16", "--epochs", "60", "--quiet"]);
  assert.is(result.status, 0, result.stderr);
  const rows = parseCsv(text).slice(1).map((r) => r.map(Number));
  const reg = await MLPRegressor.fromJSON(readFileSync(model, "utf8"));
  const predicted = reg.predict(rows.map((r) => r.slice(0, 2)));
  return { svg: readFileSync(plot, "utf8"), rows, predicted, targetNames };
}

test("two targets: the loss chart, then one panel per target with every row where its true and predicted values put it", async () => {
  const { svg, rows, predicted, targetNames } = await trainAndPlot(2);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="760" height="860" /);
  const panels = panelsOf(svg);
  assert.is(panels.length, 3);
  assert.match(panels[0], /<title>Training loss per epoch<\/title>/);
  assert.match(panels[0], /squared error \(standardized targets\)/);
  targetNames.forEach((name, k) => {
    const panel = panels[k + 1];
    const truth = rows.map((r) => r[2 + k]);
    const mine = predicted.map((p) => p[k]);
    const title = new RegExp(`<title>${name}: R² (-?\\d\\.\\d{4})</title>`).exec(panel);
    assert.ok(title, `panel ${k + 1} is titled after ${name}`);
    assert.is(Number(title[1]), Number(r2(truth, mine).toFixed(4)), `${name}'s R²`);
    assert.match(panel, new RegExp(`>true ${name}</text>`));
    assert.match(panel, new RegExp(`>predicted ${name}</text>`));
    const { x, y } = scales(panel);
    const circles = [...panel.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    assert.is(circles.length, rows.length, "every row is drawn");
    circles.forEach(([cx, cy], r) => {
      assert.ok(Math.abs(cx - x.to(truth[r])) < 0.02, `${name}, row ${r}: x ${cx} for true ${truth[r]} (expected ${x.to(truth[r])})`);
      assert.ok(Math.abs(cy - y.to(mine[r])) < 0.02, `${name}, row ${r}: y ${cy} for predicted ${mine[r]} (expected ${y.to(mine[r])})`);
    });
    // The dashed line: both ends at predicted = true, spanning every point.
    const [x1, y1, x2, y2] = /<line class="identity" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/.exec(panel).slice(1).map(Number);
    for (const [px, py] of [[x1, y1], [x2, y2]]) assert.ok(Math.abs(x.from(px) - y.from(py)) < 1e-3 * Math.max(1, Math.abs(x.from(px))), `the line's end (${px}, ${py}) is on y = x`);
    const lo = Math.min(...truth, ...mine);
    const hi = Math.max(...truth, ...mine);
    assert.ok(x.from(x1) <= lo && x.from(x2) >= hi, `the line spans [${lo}, ${hi}]`);
  });
});

test("seven targets: panels for the first six, and the chart says so", async () => {
  const { svg } = await trainAndPlot(7);
  const panels = panelsOf(svg);
  assert.is(panels.length, 7);
  assert.equal(panels.slice(1).map((p) => /<title>(t\d):/.exec(p)[1]), ["t0", "t1", "t2", "t3", "t4", "t5"]);
  assert.match(panels[0], /the first 6 of 7 targets/);
});

test("a classifier's --plot is the loss chart alone, as before", () => {
  const { text } = dataText(1);
  const rows = parseCsv(text).slice(1).map(([a, b]) => [a, b, Number(a) > Number(b) ? "up" : "down"]);
  const file = ws.file("classes.csv", toCsv(["a", "b", "label"], rows));
  const plot = ws.path("classes.svg");
  const result = wasmlp(["train", file, "-o", ws.path("classes.json"), "--plot", plot, "--epochs", "5", "--quiet"]);
  assert.is(result.status, 0, result.stderr);
  const svg = readFileSync(plot, "utf8");
  assert.is(panelsOf(svg).length, 0);
  assert.match(svg, /cross-entropy loss \(bits\)/);
  assert.not.match(svg, /<circle/);
});

test.run();
