// The flags of `train` that set model options: one table, from which the parser's specs,
// the help lines (with the library's defaults, read from model/options.ts) and the
// option names in error messages all come.
import { MLPClassifier, MLPRegressor, type MLPClassifierOptions, type MLPRegressorOptions } from "../index.js";
import { LEARNING_RATES, defaultOptions } from "../model/options.js";
import { convert, type OptionSpec } from "./args.js";
import { UsageError } from "./errors.js";

// Each flag that sets a model option: the option, how its text converts, and its help
// line (before the default, which comes from the library's option table).
interface ModelFlag {
  flag: string;
  option: keyof MLPRegressorOptions;
  value: "number" | "integer" | "layers" | "name" | "threads";
  help: string;
}
const MODEL_FLAGS: ModelFlag[] = [
  { flag: "hidden", option: "hiddenLayers", value: "layers", help: "hidden layer widths, such as 16,8; none for no hidden layer (a linear model)" },
  { flag: "activation", option: "activation", value: "name", help: "relu, tanh, sigmoid or identity" },
  { flag: "optimizer", option: "optimizer", value: "name", help: "adam, sgd (momentum) or gd (full batch)" },
  { flag: "lr", option: "learningRate", value: "number", help: "learning rate (the first, under --lr-schedule)" },
  { flag: "lr-schedule", option: "learningRateSchedule", value: "name", help: "sgd's rate: constant, invscaling (lr/(t+1)^power-t, t the rows trained on) or adaptive (divided by 5 after --patience epochs without improving)" },
  { flag: "power-t", option: "powerT", value: "number", help: "the exponent of --lr-schedule invscaling" },
  { flag: "epochs", option: "epochs", value: "integer", help: "at most N passes over the data" },
  { flag: "batch-size", option: "batchSize", value: "integer", help: "rows per step for adam and sgd" },
  { flag: "l2", option: "l2", value: "number", help: "L2 penalty on the weights" },
  { flag: "init", option: "init", value: "name", help: "glorot, he or normal (N(0, 0.1²), the seed article's)" },
  { flag: "validation-fraction", option: "validationFraction", value: "number", help: "hold out this fraction (stratified for classes) to stop early on its loss and keep the best epoch; 0: none" },
  { flag: "patience", option: "patience", value: "integer", help: "epochs in a row without the loss improving by --tol before stopping early" },
  { flag: "tol", option: "tol", value: "number", help: "the least improvement that counts, in the loss's units (bits for classes)" },
  { flag: "seed", option: "seed", value: "integer", help: "seed of initialisation, shuffling and the hold-out" },
  { flag: "threads", option: "threads", value: "threads", help: "training threads, 1 to 16, or auto; the same model whatever N" },
];

// One line of help per option: "  --flag VALUE   what it does [default]", wrapped.
function helpLine(left: string, text: string): string {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + word.length + 1 > 53) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => `  ${(i === 0 ? left : "").padEnd(29)}${l}`).join("\n");
}

const shownDefault = (option: keyof MLPRegressorOptions, value: unknown): string => {
  if (option === "learningRate") return Object.entries(LEARNING_RATES).map(([name, rate]) => `${rate} ${name}`).join(", ");
  if (Array.isArray(value)) return value.length ? value.join(",") : "none";
  return String(value);
};

export const modelFlagHelp = (): string => {
  const defaults = defaultOptions() as Record<string, unknown>;
  const argument: Record<ModelFlag["value"], string> = { number: "X", integer: "N", layers: "W,W", name: "NAME", threads: "N|auto" };
  const lines = MODEL_FLAGS.map(({ flag, option, value, help }) => helpLine(`--${flag} ${argument[value]}`, `${help} [${shownDefault(option, defaults[option] ?? undefined)}]`));
  const standardize = defaults.standardize ? "on" : "off";
  lines.splice(MODEL_FLAGS.findIndex((f) => f.flag === "validation-fraction"), 0,
    helpLine("--standardize", `scale each feature to mean 0, std 1 (kept in the model) [${standardize}]`),
    helpLine("--no-standardize", "use the features as they are"));
  lines.splice(lines.length - 2, 0, helpLine("--stop-on-training-loss", `with nothing held out, stop once --patience epochs in a row have not lowered the training loss by --tol (scikit-learn's n_iter_no_change) [${defaults.stopOnTrainingLoss ? "on" : "off"}]`));
  return lines.join("\n");
};

/** The parser's specs of these flags. */
export const MODEL_FLAG_SPECS: Record<string, OptionSpec> = {
  ...Object.fromEntries(MODEL_FLAGS.map(({ flag }) => [flag, { type: "string" } as OptionSpec])),
  standardize: { type: "boolean" },
  "no-standardize": { type: "boolean" },
  "stop-on-training-loss": { type: "boolean" },
};

// The library's option names as this command's flags, for its error messages.
const flags: Record<string, string> = {
  ...Object.fromEntries(MODEL_FLAGS.map(({ flag, option }) => [option, `--${flag}`])),
  standardize: "--standardize", stopOnTrainingLoss: "--stop-on-training-loss",
};
// camelCase names are unambiguous anywhere; a plain word ("epochs") only as the subject
// of an option check ("epochs must be ...").
export const asFlags = (message: string): string =>
  message
    .replace(/\b(a )?(learningRateSchedule|learningRate|batchSize|hiddenLayers|validationFraction|powerT|stopOnTrainingLoss)\b/g, (_, _a, name: string) => flags[name])
    .replace(/^(\w+)(?= must be )/, (name) => flags[name] ?? name);

function flagValue(spec: ModelFlag, text: string): unknown {
  const flag = `--${spec.flag}`;
  switch (spec.value) {
    case "number": return convert.number(flag, text);
    case "integer": return convert.integer(flag, text);
    case "layers": return text.trim() === "none" ? [] : convert.integers(flag, text);
    case "threads": return text === "auto" ? "auto" : convert.integer(flag, text);
    default: return text;
  }
}

/** The model options the flags give; the rest take the library's defaults. */
export function modelOptions(v: Record<string, string | boolean | undefined>, regression: boolean): MLPClassifierOptions & MLPRegressorOptions {
  if (v.standardize && v["no-standardize"]) throw new UsageError("--standardize and --no-standardize contradict each other");
  if (regression && v["many-classes"]) throw new UsageError("--many-classes is for classification; a regressor has no classes");
  const options: Record<string, unknown> = {};
  for (const spec of MODEL_FLAGS) if (typeof v[spec.flag] === "string") options[spec.option] = flagValue(spec, v[spec.flag] as string);
  if (v.standardize || v["no-standardize"]) options.standardize = !v["no-standardize"];
  if (v["stop-on-training-loss"]) options.stopOnTrainingLoss = true;
  try {
    if (regression) new MLPRegressor(options);
    else new MLPClassifier(options);
  } catch (error) {
    throw new UsageError(asFlags((error as Error).message));
  }
  return options;
}
