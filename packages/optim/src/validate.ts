import { ValueError } from '@kindling/core';

/**
 * A number as Python's `repr(float)` writes it (`1e-08`, `0.0001`, `-0.5`), so that error messages
 * read as PyTorch's. Integers print without a fraction: JS cannot tell `1` from `1.0`.
 */
export function pyNum(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  const [mant, expStr] = v.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return String(v);
}

/** Throws PyTorch's `Invalid <what>: <value>` unless `0 <= value`. */
export function checkNonNegative(value: number, what: string): void {
  if (!(value >= 0)) throw new ValueError(`Invalid ${what}: ${pyNum(value)}`);
}

/** Validates `betas` as Adam-family constructors do (`0 <= beta < 1`). */
export function checkBetas(betas: readonly [number, number]): void {
  for (const i of [0, 1] as const) {
    const b = betas[i];
    if (!(b >= 0 && b < 1)) throw new ValueError(`Invalid beta parameter at index ${i}: ${pyNum(b)}`);
  }
}
