// The protocol-buffer wire format, as much of it as ONNX files use: a writer for the
// messages toONNX builds, and a bounds-checked reader for the messages fromONNX walks.
//
// A message is a flat run of fields, each a key then a value. The key is a varint holding
// (field number << 3) | wire type. Varints store 7 bits a byte, low bits first; a byte's
// high bit says another byte follows (so at most 10 bytes hold 64 bits, and a negative
// int64 takes all 10, as its two's complement). The wire types we meet:
//   0  varint: int32, int64, enums, bools
//   1  eight bytes little-endian: double, fixed64
//   2  a varint byte length, then that many bytes: strings, bytes, nested messages, and
//      "packed" repeated numbers (their values back to back, without keys)
//   5  four bytes little-endian: float, fixed32
// (3 and 4 delimited the long-deprecated groups; ONNX has none, so the reader refuses them.)
// A field may repeat; for a singular field the last occurrence wins, and a repeated number
// field may come packed, unpacked (one key per value), or both, so the reader takes all.
// Nothing marks a message's type or end: the reader only knows where it ends from the
// enclosing length, and what a field means from the schema (onnx-schema.ts).

/** Builds one message: fields are appended in the order they are written. */
export class MessageWriter {
  #bytes = new Uint8Array(256);
  #length = 0;

  #reserve(count: number): void {
    if (this.#length + count <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + count));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }

  // A varint of a non-negative safe integer, or of a negative one as 64-bit two's
  // complement (10 bytes): split in 32-bit halves, since bit operators work on 32 bits.
  #varint(value: number): void {
    this.#reserve(10);
    let low = value >>> 0;
    let high = Math.floor(value / 2 ** 32) >>> 0;
    while (high > 0 || low > 0x7f) {
      this.#bytes[this.#length++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    this.#bytes[this.#length++] = low;
  }

  #key(field: number, wire: number): void {
    this.#varint(field * 8 + wire);
  }

  /** An integer field (int32, int64 or enum): wire type 0. */
  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value)) throw new Error(`protobuf: ${value} is not a safe integer`);
    this.#key(field, 0);
    this.#varint(value);
    return this;
  }

  /** A bytes field, or a nested message's bytes: wire type 2. */
  bytes(field: number, value: Uint8Array): this {
    this.#key(field, 2);
    this.#varint(value.length);
    this.#reserve(value.length);
    this.#bytes.set(value, this.#length);
    this.#length += value.length;
    return this;
  }

  /** A string field, UTF-8 encoded: wire type 2. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A nested message: wire type 2. */
  message(field: number, value: MessageWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A repeated integer field, packed. */
  packedInts(field: number, values: readonly number[]): this {
    const packed = new MessageWriter();
    for (const v of values) {
      if (!Number.isSafeInteger(v)) throw new Error(`protobuf: ${v} is not a safe integer`);
      packed.#varint(v);
    }
    return this.bytes(field, packed.finish());
  }

  /** The message's bytes so far (a copy). */
  finish(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }
}

/** One field as read: its wire type and value. A varint or fixed64 comes as a number
 *  (a varint's above 2^53 inexact, negative int64 as negative), a fixed32 as its
 *  float32 bits' value, a length-delimited field as a view on the file's bytes. */
export type Field =
  | { wire: 0; value: number }
  | { wire: 1; value: number; bytes: Uint8Array }
  | { wire: 2; value: Uint8Array }
  | { wire: 5; value: number; bytes: Uint8Array };

/** The fields of one message by field number, in file order. */
export type Message = Map<number, Field[]>;

/** Where a reader is, for error messages: "ModelProto.graph.node[3]". */
export type Path = string;

/** Fields one message may have. */
const MAX_FIELDS = 1 << 20;

const fail = (path: Path, what: string): never => {
  throw new Error(`not a valid ONNX file: ${path} ${what}`);
};

/** A varint at `at`, as [value, next offset]. Up to 7 bytes (49 bits) add up exactly in
 *  a double; longer ones go through BigInt and are read as int64, so ten bytes with the
 *  top bit set are a negative number (as ONNX writes -1 in an int64 field). */
function readVarint(bytes: Uint8Array, at: number, path: Path): [number, number] {
  let value = 0;
  let big = 0n;
  for (let i = 0; i < 10; i++) {
    if (at >= bytes.length) return fail(path, "is truncated (a varint runs past the end)");
    const byte = bytes[at++];
    if (i < 7) value += (byte & 0x7f) * 2 ** (7 * i);
    else big = (i === 7 ? BigInt(value) : big) + (BigInt(byte & 0x7f) << BigInt(7 * i));
    if (!(byte & 0x80)) return [i < 7 ? value : Number(BigInt.asIntN(64, big)), at];
  }
  return fail(path, "has a varint longer than 10 bytes");
}

/**
 * Splits one message's bytes into its fields. Every length is checked against the bytes
 * that remain before anything is sliced, so a declared length beyond the end is an Error
 * at once, whatever its size; nested messages are not read until asked for.
 * @throws Error naming `path`, for bytes that are not a protobuf message
 */
export function readMessage(bytes: Uint8Array, path: Path): Message {
  const fields: Message = new Map();
  let at = 0;
  for (let count = 0; at < bytes.length; count++) {
    // Real ONNX messages have a few fields each (numbers come packed); millions of tiny
    // ones would only cost memory, an object each.
    if (count >= MAX_FIELDS) fail(path, `has more than ${MAX_FIELDS} fields`);
    const [key, afterKey] = readVarint(bytes, at, path);
    at = afterKey;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field < 1 || field > 2 ** 29 - 1) fail(path, `has a field number ${field} outside protobuf's range`);
    let entry: Field;
    if (wire === 0) {
      const [value, next] = readVarint(bytes, at, path);
      at = next;
      entry = { wire, value };
    } else if (wire === 2) {
      const [length, next] = readVarint(bytes, at, path);
      if (length < 0 || length > bytes.length - next) fail(path, `field ${field} declares ${length} bytes where ${bytes.length - next} remain (truncated or damaged)`);
      at = next + length;
      entry = { wire, value: bytes.subarray(next, at) };
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at + size > bytes.length) fail(path, `is truncated (field ${field} needs ${size} bytes)`);
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, size);
      const value = wire === 1 ? view.getFloat64(0, true) : view.getFloat32(0, true);
      entry = { wire, value, bytes: bytes.subarray(at, at + size) };
      at += size;
    } else {
      return fail(path, `has wire type ${wire} (field ${field}), which ONNX never uses`);
    }
    const list = fields.get(field);
    if (list) list.push(entry);
    else fields.set(field, [entry]);
  }
  return fields;
}

/** The last value of a length-delimited field (singular fields: the last one wins), or
 *  undefined. */
export function lastBytes(message: Message, field: number, path: Path): Uint8Array | undefined {
  const list = message.get(field);
  if (!list) return undefined;
  const last = list[list.length - 1];
  return last.wire === 2 ? last.value : fail(path, `field ${field} has wire type ${last.wire}, expected length-delimited`);
}

/** Every value of a repeated length-delimited field (strings, messages). */
export function allBytes(message: Message, field: number, path: Path): Uint8Array[] {
  return (message.get(field) ?? []).map((f, i) => (f.wire === 2 ? f.value : fail(`${path}[${i}]`, `has wire type ${f.wire}, expected length-delimited`)));
}

/** A string field's last value, or `fallback`. */
export function lastString(message: Message, field: number, path: Path, fallback = ""): string {
  const bytes = lastBytes(message, field, path);
  if (bytes === undefined) return fallback;
  return decodeText(bytes, path);
}

/** Bytes as UTF-8 text. */
export function decodeText(bytes: Uint8Array, path: Path): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(path, "holds a string that is not UTF-8");
  }
}

/** The last varint of an integer field, or `fallback`. */
export function lastInt(message: Message, field: number, path: Path, fallback = 0): number {
  const list = message.get(field);
  if (!list) return fallback;
  const last = list[list.length - 1];
  return last.wire === 0 ? last.value : fail(path, `field ${field} has wire type ${last.wire}, expected a varint`);
}

/** The last 32-bit float of a float field, or `fallback`. */
export function lastFloat(message: Message, field: number, path: Path, fallback = 0): number {
  const list = message.get(field);
  if (!list) return fallback;
  const last = list[list.length - 1];
  return last.wire === 5 ? last.value : fail(path, `field ${field} has wire type ${last.wire}, expected a 32-bit float`);
}

/** Every value of a repeated integer field, packed or not, up to `max` of them. */
export function allInts(message: Message, field: number, path: Path, max: number): number[] {
  const values: number[] = [];
  for (const f of message.get(field) ?? []) {
    if (f.wire === 0) values.push(f.value);
    else if (f.wire === 2) {
      for (let at = 0; at < f.value.length; ) {
        const [value, next] = readVarint(f.value, at, path);
        values.push(value);
        at = next;
        if (values.length > max) break;
      }
    } else fail(path, `field ${field} has wire type ${f.wire}, expected integers`);
    if (values.length > max) fail(path, `has more than ${max} values in field ${field}`);
  }
  return values;
}

/** Every value of a repeated fixed-size number field (float: 4 bytes, double: 8), packed
 *  or not, as the little-endian bytes of each value back to back. */
export function allFixed(message: Message, field: number, size: 4 | 8, path: Path): Uint8Array[] {
  return (message.get(field) ?? []).map((f) => {
    if (f.wire === 2) return f.value.length % size === 0 ? f.value : fail(path, `field ${field} holds ${f.value.length} bytes, not a whole number of ${size}-byte values`);
    if ((f.wire === 5 && size === 4) || (f.wire === 1 && size === 8)) return f.bytes;
    return fail(path, `field ${field} has wire type ${f.wire}, expected ${size === 4 ? "floats" : "doubles"}`);
  });
}
