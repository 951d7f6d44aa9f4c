import { coalesce } from './strided.js';

/**
 * A run of the innermost dim: `bases[k]` is operand k's offset at the run's start, `steps[k]` its
 * stride along the run, `n` the run's length. Called once per run (not per element), so kernels keep
 * their per-element work in a plain inner loop.
 */
export type RowBody = (bases: readonly number[], n: number, steps: readonly number[]) => void;

/**
 * Walks `shape` in row-major order for several operands with their own strides and offsets, after
 * merging dims that every operand walks contiguously. Does nothing when `shape` has no elements.
 */
export function walkRows(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  body: RowBody,
): void {
  let total = 1;
  for (const s of shape) total *= s;
  if (total === 0) return;
  const k = strides.length;
  const c = coalesce(shape, strides);
  const nd = c.shape.length;
  const bases = offsets.slice();
  if (nd === 0) {
    body(bases, 1, new Array<number>(k).fill(0));
    return;
  }
  const inner = c.shape[nd - 1]!;
  const steps = c.strides.map((s) => s[nd - 1]!);
  const idx = new Int32Array(nd);
  for (let r = 0; r < total; r += inner) {
    body(bases, inner, steps);
    for (let d = nd - 2; d >= 0; d--) {
      for (let o = 0; o < k; o++) bases[o]! += c.strides[o]![d]!;
      if (++idx[d]! < c.shape[d]!) break;
      for (let o = 0; o < k; o++) bases[o]! -= c.strides[o]![d]! * c.shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Row-major strides of a shape (for a kernel's contiguous output). */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i]!;
  }
  return st;
}
