import {
  coalesce,
  numel,
  ops,
  type ReduceAttrs,
  type ReduceDimAttrs,
  registerKernel,
  type TensorView,
} from '@kindling/core';
import { bufferOf, KernelBuilder } from '../builder.js';
import { CHUNK, FLOAT_MAX, freeBuffer, type GpuBuffer } from '../program.js';
import { castExpr, writeView } from '../write.js';

/**
 * A strided read seen as output cells × reduced elements: cell `o` (row-major over `keptShape`)
 * reduces the elements at `offset + Σ kept·keptStrides + Σ red·redStrides` (row-major over `redShape`).
 */
export interface ReduceSource {
  readonly buf: GpuBuffer;
  readonly offset: number;
  readonly keptShape: readonly number[];
  readonly keptStrides: readonly number[];
  readonly redShape: readonly number[];
  readonly redStrides: readonly number[];
}

export type Combine = 'sum' | 'prod' | 'max' | 'min' | 'all' | 'any' | 'logsumexp';

/**
 * 1.0 where `x` is NaN, written `x != x` inline (as the helper kisnan now is): NaN tests built from
 * ordered comparisons are folded away by Mesa's llvmpipe as if NaN did not exist.
 */
export function nanExpr(x: string): string {
  return `(${x} !== ${x} ? 1.0 : 0.0)`;
}

/** `acc` becomes `v` where `v` is NaN or compares `cmp` to it; a NaN `acc` stays. */
function extremeStep(acc: string, v: string, cmp: '>' | '<', also = ''): string {
  return `if (${nanExpr(acc)} < 0.5) { if (${nanExpr(v)} > 0.5 || ${v} ${cmp} ${acc}) { ${acc} = ${v};${also} } }`;
}

// What an empty reduction gives (max/min/logsumexp never reduce nothing: their ops reject it).
const INIT: Record<Combine, string> = {
  sum: '0.0',
  prod: '1.0',
  max: '0.0',
  min: '0.0',
  all: '1.0',
  any: '0.0',
  logsumexp: '0.0',
};

/** Code folding `v` into the running `acc` (never the first element of a run). */
export function stepCode(kind: Combine, acc: string, v: string): string {
  switch (kind) {
    case 'sum':
      return `${acc} = ${acc} + ${v};`;
    case 'prod':
      return `${acc} = ${acc} * ${v};`;
    case 'max':
      return extremeStep(acc, v, '>');
    case 'min':
      return extremeStep(acc, v, '<');
    case 'all':
      return `if (${v} === 0.0) { ${acc} = 0.0; }`;
    case 'any':
      return `if (${v} !== 0.0) { ${acc} = 1.0; }`;
    case 'logsumexp':
      return logAddExpCode(acc, v);
  }
}

/**
 * Code folding `v` into `acc`, where the condition `first` starts the accumulator at `v`: max, min and
 * logsumexp then need no infinite initial value, which GL has no literal for.
 */
export function combineCode(kind: Combine, acc: string, v: string, first: string): string {
  const start = kind === 'all' || kind === 'any' ? `(${v} !== 0.0 ? 1.0 : 0.0)` : v;
  return `if (${first}) { ${acc} = ${start}; } else { ${stepCode(kind, acc, v)} }`;
}

/**
 * `acc = log(exp(acc) + exp(v))` without overflow; equal infinities stay as they are and NaN propagates
 * (PyTorch's `_log_add_exp_helper`).
 */
export function logAddExpCode(acc: string, v: string): string {
  return (
    `if (${nanExpr(acc)} + ${nanExpr(v)} > 0.5) { ${acc} = ${acc} + ${v}; } else { ` +
    `const lmn = Math.min(${acc}, ${v}); const lmx = Math.max(${acc}, ${v}); ` +
    `if (lmn !== lmx || Math.abs(lmn) <= ${FLOAT_MAX}) { ${acc} = lmx + klog1p(Math.exp(lmn - lmx)); } }`
  );
}

/** Drops size-1 dims and merges dims that walk memory as one (row-major order is kept). */
function merged(
  shape: readonly number[],
  strides: readonly number[],
): { shape: number[]; strides: number[] } {
  const c = coalesce(shape, [strides]);
  return { shape: c.shape, strides: c.strides[0]! };
}

/** Partial results of one pass: `outN × chunks` cells, row-major. */
interface Pass {
  readonly buf: GpuBuffer;
  readonly chunks: number;
}

/** What a pass's code generators see: the builder, the output cell and how to address elements. */
interface PassFrame {
  readonly k: KernelBuilder;
  /** The output cell (row-major over the kept dims). */
  readonly o: string;
  /** Emits, inside the loop, the address of reduced element `r` (relative to the source buffer). */
  readonly addressOf: (r: string) => string;
}

/** The code of a pass: before the loop, the loop body (reduced index `r`, trip `j`), the result. */
interface PassCode {
  readonly prologue: (f: PassFrame) => void;
  readonly body: (f: PassFrame, r: string, j: string) => void;
  readonly result: string;
}

/**
 * Runs a kernel over `outN × chunks` cells, each looping over the at most CHUNK reduced elements of
 * its chunk (row-major over the reduced dims), so no loop runs longer than llvmpipe allows.
 */
function chunkedPass(src: ReduceSource, outN: number, chunks: number, code: PassCode): GpuBuffer {
  const kept = merged(src.keptShape, src.keptStrides);
  const red = merged(src.redShape, src.redStrides);
  const R = numel(src.redShape);
  const k = new KernelBuilder();
  const [o, c] = k.unravel('tid', [outN, chunks]);
  const keptIdx = k.unravel(o!, kept.shape);
  k.line(`const base = ${k.address(src.offset, kept.strides, keptIdx)};`);
  k.line(`const start = ${c} * ${CHUNK}.0;`);
  k.line(`let len = ${k.arg(R)} - start;`);
  k.line(`if (len > ${CHUNK}.0) { len = ${CHUNK}.0; }`);
  const frame: PassFrame = {
    k,
    o: o!,
    addressOf: (r) => {
      const idx = k.unravel(r, red.shape);
      return `base + ${k.address(0, red.strides, idx)}`;
    },
  };
  code.prologue(frame);
  k.line('for (let j = 0.0; j < len; j++) {');
  k.line('const r = start + j;');
  code.body(frame, 'r', 'j');
  k.line('}');
  return k.run(code.result, outN * chunks);
}

/** The number of chunks a reduction over `R` elements is split into (at least one). */
function chunksOf(R: number): number {
  return R > CHUNK ? Math.ceil(R / CHUNK) : 1;
}

/** The source reading a pass's partials: cell `o` reduces its `chunks` partials. */
function partialsSource(p: Pass, outN: number): ReduceSource {
  return {
    buf: p.buf,
    offset: 0,
    keptShape: [outN],
    keptStrides: [p.chunks],
    redShape: [p.chunks],
    redStrides: [1],
  };
}

/**
 * One pass of a `kind` reduction: per output cell and chunk, the fold of ≤ CHUNK elements. `pre`
 * (first pass only) maps each element read, given the output cell index; `post` maps the result.
 */
function combinePass(
  src: ReduceSource,
  kind: Combine,
  pre: ((k: KernelBuilder, v: string, o: string) => string) | null,
  post: (acc: string) => string,
): Pass {
  const outN = numel(src.keptShape);
  const chunks = chunksOf(numel(src.redShape));
  let buf = '';
  const out = chunkedPass(src, outN, chunks, {
    prologue: (f) => {
      buf = f.k.arg(src.buf);
      f.k.line(`let acc = ${INIT[kind]};`);
    },
    body: (f, r, j) => {
      f.k.line(`let v = ${buf}[${f.addressOf(r)}];`);
      if (pre) f.k.line(`v = ${pre(f.k, 'v', f.o)};`);
      f.k.line(combineCode(kind, 'acc', 'v', `${j} < 0.5`));
    },
    result: post('acc'),
  });
  return { buf: out, chunks };
}

/** Per output cell, the fold of each CHUNK-long run of its reduced elements (`outN × chunks` values). */
export function chunkPartials(src: ReduceSource, kind: Combine): { buf: GpuBuffer; chunks: number } {
  return combinePass(src, kind, null, (a) => a);
}

/**
 * Reduces `src` to one value per output cell (row-major over the kept dims), in passes of at most
 * CHUNK elements per loop: partials per chunk, then partials of partials. `pre` maps elements as they
 * are first read; `post` (e.g. a dtype cast) maps the final values. The caller owns `src.buf`.
 */
export function reduceToBuffer(
  src: ReduceSource,
  kind: Combine,
  pre: ((k: KernelBuilder, v: string, o: string) => string) | null = null,
  post: (acc: string) => string = (a) => a,
): GpuBuffer {
  const outN = numel(src.keptShape);
  let p = combinePass(src, kind, pre, chunksOf(numel(src.redShape)) === 1 ? post : (a) => a);
  while (p.chunks > 1) {
    const next = combinePass(partialsSource(p, outN), kind, null, p.chunks > CHUNK ? (a) => a : post);
    freeBuffer(p.buf);
    p = next;
  }
  return p.buf;
}

/** A view reduced over `dims` (sorted), as a reduction source. */
export function sourceOf(x: TensorView, dims: readonly number[]): ReduceSource {
  const keptDims = x.shape.map((_, d) => d).filter((d) => !dims.includes(d));
  return {
    buf: bufferOf(x),
    offset: x.offset,
    keptShape: keptDims.map((d) => x.shape[d]!),
    keptStrides: keptDims.map((d) => x.strides[d]!),
    redShape: dims.map((d) => x.shape[d]!),
    redStrides: dims.map((d) => x.strides[d]!),
  };
}

function reduceKernel(kind: Combine) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dims }: ReduceAttrs) => {
    const o = out!;
    if (numel(o.shape) === 0) return;
    writeView(
      o,
      reduceToBuffer(sourceOf(x!, dims), kind, null, (a) => castExpr(o.dtype, a)),
    );
  };
}

/**
 * One pass of argmax/argmin: per output cell and chunk, the first extreme value (a NaN beats
 * everything, the first NaN wins) and where it is. `idxBuf` holds the positions of a previous pass's
 * partials (null on the first pass, where the position is the reduced index itself). Two kernels with
 * the same loop return the value and the index.
 */
function argPass(src: ReduceSource, kind: 'max' | 'min', idxBuf: GpuBuffer | null): [GpuBuffer, GpuBuffer] {
  const outN = numel(src.keptShape);
  const chunks = chunksOf(numel(src.redShape));
  const cmp: '>' | '<' = kind === 'max' ? '>' : '<';
  const run = (result: string): GpuBuffer => {
    let buf = '';
    let ib = '';
    return chunkedPass(src, outN, chunks, {
      prologue: (f) => {
        buf = f.k.arg(src.buf);
        if (idxBuf) ib = f.k.arg(idxBuf);
        f.k.line('let best = 0.0;');
        f.k.line('let bi = 0.0;');
      },
      body: (f, r, j) => {
        const a = f.k.fresh('a');
        f.k.line(`const ${a} = ${f.addressOf(r)};`);
        f.k.line(`const v = ${buf}[${a}];`);
        f.k.line(`const vi = ${idxBuf ? `${ib}[${a}]` : r};`);
        f.k.line(
          `if (${j} < 0.5) { best = v; bi = vi; } else { ${extremeStep('best', 'v', cmp, ' bi = vi;')} }`,
        );
      },
      result,
    });
  };
  return [run('best'), run('bi')];
}

/** Values and first indices of the extreme along one dim, reduced in passes of ≤ CHUNK elements. */
function argReduce(x: TensorView, dim: number, kind: 'max' | 'min'): [GpuBuffer, GpuBuffer] {
  let src = sourceOf(x, x.shape.length ? [dim] : []);
  const outN = numel(src.keptShape);
  let [vals, idx] = argPass(src, kind, null);
  let chunks = chunksOf(numel(src.redShape));
  while (chunks > 1) {
    src = partialsSource({ buf: vals, chunks }, outN);
    const next = argPass(src, kind, idx);
    freeBuffer(vals);
    freeBuffer(idx);
    [vals, idx] = next;
    chunks = chunksOf(chunks);
  }
  return [vals, idx];
}

function argKernel(kind: 'max' | 'min', withValues: boolean) {
  return ([x]: readonly TensorView[], outs: readonly TensorView[], { dim }: ReduceDimAttrs) => {
    if (numel(outs[0]!.shape) === 0) return;
    const [vals, idx] = argReduce(x!, dim, kind);
    if (withValues) writeView(outs[0]!, vals);
    else freeBuffer(vals);
    writeView(outs[withValues ? 1 : 0]!, idx);
  };
}

/** Registers the GPU kernels for sum, prod, amax, amin, all, any, max/min by dim and argmax/argmin. */
export function registerReduce(): void {
  registerKernel(ops.sumOp, 'gpu', '*', reduceKernel('sum'));
  registerKernel(ops.prodOp, 'gpu', '*', reduceKernel('prod'));
  registerKernel(ops.amaxOp, 'gpu', '*', reduceKernel('max'));
  registerKernel(ops.aminOp, 'gpu', '*', reduceKernel('min'));
  registerKernel(ops.allOp, 'gpu', '*', reduceKernel('all'));
  registerKernel(ops.anyOp, 'gpu', '*', reduceKernel('any'));
  registerKernel(ops.maxDimOp, 'gpu', '*', argKernel('max', true));
  registerKernel(ops.minDimOp, 'gpu', '*', argKernel('min', true));
  registerKernel(ops.argmaxOp, 'gpu', '*', argKernel('max', false));
  registerKernel(ops.argminOp, 'gpu', '*', argKernel('min', false));
}
