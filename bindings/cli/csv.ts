// An RFC 4180 reader over bytes, fed chunk by chunk: it keeps only the unfinished record
// between chunks and hands each record over as byte ranges, so no field becomes a string
// unless its reader asks (numbers are parsed straight from the bytes). Accepts what users'
// files really hold: a UTF-8 byte-order mark, CRLF, LF or CR line ends, blank lines, and a
// last line without a line end.

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** A syntax error at a line (1-based, where the record starts) and field (1-based). */
export class CsvSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column?: number) {
    super(message);
  }
}

/** One record: fields as byte ranges of `bytes`. Valid only during the callback. */
export interface CsvRecord {
  bytes: Uint8Array;
  /** Number of fields. */
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 where the field was quoted and holds doubled quotes that `text` turns into one. */
  escaped: Uint8Array;
  /** The line the record starts on, 1-based. */
  line: number;
}

const utf8 = new TextDecoder("utf-8");

/** Field `i` of a record as text. */
export function fieldText(record: CsvRecord, i: number): string {
  const text = utf8.decode(record.bytes.subarray(record.starts[i], record.ends[i]));
  return record.escaped[i] ? text.replaceAll('""', '"') : text;
}

export class CsvReader {
  readonly #onRecord: (record: CsvRecord) => void;
  #pending: Uint8Array | null = null;
  #line = 1;
  #started = false;
  #record: CsvRecord = {
    bytes: new Uint8Array(0), count: 0, starts: new Int32Array(64), ends: new Int32Array(64), escaped: new Uint8Array(64), line: 1,
  };

  constructor(onRecord: (record: CsvRecord) => void) {
    this.#onRecord = onRecord;
  }

  /** Reads the complete records of `chunk` (after what is left of earlier chunks). */
  push(chunk: Uint8Array): void {
    this.#feed(chunk, false);
  }

  /** Reads what is left: the last record needs no line end. */
  end(): void {
    this.#feed(new Uint8Array(0), true);
  }

  #feed(chunk: Uint8Array, final: boolean): void {
    let bytes = chunk;
    if (this.#pending) {
      bytes = new Uint8Array(this.#pending.length + chunk.length);
      bytes.set(this.#pending);
      bytes.set(chunk, this.#pending.length);
    }
    let start = 0;
    if (!this.#started) {
      if (bytes.length < 3 && !final) {
        this.#pending = bytes.slice();
        return;
      }
      this.#started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    }
    const used = this.#scan(bytes, start, final);
    // A copy, so the caller's chunk (often a pooled Buffer) can be reused.
    this.#pending = used < bytes.length ? bytes.slice(used) : null;
  }

  #addField(start: number, end: number, escaped: number): void {
    const r = this.#record;
    if (r.count === r.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      r.starts = grow(r.starts);
      r.ends = grow(r.ends);
      r.escaped = grow(r.escaped);
    }
    r.starts[r.count] = start;
    r.ends[r.count] = end;
    r.escaped[r.count] = escaped;
    r.count++;
  }

  // Reads whole records from `pos`; returns where the first unfinished one starts.
  #scan(bytes: Uint8Array, pos: number, final: boolean): number {
    const n = bytes.length;
    const r = this.#record;
    r.bytes = bytes;
    decodedBytes = undefined;
    records: while (pos < n) {
      const first = bytes[pos];
      if (first === LF || first === CR) {
        // A blank line; CR at the end of a chunk may be half of a CRLF.
        if (first === CR && pos + 1 === n && !final) break;
        pos += first === CR && bytes[pos + 1] === LF ? 2 : 1;
        this.#line++;
        continue;
      }
      r.count = 0;
      r.line = this.#line;
      let innerLines = 0;
      let p = pos;
      for (;;) {
        if (p < n && bytes[p] === QUOTE) {
          let q = p + 1;
          let escaped = 0;
          for (;;) {
            q = bytes.indexOf(QUOTE, q);
            if (q < 0 || (q + 1 === n && !final)) {
              if (!final) break records;
              throw new CsvSyntaxError("a quoted field is never closed: expected a closing \"", r.line, r.count + 1);
            }
            if (bytes[q + 1] !== QUOTE) break;
            escaped = 1;
            q += 2;
          }
          for (let i = p + 1; i < q; i++) if (bytes[i] === LF) innerLines++;
          this.#addField(p + 1, q, escaped);
          p = q + 1;
          const next = bytes[p];
          if (p < n && next !== COMMA && next !== LF && next !== CR) {
            throw new CsvSyntaxError(
              "unexpected character after a closing quote: expected a comma or the end of the line " +
                '(write a quote inside a quoted field as "")',
              r.line + innerLines, r.count,
            );
          }
        } else {
          const start = p;
          while (p < n) {
            const c = bytes[p];
            if (c === COMMA || c === LF || c === CR) break;
            p++;
          }
          this.#addField(start, p, 0);
        }
        if (p >= n) {
          if (!final) break records;
          this.#onRecord(r);
          return n;
        }
        const c = bytes[p];
        if (c === COMMA) {
          p++;
          continue;
        }
        if (c === CR) {
          if (p + 1 === n && !final) break records;
          p += bytes[p + 1] === LF ? 2 : 1;
        } else {
          p++;
        }
        this.#onRecord(r);
        this.#line += 1 + innerLines;
        pos = p;
        continue records;
      }
    }
    return pos;
  }
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

// The slow path's text: the whole buffer decoded once (the grammar check has made sure the
// field is ASCII), then sliced, costs less than decoding each field. A reader's scan
// clears it, since a caller may refill the same buffer.
const latin1 = new TextDecoder("latin1");
let decodedBytes: Uint8Array | undefined;
let decodedText = "";

function asciiText(bytes: Uint8Array, start: number, end: number): string {
  if (bytes !== decodedBytes) {
    decodedBytes = bytes;
    decodedText = latin1.decode(bytes);
  }
  return decodedText.slice(start, end);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * The decimal number in bytes[start, end) (spaces and tabs around it allowed), or NaN if
 * the field is anything else (empty, "NaN", "inf", "0x1F", "1,5"). Up to 15 significant
 * digits and a power of ten up to 22 are converted exactly with one rounding, the fast
 * path of Clinger's algorithm (see: Clinger, "How to read floating point numbers
 * accurately", 1990); anything longer goes through Number(), after the same grammar check.
 */
export function parseNumber(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && isBlank(bytes[start])) start++;
  while (end > start && isBlank(bytes[end - 1])) end--;
  let i = start;
  let negative = false;
  if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) negative = bytes[i++] === 0x2d;
  let mantissa = 0;
  let significant = 0;
  let exponent = 0;
  let digits = 0;
  for (; i < end && isDigit(bytes[i]); i++, digits++) {
    if (mantissa === 0 && bytes[i] === 0x30) continue;
    mantissa = mantissa * 10 + (bytes[i] - 0x30);
    significant++;
  }
  if (i < end && bytes[i] === 0x2e) {
    for (i++; i < end && isDigit(bytes[i]); i++, digits++) {
      if (mantissa === 0 && bytes[i] === 0x30) {
        exponent--;
        continue;
      }
      mantissa = mantissa * 10 + (bytes[i] - 0x30);
      significant++;
      exponent--;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (bytes[i] | 0x20) === 0x65) {
    i++;
    let negativeExponent = false;
    if (i < end && (bytes[i] === 0x2d || bytes[i] === 0x2b)) negativeExponent = bytes[i++] === 0x2d;
    if (i === end) return NaN;
    let e = 0;
    for (; i < end && isDigit(bytes[i]); i++) if (e < 1e6) e = e * 10 + (bytes[i] - 0x30);
    exponent += negativeExponent ? -e : e;
  }
  if (i !== end) return NaN;
  if (significant > 15 || exponent > 22 || exponent < -22) return Number(asciiText(bytes, start, end));
  const value = exponent < 0 ? mantissa / POW10[-exponent] : mantissa * POW10[exponent];
  return negative ? -value : value;
}
