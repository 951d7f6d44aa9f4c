import {
  ops,
  type ReduceAttrs,
  type ReduceDimAttrs,
  registerKernel,
  type TensorView,
  type TypedArray,
} from '@kindling/core';
import { arr, isContiguousView, stridedGather } from '../strided.js';

/**
 * Reductions see their input as [outer, R, inner]: `R` the reduced elements, `inner` the elements
 * between them. A contiguous input whose reduced dims form one block is read in place; otherwise the
 * reduced dims are moved last into a contiguous copy (inner = 1).
 */
interface Layout {
  data: TypedArray;
  offset: number;
  outer: number;
  R: number;
  inner: number;
}

function layout(x: TensorView, dims: readonly number[]): Layout {
  const shape = x.shape;
  const nd = shape.length;
  const reduced = dims.length ? dims : [];
  let R = 1;
  for (const d of reduced) R *= shape[d]!;
  let total = 1;
  for (const s of shape) total *= s;
  const block = reduced.length === 0 || reduced[reduced.length - 1]! - reduced[0]! === reduced.length - 1;
  if (block && isContiguousView(x)) {
    let outer = 1;
    let inner = 1;
    for (let i = 0; i < (reduced[0] ?? nd); i++) outer *= shape[i]!;
    for (let i = (reduced[reduced.length - 1] ?? nd - 1) + 1; i < nd; i++) inner *= shape[i]!;
    return { data: arr(x), offset: x.offset, outer, R, inner };
  }
  const kept = shape.map((_, i) => i).filter((i) => !reduced.includes(i));
  const perm = [...kept, ...reduced];
  const src = arr(x);
  const out = new (src.constructor as new (n: number) => TypedArray)(total);
  stridedGather(
    src,
    x.offset,
    perm.map((d) => shape[d]!),
    perm.map((d) => x.strides[d]!),
    out,
  );
  // With R = 0 (a reduced dim of size 0) every kept position still gets the identity (prod → 1).
  let outer = 1;
  for (const d of kept) outer *= shape[d]!;
  return { data: out, offset: 0, outer, R, inner: 1 };
}

type Combine = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any';

const INIT: Record<Combine, number> = { sum: 0, prod: 1, max: -Infinity, min: Infinity, all: 1, any: 0 };

// One loop per combine, written out (no per-element callback). NaN propagates through max/min.
function reduceInto(kind: Combine, L: Layout, out: TypedArray, outOffset: number): void {
  const { data, offset, outer, R, inner } = L;
  if (kind === 'sum' && inner === 1) {
    for (let o = 0; o < outer; o++) out[outOffset + o] = sumRun(data, offset + o * R, R);
    return;
  }
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    acc.fill(INIT[kind]);
    const base = offset + o * R * inner;
    for (let r = 0; r < R; r++) {
      const p = base + r * inner;
      switch (kind) {
        case 'sum':
          for (let i = 0; i < inner; i++) acc[i] += data[p + i]!;
          break;
        case 'prod':
          for (let i = 0; i < inner; i++) acc[i] *= data[p + i]!;
          break;
        case 'max':
          for (let i = 0; i < inner; i++) {
            const v = data[p + i]!;
            if (v > acc[i]! || Number.isNaN(v)) acc[i] = v;
          }
          break;
        case 'min':
          for (let i = 0; i < inner; i++) {
            const v = data[p + i]!;
            if (v < acc[i]! || Number.isNaN(v)) acc[i] = v;
          }
          break;
        case 'all':
          for (let i = 0; i < inner; i++) if (data[p + i] === 0) acc[i] = 0;
          break;
        case 'any':
          for (let i = 0; i < inner; i++) if (data[p + i] !== 0) acc[i] = 1;
          break;
      }
    }
    // Once a NaN is in max/min it must stay (comparisons with NaN are false).
    out.set(acc, outOffset + o * inner);
  }
}

// Summing a contiguous run (full and last-dim sums): the generic loop above pays a switch and a
// Float64Array store per element (~3 ns); four float64 partial sums unrolled run ~5x faster.
function sumRun(data: TypedArray, p: number, R: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = p + R;
  for (; p + 4 <= end; p += 4) {
    s0 += data[p]!;
    s1 += data[p + 1]!;
    s2 += data[p + 2]!;
    s3 += data[p + 3]!;
  }
  for (; p < end; p++) s0 += data[p]!;
  return s0 + s1 + (s2 + s3);
}

function reduceKernel(kind: Combine) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dims }: ReduceAttrs) => {
    reduceInto(kind, layout(x!, dims), arr(out!), out!.offset);
  };
}

/** Values and indices along one dim; the first extreme wins, a NaN beats everything. */
function argKernel(kind: 'max' | 'min', withValues: boolean) {
  return ([x]: readonly TensorView[], outs: readonly TensorView[], { dim }: ReduceDimAttrs) => {
    const L = layout(x!, x!.shape.length ? [dim] : []);
    const { data, offset, outer, R, inner } = L;
    const vals = withValues ? arr(outs[0]!) : null;
    const idxs = arr(outs[withValues ? 1 : 0]!);
    const sign = kind === 'max' ? 1 : -1;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = offset + o * R * inner + i;
        let best = data[base]!;
        let bi = 0;
        if (!Number.isNaN(best)) {
          for (let r = 1; r < R; r++) {
            const v = data[base + r * inner]!;
            if (Number.isNaN(v)) {
              best = v;
              bi = r;
              break;
            }
            if (sign * (v - best) > 0) {
              best = v;
              bi = r;
            }
          }
        }
        if (vals) vals[o * inner + i] = best;
        idxs[o * inner + i] = bi;
      }
    }
  };
}

/** Registers the CPU kernels for sum, prod, amax, amin, all, any, max/min by dim and argmax/argmin. */
export function registerReduce(): void {
  registerKernel(ops.sumOp, 'cpu', '*', reduceKernel('sum'));
  registerKernel(ops.prodOp, 'cpu', '*', reduceKernel('prod'));
  registerKernel(ops.amaxOp, 'cpu', '*', reduceKernel('max'));
  registerKernel(ops.aminOp, 'cpu', '*', reduceKernel('min'));
  registerKernel(ops.allOp, 'cpu', '*', reduceKernel('all'));
  registerKernel(ops.anyOp, 'cpu', '*', reduceKernel('any'));
  registerKernel(ops.maxDimOp, 'cpu', '*', argKernel('max', true));
  registerKernel(ops.minDimOp, 'cpu', '*', argKernel('min', true));
  registerKernel(ops.argmaxOp, 'cpu', '*', argKernel('max', false));
  registerKernel(ops.argminOp, 'cpu', '*', argKernel('min', false));
}
