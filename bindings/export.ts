// A model as a dependency-free ES module: weights inlined, and a plain-JavaScript forward
// pass in float32 (Math.fround after every operation, ports of the core's expf and tanhf),
// so its predictProba gives the numbers MLPClassifier.predictProba gives, bit for bit.
import { stateFromBytes, stateFromJSON, type ModelJSON, type ModelState } from "./serialize.js";

// AssemblyScript's Mathf.exp at shrinkLevel 0 (see: std/assembly/util/math.ts expf_lut,
// from ARM's optimized-routines): float64 arithmetic, so JavaScript computes the same bits.
// EXP2 holds 2^(j/32) as the table's entries decode (tab[j] + (j << 47)).
const EXP = `
const EXP2 = [1,1.0218971486541166,1.0442737824274138,1.0671404006768237,1.0905077326652577,1.1143867425958924,1.1387886347566916,1.1637248587775775,1.189207115002721,1.215247359980469,1.241857812073484,1.2690509571917332,1.2968395546510096,1.3252366431597413,1.3542555469368927,1.383909881963832,1.4142135623730951,1.4451808069770467,1.4768261459394993,1.5091644275934228,1.5422108254079407,1.5759808451078865,1.6104903319492543,1.645755478153965,1.681792830507429,1.718619298122478,1.7562521603732995,1.7947090750031072,1.8340080864093424,1.8741676341103,1.9152065613971474,1.9571441241754002];
const SHIFT = 6755399441055744;
function exp(x) {
  if (x > 88.72283172607422) return Infinity;
  if (x < -103.97207641601562) return 0;
  if (x !== x) return x;
  const z = 46.16624130844683 * x;
  const k = z + SHIFT - SHIFT;
  const r = z - k;
  const s = EXP2[k & 31] * 2 ** (k >> 5);
  let y = 0.021660849396613134 * r + 1;
  y += (0.0000016938359250920212 * r + 0.00023459809789509004) * (r * r);
  return f(y * s);
}
`;

// AssemblyScript's Mathf.tanh and the Mathf.expm1 it calls (see: musl tanhf.c, expm1f.c),
// float32 arithmetic; bit patterns of the constants and thresholds are in the comments.
const TANH = `
function expm1(x) {
  const ax = Math.abs(x);
  const sign = x < 0 ? 1 : 0;
  if (ax >= 18.71497344970703) { // 0x4195B844
    if (x !== x) return x;
    if (sign) return -1;
    if (ax > 88.72283172607422) return Infinity; // 0x42B17217
  }
  let c = 0, t, k;
  if (ax > 0.3465735912322998) { // 0x3EB17218
    k = ax < 1.0397207736968994 ? 1 - 2 * sign : Math.trunc(f(f(1.4426950216293335 * x) + (sign ? -0.5 : 0.5)));
    t = k;
    const hi = f(x - f(t * 0.6931381225585938)); // ln2_hi 0x3F317180
    const lo = f(t * 0.00000905800061445916); // ln2_lo 0x3717F7D1
    x = f(hi - lo);
    c = f(f(hi - x) - lo);
  } else if (ax < 2.9802322387695312e-8) { // 0x33000000
    return x;
  } else k = 0;
  const hfx = f(0.5 * x);
  const hxs = f(x * hfx);
  const r1 = f(1 + f(hxs * f(-0.03333321213722229 + f(hxs * 0.0015807170420885086)))); // Q1, Q2
  t = f(3 - f(r1 * hfx));
  let e = f(hxs * f(f(r1 - t) / f(6 - f(x * t))));
  if (k === 0) return f(x - f(f(x * e) - hxs));
  e = f(f(x * f(e - c)) - c);
  e = f(e - hxs);
  if (k === -1) return f(f(0.5 * f(x - e)) - 0.5);
  if (k === 1) return x < -0.25 ? f(-2 * f(e - f(x + 0.5))) : f(1 + f(2 * f(x - e)));
  const twopk = 2 ** k;
  let y;
  if (k < 0 || k > 56) {
    y = f(f(x - e) + 1);
    y = k === 128 ? f(f(y * 2) * 1.7014118346046923e38) : f(y * twopk);
    return f(y - 1);
  }
  y = 2 ** -k;
  y = k < 20 ? f(f(1 - y) - e) : f(1 - f(e + y));
  return f(f(x + y) * twopk);
}
function hidden(x) {
  const y = Math.abs(x);
  let t;
  if (y > 0.5493061542510986) { // 0x3F0C9F54
    if (y > 10) t = 1;
    else { t = expm1(2 * y); t = f(1 - f(2 / f(t + 2))); }
  } else if (y > 0.2554128170013428) { // 0x3E82C578
    t = expm1(2 * y); t = f(t / f(t + 2));
  } else if (y >= 1.1754943508222875e-38) { // 0x00800000
    t = expm1(-2 * y); t = f(-t / f(t + 2));
  } else t = y;
  return x < 0 || Object.is(x, -0) ? -t : t;
}
`;

const HIDDEN: Record<ModelState["activation"], string> = {
  sigmoid: "const hidden = (z) => f(1 / f(1 + exp(-z)));\n",
  relu: "const hidden = (z) => Math.max(z, 0);\n",
  tanh: TANH,
};

// The forward pass of assembly/network.ts for one sample, in the same order of operations:
// z = b, then z += w·a input by input; the output as kernels/loss.ts turns logits into
// probabilities. Inputs are standardized in float64 and rounded, as MLPClassifier does.
const FORWARD = `
const F32_MAX = 3.4028234663852886e38;

function probabilities(x, r) {
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
  if (a.length === 1) {
    const z = a[0];
    const e = exp(-Math.abs(z));
    const p = z >= 0 ? f(1 / f(1 + e)) : f(e / f(1 + e));
    return [1 - p, p];
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

function rows(X) {
  if (X == null || typeof X !== "object" || !(X.length >= 1)) throw new Error("X must be a non-empty array of rows");
  return Array.from(X, probabilities);
}

/** Class probabilities: one row per sample, one column per class (\`classes\` order). */
export function predictProba(X) {
  return rows(X);
}

/** The most probable class of each row (P > 0.5 for two classes; the first on a tie). */
export function predict(X) {
  return rows(X).map((p) => {
    if (p.length === 2) return classes[p[1] > 0.5 ? 1 : 0];
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
    return classes[best];
  });
}
`;

const number = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

/**
 * A dependency-free ES module source for a model: it exports `predictProba(X)` and
 * `predict(X)` (X: rows of numbers), `classes` and `features`, with the weights inlined.
 * Its probabilities are bit-identical to `MLPClassifier.predictProba`.
 * @param model the JSON form (object or text) of `MLPClassifier.toJSON`, or the bytes of `toBytes`
 * @throws Error naming the field, for anything but a valid wasmlp model
 */
export function exportModule(model: ModelJSON | string | Uint8Array | ArrayBuffer): string {
  const state = model instanceof Uint8Array || model instanceof ArrayBuffer ? stateFromBytes(model) : stateFromJSON(model);
  const { sizes, activation, classes, scaler } = state;
  return [
    `// A wasmlp model as a standalone ES module, written by wasmlp's exportModule: an MLP of widths`,
    `// [${sizes.join(", ")}] with ${activation} hidden layers. It needs no runtime; predictProba gives the`,
    `// numbers MLPClassifier.predictProba gives for this model.`,
    `export const classes = ${JSON.stringify(classes)};`,
    `export const features = ${sizes[0]};`,
    `const sizes = [${sizes.join(", ")}];`,
    `const scaler = ${scaler ? `{ mean: [${scaler.mean.map(number)}], scale: [${scaler.scale.map(number)}] }` : "null"};`,
    `const params = new Float32Array([${Array.from(state.params, number)}]);`,
    `const f = Math.fround;`,
    EXP + HIDDEN[activation] + FORWARD,
  ].join("\n");
}
