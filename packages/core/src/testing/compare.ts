import type { DType, TypedArray } from '../dtype.js';
import type * as Core from '../index.js';
import type { Tolerance } from './spec.js';

/**
 * The `@kindling/core` namespace the suite runs against. It is passed in rather than imported so
 * that the built `@kindling/core/testing` bundle never holds a second copy of core's registries.
 */
export type Torch = typeof Core;

/** A value in the fixture: a number, or `'nan'`, `'inf'`, `'-inf'` (JSON has no non-finite numbers). */
export type GoldenValue = number | 'nan' | 'inf' | '-inf';

/** One tensor PyTorch produced. */
export interface GoldenTensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly values: readonly GoldenValue[];
  /** Whether PyTorch's output carried history (false for bool/int outputs and non-differentiable ops). */
  readonly requiresGrad: boolean;
}

/** PyTorch's result for one sample in one dtype. */
export interface Golden {
  /** FNV-1a of the sample's JSON: a mismatch means the table changed and the fixture is stale. */
  readonly spec: number;
  /** PyTorch raised: the op must throw too. */
  readonly error?: string;
  readonly outputs?: readonly GoldenTensor[];
  /** Gradients of `(out * w).sum()` per input (null: the input does not require grad or gets none). */
  readonly grads?: readonly (readonly GoldenValue[] | null)[];
  /** PyTorch's backward raised (an output requires grad but has no derivative, like floor_divide). */
  readonly gradError?: string;
}

/** The fixture file written by `tools/oracle/generate.py`. */
export interface Goldens {
  readonly torch: string;
  readonly cases: Readonly<Record<string, Golden>>;
}

/** Default tolerances per dtype: float32 ~1e-5 relative, float64 ~1e-10; integers and bools exact. */
export function defaultTolerance(dtype: DType): Tolerance {
  if (dtype === 'float32') return { rtol: 1e-5, atol: 1e-6 };
  if (dtype === 'float64') return { rtol: 1e-10, atol: 1e-12 };
  return { rtol: 0, atol: 0 };
}

function decode(v: GoldenValue): number {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v;
}

/**
 * Compares values elementwise (`|a - e| <= atol + rtol * |e|`, NaN equals NaN, infinities exactly).
 * Returns a description of the first few mismatches, or null when all match.
 */
export function compareValues(
  actual: TypedArray | readonly number[],
  expected: readonly GoldenValue[],
  tol: Tolerance,
): string | null {
  if (actual.length !== expected.length) return `expected ${expected.length} elements, got ${actual.length}`;
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = decode(expected[i]!);
    const ok = Number.isNaN(e)
      ? Number.isNaN(a)
      : a === e || Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    if (!ok) {
      count++;
      if (bad.length < 5) bad.push(`[${i}] got ${a}, expected ${e}`);
    }
  }
  return count === 0
    ? null
    : `${count} of ${expected.length} elements differ (rtol ${tol.rtol}, atol ${tol.atol}): ${bad.join('; ')}`;
}
