import { IndexError, type TensorView, type TypedArray } from '@kindling/core';
import { cpuBackend } from '../backend.js';
import { rowMajorStrides, walkRows } from '../row-walk.js';
import { arr, contiguousData } from '../strided.js';

function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/**
 * Offsets into `self` of every position the index tensors name (negative indices count from the
 * end). All indices are checked before the caller writes anything.
 */
function targetOffsets(self: TensorView, indices: readonly TensorView[]): Float64Array {
  const shape = indices[0]!.shape;
  const out = new Float64Array(numelOf(shape));
  out.fill(self.offset);
  const contiguous = rowMajorStrides(shape);
  indices.forEach((ix, k) => {
    const size = self.shape[k]!;
    const stride = self.strides[k]!;
    const I = arr(ix);
    walkRows(shape, [contiguous, ix.strides], [0, ix.offset], (b, n, st) => {
      for (let j = 0, o = b[0]!, i = b[1]!; j < n; j++, o += st[0]!, i += st[1]!) {
        let v = I[i]!;
        if (v < -size || v >= size)
          throw new IndexError(`index ${v} is out of bounds for dimension ${k} with size ${size}`);
        if (v < 0) v += size;
        out[o]! += v * stride;
      }
    });
  });
  return out;
}

/** Offsets of the non-indexed trailing dims of `self`, relative to an indexed position. */
function restOffsets(self: TensorView, k: number): Float64Array {
  const shape = self.shape.slice(k);
  const out = new Float64Array(numelOf(shape));
  walkRows(shape, [rowMajorStrides(shape), self.strides.slice(k)], [0, 0], (b, n, st) => {
    for (let j = 0, o = b[0]!, p = b[1]!; j < n; j++, o += st[0]!, p += st[1]!) out[o] = p;
  });
  return out;
}

/**
 * `self[indices] = values` (or `+=` with `accumulate`) in place. Inputs: `[self, values, ...indices]`;
 * the k index tensors share one shape B and index self's first k dims; `values` has shape
 * B ++ self.shape[k:]. Duplicate positions: the last write wins, or all add up with `accumulate`.
 */
export function indexPutKernel(
  [self, values, ...indices]: readonly TensorView[],
  _out: readonly TensorView[],
  { accumulate }: { accumulate: boolean },
): void {
  const d = self!;
  const targets = targetOffsets(d, indices);
  const rest = restOffsets(d, indices.length);
  const { data: V, offset: vo } = contiguousData(values!);
  const D = arr(d);
  const nr = rest.length;
  const bool = d.dtype === 'bool';
  for (let b = 0, v = vo; b < targets.length; b++) {
    const base = targets[b]!;
    if (!accumulate) for (let r = 0; r < nr; r++, v++) D[base + rest[r]!] = V[v]!;
    else if (bool) for (let r = 0; r < nr; r++, v++) D[base + rest[r]!]! |= V[v]!;
    else for (let r = 0; r < nr; r++, v++) D[base + rest[r]!]! += V[v]!;
  }
}

/** `nonzero()`: an int64 [n, ndim] tensor of the coordinates of non-zero elements, in row-major order. */
export function nonzeroKernel([x]: readonly TensorView[]): TensorView[] {
  const src = x!;
  const nd = src.shape.length;
  const { data, offset } = contiguousData(src);
  const total = numelOf(src.shape);
  let count = 0;
  for (let i = 0; i < total; i++) if (data[offset + i] !== 0) count++;
  const out = new Float64Array(count * nd) as TypedArray;
  const coord = new Array<number>(nd).fill(0);
  for (let i = 0, w = 0; i < total; i++) {
    if (data[offset + i] !== 0) for (let d = 0; d < nd; d++) out[w++] = coord[d]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d]! < src.shape[d]!) break;
      coord[d] = 0;
    }
  }
  const shape = [count, nd];
  return [
    {
      storage: cpuBackend.upload('int64', out),
      shape,
      strides: rowMajorStrides(shape),
      offset: 0,
      dtype: 'int64',
    },
  ];
}
