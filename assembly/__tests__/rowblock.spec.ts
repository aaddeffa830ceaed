import { rowsToBlock, pickRowsToBlock } from "../kernels/rowblock";
import { reseed, uniform, randomF32, randomOrder, statistics } from "./random";
import { addr, guarded, guardIntact } from "./check";

// rowsToBlock against a plain reference: block[c][s] = rows[s][c], or with statistics
// the f64 (v - mean) / scale clamped to ±FLT_MAX and rounded once, which is what
// bindings/data/samples.ts computes; both must match bit for bit. The SIMD build handles four
// rows at a time and the rest one by one, so the widths and row counts below cover
// every remainder: features 1 to 9 (groups of four features and their tails) and
// cols 1 to 9 and around 256.

const FLT_MAX: f64 = 3.4028234663852886e38;
const COLS: StaticArray<i32> = [1, 2, 3, 4, 5, 7, 8, 9, 255, 256];

function meanAt(stats: StaticArray<f64>): usize {
  return changetype<usize>(stats);
}

function scaleAt(stats: StaticArray<f64>, features: i32): usize {
  return changetype<usize>(stats) + (<usize>features << 3);
}

/** Rows with 16 bytes of slack after them, as the layout leaves after the prediction input. */
function rowsOf(values: StaticArray<f32>): StaticArray<f32> {
  const out = new StaticArray<f32>(values.length + 4);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

/** First place where the block differs from the reference, or "". */
function mismatch(
  rows: StaticArray<f32>, stats: StaticArray<f64>, standardize: bool, block: StaticArray<f32>, features: i32, cols: i32,
): string {
  for (let s = 0; s < cols; s++) {
    for (let c = 0; c < features; c++) {
      let want = rows[s * features + c];
      if (standardize) {
        const z = (<f64>want - stats[c]) / stats[features + c];
        want = <f32>(z > FLT_MAX ? FLT_MAX : z < -FLT_MAX ? -FLT_MAX : z);
      }
      const got = block[c * cols + s];
      if (reinterpret<u32>(got) != reinterpret<u32>(want)) {
        return "row " + s.toString() + " feature " + c.toString() + ": " + got.toString() + " vs " + want.toString();
      }
    }
  }
  return "";
}

function transposed(standardize: bool): void {
  reseed(standardize ? 8 : 7);
  for (let features = 1; features <= 9; features++) {
    for (let i = 0; i < COLS.length; i++) {
      const cols = COLS[i];
      const rows = rowsOf(randomF32(cols * features, -50, 50));
      const stats = statistics(features);
      const block = guarded(cols * features);
      const bad = rowsToBlock(addr(rows), meanAt(stats), scaleAt(stats, features), standardize, addr(block), features, cols);
      const name = features.toString() + " features, " + cols.toString() + " rows";
      expect(bad).toBe(-1, name + ": all finite");
      expect(mismatch(rows, stats, standardize, block, features, cols)).toBe("", name);
      expect(guardIntact(block, cols * features)).toBe(true, name + ": nothing written past the block");
    }
  }
}

describe("rowsToBlock", () => {
  it("transposes row-major rows into a unit-major block, exactly", () => {
    transposed(false);
  });

  it("standardizes as the f64 formula rounded once, for every width and remainder", () => {
    transposed(true);
  });

  it("clamps a standardized value beyond float32's range to ±FLT_MAX", () => {
    const features = 3, cols = 6;
    const values = new StaticArray<f32>(features * cols);
    for (let i = 0; i < values.length; i++) values[i] = i % 2 ? f32.MAX_VALUE : -f32.MAX_VALUE;
    const rows = rowsOf(values);
    const stats = new StaticArray<f64>(2 * features);
    for (let c = 0; c < features; c++) { stats[c] = c == 1 ? -1e300 : 0; stats[features + c] = c == 0 ? 1e-300 : 1; }
    const block = guarded(features * cols);
    expect(rowsToBlock(addr(rows), meanAt(stats), scaleAt(stats, features), true, addr(block), features, cols)).toBe(-1);
    expect(mismatch(rows, stats, true, block, features, cols)).toBe("");
    for (let s = 0; s < cols; s++) {
      expect<f32>(block[s]).toBe(values[s * features] > 0 ? f32.MAX_VALUE : -f32.MAX_VALUE, "tiny scale");
      expect<f32>(block[cols + s]).toBe(f32.MAX_VALUE, "mean -1e300");
    }
  });

  it("passes the extremes of float32 and finds the first value that is not, in row-major order", () => {
    const features = 5, cols = 13;
    const values = randomF32(features * cols, -1, 1);
    values[0] = f32.MAX_VALUE; values[7] = -f32.MAX_VALUE; values[9] = 1.4e-45; values[11] = -0.0;
    const stats = statistics(features);
    const block = guarded(features * cols);
    expect(rowsToBlock(addr(rowsOf(values)), meanAt(stats), scaleAt(stats, features), false, addr(block), features, cols)).toBe(-1);
    const BAD: StaticArray<f32> = [NaN, Infinity, -Infinity];
    // In the SIMD rows' first and last features, and in the rows after the last four.
    const PLACES: StaticArray<i32> = [0, 4, 17, 29, 30, 47, 59, 60, 64];
    for (let b = 0; b < BAD.length; b++) {
      for (let p = 0; p < PLACES.length; p++) {
        for (let flag = 0; flag < 2; flag++) {
          const rows = rowsOf(values);
          rows[PLACES[p]] = BAD[b];
          // A second one further on (in the next row, one feature lower) is not reported.
          if (PLACES[p] + 4 < features * cols) rows[PLACES[p] + 4] = NaN;
          const found = rowsToBlock(addr(rows), meanAt(stats), scaleAt(stats, features), flag == 1, addr(guarded(features * cols)), features, cols);
          expect(found).toBe(PLACES[p], BAD[b].toString() + " at " + PLACES[p].toString());
        }
      }
    }
  });
});

// pickRowsToBlock against direct indexing: block[c][s] = rows[order[s]][c], bit for bit.
// The SIMD build copies four samples and four features at a time, the rest one by one:
// features 1 to 9 and 20 and cols 1 to 9 and around 256 cover every remainder. The
// first and the last row of the matrix are among those picked: a vector read past a
// row's end would put another row's values, or what follows the matrix, in the block.
describe("pickRowsToBlock", () => {
  it("copies the rows the order picks into a unit-major block, exactly", () => {
    reseed(9);
    const WIDTHS: StaticArray<i32> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20];
    for (let f = 0; f < WIDTHS.length; f++) {
      const features = WIDTHS[f];
      for (let i = 0; i < COLS.length; i++) {
        const cols = COLS[i];
        const rows = cols + 37;
        const values = randomF32(rows * features, -50, 50);
        // Bits a copy through a float register could alter, were it not a plain copy.
        values[0] = -0.0; values[values.length - 1] = 1.4e-45;
        const order = randomOrder(rows);
        // The first and the last row of the matrix are picked, the last one last.
        let at = 0;
        for (let s = 0; s < rows; s++) if (order[s] == rows - 1) at = s;
        order[at] = order[cols - 1]; order[cols - 1] = rows - 1;
        for (let s = 0; s < rows; s++) if (order[s] == 0) at = s;
        if (at >= cols) { order[at] = order[0]; order[0] = 0; }
        const block = guarded(cols * features);
        pickRowsToBlock(addr(values), changetype<usize>(order), addr(block), features, cols);
        const name = features.toString() + " features, " + cols.toString() + " rows";
        let wrong = "";
        for (let s = 0; s < cols && !wrong.length; s++) {
          for (let c = 0; c < features; c++) {
            const want = values[order[s] * features + c], got = block[c * cols + s];
            if (reinterpret<u32>(got) != reinterpret<u32>(want)) {
              wrong = "sample " + s.toString() + " (row " + order[s].toString() + ") feature " + c.toString();
              break;
            }
          }
        }
        expect(wrong).toBe("", name);
        expect(guardIntact(block, cols * features)).toBe(true, name + ": nothing written past the block");
      }
    }
  });
});
