// A typed array that grows by fixed-size blocks joined once at the end: growing never
// copies what was read, so a table of any length is read in time linear in its rows.

export class Blocks<T extends Float32Array | Int32Array> {
  readonly #make: (length: number) => T;
  readonly #blockLength: number;
  #full: T[] = [];
  #current: T;
  #used = 0;

  constructor(make: (length: number) => T, blockLength: number) {
    this.#make = make;
    this.#blockLength = blockLength;
    this.#current = make(blockLength);
  }

  push(value: number): void {
    if (this.#used === this.#blockLength) {
      this.#full.push(this.#current);
      this.#current = this.#make(this.#blockLength);
      this.#used = 0;
    }
    this.#current[this.#used++] = value;
  }

  join(): T {
    const out = this.#make(this.#full.length * this.#blockLength + this.#used);
    this.#full.forEach((block, i) => out.set(block, i * this.#blockLength));
    out.set(this.#current.subarray(0, this.#used), this.#full.length * this.#blockLength);
    this.#full = [];
    return out;
  }
}
