import { IndexError, ops, RuntimeError, registerKernel, type TensorView } from '@kindling/core';
import { rowMajorStrides, walkRows } from '../row-walk.js';
import { arr } from '../strided.js';
import { indexPutKernel, nonzeroKernel } from './index-put.js';

/** How a kernel words an out-of-range index: gather/scatter name the value, index_select does not. */
type OutOfBounds = (value: number, dim: number, size: number) => Error;

const namedBounds: OutOfBounds = (v, dim, size) =>
  new RuntimeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
const selfBounds: OutOfBounds = () => new IndexError('index out of range in self');

function dimSize(v: TensorView, dim: number): number {
  return v.shape.length === 0 ? 1 : v.shape[dim]!;
}

function dimStride(v: TensorView, dim: number): number {
  return v.shape.length === 0 ? 0 : v.strides[dim]!;
}

/**
 * `x`'s strides with the indexed dim zeroed: the walk supplies every coordinate but that one. A 0-dim
 * `x` (PyTorch treats it as 1-d of size 1) walks the index's rank with stride 0.
 */
function withoutDim(v: TensorView, dim: number, rank: number): number[] {
  if (v.strides.length === 0) return new Array<number>(rank).fill(0);
  const s = v.strides.slice();
  s[dim] = 0;
  return s;
}

/**
 * A 1-d index seen as a tensor of `shape` whose entry at coordinate i reads index[i[dim]]: turns
 * index_select/index_add into gather/scatter without materialising the expanded index.
 */
function spreadIndex(index: TensorView, shape: readonly number[], dim: number): TensorView {
  const strides = shape.map(() => 0);
  if (shape.length > 0) strides[dim] = index.shape.length === 0 ? 0 : index.strides[0]!;
  return { ...index, shape, strides };
}

/** Checks every index value lies in [0, size) before anything is written (failed ops change nothing). */
function checkBounds(index: TensorView, dim: number, size: number, oob: OutOfBounds): void {
  const I = arr(index);
  walkRows(index.shape, [index.strides], [index.offset], (b, n, st) => {
    for (let j = 0, i = b[0]!; j < n; j++, i += st[0]!) {
      const v = I[i]!;
      if (v < 0 || v >= size) throw oob(v, dim, size);
    }
  });
}

/** out[i] = x[i with coordinate `dim` replaced by index[i]]; `out` and `index` share a shape. */
function gatherInto(x: TensorView, dim: number, index: TensorView, out: TensorView, oob: OutOfBounds): void {
  const size = dimSize(x, dim);
  checkBounds(index, dim, size, oob);
  const X = arr(x);
  const I = arr(index);
  const O = arr(out);
  const xd = dimStride(x, dim);
  const strides = [rowMajorStrides(out.shape), index.strides, withoutDim(x, dim, out.shape.length)];
  walkRows(out.shape, strides, [out.offset, index.offset, x.offset], (b, n, st) => {
    const so = st[0]!;
    const si = st[1]!;
    const sx = st[2]!;
    for (let j = 0, o = b[0]!, i = b[1]!, p = b[2]!; j < n; j++, o += so, i += si, p += sx) {
      O[o] = X[p + I[i]! * xd]!;
    }
  });
}

/** How scatter combines: overwrite, add (`scatter_add`, `index_add`) or multiply. */
export type ScatterMode = 'none' | 'add' | 'multiply';

/**
 * self[i with coordinate `dim` replaced by index[i]] (op)= alpha * src[i], walking index's shape.
 * Bool tensors add as logical or and multiply as logical and, so they stay 0/1.
 */
function scatterInto(
  self: TensorView,
  dim: number,
  index: TensorView,
  src: TensorView,
  mode: ScatterMode,
  alpha: number,
  oob: OutOfBounds,
): void {
  const size = dimSize(self, dim);
  checkBounds(index, dim, size, oob);
  const D = arr(self);
  const S = arr(src);
  const I = arr(index);
  const sd = dimStride(self, dim);
  const bool = self.dtype === 'bool';
  const strides = [
    withoutDim(self, dim, index.shape.length),
    index.strides,
    src.strides.slice(0, index.shape.length),
  ];
  walkRows(index.shape, strides, [self.offset, index.offset, src.offset], (b, n, st) => {
    const sp = st[0]!;
    const si = st[1]!;
    const ss = st[2]!;
    let p = b[0]!;
    let i = b[1]!;
    let q = b[2]!;
    if (mode === 'none') {
      for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd] = S[q]!;
    } else if (mode === 'add') {
      if (bool) for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd]! |= S[q]!;
      else if (alpha === 1)
        for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd]! += S[q]!;
      else for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd]! += alpha * S[q]!;
    } else if (bool) {
      for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd]! &= S[q]!;
    } else {
      for (let j = 0; j < n; j++, p += sp, i += si, q += ss) D[p + I[i]! * sd]! *= S[q]!;
    }
  });
}

function gatherKernel(
  [x, index]: readonly TensorView[],
  [out]: readonly TensorView[],
  { dim }: { dim: number },
): void {
  gatherInto(x!, dim, index!, out!, namedBounds);
}

function indexSelectKernel(
  [x, index]: readonly TensorView[],
  [out]: readonly TensorView[],
  { dim }: { dim: number },
): void {
  gatherInto(x!, dim, spreadIndex(index!, out!.shape, dim), out!, selfBounds);
}

function scatterKernel(
  [self, index, src]: readonly TensorView[],
  _out: readonly TensorView[],
  { dim, reduce }: { dim: number; reduce: ScatterMode },
): void {
  scatterInto(self!, dim, index!, src!, reduce, 1, namedBounds);
}

function indexAddKernel(
  [self, index, source]: readonly TensorView[],
  _out: readonly TensorView[],
  { dim, alpha }: { dim: number; alpha: number },
): void {
  const s = source!;
  scatterInto(self!, dim, spreadIndex(index!, s.shape, dim), s, 'add', alpha, selfBounds);
}

/** Registers gather/scatter/index_select/index_add/index_put/nonzero for every dtype. */
export function registerIndexing(): void {
  registerKernel(ops.gatherOp, 'cpu', '*', gatherKernel);
  registerKernel(ops.indexSelectOp, 'cpu', '*', indexSelectKernel);
  registerKernel(ops.scatterInplaceOp, 'cpu', '*', scatterKernel);
  registerKernel(ops.indexAddInplaceOp, 'cpu', '*', indexAddKernel);
  registerKernel(ops.indexPutInplaceOp, 'cpu', '*', indexPutKernel);
  registerKernel(ops.nonzeroOp, 'cpu', '*', nonzeroKernel);
}
