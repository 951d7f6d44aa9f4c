import { registerCpuBackend } from '@kindling/backend-cpu';
import type { Tensor } from '@kindling/core';
import * as core from '@kindling/core';
import { expect } from 'vitest';

registerCpuBackend();

/** A tensor as the oracle script stores it (non-finite values as Python's repr strings). */
export interface Encoded {
  shape: number[];
  dtype: core.DType;
  data: (number | string | boolean)[];
  requiresGrad?: boolean;
}

/** One golden case from tools/oracle/nn_functional.py. */
export interface OracleCase {
  name: string;
  fn: string;
  args: unknown[];
  inputs: Record<string, Encoded>;
  seed?: number;
  out?: Encoded;
  w?: Encoded;
  grads?: Record<string, Encoded>;
  error?: { type: string; message: string };
}

const num = (v: number | string | boolean): number | boolean =>
  typeof v === 'string' ? (v === 'nan' ? Number.NaN : v.startsWith('-') ? -Infinity : Infinity) : v;

/** Rebuilds a stored tensor. */
export function decode(e: Encoded): Tensor {
  const t = core.tensor(e.data.map(num) as number[], { dtype: e.dtype }).reshape(e.shape);
  return e.requiresGrad ? t.requiresGrad_() : t;
}

/** Replaces `{ $t: name }` references (also inside options objects) with the case's tensors. */
export function resolve(v: unknown, tensors: Record<string, Tensor>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, tensors));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$t === 'string') return tensors[o.$t];
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x, tensors)]));
  }
  return v;
}

/** Element-wise closeness with NaN/inf equality; tolerances by dtype. */
export function expectTensor(got: Tensor, want: Encoded, what: string, minRtol = 0, exact = false): void {
  expect(got.shape, `${what} shape`).toEqual(want.shape);
  expect(got.dtype, `${what} dtype`).toBe(want.dtype);
  const g = Array.from(got.contiguous().dataSync() as ArrayLike<number>, Number);
  const w = want.data.map((x) => Number(num(x)));
  const [r0, atol] = want.dtype === 'float32' ? [2e-5, 2e-6] : [1e-9, 1e-11];
  const rtol = exact ? 0 : Math.max(r0, minRtol);
  const tol = exact ? 0 : atol;
  for (let i = 0; i < w.length; i++) {
    const a = g[i]!;
    const b = w[i]!;
    if (Number.isNaN(b) || !Number.isFinite(b)) {
      expect(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${what}[${i}]: ${a} vs ${b}`).toBe(
        true,
      );
    } else if (Math.abs(a - b) > tol + rtol * Math.abs(b)) {
      expect.fail(`${what}[${i}]: got ${a}, PyTorch ${b}`);
    }
  }
}
