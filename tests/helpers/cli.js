// Running the real `wasmlp` command (build/cli.js) in a child process on files the tests
// write, and reading its CSV output back with a parser of its own.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const cli = join(root, "build/cli.js");

/** A fresh directory; `file(name, text)` writes into it and returns the path. */
export function workspace(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `wasmlp-${prefix}-`));
  return {
    dir,
    path: (name) => join(dir, name),
    file(name, content) {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `node [nodeArgs] build/cli.js ...args` to completion in `cwd`. */
export function wasmlp(args, { cwd, nodeArgs = [] } = {}) {
  const result = spawnSync(process.execPath, [...nodeArgs, cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, WASMLP_DEBUG: "" } });
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the command; `waitFor(pattern)` resolves once stderr matches, `exit` when it ends. */
export function start(args, { cwd } = {}) {
  const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const listeners = [];
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => {
    stderr += d;
    for (const l of listeners.splice(0)) if (l.pattern.test(stderr)) l.resolve(); else listeners.push(l);
  });
  const exit = new Promise((resolve) => child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })));
  return {
    child,
    exit,
    waitFor: (pattern) => new Promise((resolve, reject) => {
      if (pattern.test(stderr)) return resolve();
      listeners.push({ pattern, resolve });
      exit.then(() => reject(new Error(`exited before stderr matched ${pattern}: ${stderr}`)));
    }),
  };
}

/** RFC 4180 records of `text` (quotes, doubled quotes, CRLF), written independently of bindings/io/csv/reader.ts. */
export function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field), records.push(record), (record = []), (field = "");
    } else field += c;
  }
  if (field !== "" || record.length > 0) record.push(field), records.push(record);
  return records;
}

/** Two Gaussian blobs, class 0 around (-1, -1) and class 1 around (1, 1): rows of [x, y, label]. */
export function blobs(rows, seed = 1) {
  let state = seed;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return Array.from({ length: rows }, (_, i) => {
    const label = i % 2;
    const centre = label ? 1 : -1;
    return [(centre + 0.6 * normal()).toFixed(4), (centre + 0.6 * normal()).toFixed(4), label];
  });
}

/** Rows as CSV text with a header. */
export const toCsv = (header, rows, eol = "\n") => [header, ...rows].map((r) => r.join(",")).join(eol) + eol;

/** Runs a check in a spawned process without the library: for npm in a temp project. */
export const run = (command, args, cwd) => spawnSync(command, args, { cwd, encoding: "utf8" });

/** A named pipe at `path`. */
export function fifo(path) {
  const made = spawnSync("mkfifo", [path], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`mkfifo ${path}: ${made.stderr}`);
  return path;
}

/**
 * Runs the command on a named pipe that a writer fills with `bytes` zero bytes, and
 * returns the command's result and whether the writer was cut off: a command that stops
 * reading (and exits) breaks the pipe long before the writer is done.
 */
export async function throughPipe(pipe, args, bytes) {
  const run = start(args);
  const writer = spawn("sh", ["-c", `head -c ${bytes} /dev/zero > "${pipe}"`], { stdio: "ignore" });
  const written = new Promise((resolve) => writer.on("close", (code) => resolve(code)));
  const result = await run.exit;
  // A writer still waiting for a reader (a command that never opened the pipe) is let
  // through, to a pipe that breaks at once.
  closeSync(openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK));
  return { ...result, cutOff: (await written) !== 0 };
}
