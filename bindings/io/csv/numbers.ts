// Decimal numbers parsed straight from a CSV file's bytes, exactly as Number() parses
// their text, without making a string of every cell.

export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

// The slow path's text: the whole buffer decoded once (the grammar check has made sure the
// field is ASCII), then sliced, costs less than decoding each field. It is kept for the
// same view of bytes only: the CSV reader hands each scan's bytes over as a new view, and
// no caller changes the bytes of a view it has passed.
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
