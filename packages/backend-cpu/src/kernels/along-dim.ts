import type { TensorView, TypedArray } from '@kindling/core';
import { contiguousData } from '../strided.js';

/**
 * A tensor seen as `[outer, n, inner]` around one dim, in row-major order (strided inputs are
 * gathered first): element (o, r, i) is `data[offset + (o * n + r) * inner + i]`. A contiguous
 * output of the same shape uses the same indexing without the offset.
 */
export interface Lines {
  readonly data: TypedArray;
  readonly offset: number;
  readonly outer: number;
  readonly n: number;
  readonly inner: number;
}

/** Views `x` as lines along `dim` (a 0-d tensor is one line of one element). */
export function alongDim(x: TensorView, dim: number): Lines {
  const { data, offset } = contiguousData(x);
  const shape = x.shape;
  if (shape.length === 0) return { data, offset, outer: 1, n: 1, inner: 1 };
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i]!;
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i]!;
  return { data, offset, outer, n: shape[dim]!, inner };
}
