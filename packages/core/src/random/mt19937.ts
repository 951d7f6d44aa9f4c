/**
 * The 32-bit Mersenne Twister exactly as PyTorch's `at::mt19937` (ATen/core/MT19937RNGEngine.h):
 * the same words as `std::mt19937`, with PyTorch's bookkeeping (`left`/`next`) kept so that a
 * state saved here matches the bytes of `torch.get_rng_state()`.
 */

/** Words in the state vector (`MERSENNE_STATE_N`). */
export const MT_N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;

function twist(u: number, v: number): number {
  return (((u & UPPER) | (v & LOWER)) >>> 1) ^ (v & 1 ? MATRIX_A : 0);
}

/** One mt19937 engine: `seed()` then `next32()` (PyTorch's `operator()`). */
export class MT19937 {
  /** The 624 state words. */
  readonly state = new Uint32Array(MT_N);
  /** Draws left before the state is regenerated; 1 right after seeding, so the first draw twists. */
  left = 1;
  /** Index of the next word to temper. */
  next = 0;

  constructor(seed = 5489) {
    this.seed(seed);
  }

  /** `init_genrand`: only the low 32 bits of `seed32` are used. */
  seed(seed32: number): void {
    const s = this.state;
    s[0] = seed32 >>> 0;
    for (let j = 1; j < MT_N; j++) {
      const prev = s[j - 1]!;
      s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** The next tempered 32-bit word, as an unsigned number in [0, 2^32). */
  next32(): number {
    if (--this.left === 0) this.regenerate();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private regenerate(): void {
    const s = this.state;
    let j = 0;
    for (; j < MT_N - M; j++) s[j] = s[j + M]! ^ twist(s[j]!, s[j + 1]!);
    for (; j < MT_N - 1; j++) s[j] = s[j + M - MT_N]! ^ twist(s[j]!, s[j + 1]!);
    s[MT_N - 1] = s[M - 1]! ^ twist(s[MT_N - 1]!, s[0]!);
    this.left = MT_N;
    this.next = 0;
  }

  /** A copy with the same state. */
  clone(): MT19937 {
    const c = new MT19937(0);
    c.state.set(this.state);
    c.left = this.left;
    c.next = this.next;
    return c;
  }
}
