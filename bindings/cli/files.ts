// Files the commands write and the model files they read. Writes are atomic: the data
// goes to a temporary file beside the target, is flushed to disk, and only then renamed
// over the target, so a failed, interrupted or killed run leaves either the old file or
// the complete new one, never a part. No output may be an input or another output.
import { open, rename, stat, unlink, access, constants, realpath, type FileHandle } from "node:fs/promises";
import { unlinkSync } from "node:fs";
import { constants as bufferConstants } from "node:buffer";
import { basename, dirname, join, resolve } from "node:path";
import { MLPClassifier, MLPRegressor } from "../index.js";
import { CliError, UsageError } from "./errors.js";
import { decodeUtf8 } from "../io/csv/utf8.js";

/** A file being written; `commit` puts it in place, `discard` leaves the target as it was. */
export class AtomicFile {
  readonly #handle: FileHandle;
  readonly #temporary: string;
  readonly #target: string;
  #pending = "";
  // process.exit (a second Ctrl-C) skips every await: remove the temporary file anyway.
  readonly #onExit = () => {
    try {
      unlinkSync(this.#temporary);
    } catch {
      // Already renamed or removed.
    }
  };

  private constructor(handle: FileHandle, temporary: string, target: string) {
    this.#handle = handle;
    this.#temporary = temporary;
    this.#target = target;
    process.on("exit", this.#onExit);
  }

  static async create(target: string): Promise<AtomicFile> {
    await checkWritable(target);
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}-${Date.now().toString(36)}.tmp`);
    try {
      return new AtomicFile(await open(temporary, "wx"), temporary, target);
    } catch (error) {
      throw new CliError(`cannot write beside it: ${(error as Error).message}`, { file: target });
    }
  }

  /** Buffers `text`, writing it out in large pieces. */
  async write(text: string): Promise<void> {
    this.#pending += text;
    if (this.#pending.length < 1 << 20) return;
    try {
      await this.#flush();
    } catch (error) {
      // A full disk is the user's to fix, not a bug: name the file, as commit does.
      throw new CliError(`cannot write it: ${(error as Error).message}`, { file: this.#target });
    }
  }

  /** Writes `bytes` after what was buffered (binary outputs, such as an ONNX file). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    try {
      await this.#flush();
      await this.#handle.writeFile(bytes);
    } catch (error) {
      throw new CliError(`cannot write it: ${(error as Error).message}`, { file: this.#target });
    }
  }

  async #flush(): Promise<void> {
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    // Not write(), which may write only part (a disk filling up, a file-size limit) and
    // report how much: writeFile goes on until all is written or a write fails.
    await this.#handle.writeFile(text);
  }

  async commit(): Promise<void> {
    try {
      await this.#flush();
      await this.#handle.sync();
      await this.#handle.close();
      await rename(this.#temporary, this.#target);
      process.off("exit", this.#onExit);
    } catch (error) {
      await this.discard();
      throw new CliError(`cannot write it: ${(error as Error).message}`, { file: this.#target });
    }
  }

  async discard(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await unlink(this.#temporary).catch(() => undefined);
    process.off("exit", this.#onExit);
  }
}

/** Fails now, before any long work, if `target` cannot be written. */
export async function checkWritable(target: string): Promise<void> {
  const directory = dirname(target);
  const info = await stat(directory).catch(() => undefined);
  if (!info) throw new CliError(`cannot write it: the directory ${directory} does not exist`, { file: target });
  if (!info.isDirectory()) throw new CliError(`cannot write it: ${directory} is not a directory`, { file: target });
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new CliError("cannot write it: it is a directory", { file: target });
  // Renaming over a device or FIFO would replace it (as root, /dev/null itself).
  if (existing && !existing.isFile()) throw new CliError("cannot write it: it is a device, FIFO or socket, and wasmlp writes a file by putting a new one in its place", { file: target });
  try {
    await access(directory, constants.W_OK);
  } catch {
    throw new CliError(`cannot write it: the directory ${directory} is not writable`, { file: target });
  }
}

/** Writes `text` to `target` atomically. */
export async function writeAtomically(target: string, text: string): Promise<void> {
  const file = await AtomicFile.create(target);
  try {
    await file.write(text);
  } catch (error) {
    await file.discard();
    throw error;
  }
  await file.commit();
}

/** Writes `bytes` to `target` atomically. */
export async function writeBytesAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const file = await AtomicFile.create(target);
  try {
    await file.writeBytes(bytes);
  } catch (error) {
    await file.discard();
    throw error;
  }
  await file.commit();
}

/** Numbers per piece when an array is written out: a piece's text stays small. */
const ARRAY_PIECE = 1 << 16;

/** The text of JSON.stringify(value), in pieces: an array of numbers (a model's params)
 *  goes out a slice at a time, so no string holds the whole file. */
function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > ARRAY_PIECE && value.every((v) => typeof v === "number")) {
    yield "[";
    for (let i = 0; i < value.length; i += ARRAY_PIECE) {
      const piece = JSON.stringify(value.slice(i, i + ARRAY_PIECE));
      yield (i > 0 ? "," : "") + piece.slice(1, -1);
    }
    yield "]";
    return;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    let first = true;
    yield "{";
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      yield `${first ? "" : ","}${JSON.stringify(key)}:`;
      yield* jsonPieces(field);
      first = false;
    }
    yield "}";
    return;
  }
  yield JSON.stringify(value);
}

/** Writes JSON.stringify(value) and a line end to `target` atomically, streaming: a model
 *  up to the format's limit never becomes one string. */
export async function writeJSONAtomically(target: string, value: unknown): Promise<void> {
  const file = await AtomicFile.create(target);
  try {
    for (const piece of jsonPieces(value)) await file.write(piece);
    await file.write("\n");
  } catch (error) {
    await file.discard();
    throw error;
  }
  await file.commit();
}

/** A file a command reads or writes, as its command line names it. */
export interface CommandFile {
  /** The option ("-o", "--plot") or the argument ("DATA.csv") that names it; "" for a
   *  file the command reads of its own accord. */
  flag: string;
  path: string;
  /** What it holds, for the message: "model", "data", "loss plot". */
  role: string;
  output: boolean;
}

interface Identity {
  resolved: string;
  /** With every symbolic link followed, as far as the path exists. */
  real: string;
  dev?: number;
  ino?: number;
}

async function identify(path: string): Promise<Identity> {
  const resolved = resolve(path);
  const info = await stat(path).catch(() => undefined);
  const real = await realpath(resolved).catch(() => realpath(dirname(resolved)).then((dir) => join(dir, basename(resolved)), () => resolved));
  return { resolved, real, dev: info?.dev, ino: info?.ino };
}

/** How `a` and `b` are one file (for the message), or undefined when they are not. */
function sameFile(a: Identity, b: Identity): string | undefined {
  if (a.resolved === b.resolved) return "";
  if (a.real === b.real) return " (through a symbolic link)";
  if (a.dev !== undefined && a.dev === b.dev && a.ino === b.ino) return " (hard links to one file)";
  return undefined;
}

const named = (f: CommandFile): string => (f.flag === "" ? f.path : f.flag.startsWith("-") ? `${f.flag} ${f.path}` : `the ${f.flag} argument ${f.path}`);

/**
 * Refuses, as wrong usage, a run that would write over one of its own inputs or write two
 * outputs to one file: by path (however spelled), through symbolic links, and by device
 * and inode for hard links. Runs before any reading or writing.
 */
export async function checkDistinctFiles(files: CommandFile[], command: string): Promise<void> {
  const ids = await Promise.all(files.map((f) => identify(f.path)));
  files.forEach((a, j) => {
    if (!a.output) return;
    files.forEach((b, i) => {
      // Two outputs are compared once, the later one named first: it is written last.
      if (i === j || (b.output && i > j)) return;
      const how = sameFile(ids[j], ids[i]);
      if (how === undefined) return;
      throw new UsageError(`${named(a)} and ${named(b)} are the same file${how}: the ${a.role} would replace the ${b.role}; choose another path for ${a.flag}; see wasmlp ${command} --help`);
    });
  });
}

// A longer file's text cannot be a JavaScript string, so JSON.stringify cannot have
// written it: no model file is that large.
const MODEL_MAX_BYTES = bufferConstants.MAX_STRING_LENGTH;
const READ_BYTES = 1 << 20;
const JSON_BLANKS = new Set([0x20, 0x09, 0x0a, 0x0d]);

const tooLarge = (file: string) =>
  new CliError(`cannot read it: it holds more than ${MODEL_MAX_BYTES} bytes, the longest text JavaScript holds; no model file is that large`, { file });
const notModel = (reason: string, file: string) => new CliError(`not a wasmlp model: ${reason}; expected a model file written by wasmlp train`, { file });

/** The first byte that is not JSON white space (or a byte-order mark) must open an object:
 *  a device or pipe that holds something else fails here, not after reading it all.
 *  False while `bytes` (the first chunk, when `first`) hold only white space. */
function checkOpening(bytes: Uint8Array, first: boolean, file: string): boolean {
  let i = first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && JSON_BLANKS.has(bytes[i])) i++;
  if (i === bytes.length) return false;
  if (bytes[i] !== 0x7b) throw notModel(`it begins with byte 0x${bytes[i].toString(16).toUpperCase().padStart(2, "0")}, not the "{" a model's JSON begins with`, file);
  return true;
}

/** The bytes of `handle`, at most MODEL_MAX_BYTES; `stream`: not a regular file, so its
 *  size is known only once read, and its start is checked as it arrives. */
async function readBounded(handle: FileHandle, file: string, stream: boolean): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let opened = !stream;
  const buffer = new Uint8Array(READ_BYTES);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > MODEL_MAX_BYTES) throw tooLarge(file);
    chunks.push(buffer.slice(0, bytesRead));
    if (!opened) opened = checkOpening(chunks[chunks.length - 1], chunks.length === 1, file);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** A model file's text, or a CliError that says why it cannot be read. */
export async function readModelText(file: string): Promise<string> {
  const cannotRead = (error: NodeJS.ErrnoException) =>
    new CliError(`cannot read it: ${error.code === "ENOENT" ? "no such file" : error.code === "EISDIR" ? "it is a directory" : error.message}`, { file });
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    throw cannotRead(error as NodeJS.ErrnoException);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new CliError("cannot read it: it is a directory", { file });
    if (info.size > MODEL_MAX_BYTES) throw tooLarge(file);
    const bytes = await readBounded(handle, file, !info.isFile());
    return decodeUtf8(bytes, 0, bytes.length, (reason) => notModel(reason, file));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw cannotRead(error as NodeJS.ErrnoException);
  } finally {
    await handle.close();
  }
}

/** Loads a model file written by `wasmlp train` (or `JSON.stringify(model.toJSON())`):
 *  a classifier, or a regressor when the file's `kind` says so. */
export async function readModel(file: string): Promise<MLPClassifier | MLPRegressor> {
  const text = await readModelText(file);
  // Parsed once here to read `kind`; text that is not JSON goes to the classifier's
  // reader, whose message says why, as before regressors could be read.
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Reported by fromJSON below.
  }
  const regressor = typeof parsed === "object" && parsed !== null && (parsed as { kind?: unknown }).kind === "regressor";
  try {
    return regressor ? await MLPRegressor.fromJSON(parsed) : await MLPClassifier.fromJSON(parsed);
  } catch (error) {
    const message = (error as Error).message;
    const expected = "expected a model file written by wasmlp train";
    throw new CliError(message.startsWith("not a wasmlp model") ? `${message}; ${expected}` : `not a wasmlp model: ${message}; ${expected}`, { file });
  }
}
