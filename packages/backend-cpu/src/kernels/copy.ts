import {
  ARRAY_TYPE,
  broadcastStrides,
  type DType,
  isFloatingPoint,
  ops,
  registerKernel,
  type TensorView,
  type TypedArray,
} from '@kindling/core';
import { elementwise } from '../codegen.js';
import { arr, coalesce, isContiguousView } from '../strided.js';

/** The expression that converts a value to `to` (typed-array stores handle the rest: wrap, round). */
function convertExpr(from: DType, to: DType): string {
  if (to === 'bool') return '+(x !== 0)';
  if (to === 'int64' && isFloatingPoint(from)) return 'Math.trunc(x)';
  return 'x';
}

function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** dst[...] = src[...] for two views of one dtype with any strides (one N-d walk, no per-element call). */
function stridedCopy(dst: TensorView, src: TensorView): void {
  const c = coalesce(dst.shape, [dst.strides, src.strides]);
  const d = arr(dst);
  const s = arr(src);
  const nd = c.shape.length;
  if (nd === 0) {
    d[dst.offset] = s[src.offset]!;
    return;
  }
  const [sd, ss] = c.strides as [number[], number[]];
  const inner = c.shape[nd - 1]!;
  const di = sd[nd - 1]!;
  const si = ss[nd - 1]!;
  const idx = new Int32Array(nd);
  let bd = dst.offset;
  let bs = src.offset;
  const total = numelOf(c.shape);
  for (let k = 0; k < total; k += inner) {
    for (let j = 0, p = bd, q = bs; j < inner; j++, p += di, q += si) d[p] = s[q]!;
    for (let x = nd - 2; x >= 0; x--) {
      bd += sd[x]!;
      bs += ss[x]!;
      if (++idx[x]! < c.shape[x]!) break;
      bd -= sd[x]! * c.shape[x]!;
      bs -= ss[x]! * c.shape[x]!;
      idx[x] = 0;
    }
  }
}

function copyKernel([dst, src]: readonly TensorView[]): void {
  const d = dst!;
  let s: TensorView = src!;
  if (numelOf(d.shape) === 0) return;
  // Spelled out: inputs may be Tensors, whose dtype is a prototype getter that a spread would drop.
  s = {
    storage: s.storage,
    dtype: s.dtype,
    offset: s.offset,
    shape: d.shape,
    strides: broadcastStrides(s.shape, s.strides, d.shape),
  };
  const expr = convertExpr(s.dtype, d.dtype);
  if (isContiguousView(d)) {
    if (expr === 'x' && isContiguousView(s) && arr(s).constructor === arr(d).constructor) {
      const n = numelOf(d.shape);
      (arr(d) as Float32Array).set((arr(s) as Float32Array).subarray(s.offset, s.offset + n), d.offset);
      return;
    }
    elementwise(expr, ['x'], [s], d);
    return;
  }
  if (expr !== 'x' || s.dtype !== d.dtype) {
    // Convert into a contiguous temporary, then do a same-type strided copy.
    const tmp = new ARRAY_TYPE[d.dtype](numelOf(d.shape)) as TypedArray;
    const tmpView: TensorView = {
      storage: { ...d.storage, handle: tmp },
      shape: d.shape,
      strides: contiguous(d.shape),
      offset: 0,
      dtype: d.dtype,
    };
    elementwise(expr, ['x'], [s], tmpView);
    s = tmpView;
  }
  stridedCopy(d, s);
}

function contiguous(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i]!;
  }
  return st;
}

function fillKernel(
  [dst]: readonly TensorView[],
  _out: readonly TensorView[],
  { value }: { value: number },
): void {
  const d = dst!;
  const a = arr(d);
  const v = d.dtype === 'bool' ? +(value !== 0) : d.dtype === 'int64' ? Math.trunc(value) : value;
  if (isContiguousView(d)) {
    a.fill(v, d.offset, d.offset + numelOf(d.shape));
    return;
  }
  const one = new ARRAY_TYPE[d.dtype](1) as TypedArray;
  one[0] = v;
  stridedCopy(d, {
    storage: { ...d.storage, handle: one },
    shape: d.shape,
    strides: d.shape.map(() => 0),
    offset: 0,
    dtype: d.dtype,
  });
}

export function registerCopy(): void {
  registerKernel(ops.copyOp, 'cpu', '*', copyKernel);
  registerKernel(ops.fillOp, 'cpu', '*', fillKernel);
}
