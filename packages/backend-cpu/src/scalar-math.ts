import { RuntimeError } from '@kindling/core';
/** Scalar functions JS lacks, with PyTorch's semantics. Called from generated loops as `h.name(x)`. */

/** Round half to even (C's nearbyint), as `torch.round`. */
export function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * erf to double precision: the Taylor series with all-positive terms for |x| < 2.5 (no cancellation),
 * and the continued fraction for erfc beyond.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1·3·…·(2n+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x2) / (2 * n + 1);
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) = 1 - erf(x), accurate for large x where 1 - erf loses every digit. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 2.5) return 1 - erf(x);
  return erfcLarge(x);
}

// erfc for x ≥ 2.5 by Lentz's continued fraction: erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))).
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    D = D === 0 ? tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Floor division for floats as PyTorch computes it (via fmod, so that a ≈ b·q + r holds). */
export function divFloor(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return Math.sign(a / b) * 0;
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

/** Python's `%` for floats: the result has the divisor's sign. */
export function remainder(a: number, b: number): number {
  let m = a % b;
  if (m !== 0 && b < 0 !== m < 0) m += b;
  return m;
}

/** Integer division by zero is an error, as in PyTorch (`ZeroDivisionError`). */
export function zeroDivision(): number {
  throw new RuntimeError('ZeroDivisionError');
}

export const HELPERS = { rint, erf, erfc, divFloor, remainder, zeroDivision };
