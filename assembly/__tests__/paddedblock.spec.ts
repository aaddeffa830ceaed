import { rowsToPaddedBlock, denseBlock, activateBlock, softmaxBlock, complementRow, blockToRows, PAD } from "../kernels/paddedblock";
import { matmulAddBias } from "../kernels/matmul";
import { activationForward, SIGMOID, TANH, RELU, IDENTITY } from "../kernels/activations";
import { softmaxProbability } from "../kernels/loss";
import { rowsToBlock } from "../kernels/rowblock";
import { probabilitiesToRows, outputsToRows } from "../kernels/probabilityrows";
import { reseed, uniform, randomF32, statistics } from "./random";
import { addr, guarded, guardedCopy, guardIntact } from "./check";

// wasmlp/infer/simd's kernels against the library's, bit for bit: the inference core must
// predict what training's forward pass and the library's prediction path predict. The
// library's kernels are the reference here (their own specs hold them to float64); each
// case is compared as u32 bits, so a NaN must be the same NaN and -0 stays -0. The padded
// kernels take whole vectors only (SIMD builds; the scalar spec run has no such kernels
// to compare), so column counts are multiples of PAD, and rowsToPaddedBlock's row counts
// are any, the block padded with zeros.

const FLT_MAX: f64 = 3.4028234663852886e38;
// Values every rule must treat as the library does: zeros of both signs, subnormals,
// saturation, the tanh polynomial's border, NaN and the infinities.
const SPECIAL: StaticArray<f32> = [
  0, -0.0, 1e-40, -1e-40, 0.625, -0.625, 0.6249999, 20, -20, 88, -88, 104, -104, 1e30, -1e30, NaN, Infinity, -Infinity,
];

/** First index where a and b differ as bits, or -1. */
function firstDifference(a: StaticArray<f32>, b: StaticArray<f32>, count: i32): i32 {
  for (let i = 0; i < count; i++) if (reinterpret<u32>(a[i]) != reinterpret<u32>(b[i])) return i;
  return -1;
}

/** `count` values: random over [-span, span], every eleventh one a SPECIAL value. */
function values(count: i32, span: f64): StaticArray<f32> {
  const out = randomF32(count, -span, span);
  for (let i = 0, k = 0; i < count; i += 11, k++) out[i] = SPECIAL[k % SPECIAL.length];
  return out;
}

if (ASC_FEATURE_SIMD) {
  describe("denseBlock", () => {
    it("gives matmulAddBias's bits for any widths and whole vectors of columns", () => {
      reseed(21);
      const widths: StaticArray<i32> = [1, 2, 3, 5, 7, 20, 64];
      const cols: StaticArray<i32> = [PAD, 2 * PAD, 256];
      for (let u = 0; u < widths.length; u++) {
        for (let i = 0; i < widths.length; i++) {
          for (let c = 0; c < cols.length; c++) {
            const units = widths[u], inputs = widths[i], n = cols[c];
            const w = randomF32(units * inputs, -2, 2);
            const b = randomF32(units, -1, 1);
            const a = values(inputs * n, 10);
            const want = guarded(units * n);
            const got = guarded(units * n);
            matmulAddBias(addr(w), addr(b), addr(a), n, addr(want), units, inputs, n);
            denseBlock(addr(w), addr(b), addr(a), addr(got), units, inputs, n);
            const name = units.toString() + "x" + inputs.toString() + ", " + n.toString() + " columns";
            expect(firstDifference(got, want, units * n)).toBe(-1, name);
            expect(guardIntact(got, units * n)).toBe(true, name + ": nothing past the output");
          }
        }
      }
    });
  });

  describe("activateBlock", () => {
    it("gives activationForward's bits for every activation, special values included", () => {
      reseed(22);
      const kinds: StaticArray<i32> = [SIGMOID, TANH, RELU, IDENTITY];
      const spans: StaticArray<f64> = [1, 8, 120];
      for (let k = 0; k < kinds.length; k++) {
        for (let s = 0; s < spans.length; s++) {
          const count = 4 * PAD;
          const z = values(count, spans[s]);
          const want = guardedCopy(z);
          const got = guardedCopy(z);
          activationForward(kinds[k], addr(want), count);
          activateBlock(kinds[k], addr(got), count);
          const name = "activation " + kinds[k].toString() + ", span " + spans[s].toString();
          expect(firstDifference(got, want, count)).toBe(-1, name);
          expect(guardIntact(got, count)).toBe(true, name + ": nothing past the values");
        }
      }
    });
  });

  describe("softmaxBlock", () => {
    it("gives softmaxProbability's bits, huge and infinite logits included", () => {
      reseed(23);
      for (let classes = 2; classes <= 6; classes++) {
        for (let n = PAD; n <= 256; n *= 4) {
          const z = values(classes * n, 60);
          const want = guardedCopy(z);
          const got = guardedCopy(z);
          softmaxProbability(addr(want), classes, n);
          softmaxBlock(addr(got), classes, n);
          const name = classes.toString() + " classes, " + n.toString() + " columns";
          expect(firstDifference(got, want, classes * n)).toBe(-1, name);
          expect(guardIntact(got, classes * n)).toBe(true, name + ": nothing past the block");
        }
      }
    });
  });

  describe("complementRow and blockToRows", () => {
    it("write a sigmoid output's rows as probabilitiesToRows does (1 - p, p), NaN rows found alike", () => {
      reseed(24);
      const n = 2 * PAD;
      const p = randomF32(n, 0, 1);
      p[5] = 1; p[6] = 0; p[7] = 1e-30; p[9] = NaN; p[20] = NaN;
      const want = guarded(2 * n);
      const wantRow = probabilitiesToRows(addr(p), addr(want), 1, n);
      const block = guarded(2 * n);
      for (let i = 0; i < n; i++) block[i] = p[i];
      complementRow(addr(block), n);
      const got = guarded(2 * n);
      const gotRow = blockToRows(addr(block), addr(got), 2, n);
      expect(firstDifference(got, want, 2 * n)).toBe(-1, "the rows");
      expect(gotRow).toBe(wantRow, "the first NaN row");
      expect(gotRow).toBe(9);
      expect(guardIntact(got, 2 * n)).toBe(true, "nothing past the rows");
    });

    it("write several outputs' rows as outputsToRows does, the first non-finite row found alike", () => {
      reseed(25);
      const width = 3, n = PAD;
      const block = randomF32(width * n, -1e3, 1e3);
      block[2 * n + 12] = Infinity;
      block[n + 14] = NaN;
      const want = guarded(width * n);
      const got = guarded(width * n);
      const wantRow = outputsToRows(addr(block), addr(want), width, n);
      const gotRow = blockToRows(addr(block), addr(got), width, n);
      expect(firstDifference(got, want, width * n)).toBe(-1, "the rows");
      expect(gotRow).toBe(wantRow, "the first non-finite row");
      expect(gotRow).toBe(12);
      expect(guardIntact(got, width * n)).toBe(true, "nothing past the rows");
    });
  });

  describe("rowsToPaddedBlock", () => {
    it("gives rowsToBlock's bits on float32 rows, zeros in the padding, any row count", () => {
      reseed(26);
      const counts: StaticArray<i32> = [1, 3, 4, 5, 15, 16, 17, 31, 33, 255, 256];
      for (let features = 1; features <= 9; features++) {
        for (let i = 0; i < counts.length; i++) {
          for (let standardize = 0; standardize < 2; standardize++) {
            const cols = counts[i];
            const padded = (cols + PAD - 1) & -PAD;
            // rowsToBlock reads up to 12 bytes past the rows (its SIMD loads).
            const rows = randomF32(cols * features + 4, -1e4, 1e4);
            const stats = statistics(features);
            const mean = changetype<usize>(stats), scale = mean + (<usize>features << 3);
            const want = guarded(features * cols);
            const got = guarded(features * padded, 99);
            expect(rowsToBlock(addr(rows), mean, scale, standardize != 0, addr(want), features, cols)).toBe(-1);
            const bad = rowsToPaddedBlock(addr(rows), false, mean, scale, standardize != 0, addr(got), features, cols, padded);
            const name = features.toString() + " features, " + cols.toString() + " rows, standardize " + standardize.toString();
            expect(bad).toBe(-1, name + ": all finite");
            let same = true;
            for (let c = 0; c < features; c++) {
              for (let s = 0; s < padded; s++) {
                const value = got[c * padded + s];
                const expected: f32 = s < cols ? want[c * cols + s] : 0;
                if (reinterpret<u32>(value) != reinterpret<u32>(expected)) same = false;
              }
            }
            expect(same).toBe(true, name);
            expect(guardIntact(got, features * padded)).toBe(true, name + ": nothing past the block");
          }
        }
      }
    });

    it("standardizes float64 rows from their float64 values, clamped to float32's range, then rounded", () => {
      reseed(27);
      const features = 3, cols = 40, padded = 48;
      const rows = new StaticArray<f64>(features * cols);
      for (let i = 0; i < rows.length; i++) rows[i] = uniform(-1e4, 1e4) + 1e-9;
      rows[7] = 3.4e38;
      rows[8] = -3.4e38;
      const stats = statistics(features);
      stats[features + 1] = 1e-3; // 3.4e38 / 1e-3 passes float32's range: the clamp
      stats[features + 2] = 1e-3;
      const mean = changetype<usize>(stats), scale = mean + (<usize>features << 3);
      const got = guarded(features * padded);
      expect(rowsToPaddedBlock(changetype<usize>(rows), true, mean, scale, true, addr(got), features, cols, padded)).toBe(-1);
      let same = true;
      for (let s = 0; s < cols; s++) {
        for (let c = 0; c < features; c++) {
          const z = (rows[s * features + c] - stats[c]) / stats[features + c];
          const want = <f32>(z > FLT_MAX ? FLT_MAX : z < -FLT_MAX ? -FLT_MAX : z);
          if (reinterpret<u32>(got[c * padded + s]) != reinterpret<u32>(want)) same = false;
        }
      }
      expect(same).toBe(true, "float64 rows");
      expect<f32>(got[1 * padded + 2]).toBe(<f32>FLT_MAX, "clamped");
      expect<f32>(got[2 * padded + 2]).toBe(<f32>-FLT_MAX, "clamped");
    });

    it("names the first value that is not a finite float32, row-major, in either width", () => {
      const features = 4, cols = 20;
      const rows = randomF32(features * cols, -1, 1);
      rows[9 * features + 2] = NaN;
      rows[12 * features + 1] = Infinity;
      const stats = statistics(features);
      const mean = changetype<usize>(stats), scale = mean + (<usize>features << 3);
      const block = guarded(features * PAD * 2);
      expect(rowsToPaddedBlock(addr(rows), false, mean, scale, false, addr(block), features, cols, 2 * PAD)).toBe(9 * features + 2);
      const wide = new StaticArray<f64>(features * cols);
      wide[5 * features + 3] = 3.5e38; // finite in float64, past float32's range
      wide[6 * features] = NaN;
      expect(rowsToPaddedBlock(changetype<usize>(wide), true, mean, scale, true, addr(block), features, cols, 2 * PAD)).toBe(5 * features + 3);
    });
  });
}
