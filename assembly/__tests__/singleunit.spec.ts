import { singleUnitBackward } from "../kernels/singleunit";
import { denseGradient } from "../kernels/gradient";
import { matmulTransposeA } from "../kernels/matmul";
import { activationBackward, SIGMOID, TANH, RELU } from "../kernels/activations";
import { reseed, randomF32 } from "./random";
import { addr, guarded, guardedCopy, guardIntact } from "./check";

// The fused sweep must give the bits of the three kernels it stands in for (the sums
// over samples, Wᵀ·D, the activation's backward rule), in both builds: a bitwise
// comparison, so a reordered sum or a dropped zero-add shows.

/** [inputs, cols]: groups of four and their remainders, sample tails of 0 to 3, one
 *  block and the longest row of 1s (1024) and past it. */
const SHAPES: StaticArray<i32> = [5, 256, 3, 37, 1, 6, 8, 64, 7, 3, 4, 1025, 9, 1024];

function bitsEqual(a: StaticArray<f32>, b: StaticArray<f32>, count: i32): bool {
  for (let i = 0; i < count; i++) if (reinterpret<u32>(a[i]) != reinterpret<u32>(b[i])) return false;
  return true;
}

function check(kind: i32, inputs: i32, cols: i32): void {
  const name = "activation " + kind.toString() + ", inputs " + inputs.toString() + ", cols " + cols.toString();
  const d = randomF32(cols, -1, 1);
  // Outputs of the activation: in (0, 1), (-1, 1), or ≥ 0 with exact zeros for relu.
  const a = kind == TANH ? randomF32(inputs * cols, -1, 1) : randomF32(inputs * cols, kind == RELU ? -1 : 0, 1);
  if (kind == RELU) for (let i = 0; i < inputs * cols; i++) a[i] = max<f32>(a[i], 0);
  const w = randomF32(inputs, -2, 2);
  const gw0 = randomF32(inputs, -3, 3);
  const gb0 = randomF32(1, -3, 3);
  // The three kernels.
  const gwWant = guardedCopy(gw0), gbWant = guardedCopy(gb0);
  const eWant = guarded(inputs * cols);
  denseGradient(addr(d), addr(a), cols, addr(gwWant), addr(gbWant), 1, inputs, cols);
  matmulTransposeA(addr(w), addr(d), addr(eWant), 1, inputs, cols);
  activationBackward(kind, addr(a), addr(eWant), inputs * cols);
  // The sweep.
  const gw = guardedCopy(gw0), gb = guardedCopy(gb0);
  const e = guarded(inputs * cols);
  singleUnitBackward(addr(d), addr(a), addr(w), addr(gw), addr(gb), addr(e), kind, inputs, cols);
  expect(bitsEqual(gw, gwWant, inputs)).toBe(true, name + ": weight gradient");
  expect(bitsEqual(gb, gbWant, 1)).toBe(true, name + ": bias gradient");
  expect(bitsEqual(e, eWant, inputs * cols)).toBe(true, name + ": error sent back");
  expect(guardIntact(gw, inputs) && guardIntact(gb, 1) && guardIntact(e, inputs * cols)).toBe(true, name + ": wrote past");
}

describe("singleUnitBackward", () => {
  it("gives the bits of denseGradient, matmulTransposeA and the backward rule", () => {
    reseed(61);
    const kinds: StaticArray<i32> = [SIGMOID, TANH, RELU];
    for (let k = 0; k < kinds.length; k++) {
      for (let i = 0; i < SHAPES.length; i += 2) check(kinds[k], SHAPES[i], SHAPES[i + 1]);
    }
  });

  it("sends back +0, not -0, where W·D is -0 (a sum from 0, as Wᵀ·D is)", () => {
    const d = guarded(4, 0); d[0] = -1; d[1] = 1; d[2] = -0.0; d[3] = 2;
    const a = guarded(4, 0.5);
    const w = guarded(1, 0);
    const gw = guarded(1, 0), gb = guarded(1, 0), e = guarded(4);
    singleUnitBackward(addr(d), addr(a), addr(w), addr(gw), addr(gb), addr(e), SIGMOID, 1, 4);
    for (let s = 0; s < 4; s++) expect<u32>(reinterpret<u32>(e[s])).toBe(0, "e[" + s.toString() + "] is +0");
    expect<f32>(gb[0]).toBe(2, "bias gradient: -1 + 1 - 0 + 2");
  });
});
