import {
  coalesce,
  contiguousStrides,
  type DType,
  numel,
  ops,
  RuntimeError,
  registerKernel,
  type TensorView,
  type TypedArray,
} from '@kindling/core';
import type { GpuStorage } from '../backend.js';
import { KernelBuilder } from '../builder.js';
import { gpuState } from '../device.js';
import { CHUNK } from '../program.js';
import { castExpr, writeView } from '../write.js';

// Out-of-range indices. The CPU kernels raise PyTorch's IndexError/RuntimeError before writing; a
// kernel cannot throw, and checking on the host would read the index tensor back (a pipeline stall
// in the GL modes) on every call. PyTorch's CUDA backend uses a device-side assert, which gpu.js has
// no equivalent of. So device 'gpu' does not detect them: reads (gather, index_select) give 0 and
// writes (scatter, index_add, index_put) drop the entry. Core validates on the host where it already
// reads indices anyway (take, subscripts with tensors).

/** A 0-d view seen as 1-d of size 1 (gather/scatter treat a scalar as one element along dim 0). */
function atLeast1d(v: TensorView): TensorView {
  return v.shape.length > 0 ? v : { ...v, shape: [1], strides: [0] };
}

/**
 * Emits `for j in [0, count)` as blocks of at most CHUNK trips (llvmpipe stops any single loop at
 * 65,535), calling `body` with the name of `j`. `count` is an expression (argument or local).
 */
export function forBlocks(k: KernelBuilder, count: string, body: (j: string) => void): void {
  const [nb, b, lim, t, j] = ['nb', 'b', 'lim', 't', 'j'].map((p) => k.fresh(p)) as string[];
  k.line(`const ${nb} = Math.ceil(${count} / ${CHUNK}.0);`);
  k.line(`for (let ${b} = 0.0; ${b} < ${nb}; ${b}++) {`);
  k.line(`const ${lim} = Math.min(${CHUNK}.0, ${count} - ${b} * ${CHUNK}.0);`);
  k.line(`for (let ${t} = 0.0; ${t} < ${lim}; ${t}++) {`);
  k.line(`const ${j} = ${b} * ${CHUNK}.0 + ${t};`);
  body(j);
  k.line('}');
  k.line('}');
}

/** `offset + Σ idx_d · stride_d` over every dim but `skip`, sizes as arguments. */
function addressWithout(k: KernelBuilder, v: TensorView, idx: readonly string[], skip: number): string {
  return [
    k.arg(v.offset),
    ...v.strides.flatMap((s, d) => (d === skip ? [] : [`${idx[d]} * ${k.arg(s)}`])),
  ].join(' + ');
}

/**
 * `out[i] = x[i with coordinate dim → index(i)]` over out's shape; `indexAt(idx)` gives the address of
 * the index entry for output coordinates `idx`. Out-of-range entries read 0 (see the note above).
 */
function gatherLike(
  x: TensorView,
  out: TensorView,
  dim: number,
  index: TensorView,
  indexAt: (k: KernelBuilder, idx: readonly string[]) => string,
): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const X = atLeast1d(x);
  const k = new KernelBuilder();
  const xs = k.buffer(X);
  const is = k.buffer(index);
  const idx = k.unravel('tid', out.shape.length > 0 ? out.shape : [1]);
  k.line(`const iv = ${is}[${indexAt(k, idx)}];`);
  k.line('let res = 0.0;');
  k.line(`if (iv >= 0.0 && iv < ${k.arg(X.shape[dim]!)}) {`);
  k.line(`  res = ${xs}[${addressWithout(k, X, idx, dim)} + iv * ${k.arg(X.strides[dim]!)}];`);
  k.line('}');
  writeView(out, k.run(castExpr(out.dtype, 'res'), n));
}

function gatherKernel(
  [x, index]: readonly TensorView[],
  [out]: readonly TensorView[],
  { dim }: { dim: number },
): void {
  const I = atLeast1d(index!);
  gatherLike(x!, out!, dim, I, (k, idx) => k.address(I.offset, I.strides, idx));
}

function indexSelectKernel(
  [x, index]: readonly TensorView[],
  [out]: readonly TensorView[],
  { dim }: { dim: number },
): void {
  const I = index!;
  const stride = I.shape.length === 0 ? 0 : I.strides[0]!;
  gatherLike(x!, out!, dim, I, (k, idx) => `${k.arg(I.offset)} + ${idx[dim]} * ${k.arg(stride)}`);
}

/** How a matching source entry combines into the destination cell (`acc`), before the cast. */
function combine(mode: 'none' | 'add' | 'multiply', v: string): string {
  if (mode === 'none') return v;
  return mode === 'add' ? `acc + ${v}` : `acc * ${v}`;
}

/**
 * The scatter family written gather-style, since a kernel writes only its own cell: every cell of
 * `self` starts from its value and walks, in source order, the entries that can land on it — for
 * scatter, the positions along `dim` that share its other coordinates. Later entries see earlier
 * results, so duplicates overwrite (last wins) or accumulate exactly as the CPU loop does, and the
 * value is cast after every step (bool add/multiply become or/and, integers truncate as they go).
 */
function scatterKernel(
  [self, index, src]: readonly TensorView[],
  _out: readonly TensorView[],
  { dim, reduce }: { dim: number; reduce: 'none' | 'add' | 'multiply' },
): void {
  const D = atLeast1d(self!);
  const I = atLeast1d(index!);
  const S = atLeast1d(src!);
  const n = numel(D.shape);
  if (n === 0) return;
  const k = new KernelBuilder();
  const ds = k.buffer(D);
  const is = k.buffer(I);
  const ss = k.buffer(S);
  const c = k.unravel('tid', D.shape);
  k.line(`let acc = ${ds}[${k.address(D.offset, D.strides, c)}];`);
  // Index entries exist only where every other coordinate lies within index's shape.
  const fits = I.shape.flatMap((s, d) => (d === dim ? [] : [`${c[d]} < ${k.arg(s)}`]));
  k.line(`if (${fits.length > 0 ? fits.join(' && ') : `${c[dim]} >= 0.0`}) {`);
  k.line(`const ib = ${addressWithout(k, I, c, dim)};`);
  k.line(`const sb = ${addressWithout(k, S, c, dim)};`);
  const [si, sj] = [k.arg(I.strides[dim]!), k.arg(S.strides[dim]!)];
  forBlocks(k, k.arg(I.shape[dim]!), (j) => {
    k.line(`if (${is}[ib + ${j} * ${si}] === ${c[dim]}) {`);
    k.line(`acc = ${castExpr(D.dtype, combine(reduce, `${ss}[sb + ${j} * ${sj}]`))};`);
    k.line('}');
  });
  k.line('}');
  writeView(self!, k.run('acc', n));
}

/** index_add: every cell of `self` adds `alpha · source` for each index entry naming its coordinate. */
function indexAddKernel(
  [self, index, source]: readonly TensorView[],
  _out: readonly TensorView[],
  { dim, alpha }: { dim: number; alpha: number },
): void {
  const D = atLeast1d(self!);
  const S = atLeast1d(source!);
  const I = index!;
  const n = numel(D.shape);
  if (n === 0) return;
  const k = new KernelBuilder();
  const ds = k.buffer(D);
  const is = k.buffer(I);
  const ss = k.buffer(S);
  const c = k.unravel('tid', D.shape);
  k.line(`let acc = ${ds}[${k.address(D.offset, D.strides, c)}];`);
  k.line(`const ib = ${k.arg(I.offset)};`);
  k.line(`const sb = ${addressWithout(k, S, c, dim)};`);
  const [si, sj, a] = [k.arg(I.shape.length === 0 ? 0 : I.strides[0]!), k.arg(S.strides[dim]!), k.arg(alpha)];
  forBlocks(k, k.arg(numel(I.shape)), (j) => {
    k.line(`if (${is}[ib + ${j} * ${si}] === ${c[dim]}) {`);
    k.line(`acc = ${castExpr(D.dtype, `acc + ${a} * ${ss}[sb + ${j} * ${sj}]`)};`);
    k.line('}');
  });
  writeView(self!, k.run('acc', n));
}

/**
 * index_put: `self[i0, …, ik-1] = values` (or `+=`). Inputs `[self, values, ...indices]`, the indices
 * of one shape B over self's first k dims (negatives count from the end), values of shape
 * B ++ self.shape[k:]. Every cell of self walks all of B in order and takes each entry whose k
 * indices name it: the last write wins, or all add up with `accumulate`.
 */
function indexPutKernel(
  [self, values, ...indices]: readonly TensorView[],
  _out: readonly TensorView[],
  { accumulate }: { accumulate: boolean },
): void {
  const D = self!;
  const V = values!;
  const n = numel(D.shape);
  const K = indices.length;
  const bshape = indices[0]!.shape;
  const nb = bshape.length;
  if (n === 0 || numel(bshape) === 0) return;
  // B's dims walked once for all index tensors and the values' leading dims, merged where they agree.
  const walk = coalesce(bshape, [...indices.map((t) => t.strides), V.strides.slice(0, nb)]);
  const k = new KernelBuilder();
  const ds = k.buffer(D);
  const vs = k.buffer(V);
  const ixs = indices.map((t) => k.buffer(t));
  const c = k.unravel('tid', D.shape.length > 0 ? D.shape : [1]);
  const dAddr = D.shape.length > 0 ? k.address(D.offset, D.strides, c) : k.arg(D.offset);
  k.line(`let acc = ${ds}[${dAddr}];`);
  const rest = V.strides.slice(nb).map((s, d) => `${c[K + d]} * ${k.arg(s)}`);
  k.line(`const vb = ${[k.arg(V.offset), ...rest].join(' + ')};`);
  forBlocks(k, k.arg(numel(bshape)), (j) => {
    const b = k.unravel(j, walk.shape);
    k.line('let hit = 1.0;');
    indices.forEach((t, m) => {
      const size = k.arg(D.shape[m]!);
      const v = k.fresh('iv');
      k.line(`let ${v} = ${ixs[m]}[${k.address(t.offset, walk.strides[m]!, b)}];`);
      k.line(`if (${v} < 0.0) { ${v} = ${v} + ${size}; }`);
      k.line(`if (${v} !== ${c[m]}) { hit = 0.0; }`);
    });
    k.line('if (hit > 0.5) {');
    const val = `${vs}[vb + ${k.address(0, walk.strides[K]!, b)}]`;
    k.line(`acc = ${castExpr(D.dtype, accumulate ? `acc + ${val}` : val)};`);
    k.line('}');
  });
  writeView(D, k.run('acc', n));
}

/**
 * nonzero: the coordinates of the non-zero elements, int64 [count, ndim]. The output's shape depends
 * on the data (the op's meta has no outputs), so the host must learn the count before anything can
 * be allocated: one synchronous read is unavoidable (PyTorch's CUDA nonzero synchronizes too), so the
 * op is unavailable in mode 'webgpu', which has no synchronous read. Having paid for the read, the
 * coordinates are computed on the host from the values and uploaded once, which costs no more than a
 * device-side count followed by a second read or launch.
 */
function nonzeroKernel([x]: readonly TensorView[]): TensorView[] {
  if (!gpuState().info.syncReads) {
    throw new RuntimeError(
      `nonzero (and masked_select, boolean-mask indexing) on device 'gpu' needs its input's values on the host to know the output's shape, and mode '${gpuState().info.mode}' cannot read synchronously: move the tensor first with \`await t.toAsync('cpu')\``,
    );
  }
  const src = x!;
  const nd = src.shape.length;
  const total = numel(src.shape);
  // Read just the storage span the view covers.
  let lo = src.offset;
  let hi = src.offset;
  src.shape.forEach((s, d) => {
    const reach = (s - 1) * src.strides[d]!;
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  const storage = src.storage as GpuStorage;
  const { backend } = storage;
  const data: TypedArray = total > 0 ? backend.readSync!(storage, lo, hi - lo + 1) : new Float32Array(0);
  const coords: number[] = [];
  const coord = new Array<number>(nd).fill(0);
  let count = 0;
  for (let i = 0; i < total; i++) {
    let at = src.offset - lo;
    for (let d = 0; d < nd; d++) at += coord[d]! * src.strides[d]!;
    if (data[at] !== 0) {
      count++;
      coords.push(...coord);
    }
    for (let d = nd - 1; d >= 0; d--) {
      if (++coord[d]! < src.shape[d]!) break;
      coord[d] = 0;
    }
  }
  const shape = [count, nd];
  const dtype: DType = 'int64';
  return [
    {
      storage: backend.upload(dtype, new Float32Array(coords)),
      shape,
      strides: contiguousStrides(shape),
      offset: 0,
      dtype,
    },
  ];
}

/** Registers gather/scatter/index_select/index_add/index_put/nonzero on device 'gpu', every dtype. */
export function registerIndexing(): void {
  registerKernel(ops.gatherOp, 'gpu', '*', gatherKernel);
  registerKernel(ops.indexSelectOp, 'gpu', '*', indexSelectKernel);
  registerKernel(ops.scatterInplaceOp, 'gpu', '*', scatterKernel);
  registerKernel(ops.indexAddInplaceOp, 'gpu', '*', indexAddKernel);
  registerKernel(ops.indexPutInplaceOp, 'gpu', '*', indexPutKernel);
  registerKernel(ops.nonzeroOp, 'gpu', '*', nonzeroKernel);
}
