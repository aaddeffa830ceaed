// wasmlp export: a trained model as a dependency-free ES module (weights inlined), for
// pages that want no runtime at all, or as an ONNX file for ONNX runtimes.
import { exportModule } from "../../io/standalone-module.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { checkDistinctFiles, checkWritable, readModel, readModelText, writeAtomically, writeBytesAtomically } from "../files.js";

export const exportHelp = `Usage: wasmlp export MODEL.json --format js [-o OUT.js]
       wasmlp export MODEL.json --format onnx -o OUT.onnx

Writes MODEL.json (from wasmlp train) as a standalone ES module with the weights inlined.
It exports predictProba(X) and predict(X) for rows of numbers, classes and features, needs
no wasmlp at run time, and gives the same probabilities as the model, bit for bit.
With --format onnx, writes an ONNX model (opset 13) instead: input X [N, features]; a
classifier's outputs probabilities [N, classes] and class_index [N], a regressor's
predictions [N, targets]; the same outputs as the model within float32 rounding.

Options:
  --format FORMAT       js (an ES module, the default) or onnx (an ONNX file; needs -o
                        unless standard output is redirected)
  -o, --output OUT.js   write here (replaced only when complete; not MODEL.json) instead
                        of standard output
  -h, --help            show this help`;

const specs: Record<string, OptionSpec> = {
  format: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
};

export async function exportCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, specs, "export");
  if (parsed.values.help) {
    console.log(exportHelp);
    return 0;
  }
  const [modelFile] = positionals(parsed, ["MODEL.json"], "export");
  const format = parsed.values.format ?? "js";
  if (format !== "js" && format !== "onnx") throw new UsageError(`--format must be js or onnx, got ${JSON.stringify(format)}; see wasmlp export --help`);
  const output = parsed.values.output as string | undefined;
  // An ONNX file is binary: never printed on a terminal.
  if (format === "onnx" && output === undefined && process.stdout.isTTY) throw new UsageError("--format onnx writes a binary file: give -o OUT.onnx or redirect standard output");
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
    return 0;
  }
  const text = await readModelText(modelFile);
  let source: string;
  try {
    source = exportModule(text);
  } catch (error) {
    throw new CliError(`${(error as Error).message}; expected a model file written by wasmlp train`, { file: modelFile });
  }
  if (output === undefined) process.stdout.write(source);
  else await writeAtomically(output, source);
  return 0;
}
