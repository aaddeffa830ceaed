// wasmlp export: a trained model as a dependency-free ES module (weights inlined), for
// pages that want no runtime at all.
import { exportModule } from "../../io/standalone-module.js";
import { parseArgs, positionals, type OptionSpec } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { checkDistinctFiles, checkWritable, readModelText, writeAtomically } from "../files.js";

export const exportHelp = `Usage: wasmlp export MODEL.json --format js [-o OUT.js]

Writes MODEL.json (from wasmlp train) as a standalone ES module with the weights inlined.
It exports predictProba(X) and predict(X) for rows of numbers, classes and features, needs
no wasmlp at run time, and gives the same probabilities as the model, bit for bit.

Options:
  --format js           the output format (js: an ES module; the only one so far)
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
  if (format !== "js") throw new UsageError(`--format must be js, got ${JSON.stringify(format)}; see wasmlp export --help`);
  const output = parsed.values.output as string | undefined;
  if (output !== undefined) {
    await checkDistinctFiles([
      { flag: "MODEL.json", path: modelFile, role: "model", output: false },
      { flag: "-o", path: output, role: "module", output: true },
    ], "export");
    await checkWritable(output);
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
