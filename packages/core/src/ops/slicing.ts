import { RuntimeError } from '../errors.js';
import { contiguousStrides, normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { acceptKeywords } from './args.js';
import { selectDim, sliceDim, strided, window } from './views.js';

// Windows into one dim (narrow/select/slice), splitting, and diagonals: all views over the input.

declare module '../tensor.js' {
  interface Tensor {
    narrow(dim: number, start: number, length: number): Tensor;
    narrow(opts: { dim: number; start: number; length: number }): Tensor;
    select(dim: number, index: number): Tensor;
    select(opts: { dim: number; index: number }): Tensor;
    /** `x[start:end:step]` along `dim` (Python slice semantics: negative and out-of-range bounds clip). */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    /** Views the storage with explicit sizes, strides and offset (expert use, as `as_strided`). */
    asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor;
    unbind(dim?: number): Tensor[];
    unbind(opts: { dim?: number }): Tensor[];
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    split(splitSizeOrSections: number | readonly number[], opts: { dim?: number }): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    chunk(chunks: number, opts: { dim?: number }): Tensor[];
    diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
    diagonal(opts: { offset?: number; dim1?: number; dim2?: number }): Tensor;
  }
}

const T = Tensor.prototype;

T.narrow = function (this: Tensor, dim: number, start: number, length: number) {
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  if (start < -size || start > size) {
    throw new RuntimeError(
      `start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`,
    );
  }
  if (start < 0) start += size;
  if (start + length > size || length < 0) {
    throw new RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return sliceDim(this, d, start, start + length, 1);
} as Tensor['narrow'];
T.select = function (this: Tensor, dim: number, index: number) {
  const nd = this.shape.length;
  if (nd === 0) throw new RuntimeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, nd);
  const size = this.shape[d]!;
  if (index < -size || index >= size) {
    throw new RuntimeError(
      `select(): index ${index} out of range for tensor of size [${this.shape.join(', ')}] at dimension ${d}`,
    );
  }
  return selectDim(this, d, index < 0 ? index + size : index);
} as Tensor['select'];
T.slice = function (dim, start = null, end = null, step = 1) {
  const d = normalizeDim(dim, this.shape.length);
  if (step <= 0) throw new RuntimeError('slice step must be positive');
  const size = this.shape[d]!;
  const clip = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  };
  const s = clip(start, 0);
  const e = Math.max(clip(end, size), s);
  return sliceDim(this, d, s, e, step);
};
T.asStrided = function (this: Tensor, size, stride, storageOffset?: number) {
  storageOffset ??= this.offset;
  const rel = { shape: size, strides: stride, offset: storageOffset - this.offset };
  if (!this.isContiguous()) {
    throw new RuntimeError('asStrided on a non-contiguous tensor is not supported; call .contiguous() first');
  }
  return strided(this, size, stride, storageOffset, rel);
};
T.unbind = function (this: Tensor, dim: number = 0) {
  const d = normalizeDim(dim, this.shape.length);
  return Array.from({ length: this.shape[d]! }, (_, i) => selectDim(this, d, i));
} as Tensor['unbind'];
T.split = function (this: Tensor, splitSizeOrSections: number | readonly number[], dim: number = 0) {
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  const out: Tensor[] = [];
  if (typeof splitSizeOrSections === 'number') {
    const step = splitSizeOrSections;
    if (step <= 0 && size > 0)
      throw new RuntimeError(
        `split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`,
      );
    if (size === 0) return [sliceDim(this, d, 0, 0, 1)];
    for (let s = 0; s < size; s += step) out.push(sliceDim(this, d, s, Math.min(s + step, size), 1));
    return out;
  }
  const total = splitSizeOrSections.reduce((a, b) => a + b, 0);
  if (total !== size) {
    throw new RuntimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSizeOrSections.join(', ')}]`,
    );
  }
  let s = 0;
  for (const len of splitSizeOrSections) {
    out.push(sliceDim(this, d, s, s + len, 1));
    s += len;
  }
  return out;
} as Tensor['split'];
T.chunk = function (this: Tensor, chunks: number, dim: number = 0) {
  if (!Number.isInteger(chunks) || chunks <= 0)
    throw new RuntimeError('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  return this.split(Math.max(1, Math.ceil(size / chunks)), d);
} as Tensor['chunk'];
T.diagonal = function (this: Tensor, offset: number = 0, dim1: number = 0, dim2: number = 1) {
  const nd = this.shape.length;
  const a = normalizeDim(dim1, nd);
  const b = normalizeDim(dim2, nd);
  if (a === b) throw new RuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = Math.max(
    0,
    offset >= 0
      ? Math.min(this.shape[a]!, this.shape[b]! - offset)
      : Math.min(this.shape[a]! + offset, this.shape[b]!),
  );
  const shape = [...this.shape.filter((_, i) => i !== a && i !== b), len];
  const make = (s: readonly number[], off: number) => ({
    strides: [...s.filter((_, i) => i !== a && i !== b), s[a]! + s[b]!],
    offset: off + (len === 0 ? 0 : offset >= 0 ? offset * s[b]! : -offset * s[a]!),
  });
  return window(this, { shape, ...make(contiguousStrides(this.shape), 0) }, make);
} as Tensor['diagonal'];

const KEYWORDS: Record<string, string[]> = {
  narrow: ['dim', 'start', 'length'],
  select: ['dim', 'index'],
  slice: ['dim', 'start', 'end', 'step'],
  asStrided: ['size', 'stride', 'storageOffset'],
  unbind: ['dim'],
  split: ['splitSizeOrSections', 'dim'],
  chunk: ['chunks', 'dim'],
  diagonal: ['offset', 'dim1', 'dim2'],
};
for (const [method, names] of Object.entries(KEYWORDS)) acceptKeywords(T, method, names);
