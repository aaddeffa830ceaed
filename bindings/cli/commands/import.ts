// wasmlp import: a model trained elsewhere (scikit-learn, TF.js, ONNX) as a wasmlp model
// file, which every other command, MLPClassifier/MLPRegressor.fromJSON and wasmlp/infer
// read. The conversion is the library's (io/import/); this command reads the files,
// tells the format from their content when --from is not given, and writes atomically.
import { open, type FileHandle } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { fromONNX, fromSklearn, fromTfjs, type Label, type ModelJSON } from "../../index.js";
import { exactNumber } from "../../io/csv/labels.js";
import { decodeUtf8 } from "../../io/csv/utf8.js";
import { parseJSON } from "../../io/import/fields.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { checkDistinctFiles, checkWritable, writeJSONAtomically, type CommandFile } from "../files.js";

export const importHelp = `Usage: wasmlp import FILE [--from onnx|sklearn|tfjs] [-o MODEL.json] [options]

Converts a dense network trained elsewhere into a wasmlp model file (what wasmlp train
writes), for wasmlp predict, eval and export, MLPClassifier.fromJSON and wasmlp/infer.

  sklearn   FILE is the JSON the README's few lines of Python write from a fitted
            MLPClassifier or MLPRegressor (with its StandardScaler, if any)
  tfjs      FILE is the model.json of a tf.sequential model of dense layers, as
            model.save writes it; its weight files are read from the paths in its
            weightsManifest, beside it
  onnx      FILE is an .onnx model of dense layers (PyTorch, Keras/tf2onnx)

Without --from, the format is told from FILE's content. The probabilities (or a
regressor's predictions) are the source model's within float32 rounding.

Options:
  --from FORMAT          onnx, sklearn or tfjs (default: told from FILE)
  --task TASK            classification or regression, for a TF.js or ONNX model whose
                         last layer is linear: logits of a classifier, or a regressor's
                         outputs (TF.js: regression unless --classes is given; ONNX:
                         needed, unless wasmlp wrote the file)
  --classes a,b,c        the labels of a TF.js or ONNX classifier's output columns, in
                         column order (numbers if every one is a number; default: an
                         ONNX file's classes metadata, else 0,1,...)
  -o, --output MODEL.json  write here (replaced only when complete; not FILE or a
                         weight file) instead of standard output
  -h, --help             show this help`;

const specs: Record<string, OptionSpec> = {
  from: { type: "string" },
  task: { type: "string" },
  classes: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
};

type Format = "onnx" | "sklearn" | "tfjs";
const FORMATS: Format[] = ["onnx", "sklearn", "tfjs"];
type Task = "classification" | "regression";

/** No input is larger: a wasmlp model's JSON text must fit in one string (2^29 - 24
 *  characters), which holds at most half as many parameters, 4 bytes each, as characters. */
const MAX_INPUT_BYTES = 2 ** 30;

/** The bytes of `file`, at most MAX_INPUT_BYTES; errors name it. */
async function readInput(file: string, role: string): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read the ${role}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}`, { file });
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new CliError(`cannot read the ${role}: it is a directory`, { file });
    const tooLarge = () => new CliError(`cannot read the ${role}: it holds more than ${MAX_INPUT_BYTES} bytes, more than any wasmlp model holds`, { file });
    if (info.isFile() && info.size > MAX_INPUT_BYTES) throw tooLarge();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(new Uint8Array(1 << 20), 0, 1 << 20, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_INPUT_BYTES) throw tooLarge();
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot read the ${role}: ${(error as Error).message}`, { file });
  } finally {
    await handle.close();
  }
}

/** The first byte that is not JSON white space (or a byte-order mark), or -1. */
function firstByte(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i])) i++;
  return i < bytes.length ? bytes[i] : -1;
}

/** FILE's text, as UTF-8 JSON. */
function textOf(bytes: Uint8Array, file: string, what: string): string {
  return decodeUtf8(bytes, 0, bytes.length, (reason) => new CliError(`not ${what}: ${reason}`, { file }));
}

/** The format of FILE, told from its content: JSON with coefs_ (scikit-learn) or
 *  modelTopology (TF.js), or anything else that is not JSON (an ONNX protobuf); a wasmlp
 *  model, in either form, is named as one. */
function detect(bytes: Uint8Array, file: string): Format {
  if (String.fromCharCode(...bytes.subarray(0, 4)) === "WMLP") throw new CliError("it is already a wasmlp model (the bytes form); there is nothing to import", { file });
  if (firstByte(bytes) !== 0x7b) return "onnx";
  let json: unknown;
  try {
    json = JSON.parse(textOf(bytes, file, "JSON"));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot tell its format: it begins like JSON but is not valid JSON (${(error as Error).message}); name the format with --from`, { file });
  }
  const has = (key: string) => typeof json === "object" && json !== null && Object.hasOwn(json, key);
  if (has("coefs_")) return "sklearn";
  if (has("modelTopology") || has("weightsManifest")) return "tfjs";
  if (has("format") && (json as { format: unknown }).format === "wasmlp-mlp") throw new CliError("it is already a wasmlp model; there is nothing to import", { file });
  throw new CliError("cannot tell its format: a JSON object with neither coefs_ (a scikit-learn dump) nor modelTopology (a TF.js model.json); name the format with --from", { file });
}

/** --classes: labels in column order, numbers when every one prints back as written. */
function parseClasses(text: string | undefined): Label[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(",");
  if (parts.length < 2 || parts.some((p) => p === "")) throw new UsageError(`--classes expects two or more comma-separated labels such as no,yes, got ${JSON.stringify(text)}`);
  const numbers = parts.map(exactNumber);
  return numbers.every((n) => n !== undefined) ? (numbers as number[]) : parts;
}

/** The weight files a TF.js model.json names, beside it; a path that leaves its folder
 *  (absolute, a URL, or through "..") is refused, so a model.json cannot make wasmlp read
 *  files elsewhere. */
function weightPaths(modelJson: unknown, file: string): string[] {
  const manifest = (modelJson as { weightsManifest?: unknown })?.weightsManifest;
  if (!Array.isArray(manifest)) throw new CliError("not a TF.js model: it has no weightsManifest (expected the model.json that model.save writes)", { file });
  const paths = manifest.flatMap((group: { paths?: unknown }) => (Array.isArray(group?.paths) ? group.paths : []));
  return paths.map((path: unknown) => {
    const ok = typeof path === "string" && path !== "" && !isAbsolute(path) && !/^[a-z][a-z0-9+.-]*:/i.test(path);
    const local = ok ? normalize(path as string) : "";
    if (!ok || local.split(/[\\/]/)[0] === "..") {
      throw new CliError(`its weightsManifest names the weight file ${JSON.stringify(path)}; wasmlp reads weight files beside model.json only`, { file });
    }
    return join(dirname(file), local);
  });
}

/** What the library's importer says, as a failure about FILE. */
function converting<T>(file: string, what: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    throw new CliError(`cannot import this ${what}: ${(error as Error).message}`, { file });
  }
}

export async function importCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, specs, "import");
  if (parsed.values.help) {
    console.log(importHelp);
    return 0;
  }
  const [file] = positionals(parsed, ["FILE"], "import");
  const from = parsed.values.from as string | undefined;
  if (from !== undefined && !FORMATS.includes(from as Format)) throw new UsageError(`--from must be onnx, sklearn or tfjs, got ${JSON.stringify(from)}; see wasmlp import --help`);
  const task = parsed.values.task as string | undefined;
  if (task !== undefined && task !== "classification" && task !== "regression") throw new UsageError(`--task must be classification or regression, got ${JSON.stringify(task)}; see wasmlp import --help`);
  const classes = parseClasses(parsed.values.classes as string | undefined);
  const output = parsed.values.output as string | undefined;
  if (output === undefined) {
    await checkDistinctFiles([{ flag: "FILE", path: file, role: "model to import", output: false }], "import");
  } else {
    await checkDistinctFiles([{ flag: "FILE", path: file, role: "model to import", output: false }, { flag: "-o", path: output, role: "wasmlp model", output: true }], "import");
    await checkWritable(output);
  }

  const bytes = await readInput(file, from === "tfjs" ? "model.json" : "model");
  const format = (from as Format | undefined) ?? detect(bytes, file);
  let model: ModelJSON;
  if (format === "sklearn") {
    if (classes !== undefined) throw new UsageError("--classes is for TF.js and ONNX models: a scikit-learn dump has its classes_; see wasmlp import --help");
    model = converting(file, "scikit-learn dump", () => fromSklearn(textOf(bytes, file, "a scikit-learn dump")));
    const kind = model.kind === "regressor" ? "regression" : "classification";
    if (task !== undefined && task !== kind) throw new CliError(`--task is ${task}, but this scikit-learn dump is an ${kind === "regression" ? "MLPRegressor" : "MLPClassifier"}'s`, { file });
  } else if (format === "tfjs") {
    const text = textOf(bytes, file, "a TF.js model.json");
    const json = converting(file, "TF.js model", () => parseJSON(text, "model.json"));
    const paths = weightPaths(json, file);
    // The output may be none of the weight files either.
    if (output !== undefined) {
      const files: CommandFile[] = paths.map((path) => ({ flag: "", path, role: "weight file", output: false }));
      await checkDistinctFiles([...files, { flag: "-o", path: output, role: "wasmlp model", output: true }], "import");
    }
    const weights: Uint8Array[] = [];
    for (const path of paths) weights.push(await readInput(path, "weight file"));
    model = converting(file, "TF.js model", () => fromTfjs(json, weights, { classes, task: task as Task | undefined }));
  } else {
    const options = { ...(task === undefined ? {} : { task: task as Task }), ...(classes === undefined ? {} : { classes }) };
    model = converting(file, "ONNX model", () => fromONNX(bytes, options));
  }
  if (output === undefined) process.stdout.write(`${JSON.stringify(model)}\n`);
  else await writeJSONAtomically(output, model);
  process.stderr.write(`wasmlp: imported ${describe(model, format)}${output === undefined ? "" : ` into ${output}`}\n`);
  return 0;
}

const FORMAT_NAMES: Record<Format, string> = { onnx: "an ONNX", sklearn: "a scikit-learn", tfjs: "a TF.js" };

/** One line on what was imported, for standard error. */
function describe(model: ModelJSON, format: Format): string {
  const shown = model.classes?.slice(0, 10).map((c) => JSON.stringify(c)).join(", ");
  const outputs = model.kind === "regressor" ? `${model.sizes.at(-1)} target${model.sizes.at(-1) === 1 ? "" : "s"}` : `classes ${shown}${(model.classes?.length ?? 0) > 10 ? ", ..." : ""}`;
  return `${FORMAT_NAMES[format]} ${model.kind === "regressor" ? "regressor" : "classifier"}: layers ${model.sizes.join("-")}, ${model.activation} hidden layers, ${outputs}`;
}
