// Files the commands write and the model files they read. Writes are atomic: the data
// goes to a temporary file beside the target, is flushed to disk, and only then renamed
// over the target, so a failed, interrupted or killed run leaves either the old file or
// the complete new one, never a part.
import { open, readFile, rename, stat, unlink, access, constants, type FileHandle } from "node:fs/promises";
import { unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { MLPClassifier } from "../index.js";
import { CliError } from "./errors.js";

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
  if ((await stat(target).catch(() => undefined))?.isDirectory()) throw new CliError("cannot write it: it is a directory", { file: target });
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

/** A model file's text, or a CliError that says why it cannot be read. */
export async function readModelText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read it: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (error as Error).message}`, { file });
  }
}

/** Loads a model file written by `wasmlp train` (or `JSON.stringify(clf.toJSON())`). */
export async function readModel(file: string): Promise<MLPClassifier> {
  const text = await readModelText(file);
  try {
    return await MLPClassifier.fromJSON(text);
  } catch (error) {
    const message = (error as Error).message;
    const expected = "expected a model file written by wasmlp train";
    throw new CliError(message.startsWith("not a wasmlp model") ? `${message}; ${expected}` : `not a wasmlp model: ${message}; ${expected}`, { file });
  }
}
