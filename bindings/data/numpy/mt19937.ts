// The Mersenne Twister MT19937 (M. Matsumoto and T. Nishimura, "Mersenne Twister: a
// 623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS
// 8(1), 1998), with the two seedings of the authors' 2002 reference code, which NumPy's
// legacy RandomState keeps: an integer seed fills the state by Knuth's linear recurrence
// (init_genrand), an array of words mixes into it (init_by_array).
// All arithmetic is on unsigned 32-bit words: Math.imul for products mod 2**32, >>> 0 to wrap.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MT19937 {
  private readonly words = new Uint32Array(N);
  // The next word to temper and hand out; N means the block is used up.
  private index = N;

  /** The state init_genrand(seed) makes: word i = 1812433253 · (w ^ (w >>> 30)) + i of the word before. */
  static fromSeed(seed: number): MT19937 {
    const mt = new MT19937();
    mt.fill(seed);
    return mt;
  }

  /** The state init_by_array(key) makes: init_genrand(19650218), then every key word mixed in. */
  static fromKey(key: ArrayLike<number>): MT19937 {
    const mt = new MT19937();
    const w = mt.words;
    mt.fill(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = w[i - 1] ^ (w[i - 1] >>> 30);
      w[i] = (w[i] ^ Math.imul(prev, 1664525)) + key[j] + j;
      i = mt.wrap(i + 1);
      j = (j + 1) % key.length;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = w[i - 1] ^ (w[i - 1] >>> 30);
      w[i] = (w[i] ^ Math.imul(prev, 1566083941)) - i;
      i = mt.wrap(i + 1);
    }
    // The top bit set keeps the state off the all-zero fixed point.
    w[0] = UPPER_MASK;
    return mt;
  }

  private fill(seed: number): void {
    const w = this.words;
    w[0] = seed;
    for (let i = 1; i < N; i++) w[i] = Math.imul(1812433253, w[i - 1] ^ (w[i - 1] >>> 30)) + i;
    this.index = N;
  }

  // init_by_array walks the words cyclically, copying the last to word 0 as it wraps.
  private wrap(i: number): number {
    if (i < N) return i;
    this.words[0] = this.words[N - 1];
    return 1;
  }

  // The twist: all N words advance at once, each from itself, its successor and word i + M.
  private twist(): void {
    const w = this.words;
    for (let i = 0; i < N; i++) {
      const y = (w[i] & UPPER_MASK) | (w[(i + 1) % N] & LOWER_MASK);
      w[i] = w[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }

  /** The next tempered 32-bit output, as an unsigned integer. */
  nextUint32(): number {
    if (this.index === N) this.twist();
    let y = this.words[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
