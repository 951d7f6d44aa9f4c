/**
 * The conformance suite's own deterministic generator. `tools/oracle/generate.py` implements the
 * identical arithmetic, so both sides build bit-identical inputs from the sample table alone.
 */

/**
 * A 32-bit linear congruential generator (Numerical Recipes constants) yielding doubles in [0, 1).
 * Every step is exact in doubles, so Python's integers reproduce it bit for bit.
 */
export class Lcg {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next value in [0, 1): the new state divided by 2^32. */
  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state / 4294967296;
  }
}

/** FNV-1a over the UTF-16 code units of `s` (ASCII keys only): the seed of a sample. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h;
}
