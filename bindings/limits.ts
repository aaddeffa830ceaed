// The limits of a wasmlp model and of the core that runs it, in one place. Those the
// WebAssembly core also states (assembly/model.ts, assembly/layout.ts) are compared
// with its sources by tests/limits.test.js.

/** The largest finite float32: the core computes in float32, so every number it reads
 *  must be within ±F32_MAX. */
export const F32_MAX = 3.4028234663852886e38;

/** Units a layer may have, the input (features) and the output (classes, for 3 or more)
 *  included. */
export const MAX_WIDTH = 65536;

/** Layer widths a model has at most: the input, up to 62 hidden layers, the output. Its
 *  63 weight layers are within the core's MAX_LAYERS (64 weight layers). */
export const MAX_LAYERS = 64;

/** Training threads at most: the core cuts a batch into at most MAX_SLICES (16) slices,
 *  and more threads would find none to work on (assembly/layout.ts MAX_THREADS). */
export const MAX_THREADS = 16;

/** Samples per block of the forward pass (assembly/model.ts BLOCK_COLS): wasmlp/infer
 *  writes at most this many rows at a time. */
export const BLOCK_COLS = 256;

/** The longest string V8 (Node 20, Chrome, Edge) makes: 2^29 - 24 characters. A model's
 *  JSON text must fit in one; Firefox and Safari allow longer. */
export const MAX_STRING_LENGTH = 536870888; // 2 ** 29 - 24, a literal so that bundles that do not use it drop it
