// An RFC 4180 reader over bytes, fed chunk by chunk. It hands each record over as byte
// ranges, so no field becomes a string unless its reader asks (cells.ts turns fields into
// values; numbers are parsed straight from the bytes). Between chunks it keeps the
// unfinished record and where its scan stopped, and resumes there: every byte is looked
// at once, and kept bytes are moved only when the buffer fills (growing it to twice what
// it holds), so reading is linear in the input whatever the length of a record. One
// record may hold at most `maxRecordBytes`.
// Accepts what users' files really hold: a UTF-8 byte-order mark, CRLF, LF or CR line
// ends, blank lines, and a last line without a line end.
import { CsvSyntaxError, type CsvRecord } from "./cells.js";

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const MiB = 1 << 20;
const DEFAULT_MAX_RECORD_BYTES = 64 * MiB;
/** The highest --max-record-bytes: the buffer holding a record may grow to twice it. */
export const MAX_RECORD_BYTES_CAP = 1 << 30;
/** Fields in one record: a header this wide has a string per column, and a model's
 *  input layer is at most 65536 wide anyway. */
const MAX_FIELDS = 1 << 20;
// Four times the chunk the table reader reads, so a chunk usually fits without a move.
const MIN_BUFFER = 4 * MiB;

const sizeText = (n: number): string => (n % MiB === 0 ? `${n / MiB} MiB` : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);

// Where the scan is: between records, or in a record at the start of a field, inside an
// unquoted or a quoted field, or just after a field (at a comma or line end).
const BETWEEN = 0;
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
const AFTER_FIELD = 4;

function countLineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) if (bytes[i] === LF) lines++;
  return lines;
}

function grown<T extends Int32Array | Uint8Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

export class CsvReader {
  readonly #onRecord: (record: CsvRecord) => void;
  readonly #maxRecordBytes: number;
  readonly #minBuffer: number;
  #buffer = new Uint8Array(0);
  #length = 0;
  #line = 1;
  #started = false;
  // The scan's state, kept across chunks.
  #state = BETWEEN;
  #pos = 0;
  #recordStart = 0;
  #fieldStart = 0;
  #escaped = 0;
  #innerLines = 0;
  #scanned = 0;
  #moved = 0;
  #record: CsvRecord = {
    bytes: new Uint8Array(0), count: 0, line: 1,
    starts: new Int32Array(64), ends: new Int32Array(64), quoted: new Uint8Array(64), escaped: new Uint8Array(64),
  };

  /** `maxRecordBytes`: the most bytes one record may hold; `bufferBytes`: the smallest
   *  buffer (tests make it tiny, so that bytes are moved at every chunk). */
  constructor(onRecord: (record: CsvRecord) => void, options: { maxRecordBytes?: number; bufferBytes?: number } = {}) {
    this.#onRecord = onRecord;
    this.#maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    this.#minBuffer = options.bufferBytes ?? MIN_BUFFER;
  }

  /** Reads the complete records of `chunk` (after what is left of earlier chunks). */
  push(chunk: Uint8Array): void {
    this.#append(chunk);
    this.#scan(false);
  }

  /** Reads what is left: the last record needs no line end. */
  end(): void {
    this.#scan(true);
  }

  /** Bytes scanned and bytes moved inside the buffer so far: the work, which tests hold
   *  to a constant times the input. */
  get work(): { scanned: number; moved: number } {
    return { scanned: this.#scanned, moved: this.#moved };
  }

  // Copies `chunk` in (the caller may reuse it) after the bytes still needed: the
  // unfinished record, or from where the scan stopped.
  #append(chunk: Uint8Array): void {
    if (this.#length + chunk.length > this.#buffer.length) {
      const keep = this.#state === BETWEEN ? this.#pos : this.#recordStart;
      const live = this.#length - keep;
      const needed = live + chunk.length;
      const size = Math.max(this.#minBuffer, 2 * needed);
      // Room left for at least as much again as is kept, so moving costs at most one
      // byte per byte read; a buffer grown for a long record shrinks back after it.
      if (needed <= this.#buffer.length / 2 && this.#buffer.length <= 2 * size) {
        this.#buffer.copyWithin(0, keep, this.#length);
      } else {
        const buffer = new Uint8Array(size);
        buffer.set(this.#buffer.subarray(keep, this.#length));
        this.#buffer = buffer;
      }
      this.#moved += live;
      this.#length = live;
      this.#shift(keep);
    }
    this.#buffer.set(chunk, this.#length);
    this.#length += chunk.length;
  }

  // The buffer's bytes moved `by` to the left: so do the offsets into them.
  #shift(by: number): void {
    this.#pos -= by;
    if (this.#state === BETWEEN) return;
    this.#recordStart -= by;
    this.#fieldStart -= by;
    const r = this.#record;
    for (let i = 0; i < r.count; i++) {
      r.starts[i] -= by;
      r.ends[i] -= by;
    }
  }

  #addField(start: number, end: number, quoted: number, escaped: number): void {
    const r = this.#record;
    if (r.count === MAX_FIELDS) throw new CsvSyntaxError(`the record has more than ${MAX_FIELDS} fields, the most wasmlp reads`, r.line);
    if (r.count === r.starts.length) {
      r.starts = grown(r.starts);
      r.ends = grown(r.ends);
      r.quoted = grown(r.quoted);
      r.escaped = grown(r.escaped);
    }
    r.starts[r.count] = start;
    r.ends[r.count] = end;
    r.quoted[r.count] = quoted;
    r.escaped[r.count] = escaped;
    r.count++;
  }

  #tooLong(quoted: boolean): CsvSyntaxError {
    const hint = quoted ? "is a closing quote missing?" : "is a line end missing?";
    return new CsvSyntaxError(`the record is longer than ${sizeText(this.#maxRecordBytes)}, the most one may hold (--max-record-bytes sets it); ${hint}`, this.#record.line);
  }

  // Scans on from where the last scan stopped, up to the end of the bytes held (`final`:
  // the end of the input). A record's content (all but its line end) may reach up to
  // `limit`, exclusive: each check below looks at one position, so a record fails at the
  // same byte however the input was cut into chunks. The state lives in locals while
  // scanning (private fields cost a good part of the time) and is saved when it stops.
  #scan(final: boolean): void {
    const n = this.#length;
    const bytes = this.#buffer.subarray(0, n);
    const r = this.#record;
    r.bytes = bytes;
    let p = this.#pos;
    if (!this.#started) {
      if (n < 3 && !final) return;
      this.#started = true;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) p = 3;
    }
    this.#scanned += Math.max(0, n - p);
    const max = this.#maxRecordBytes;
    let state = this.#state;
    let recordStart = this.#recordStart;
    let fieldStart = this.#fieldStart;
    let escaped = this.#escaped;
    let innerLines = this.#innerLines;
    let line = this.#line;
    let limit = recordStart + max;
    scan: for (;;) {
      switch (state) {
        case BETWEEN: {
          if (p >= n) break scan;
          const c = bytes[p];
          if (c === LF || c === CR) {
            // A blank line; CR at the end of the bytes may be half of a CRLF.
            if (c === CR && p + 1 === n && !final) break scan;
            p += c === CR && bytes[p + 1] === LF ? 2 : 1;
            line++;
            continue;
          }
          recordStart = p;
          limit = p + max;
          innerLines = 0;
          r.count = 0;
          r.line = line;
          state = FIELD_START;
          continue;
        }
        case FIELD_START:
          if (p >= n && !final) break scan;
          fieldStart = p;
          if (p < n && bytes[p] === QUOTE) {
            if (p >= limit) throw this.#tooLong(false);
            p++;
            escaped = 0;
            state = QUOTED;
          } else {
            state = UNQUOTED;
          }
          continue;
        case UNQUOTED: {
          for (;;) {
            const stop = n < limit ? n : limit;
            while (p < stop) {
              const c = bytes[p];
              if (c === COMMA || c === LF || c === CR) break;
              p++;
            }
            if (p === n) {
              if (!final) break scan;
            } else if (p === limit && bytes[p] !== LF && bytes[p] !== CR) {
              throw this.#tooLong(false);
            }
            this.#addField(fieldStart, p, 0, 0);
            // The common case, a comma and another unquoted field, stays in this loop.
            if (p < limit && p + 1 < n && bytes[p] === COMMA && bytes[p + 1] !== QUOTE) fieldStart = ++p;
            else break;
          }
          state = AFTER_FIELD;
          continue;
        }
        case QUOTED: {
          const q = bytes.indexOf(QUOTE, p);
          if (q >= limit || (q < 0 && n > limit)) throw this.#tooLong(true);
          if (q < 0) {
            innerLines += countLineFeeds(bytes, p, n);
            p = n;
            if (!final) break scan;
            throw new CsvSyntaxError('a quoted field is never closed: expected a closing "', r.line, r.count + 1);
          }
          innerLines += countLineFeeds(bytes, p, q);
          p = q;
          // A quote at the end of the bytes: a doubled quote or the closing one?
          if (q + 1 === n && !final) break scan;
          if (bytes[q + 1] === QUOTE) {
            if (q + 1 >= limit) throw this.#tooLong(true);
            escaped = 1;
            p = q + 2;
            continue;
          }
          this.#addField(fieldStart + 1, q, 1, escaped);
          p = q + 1;
          // As for unquoted fields: a comma and another quoted field stay here.
          if (p + 1 < limit && p + 1 < n && bytes[p] === COMMA && bytes[p + 1] === QUOTE) {
            fieldStart = p + 1;
            p += 2;
            escaped = 0;
          } else {
            state = AFTER_FIELD;
          }
          continue;
        }
        default: {
          // AFTER_FIELD: at a comma or a line end, or the end of the input.
          const c = bytes[p];
          if (p < n && c === COMMA) {
            if (p >= limit) throw this.#tooLong(false);
            p++;
            state = FIELD_START;
            continue;
          }
          if (p >= n) {
            if (!final) break scan;
          } else if (c === LF) {
            p++;
          } else if (c === CR) {
            if (p + 1 === n && !final) break scan;
            p += bytes[p + 1] === LF ? 2 : 1;
          } else {
            throw new CsvSyntaxError(
              "unexpected character after a closing quote: expected a comma or the end of the line " +
                '(write a quote inside a quoted field as "")',
              r.line + innerLines, r.count,
            );
          }
          state = BETWEEN;
          this.#onRecord(r);
          line += 1 + innerLines;
        }
      }
    }
    this.#pos = p;
    this.#state = state;
    this.#recordStart = recordStart;
    this.#fieldStart = fieldStart;
    this.#escaped = escaped;
    this.#innerLines = innerLines;
    this.#line = line;
  }
}
