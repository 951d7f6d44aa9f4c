import { coalesce, type TensorView, type TypedArray } from '@kindling/core';

// Lives in core (the GPU backend walks views the same way); re-exported for this package's users.
export { coalesce };

/** The typed array behind a CPU tensor view. */
export function arr(v: TensorView): TypedArray {
  return v.storage.handle as TypedArray;
}

export function isContiguousView(v: TensorView): boolean {
  let expected = 1;
  for (let i = v.shape.length - 1; i >= 0; i--) {
    const s = v.shape[i]!;
    if (s !== 1 && v.strides[i] !== expected) return false;
    expected *= s;
  }
  return true;
}

export function isScalarView(v: TensorView): boolean {
  for (let i = 0; i < v.shape.length; i++) if (v.shape[i] !== 1 && v.strides[i] !== 0) return false;
  return true;
}

/** The elements of a view in row-major order: the array itself (with its offset) when contiguous. */
export function contiguousData(v: TensorView): { data: TypedArray; offset: number } {
  if (isContiguousView(v)) return { data: arr(v), offset: v.offset };
  let n = 1;
  for (const s of v.shape) n *= s;
  const src = arr(v);
  const out = new (src.constructor as new (n: number) => TypedArray)(n);
  stridedGather(src, v.offset, v.shape, v.strides, out);
  return { data: out, offset: 0 };
}

/** Copies a strided view into a contiguous array (one shared N-d walk). */
export function stridedGather(
  src: TypedArray,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  out: TypedArray,
): void {
  const c = coalesce(shape, [strides]);
  const nd = c.shape.length;
  if (nd === 0) {
    out[0] = src[offset]!;
    return;
  }
  const st = c.strides[0]!;
  const inner = c.shape[nd - 1]!;
  const si = st[nd - 1]!;
  const idx = new Int32Array(nd);
  let base = offset;
  const total = out.length;
  for (let k = 0; k < total; k += inner) {
    for (let j = 0, p = base; j < inner; j++, p += si) out[k + j] = src[p]!;
    for (let d = nd - 2; d >= 0; d--) {
      base += st[d]!;
      if (++idx[d]! < c.shape[d]!) break;
      base -= st[d]! * c.shape[d]!;
      idx[d] = 0;
    }
  }
}
