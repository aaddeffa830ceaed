// Command-line arguments: one table of options per command, and converters whose errors
// name the flag. Every mistake is a UsageError (exit status 2) on one line.
import { UsageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Splits `args` into options and positionals. A string option takes the next argument
 * whatever it looks like (so `--lr -1` reaches the check that refuses it), or `--name=value`.
 */
export function parseArgs(args: string[], specs: Record<string, OptionSpec>, command: string): Parsed {
  const values: Parsed["values"] = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name]] : [])));
  const usage = (message: string) => new UsageError(`${message}; see wasmlp ${command} --help`);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf("=");
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const name = flag.startsWith("--") ? flag.slice(2) : byShort.get(flag.slice(1));
    const spec = name === undefined ? undefined : specs[name];
    if (name === undefined || spec === undefined || (!flag.startsWith("--") && flag.length !== 2)) {
      // "-epochs" or "--o" are slips too: compare the name without its dashes.
      const hint = didYouMean(flag.replace(/^-+/, ""), Object.keys(specs), (n) => `--${n}`);
      throw new UsageError(`unknown option ${flag}${hint}${hint ? " (" : "; "}see wasmlp ${command} --help${hint ? ")" : ""}`);
    }
    if (spec.type === "boolean") {
      if (equals > 0) throw usage(`${flag} takes no value`);
      values[name] = true;
    } else if (equals > 0) {
      values[name] = arg.slice(equals + 1);
    } else {
      if (i + 1 >= args.length) throw usage(`${flag} needs a value`);
      values[name] = args[++i];
    }
  }
  return { values, positionals };
}

const BYTE_UNITS = new Map([["", 1], ["k", 1 << 10], ["m", 1 << 20], ["g", 1 << 30]]);

/** Converters from an option's text; each error names the flag and what it expects. */
export const convert = {
  number(flag: string, text: string | undefined): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`${flag} expects a number, got ${JSON.stringify(text)}`);
    return value;
  },
  integer(flag: string, text: string | undefined): number | undefined {
    const value = convert.number(flag, text);
    if (value !== undefined && !Number.isSafeInteger(value)) throw new UsageError(`${flag} expects a whole number, got ${JSON.stringify(text)}`);
    return value;
  },
  integers(flag: string, text: string | undefined): number[] | undefined {
    if (text === undefined) return undefined;
    const parts = text.split(",");
    if (parts.some((p) => !/^\s*\d+\s*$/.test(p))) {
      throw new UsageError(`${flag} expects comma-separated layer widths such as 16,8, got ${JSON.stringify(text)}`);
    }
    return parts.map(Number);
  },
  /** A size in bytes from 1 to `max`: digits, then K, M or G (powers of 1024) if wanted. */
  bytes(flag: string, text: string | undefined, max: number): number | undefined {
    if (text === undefined) return undefined;
    const match = /^\s*(\d+)\s*(?:([kmg])(?:i?b)?|b)?\s*$/i.exec(text);
    const value = match ? Number(match[1]) * (BYTE_UNITS.get((match[2] ?? "").toLowerCase()) as number) : NaN;
    if (!(value >= 1 && value <= max)) {
      throw new UsageError(`${flag} expects a size in bytes from 1 to ${max} (K, M and G allowed, as in 64M), got ${JSON.stringify(text)}`);
    }
    return value;
  },
};

/** Exactly `names.length` positionals, or a UsageError naming what is missing or extra. */
export function positionals(parsed: Parsed, names: string[], command: string): string[] {
  const got = parsed.positionals;
  if (got.length < names.length) {
    throw new UsageError(`missing ${names.slice(got.length).join(" and ")}; usage: wasmlp ${command} ${names.join(" ")} [options]`);
  }
  if (got.length > names.length) throw new UsageError(`unexpected argument ${JSON.stringify(got[names.length])}; see wasmlp ${command} --help`);
  return got;
}
