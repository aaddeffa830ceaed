// Class labels as scikit-learn's LabelEncoder and MLPClassifier handle them: the sorted
// unique classes, each label's index among them, and the class and sample weights that
// scale each sample's loss. Every error names the index or key it is about.

/** A class label: a finite number or a string. One y holds labels of one kind only. */
export type Label = number | string;

/** The `classWeight` option: sklearn's class_weight, with labels as keys (`String(label)`). */
export type ClassWeightOption = "balanced" | Record<string, number>;

import { float32Failure, positiveFloat32, roundedNote } from "../data/float32.js";

const MAX_LISTED = 20;

/** A value as an error message shows it: strings quoted, so the label "1" and 1 read differently. */
export function showLabel(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function listClasses(classes: readonly Label[]): string {
  const shown = classes.slice(0, MAX_LISTED).map(showLabel).join(", ");
  return classes.length > MAX_LISTED ? `[${shown}, ... (${classes.length} classes)]` : `[${shown}]`;
}

function isArrayOrTypedArray(y: unknown): y is ArrayLike<unknown> {
  return Array.isArray(y) || (ArrayBuffer.isView(y) && !(y instanceof DataView));
}

// UTF-16 units mapped so that they compare as code points: a surrogate (0xD800-0xDFFF) starts
// a code point above 0xFFFF, so it must sort after the units 0xE000-0xFFFF (see: ICU's
// u_strCompare code point order fix-up).
// io/model-file.ts's codePointOrder is a shorter copy, for wasmlp/infer's budget;
// tests/model-acceptance.test.js proves the two agree.
function codePointOrderUnit(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  return unit >= 0xd800 ? unit + 0x2000 : unit;
}

/**
 * np.unique's order: numbers ascending; strings by Unicode code point, as numpy compares
 * its UCS4 strings (JavaScript's default sort compares UTF-16 units, which differs when a
 * character beyond U+FFFF meets one in U+E000-U+FFFF). Labels must be of one kind.
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number") return a - (b as number);
  const s = b as string;
  const n = Math.min(a.length, s.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = s.charCodeAt(i);
    if (x !== y) return codePointOrderUnit(x) - codePointOrderUnit(y);
  }
  return a.length - s.length;
}

/**
 * Checks that `values` are all finite numbers or all strings.
 * @param what the name errors use for the array, as in `y[5] is NaN`
 */
export function checkLabels(values: ArrayLike<unknown>, what: string): void {
  const kind = typeof values[0];
  for (let i = 0; i < values.length; i++) {
    const label = values[i];
    const type = typeof label;
    if (type === "number" ? !Number.isFinite(label) : type !== "string") {
      throw new Error(`${what}[${i}] is ${showLabel(label)}; labels must be finite numbers or strings`);
    }
    // values[0] passed the check above, so kind is "number" or "string".
    if (type !== kind) {
      throw new Error(
        `${what}[${i}] is the ${type} ${showLabel(label)} but ${what}[0] is a ${kind}; labels must all be numbers or all strings`,
      );
    }
  }
}

// -0 and 0 are one class (as in np.unique); the class is stored as 0.
const unsignedZero = (label: Label): Label => (label === 0 ? 0 : label);

/**
 * The classes of `y`, sorted as np.unique sorts them (see {@link compareLabels}).
 * @param y one label per row: an array or typed array of numbers, or an array of strings
 * @param rows the number of rows of X, which y must match
 * @throws Error naming the first bad label, or if y holds fewer than two classes
 */
export function findClasses(y: ArrayLike<unknown>, rows: number): Label[] {
  if (!isArrayOrTypedArray(y)) throw new Error("y must be an array (or typed array) of labels, one per row of X");
  if (y.length !== rows) throw new Error(`X has ${rows} rows but y has ${y.length} labels`);
  checkLabels(y, "y");
  const unique = new Set<Label>();
  for (let i = 0; i < y.length; i++) unique.add(y[i] as Label);
  const classes = Array.from(unique, unsignedZero).sort(compareLabels);
  if (classes.length === 0) throw new Error("y is empty; a classifier needs at least two classes");
  if (classes.length === 1) {
    throw new Error(`y contains only the class ${showLabel(classes[0])}; a classifier needs at least two classes`);
  }
  return classes;
}

/**
 * Each label's index in `classes` (LabelEncoder.transform).
 * @param what the name errors use for `y`
 * @throws Error naming the first label that is not one of `classes`
 */
export function encodeLabels(y: ArrayLike<unknown>, classes: readonly Label[], what = "y"): Int32Array {
  if (!isArrayOrTypedArray(y)) throw new Error(`${what} must be an array (or typed array) of labels`);
  // Map keys compare by SameValueZero: -0 finds 0, and the string "1" does not find 1.
  const index = new Map<unknown, number>(classes.map((label, k) => [label, k]));
  const encoded = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = index.get(y[i]);
    if (k === undefined) {
      throw new Error(`${what}[${i}] is ${showLabel(y[i])}, which is not one of the classes ${listClasses(classes)}`);
    }
    encoded[i] = k;
  }
  return encoded;
}

/**
 * Validates partialFit's `classes` option (every class the model will ever see).
 * @returns the classes, sorted as {@link findClasses} sorts them
 * @throws Error naming the bad or repeated entry, or if fewer than two classes are given
 */
export function checkDeclaredClasses(classes: unknown): Label[] {
  if (!isArrayOrTypedArray(classes)) {
    throw new Error(`classes must be an array of labels (all numbers or all strings), got ${showLabel(classes)}`);
  }
  checkLabels(classes, "classes");
  const firstSeen = new Map<unknown, number>();
  for (let i = 0; i < classes.length; i++) {
    const earlier = firstSeen.get(classes[i]);
    if (earlier !== undefined) {
      throw new Error(`classes[${i}] is ${showLabel(classes[i])}, which repeats classes[${earlier}]; each class must appear once`);
    }
    firstSeen.set(classes[i], i);
  }
  if (classes.length < 2) {
    throw new Error(`classes has ${classes.length} label${classes.length === 1 ? "" : "s"}; a classifier needs at least two classes`);
  }
  return Array.from(classes as ArrayLike<Label>, unsignedZero).sort(compareLabels);
}

/**
 * Per-class loss weights, as sklearn's compute_class_weight.
 * @param option "balanced" (n_samples / (n_classes * count of the class)), an object of weights
 *   keyed by `String(label)` (classes it omits weigh 1), or undefined/null for none
 * @param encoded the batch's labels as indices into `classes`
 * @returns one weight per class, or undefined when every class weighs 1
 */
export function classWeights(
  option: ClassWeightOption | null | undefined, encoded: Int32Array, classes: readonly Label[],
): Float32Array | undefined {
  if (option === undefined || option === null) return undefined;
  if (option === "balanced") return balancedWeights(encoded, classes.length);
  const proto = typeof option === "object" && !Array.isArray(option) ? Object.getPrototypeOf(option) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new Error(`classWeight must be "balanced" or an object of weights by label, got ${showLabel(option)}`);
  }
  return weightsByLabel(option, classes);
}

function balancedWeights(encoded: Int32Array, classCount: number): Float32Array {
  const counts = new Float64Array(classCount);
  for (let i = 0; i < encoded.length; i++) counts[encoded[i]]++;
  const weights = new Float32Array(classCount);
  // sklearn raises when a class is absent from y, but a partialFit batch may well miss a
  // declared class. Its weight then multiplies no sample at all, so 1 is as good as any.
  for (let k = 0; k < classCount; k++) weights[k] = counts[k] > 0 ? encoded.length / (classCount * counts[k]) : 1;
  return weights;
}

function weightsByLabel(option: Record<string, number>, classes: readonly Label[]): Float32Array {
  // A Map, not an object, so keys such as "__proto__" or "constructor" are plain strings.
  const index = new Map<string, number>(classes.map((label, k) => [String(label), k]));
  const weights = new Float32Array(classes.length).fill(1);
  for (const key of Object.keys(option)) {
    const k = index.get(key);
    if (k === undefined) {
      throw new Error(`classWeight has the key ${JSON.stringify(key)}, which is not one of the classes ${listClasses(classes)}`);
    }
    // The classifier's options checked the weights (options.ts).
    weights[k] = option[key];
  }
  return weights;
}

/**
 * Each sample's loss weight: its sample weight times its class weight.
 * @param sampleWeight one weight >= 0 per row, or undefined for 1 each
 * @param perClass weights from {@link classWeights}, or undefined for 1 each
 * @param encoded the labels as indices into the classes
 * @returns one weight per row, or undefined when both inputs are undefined
 * @throws Error naming the bad weight, or if no sample has a positive weight
 */
export function sampleWeights(
  sampleWeight: ArrayLike<number> | undefined, rows: number, perClass: Float32Array | undefined, encoded: Int32Array,
): Float32Array | undefined {
  if (sampleWeight === undefined && perClass === undefined) return undefined;
  if (sampleWeight !== undefined) checkSampleWeights(sampleWeight, rows);
  const weights = new Float32Array(rows);
  let positive = false;
  for (let i = 0; i < rows; i++) {
    const weight = (sampleWeight === undefined ? 1 : sampleWeight[i]) * (perClass === undefined ? 1 : perClass[encoded[i]]);
    weights[i] = weight;
    if (weight > 0 && !positiveFloat32(weights[i])) {
      throw new Error(`sampleWeight[${i}] times its class weight is ${weight}${roundedNote(weight)}; scale the weights so that it is within 1.4e-45 to 3.4e38 (only their ratios matter)`);
    }
    if (weights[i] > 0) positive = true;
  }
  if (!positive) throw new Error("every sample weight is 0 (in float32); at least one sample needs a positive weight");
  return weights;
}

function checkSampleWeights(sampleWeight: ArrayLike<number>, rows: number): void {
  if (!isArrayOrTypedArray(sampleWeight)) throw new Error("sampleWeight must be an array (or typed array) of numbers, one per row of X");
  if (sampleWeight.length !== rows) {
    throw new Error(`X has ${rows} rows but sampleWeight has ${sampleWeight.length} weights`);
  }
  for (let i = 0; i < rows; i++) {
    const weight: unknown = sampleWeight[i];
    // 0 leaves the row out; a positive weight must stay positive and finite in float32.
    const failure = weight === 0 ? undefined : float32Failure(weight, positiveFloat32);
    if (failure) {
      const note = failure === "rounded" ? roundedNote(weight as number) : "";
      throw new Error(`sampleWeight[${i}] is ${showLabel(weight)}${note}; sample weights must be 0 or from 1.4e-45 to 3.4e38 (float32)`);
    }
  }
}
