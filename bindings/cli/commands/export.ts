// wasmlp export: a trained model as a dependency-free JavaScript module (weights inlined),
// for pages and scripts that want no runtime at all: an ES module (--format js) or a
// CommonJS one (--format cjs); or an ONNX file for ONNX runtimes (--format onnx).
import { dirname, extname, join, resolve } from "node:path";
import { readFile } from "node:fs/promises";
import { exportModule } from "../../io/standalone-module.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { checkDistinctFiles, checkWritable, readModel, readModelText, writeAtomically, writeBytesAtomically } from "../files.js";

export const exportHelp = `Usage: wasmlp export MODEL.json --format js|cjs [-o OUT]
       wasmlp export MODEL.json --format onnx -o OUT.onnx

Writes MODEL.json (from wasmlp train) as a standalone JavaScript module with the weights
inlined. It exports predictProba(X) and predict(X) for rows of numbers, classes and
features, needs no wasmlp at run time, and gives the same probabilities as the model, bit
for bit.
With --format onnx, writes an ONNX model (opset 13) instead: input X [N, features]; a
classifier's outputs probabilities [N, classes] and class_index [N], a regressor's
predictions [N, targets]; the same outputs as the model within float32 rounding.

Options:
  --format js           an ES module (import, bundlers); the default
  --format cjs          a CommonJS module (require in Node)
  --format onnx         an ONNX file (needs -o unless standard output is redirected;
                        without an extension, .onnx is added)
  -o, --output OUT      write here (replaced only when complete; not MODEL.json) instead
                        of standard output. Without an extension, .mjs (js) or .cjs (cjs)
                        is added, which Node reads as that kind of module anywhere. A .js
                        file is read by Node as the nearest package.json's "type" says:
                        wasmlp warns when that is not the kind it writes
  -h, --help            show this help`;

const specs: Record<string, OptionSpec> = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
};

// What each --format writes, and the extensions that name that kind of module in Node.
const FORMATS = {
  js: { module: "esm", kind: "module", name: "an ES module", own: ".mjs", other: ".cjs", switchTo: "-o with .mjs, or --format cjs for require()" },
  cjs: { module: "cjs", kind: "commonjs", name: "a CommonJS module", own: ".cjs", other: ".mjs", switchTo: "-o with .cjs, or --format js for import" },
} as const;

type Format = keyof typeof FORMATS | "onnx";

/** The "type" of the nearest package.json above `file` (undefined: none, or no "type"),
 *  which tells Node how to read a .js file there, and that package.json's path. */
async function packageType(file: string): Promise<{ type: unknown; manifest: string | undefined }> {
  for (let dir = dirname(resolve(file)); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    const text = await readFile(manifest, "utf8").catch(() => undefined);
    if (text !== undefined) {
      try {
        return { type: (JSON.parse(text) as { type?: unknown }).type, manifest };
      } catch {
        return { type: undefined, manifest }; // Node refuses a broken package.json itself
      }
    }
    if (dirname(dir) === dir) return { type: undefined, manifest: undefined };
  }
}

/** The file to write: OUT as given, or with the format's extension when it has none.
 *  A .js file Node would read as the other kind of module gets a warning. */
async function outputFile(output: string, format: Format): Promise<string> {
  const extension = extname(output);
  if (format === "onnx") return extension === "" ? output + ".onnx" : output;
  const spec = FORMATS[format];
  if (extension === "") return output + spec.own;
  if (extension === spec.other) {
    throw new UsageError(`-o ${output}: a ${spec.other} file is read by Node as ${spec.other === ".cjs" ? "CommonJS" : "an ES module"}, but --format ${format} writes ${spec.name}; use ${spec.own} or the other --format`);
  }
  if (extension === ".js") {
    const { type, manifest } = await packageType(output);
    const where = manifest ?? "no package.json";
    if (type === (spec.kind === "module" ? "commonjs" : "module")) {
      console.error(`wasmlp: warning: Node will read ${output} as ${type === "module" ? "an ES module" : "CommonJS"} (${where} says "type": "${type}") and fail on ${spec.name} (bundlers read it either way); for Node use ${spec.switchTo}`);
    } else if (type !== "module" && type !== "commonjs" && spec.kind === "module") {
      // Without a "type", Node reads a .js file as CommonJS; from 20.19 it falls back to an
      // ES module when the file does not parse as CommonJS, with a warning of its own.
      console.error(`wasmlp: warning: ${where} gives no "type", so Node reads ${output} as CommonJS; Node 20.19 and later then reparse it as an ES module with a warning, older Node fails on it; for Node use ${spec.switchTo}`);
    }
  }
  return output;
}

export async function exportCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, specs, "export");
  if (parsed.values.help) {
    console.log(exportHelp);
    return 0;
  }
  const [modelFile] = positionals(parsed, ["MODEL.json"], "export");
  const format = (parsed.values.format ?? "js") as Format;
  if (format !== "onnx" && !Object.hasOwn(FORMATS, format)) throw new UsageError(`--format must be js, cjs or onnx, got ${JSON.stringify(format)}; see wasmlp export --help`);
  const given = parsed.values.output as string | undefined;
  // An ONNX file is binary: never printed on a terminal.
  if (format === "onnx" && given === undefined && process.stdout.isTTY) throw new UsageError("--format onnx writes a binary file: give -o OUT.onnx or redirect standard output");
  const output = given === undefined ? undefined : await outputFile(given, format);
  if (output !== undefined) {
    await checkDistinctFiles([
      { flag: "MODEL.json", path: modelFile, role: "model", output: false },
      { flag: "-o", path: output, role: format === "onnx" ? "ONNX model" : "module", output: true },
    ], "export");
    await checkWritable(output);
  }
  if (format === "onnx") {
    const bytes = (await readModel(modelFile)).toONNX();
    if (output === undefined) process.stdout.write(bytes);
    else await writeBytesAtomically(output, bytes);
    if (output !== given) console.error(`wasmlp: wrote ${output}`);
    return 0;
  }
  const text = await readModelText(modelFile);
  let source: string;
  try {
    source = exportModule(text, { format: FORMATS[format].module });
  } catch (error) {
    throw new CliError(`${(error as Error).message}; expected a model file written by wasmlp train`, { file: modelFile });
  }
  if (output === undefined) process.stdout.write(source);
  else {
    await writeAtomically(output, source);
    if (output !== given) console.error(`wasmlp: wrote ${output}`);
  }
  return 0;
}
