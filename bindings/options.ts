// One table of the classifier's options: defaults, and the check each value must pass.
// Every error names the option and the value it got.

/** Options of {@link MLPClassifier}. Defaults reproduce the seed article's network. */
export interface MLPClassifierOptions {
  /** Widths of the hidden layers, input side first. Default `[5]` (the seed's 3-5-1). */
  hiddenLayers?: number[];
  /** Gradient-descent step size. Default `1.0`. */
  learningRate?: number;
  /** Full-batch epochs per `fit`. Default `2000`. */
  epochs?: number;
  /** Seed of the weight initialisation, a non-negative integer. Default `0`. */
  seed?: number;
}

export type ResolvedOptions = Required<MLPClassifierOptions>;

const MAX_WIDTH = 1 << 16;
const F32_MAX = 3.4028234663852886e38;

const defaults: ResolvedOptions = { hiddenLayers: [5], learningRate: 1.0, epochs: 2000, seed: 0 };

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const checks: { [K in keyof ResolvedOptions]: (value: unknown) => string | undefined } = {
  hiddenLayers(value) {
    if (!Array.isArray(value) || value.length === 0) return "a non-empty array of positive integers";
    if (value.length > 62) return "at most 62 layers";
    const bad = value.findIndex((w) => !Number.isInteger(w) || w < 1 || w > MAX_WIDTH);
    if (bad >= 0) return `positive integers up to ${MAX_WIDTH}; element ${bad} is ${show(value[bad])}`;
    return undefined;
  },
  learningRate(value) {
    const ok = typeof value === "number" && value > 0 && value <= F32_MAX;
    return ok ? undefined : "a positive number up to 3.4e38 (float32)";
  },
  epochs(value) {
    return Number.isInteger(value) && (value as number) >= 1 ? undefined : "a positive integer";
  },
  seed(value) {
    return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : "a non-negative integer";
  },
};

/** Fills in defaults and rejects unknown names and out-of-range values. */
export function resolveOptions(options: MLPClassifierOptions | undefined): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object") {
    throw new Error(`options must be an object, got ${show(options)}`);
  }
  const resolved = { ...defaults, hiddenLayers: [...defaults.hiddenLayers] } as Record<string, unknown>;
  for (const [name, value] of Object.entries(options)) {
    if (!Object.prototype.hasOwnProperty.call(checks, name)) {
      throw new Error(`unknown option "${name}"; known options: ${Object.keys(checks).join(", ")}`);
    }
    if (value === undefined) continue;
    const expected = checks[name as keyof ResolvedOptions](value);
    if (expected) throw new Error(`${name} must be ${expected}, got ${show(value)}`);
    resolved[name] = Array.isArray(value) ? [...value] : value;
  }
  return resolved as unknown as ResolvedOptions;
}
