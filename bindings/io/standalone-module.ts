// A model as a dependency-free ES module: weights inlined, and a plain-JavaScript forward
// pass in float32 (Math.fround after every operation, ports of the core's expNegF32 and tanhF32),
// so its predictProba gives the numbers MLPClassifier.predictProba gives, and a regressor's
// predict the numbers MLPRegressor.predict gives, bit for bit.
import { overflowMessage, noProbabilities } from "./model-file.js";
import { stateFromBytes, stateFromJSON, type ModelJSON, type ModelState } from "./model-format.js";
import { F32_MAX } from "../limits.js";
import { predictedClass } from "../model/decision.js";

// The core's expNegF32 and tanhF32 (assembly/kernels/vmath.ts, same constants): float32
// operations, each rounded by Math.fround, in the kernels' order (the polynomial in
// Estrin's); 2^n is applied as 2^(n+24), exact, then 2^-24, as the kernel builds it from
// exponent bits. Every caller passes x ≤ 0.
const EXP = `
const [LOG2E, ROUNDER, LN2_HI, LN2_LO] = [1.44269504088896341, 12582912, 0.693359375, -2.12194440e-4].map(f);
const EXP_P = [1.3814592966809869e-3, 8.368708193302155e-3, 4.166838899254799e-2, 1.666652113199234e-1, 4.999999403953552e-1].map(f);
function exp(x) {
  x = x < -104 ? -104 : x;
  const t = f(f(x * LOG2E) + ROUNDER);
  const n = f(t - ROUNDER);
  const r = f(f(x - f(n * LN2_HI)) - f(n * LN2_LO));
  const rr = f(r * r);
  const pair = (i) => f(f(EXP_P[i] * r) + EXP_P[i + 1]);
  const p = f(f(f(f(pair(0) * rr) + pair(2)) * r) + EXP_P[4]);
  const y = f(f(f(p * rr) + r) + 1);
  return f(f(y * 2 ** (n + 24)) * 2 ** -24);
}
`;

const TANH = `
const TANH_P = [-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1].map(f);
function hidden(x) {
  const a = Math.abs(x);
  const aa = f(a * a);
  let p = f(f(TANH_P[0] * aa) + TANH_P[1]);
  for (let i = 2; i < 5; i++) p = f(f(p * aa) + TANH_P[i]);
  let t;
  if (a < 0.625) t = f(f(f(p * aa) * a) + a);
  else {
    const e = exp(-f(a + a));
    t = f(f(1 - e) / f(1 + e));
  }
  return x < 0 || Object.is(x, -0) ? -t : t;
}
`;

const HIDDEN: Record<ModelState["activation"], string> = {
  sigmoid: "const hidden = (z) => { const e = exp(-Math.abs(z)); return f((z >= 0 ? 1 : e) / f(1 + e)); };\n",
  relu: "const hidden = (z) => Math.max(z, 0);\n",
  identity: "const hidden = (z) => z;\n",
  tanh: TANH,
};

// The forward pass of assembly/network.ts for one sample, in the same order of operations:
// z = b, then z += w·a input by input, hidden layers activated; the output layer's values
// as they are. Inputs are standardized in float64 and rounded, as the library does.
const FORWARD = `
const F32_MAX = ${F32_MAX};

function outputs(x, r) {
  if (x == null || x.length !== features) throw new Error(\`X[\${r}] must be an array of \${features} numbers\`);
  let a = new Float32Array(features);
  for (let c = 0; c < features; c++) {
    const v = x[c];
    if (typeof v !== "number" || !(Math.abs(v) <= F32_MAX)) throw new Error(\`X[\${r}][\${c}] is \${v}; every feature must be a finite number (float32 range)\`);
    a[c] = scaler ? Math.max(-F32_MAX, Math.min(F32_MAX, (v - scaler.mean[c]) / scaler.scale[c])) : v;
  }
  let at = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputs = sizes[l - 1];
    const units = sizes[l];
    const z = new Float32Array(units);
    for (let j = 0; j < units; j++) {
      let sum = params[at + units * inputs + j];
      for (let k = 0; k < inputs; k++) sum = f(sum + f(params[at + j * inputs + k] * a[k]));
      z[j] = l + 1 < sizes.length ? hidden(sum) : sum;
    }
    at += units * (inputs + 1);
    a = z;
  }
  return a;
}

// Every row is checked before the first row whose results are not finite (a classifier's
// NaN probabilities, a regressor's NaN or ±Infinity outputs) is named, as the library does.
function rows(X, result) {
  if (X == null || typeof X !== "object" || !(X.length >= 1)) throw new Error("X must be a non-empty array of rows");
  const out = Array.from(X, (x, r) => result(outputs(x, r)));
  const bad = out.findIndex((p) => !p.every(Number.isFinite));
  if (bad >= 0) throw overflow(bad);
  return out;
}
`;

// A classifier's outputs as kernels/loss.ts turns logits into probabilities, and the
// library's decision rule.
const CLASSIFIER = `
function probabilities(a) {
  if (a.length === 1) {
    const z = a[0];
    const e = exp(-Math.abs(z));
    const p = z >= 0 ? f(1 / f(1 + e)) : f(e / f(1 + e));
    return [f(1 - p), p];
  }
  for (let k = 0; k < a.length; k++) a[k] = Math.min(a[k], F32_MAX);
  let top = a[0];
  for (let k = 1; k < a.length; k++) top = Math.max(top, a[k]);
  let total = 0;
  for (let k = 0; k < a.length; k++) {
    a[k] = exp(f(a[k] - top));
    total = f(total + a[k]);
  }
  return Array.from(a, (e) => f(e / total));
}

/** Class probabilities: one row per sample, one column per class (\`classes\` order). */
export function predictProba(X) {
  return rows(X, probabilities);
}

/** The most probable class of each row (P > 0.5 for two classes; the first on a tie). */
export function predict(X) {
  return rows(X, probabilities).map((p) => classes[predictedClass(p, 0, p.length)]);
}

// The library's own decision rule (bindings/model/decision.ts), its source copied in
// (as an expression: a minifier may have renamed the function).
const predictedClass = ${predictedClass.toString()};
`;

// A regressor's outputs in the units of its targets, as MLPRegressor.predict gives them:
// the float32 output times the target's scale plus its mean, in float64.
const REGRESSOR = `
function inUnits(a) {
  const y = Array.from(a, (v, k) => (targetScaler ? v * targetScaler.scale[k] + targetScaler.mean[k] : v));
  return y.length > 1 ? y : y[0];
}

/** Predictions in the units of the targets: one number per row for one target, else a row of them. */
export function predict(X) {
  return rows(X, (a) => a).map(inUnits);
}

/** A regressor has no class probabilities. */
export function predictProba() {
  throw new Error(${JSON.stringify(noProbabilities)});
}
`;

const number = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

const vector = (values: number[]): string => `[${values.map(number)}]`;
const scalerSource = (s: { mean: number[]; scale: number[] } | null | undefined): string =>
  s ? `{ mean: ${vector(s.mean)}, scale: ${vector(s.scale)} }` : "null";

/** Options of {@link exportModule}. */
export interface ExportModuleOptions {
  /** "esm" (the default): an ES module (`export const ...`), for `import` and bundlers;
   *  "cjs": a CommonJS module (`module.exports = {...}`), for `require` in Node. The two
   *  differ only in how they export. */
  format?: "esm" | "cjs";
}

const EXPORTED = ["kind", "classes", "features", "featureNames", "labelName", "targetNames", "predict", "predictProba"];

/**
 * A dependency-free ES module source for a model: it exports `predict(X)` and
 * `predictProba(X)` (X: rows of numbers), `kind`, `classes` (none for a regressor),
 * `features`, and `featureNames`, `labelName` and a regressor's `targetNames` (as
 * MLPRegressor's getter gives them; each undefined when the model records none),
 * with the weights inlined. It reads models as the library's fromJSON and fromBytes do. A
 * classifier's probabilities, and its error for outputs that overflow, are bit-identical
 * to `MLPClassifier.predictProba`'s; a regressor's predictions to `MLPRegressor.predict`'s,
 * and its `predictProba` throws.
 * @param model the JSON form (object or text) of `toJSON`, or the bytes of `toBytes`, of an
 *   MLPClassifier or an MLPRegressor
 * @param options `format: "cjs"` for a CommonJS module instead
 * @throws Error naming the field, for anything but a valid wasmlp model
 */
export function exportModule(model: ModelJSON | string | Uint8Array | ArrayBuffer, options: ExportModuleOptions = {}): string {
  if (options === null || typeof options !== "object") throw new Error("exportModule options must be an object");
  for (const name of Object.keys(options)) if (name !== "format") throw new Error(`unknown exportModule option "${name}"; known options: format`);
  const { format = "esm" } = options;
  if (format !== "esm" && format !== "cjs") throw new Error(`format must be "esm" or "cjs", got ${JSON.stringify(format)}`);
  const state = model instanceof Uint8Array || model instanceof ArrayBuffer ? stateFromBytes(model) : stateFromJSON(model);
  const { sizes, activation, classes, scaler, featureNames, labelName } = state;
  const regressor = state.kind === "regressor";
  // As MLPRegressor.targetNames: one target's name is the labelName.
  const targetNames = regressor ? state.targetNames ?? (labelName != null && sizes.at(-1) === 1 ? [labelName] : null) : null;
  const library = regressor ? "MLPRegressor.predict" : "MLPClassifier.predictProba";
  const source = [
    `// A wasmlp model as a standalone ${format === "cjs" ? "CommonJS" : "ES"} module, written by wasmlp's exportModule: an MLP of widths`,
    `// [${sizes.join(", ")}] with ${activation} hidden layers. It needs no runtime; ${library.replace(/.*\./, "")} gives the`,
    `// numbers ${library} gives for this model.`,
    `export const kind = ${JSON.stringify(regressor ? "regressor" : "classifier")};`,
    `export const classes = ${JSON.stringify(classes)};`,
    `export const features = ${sizes[0]};`,
    `export const featureNames = ${featureNames ? JSON.stringify(featureNames) : "undefined"};`,
    `export const labelName = ${labelName != null ? JSON.stringify(labelName) : "undefined"};`,
    `export const targetNames = ${targetNames ? JSON.stringify(targetNames) : "undefined"};`,
    `const overflow = (r) => new Error(\`${overflowMessage("${r}")}\`);`,
    `const sizes = [${sizes.join(", ")}];`,
    `const scaler = ${scalerSource(scaler)};`,
    ...(regressor ? [`const targetScaler = ${scalerSource(state.targetScaler)};`] : []),
    `const params = new Float32Array([${Array.from(state.params, number)}]);`,
    `const f = Math.fround;`,
    EXP + HIDDEN[activation] + FORWARD + (regressor ? REGRESSOR : CLASSIFIER),
  ].join("\n");
  // Every export above is a line that starts "export "; CommonJS declares the same names
  // and lists them at the end.
  return format === "esm" ? source : `"use strict";\n${source.replace(/^export /gm, "")}\nmodule.exports = { ${EXPORTED.join(", ")} };\n`;
}
