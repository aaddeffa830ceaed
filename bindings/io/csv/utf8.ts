// Bytes as text, strictly: wasmlp reads every file as UTF-8, and a byte sequence that is
// not UTF-8 is an error that says where, never a U+FFFD that could merge two labels.

// ignoreBOM: a U+FEFF inside a cell is part of it; only the file's own mark is dropped
// (by the CSV reader).
export const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The offset of the first byte in bytes[start, end) that does not begin a valid UTF-8
 *  sequence (WHATWG's rules: no overlong forms, surrogates or values past U+10FFFF), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + length > end) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return -1;
}

/** Where bytes[start, end) stops being UTF-8, for an error message: the first bad byte
 *  and the text before it. */
export function describeInvalidUtf8(bytes: Uint8Array, start: number, end: number): string {
  const at = Math.max(start, firstInvalidUtf8(bytes, start, end));
  const byte = `byte 0x${bytes[at].toString(16).toUpperCase().padStart(2, "0")}`;
  // Up to 40 bytes of context, from the start of a character (what precedes `at` is valid).
  let from = Math.max(start, at - 40);
  while (from < at && (bytes[from] & 0xc0) === 0x80) from++;
  const before = utf8.decode(bytes.subarray(from, at));
  return `${byte} ${before === "" ? "at its start" : `after ${JSON.stringify(before)}`} is not UTF-8`;
}

/** bytes[start, end) as text; `fail(reason)` makes the error to throw when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number, fail: (reason: string) => Error): string {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    throw fail(describeInvalidUtf8(bytes, start, end));
  }
}
