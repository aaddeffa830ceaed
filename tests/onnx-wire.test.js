// fromONNX's protobuf reader on encodings that ONNX writers may legally produce but the
// fixtures' writers do not: numbers unpacked (a key per value), packed and unpacked pieces
// of one field, unknown fields of every wire type, a singular field given twice (the last
// wins), negative int64 varints; and the malformed ones it must refuse. The files are
// encoded here by a small encoder of the test's own, written from the wire format's
// definition, sharing no code with the library.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fromONNX } from "../build/index.js";

/** Varint bytes of a safe integer; a negative one as 64-bit two's complement. */
function varint(n) {
  let v = BigInt.asUintN(64, BigInt(n));
  const out = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
}
const key = (field, wire) => varint(field * 8 + wire);
const utf8 = (s) => [...new TextEncoder().encode(s)];
const len = (field, bytes) => [...key(field, 2), ...varint(bytes.length), ...bytes];
const str = (field, s) => len(field, utf8(s));
const int = (field, n) => [...key(field, 0), ...varint(n)];
const f32 = (v) => [...new Uint8Array(Float32Array.of(v).buffer)];
const fixed32 = (field, v) => [...key(field, 5), ...f32(v)];

// onnx.proto's field numbers, written out again here.
const tensorType = (elem, dims) => len(1, [...int(1, elem), ...len(2, dims.flatMap((d) => len(1, typeof d === "string" ? str(2, d) : int(1, d))))]);
const valueInfo = (name, dims) => [...str(1, name), ...len(2, tensorType(1, dims))];
const node = (op, inputs, outputs, name, attributes = []) => [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(3, name), ...str(4, op), ...attributes.flatMap((a) => len(5, a))];
const intAttribute = (name, value) => [...str(1, name), ...int(3, value), ...int(20, 2)];

const W = [0.5, -1.25];
const B = [0.375];

/** A 2-1 sigmoid classifier; `weights` and `extra` let a test choose the encodings. */
function model({ weights, graphExtra = [], modelExtra = [], nodeExtra = [] } = {}) {
  const w = weights ?? [...int(1, 1), ...int(1, 2), ...int(2, 1), ...str(8, "W"), ...len(9, W.flatMap(f32))];
  const b = [...len(1, varint(1)), ...int(2, 1), ...str(8, "b"), ...len(4, B.flatMap(f32))];
  const graph = [
    ...len(1, [...node("Gemm", ["x", "W", "b"], ["z"], "fc", [intAttribute("transB", 1)]), ...nodeExtra]),
    ...len(1, node("Sigmoid", ["z"], ["p"], "head")),
    ...str(2, "g"), ...len(5, w), ...len(5, b),
    ...len(11, valueInfo("x", ["N", 2])), ...len(12, valueInfo("p", ["N", 1])),
    ...graphExtra,
  ];
  return new Uint8Array([...int(1, 7), ...len(8, [...str(1, ""), ...int(2, 13)]), ...len(7, graph), ...modelExtra]);
}

const paramsOf = (bytes) => fromONNX(bytes).params;
const expected = [...W.map(Math.fround), ...B];

test("raw_data and packed float_data read as the same weights", () => {
  // sizes [2, 1, 1]: the layer itself, then the identity layer the builder adds after it.
  assert.equal(paramsOf(model()).slice(0, 3), expected);
});

test("float_data and dims unpacked, or in packed and unpacked pieces, read alike", () => {
  const unpacked = [...int(1, 1), ...int(1, 2), ...int(2, 1), ...str(8, "W"), ...W.flatMap((v) => fixed32(4, v))];
  assert.equal(paramsOf(model({ weights: unpacked })).slice(0, 3), expected);
  const mixed = [...len(1, [...varint(1), ...varint(2)]), ...int(2, 1), ...str(8, "W"), ...fixed32(4, W[0]), ...len(4, f32(W[1]))];
  assert.equal(paramsOf(model({ weights: mixed })).slice(0, 3), expected);
});

test("unknown fields of every wire type are skipped, and a repeated singular field's last value wins", () => {
  const unknown = [...int(900, 5), ...key(901, 1), ...new Array(8).fill(7), ...len(902, [1, 2, 3]), ...key(903, 5), 1, 2, 3, 4];
  assert.equal(paramsOf(model({ graphExtra: unknown, modelExtra: unknown, nodeExtra: unknown })).slice(0, 3), expected);
  // data_type given twice, INT32 then FLOAT: read as FLOAT, as the last one counts.
  const twice = [...int(1, 1), ...int(1, 2), ...int(2, 6), ...int(2, 1), ...str(8, "W"), ...len(9, W.flatMap(f32))];
  assert.equal(paramsOf(model({ weights: twice })).slice(0, 3), expected);
  const intsLast = [...int(1, 1), ...int(1, 2), ...int(2, 1), ...int(2, 6), ...str(8, "W"), ...len(9, W.flatMap(f32))];
  assert.throws(() => fromONNX(model({ weights: intsLast })), /holds integers where weights go/);
});

test("a negative int64 (ten-byte varint) reads as itself: Softmax axis -1", () => {
  assert.equal(varint(-1).length, 10);
  const graph = [
    ...len(1, node("Gemm", ["x", "W", "b"], ["z"], "fc", [intAttribute("transB", 1)])),
    ...len(1, node("Softmax", ["z"], ["p"], "head", [intAttribute("axis", -1)])),
    ...len(5, [...int(1, 3), ...int(1, 2), ...int(2, 1), ...str(8, "W"), ...len(9, [1, 2, 3, 4, 5, 6].flatMap(f32))]),
    ...len(5, [...int(1, 3), ...int(2, 1), ...str(8, "b"), ...len(9, [0, 0, 0].flatMap(f32))]),
    ...len(11, valueInfo("x", ["N", 2])), ...len(12, valueInfo("p", ["N", 3])),
  ];
  const json = fromONNX(new Uint8Array([...int(1, 7), ...len(8, int(2, 13)), ...len(7, graph)]));
  assert.equal(json.sizes, [2, 3, 3]);
});

test("malformed protobuf is an Error that says what is wrong", () => {
  const good = model();
  const cases = [
    [new Uint8Array([...good, ...key(5, 3)]), /wire type 3/],
    [new Uint8Array([...good, ...key(5, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /longer than 10 bytes/],
    [new Uint8Array([...good, ...key(5, 0), 0xff]), /truncated/],
    [new Uint8Array([...good, ...key(5, 1), 1, 2, 3]), /truncated/],
    [new Uint8Array([...good, ...key(7, 2), ...varint(2 ** 50)]), /declares/],
    [new Uint8Array([...int(1, 7), ...len(8, int(2, 13)), ...int(7, 5)]), /wire type 0, expected length-delimited/],
    [new Uint8Array(int(1, 7)), /no graph/],
    [new Uint8Array([...int(1, 7), ...len(7, [])]), /imports no opset/],
  ];
  for (const [bytes, pattern] of cases) {
    let error;
    try {
      fromONNX(bytes);
    } catch (e) {
      error = e;
    }
    assert.instance(error, Error, String(pattern));
    assert.is(error.constructor, Error);
    assert.match(error.message, pattern);
  }
});

test.run();
