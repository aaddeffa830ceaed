import { probabilitiesToRows, outputsToRows } from "../kernels/probabilityrows";
import { reseed, randomF32 } from "./random";
import { addr, guarded, guardIntact } from "./check";

// probabilitiesToRows against a plain reference: row s holds 1 - p[s] (computed in f64,
// rounded once to f32, as JavaScript writes it into a Float32Array) and p[s] for one
// output, else p[k][s] for each class k; bit for bit. Row counts cover the SIMD
// build's groups of four and every remainder.

const COLS: StaticArray<i32> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 255, 256];

function mismatch(probs: StaticArray<f32>, rows: StaticArray<f32>, classes: i32, cols: i32): string {
  const width = max(classes, 2);
  for (let s = 0; s < cols; s++) {
    for (let k = 0; k < width; k++) {
      const want: f32 = classes == 1 ? (k == 0 ? <f32>(1 - <f64>probs[s]) : probs[s]) : probs[k * cols + s];
      const got = rows[s * width + k];
      if (reinterpret<u32>(got) != reinterpret<u32>(want)) {
        return "row " + s.toString() + " column " + k.toString() + ": " + got.toString() + " vs " + want.toString();
      }
    }
  }
  return "";
}

describe("probabilitiesToRows", () => {
  it("writes 1 - p, p per row for one output and the classes per row for a softmax", () => {
    reseed(11);
    for (let classes = 1; classes <= 5; classes++) {
      for (let i = 0; i < COLS.length; i++) {
        const cols = COLS[i];
        const probs = randomF32(classes * cols, 0, 1);
        // 1 - p for p near 0 needs more bits than float32 has; near 1 it is exact.
        probs[0] = 1e-30; if (cols > 1) probs[1] = 0.99999994; if (cols > 2) probs[2] = 0;
        const count = cols * max(classes, 2);
        const rows = guarded(count);
        const name = classes.toString() + " outputs, " + cols.toString() + " rows";
        expect(probabilitiesToRows(addr(probs), addr(rows), classes, cols)).toBe(-1, name + ": no NaN");
        expect(mismatch(probs, rows, classes, cols)).toBe("", name);
        expect(guardIntact(rows, count)).toBe(true, name + ": nothing written past the rows");
      }
    }
  });

  it("reports the first row holding a NaN", () => {
    const cols = 11;
    const ROWS: StaticArray<i32> = [0, 3, 5, 8, 10];
    for (let classes = 1; classes <= 3; classes++) {
      for (let r = 0; r < ROWS.length; r++) {
        const probs = randomF32(classes * cols, 0, 1);
        const row = ROWS[r];
        probs[(classes - 1) * cols + row] = NaN;
        if (row + 1 < cols) probs[row + 1] = NaN;
        const found = probabilitiesToRows(addr(probs), addr(guarded(cols * max(classes, 2))), classes, cols);
        expect(found).toBe(row, classes.toString() + " outputs, NaN in row " + row.toString());
      }
    }
  });
});

describe("outputsToRows (a regressor's predictions)", () => {
  it("copies [width x cols] into rows as they are, one target and several", () => {
    reseed(12);
    for (let width = 1; width <= 3; width++) {
      for (let i = 0; i < COLS.length; i++) {
        const cols = COLS[i];
        const outputs = randomF32(width * cols, -1e30, 1e30);
        const rows = guarded(width * cols);
        const name = width.toString() + " targets, " + cols.toString() + " rows";
        expect(outputsToRows(addr(outputs), addr(rows), width, cols)).toBe(-1, name + ": all finite");
        let same = true;
        for (let s = 0; s < cols; s++) {
          for (let k = 0; k < width; k++) same = same && reinterpret<u32>(rows[s * width + k]) == reinterpret<u32>(outputs[k * cols + s]);
        }
        expect(same).toBe(true, name);
        expect(guardIntact(rows, width * cols)).toBe(true, name + ": nothing written past the rows");
      }
    }
  });

  it("reports the first row holding an infinite or NaN prediction", () => {
    const cols = 9;
    const bad: StaticArray<f32> = [Infinity, -Infinity, NaN];
    for (let b = 0; b < bad.length; b++) {
      for (let row = 0; row < cols; row += 4) {
        const outputs = randomF32(2 * cols, -1, 1);
        outputs[cols + row] = bad[b];
        if (row + 2 < cols) outputs[row + 2] = bad[b];
        expect(outputsToRows(addr(outputs), addr(guarded(2 * cols)), 2, cols)).toBe(row, bad[b].toString() + " in row " + row.toString());
      }
    }
  });
});
