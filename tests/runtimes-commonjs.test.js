// CommonJS: a project made the way `npm init -y` makes one ("type": "commonjs") loads the
// packed package with require (Node's require of ES modules, 20.19 and later; the README
// says what older Node needs), and the exported standalone module works there: --format cjs
// for require, an .mjs file for import, and a warning where Node would misread a .js file.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MLPClassifier, exportModule } from "../build/index.js";
import { installedApp } from "./helpers/packed.js";
import { variants, train, probeRows, dataFor, regressorVariants, trainRegressor, regressorName } from "./helpers/trained-models.js";

let app;
const node = (args) => spawnSync(process.execPath, args, { cwd: app, encoding: "utf8" });
const wasmlp = (...args) => node(["node_modules/.bin/wasmlp", ...args]);

test.before(() => {
  app = installedApp("commonjs-app", { type: "commonjs" });
  const { X, y } = dataFor(3);
  writeFileSync(join(app, "data.csv"), `a,b,c,label\n${X.map((row, i) => `${row.join(",")},${y[i]}`).join("\n")}\n`);
  const trained = wasmlp("train", "data.csv", "-o", "model.json", "--quiet");
  assert.is(trained.status, 0, trained.stderr);
});

const rowsOf = () => probeRows(dataFor(3, 2).X);
const modelFile = () => readFileSync(join(app, "model.json"), "utf8");

test("require('wasmlp'), require('wasmlp/infer') and require('wasmlp/infer/simd') work in a CommonJS project", async () => {
  const rows = rowsOf();
  writeFileSync(join(app, "main.js"), `
    const { MLPClassifier } = require("wasmlp");
    const { loadModel } = require("wasmlp/infer");
    const simd = require("wasmlp/infer/simd");
    const rows = ${JSON.stringify(rows)};
    (async () => {
      const clf = await MLPClassifier.fromJSON(require("fs").readFileSync("model.json", "utf8"));
      const model = await loadModel(clf.toBytes());
      const fast = await simd.loadModel(clf.toBytes());
      console.log(JSON.stringify({ library: clf.predictProba(rows), infer: model.predictProba(rows), simd: fast.predictProba(rows) }));
    })();
  `);
  const run = node(["main.js"]);
  assert.is(run.status, 0, run.stderr);
  const expected = (await MLPClassifier.fromJSON(modelFile())).predictProba(rows);
  const out = JSON.parse(run.stdout);
  assert.equal(out.library, expected);
  assert.equal(out.infer, expected);
  assert.equal(out.simd, expected);
});

test("export --format cjs writes a module that require loads, and -o without an extension gets one", async () => {
  const expected = (await MLPClassifier.fromJSON(modelFile())).predictProba(rowsOf());
  const cjs = wasmlp("export", "model.json", "--format", "cjs", "-o", "standalone");
  assert.is(cjs.status, 0, cjs.stderr);
  assert.is(cjs.stderr, "wasmlp: wrote standalone.cjs\n");
  const esm = wasmlp("export", "model.json", "--format", "js", "-o", "standalone");
  assert.is(esm.status, 0, esm.stderr);
  assert.is(esm.stderr, "wasmlp: wrote standalone.mjs\n");
  // A name with another extension is written as given.
  const dotted = wasmlp("export", "model.json", "--format", "cjs", "-o", "iris.model");
  assert.equal([dotted.status, dotted.stderr], [0, ""]);
  assert.ok(existsSync(join(app, "iris.model")) && !existsSync(join(app, "iris.model.cjs")));
  writeFileSync(join(app, "use.js"), `
    const rows = ${JSON.stringify(rowsOf())};
    const required = require("./standalone.cjs");
    import("./standalone.mjs").then((imported) => console.log(JSON.stringify({ required: required.predictProba(rows), imported: imported.predictProba(rows), classes: required.classes })));
  `);
  const run = node(["use.js"]);
  assert.is(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.equal(out.required, expected);
  assert.equal(out.imported, expected);
  assert.equal(out.classes, ["ant", "bee", "cat"]);
});

test("a .js output that Node would read as the other kind of module is written with a warning", () => {
  const esm = wasmlp("export", "model.json", "--format", "js", "-o", "as-esm.js");
  assert.is(esm.status, 0, esm.stderr);
  assert.match(esm.stderr, /^wasmlp: warning: Node will read as-esm\.js as CommonJS \(\S*package\.json says "type": "commonjs"\) and fail on an ES module/);
  assert.match(esm.stderr, /for Node use -o with \.mjs, or --format cjs for require\(\)\n$/);
  const cjs = wasmlp("export", "model.json", "--format", "cjs", "-o", "as-cjs.js");
  assert.is(cjs.status, 0, cjs.stderr);
  assert.is(cjs.stderr, "");
  assert.is(node(["-e", "console.log(require('./as-cjs.js').classes.length)"]).stdout, "3\n");
  assert.match(node(["-e", "require('./as-esm.js')"]).stderr, /SyntaxError|export/, "as the warning says, Node fails on it");
});

test("an extension that names the other kind of module is refused, and nothing is written", () => {
  for (const [format, file] of [["js", "wrong.cjs"], ["cjs", "wrong.mjs"]]) {
    const result = wasmlp("export", "model.json", "--format", format, "-o", file);
    assert.is(result.status, 2, `${format} ${file}`);
    assert.match(result.stderr, new RegExp(`-o ${file.replace(".", "\\.")}: a \\.\\w+ file is read by Node as .*--format ${format} writes`));
    assert.not.ok(existsSync(join(app, file)));
  }
});

test("exportModule's CommonJS form predicts as its ES module form, for every kind of model", async () => {
  const require = createRequire(import.meta.url);
  for (const [index, variant] of variants.entries()) {
    const { clf, X } = await train(variant, 3);
    const rows = probeRows(X);
    const esmFile = join(app, `variant-${index}.mjs`);
    const cjsFile = join(app, `variant-${index}.cjs`);
    writeFileSync(esmFile, exportModule(clf.toJSON()));
    writeFileSync(cjsFile, exportModule(clf.toJSON(), { format: "cjs" }));
    const [esm, cjs] = [await import(pathToFileURL(esmFile).href), require(cjsFile)];
    assert.equal(cjs.predictProba(rows), clf.predictProba(rows), JSON.stringify(variant));
    assert.equal(Object.keys(cjs).sort(), Object.keys(esm).sort());
    for (const key of ["kind", "classes", "features", "featureNames", "labelName", "targetNames"]) assert.equal(cjs[key], esm[key], key);
  }
  for (const [index, variant] of regressorVariants.entries()) {
    const { reg, X } = await trainRegressor(variant, 3);
    const rows = probeRows(X);
    const cjsFile = join(app, `regressor-${index}.cjs`);
    writeFileSync(cjsFile, exportModule(reg.toBytes(), { format: "cjs" }));
    const cjs = require(cjsFile);
    assert.equal(cjs.predict(rows), reg.predict(rows), regressorName(variant));
    assert.is(cjs.kind, "regressor");
    assert.throws(() => cjs.predictProba(rows), /has no predictProba: use predict/);
  }
  const json = (await train(variants[0], 3)).clf.toJSON();
  assert.throws(() => exportModule(json, { format: "umd" }), /format must be "esm" or "cjs", got "umd"/);
  assert.throws(() => exportModule(json, { fromat: "cjs" }), /unknown exportModule option "fromat"/);
});

test.run();
