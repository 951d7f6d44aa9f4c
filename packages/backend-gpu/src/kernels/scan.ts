import {
  contiguousStrides,
  numel,
  ops,
  registerKernel,
  type ScanAttrs,
  type TensorView,
} from '@kindling/core';
import { bufferOf, KernelBuilder } from '../builder.js';
import { CHUNK, freeBuffer, type GpuBuffer } from '../program.js';
import { castExpr, writeView } from '../write.js';
import { type Combine, chunkPartials, combineCode } from './reduce.js';

/** A strided read of a tensor: `buf[offset + Σ idx·strides]` over `shape`. */
interface Strided {
  readonly buf: GpuBuffer;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
}

/**
 * Inclusive scan of `src` along `dim` (from the end with `reverse`), as a row-major buffer of `src`'s
 * shape. Each output cell folds its prefix, at most CHUNK elements: the line is cut into CHUNK-long
 * blocks whose totals are scanned first (recursively), so a cell starts from the running total of the
 * blocks before its own and folds only the head of its block.
 */
function scanBuffer(
  src: Strided,
  dim: number,
  kind: Combine,
  reverse: boolean,
  post: (acc: string) => string,
): GpuBuffer {
  const shape = src.shape;
  const n = shape[dim]!;
  let offset = src.offset;
  let st = src.strides[dim]!;
  if (reverse) {
    // Walking the reversed line forwards: position q of the scan is element n-1-q.
    offset += (n - 1) * st;
    st = -st;
  }
  const others = shape.map((_, d) => d).filter((d) => d !== dim);
  const otherShape = others.map((d) => shape[d]!);
  const lines = numel(otherShape);

  let blocks: { buf: GpuBuffer; chunks: number } | null = null;
  let scanned: GpuBuffer | null = null;
  if (n > CHUNK) {
    blocks = chunkPartials(
      {
        buf: src.buf,
        offset,
        keptShape: otherShape,
        keptStrides: others.map((d) => src.strides[d]!),
        redShape: [n],
        redStrides: [st],
      },
      kind,
    );
    const nb = blocks.chunks;
    scanned = scanBuffer(
      { buf: blocks.buf, offset: 0, shape: [lines, nb], strides: [nb, 1] },
      1,
      kind,
      false,
      (a) => a,
    );
    freeBuffer(blocks.buf);
  }

  const k = new KernelBuilder();
  const buf = k.arg(src.buf);
  const idx = k.unravel('tid', shape);
  const nn = k.arg(n);
  k.line(`const q = ${reverse ? `${nn} - 1.0 - ${idx[dim]}` : idx[dim]};`);
  const otherIdx = others.map((d) => idx[d]!);
  k.line(
    `const base = ${k.address(
      offset,
      others.map((d) => src.strides[d]!),
      otherIdx,
    )};`,
  );
  k.line('let acc = 0.0;');
  k.line('let started = 0.0;');
  k.line('let start = 0.0;');
  if (scanned && blocks) {
    // The running total up to the end of the previous block, then this block's head.
    const nb = k.arg(blocks.chunks);
    const line = k.address(0, contiguousStrides(otherShape), otherIdx);
    k.line(`const blk = kfloordiv(q, ${CHUNK}.0);`);
    k.line(`start = blk * ${CHUNK}.0;`);
    k.line(`if (blk > 0.5) { acc = ${k.arg(scanned)}[(${line}) * ${nb} + blk - 1.0]; started = 1.0; }`);
  }
  const stv = k.arg(st);
  k.line('const len = q - start + 1.0;');
  k.line('for (let j = 0.0; j < len; j++) {');
  k.line(`const v = ${buf}[base + (start + j) * ${stv}];`);
  k.line(combineCode(kind, 'acc', 'v', 'started < 0.5 && j < 0.5'));
  k.line('}');
  const out = k.run(post('acc'), numel(shape));
  if (scanned) freeBuffer(scanned);
  return out;
}

function scanKernel(kind: Combine) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dim, reverse }: ScanAttrs) => {
    const v = x!;
    const o = out!;
    if (numel(o.shape) === 0) return;
    // A 0-d tensor is one line of one element.
    const src: Strided =
      v.shape.length === 0
        ? { buf: bufferOf(v), offset: v.offset, shape: [1], strides: [1] }
        : { buf: bufferOf(v), offset: v.offset, shape: v.shape, strides: v.strides };
    writeView(
      o,
      scanBuffer(src, v.shape.length === 0 ? 0 : dim, kind, reverse ?? false, (a) => castExpr(o.dtype, a)),
    );
  };
}

/** Registers the GPU kernels for cumsum, cumprod and logcumsumexp. */
export function registerScan(): void {
  registerKernel(ops.cumsumOp, 'gpu', '*', scanKernel('sum'));
  registerKernel(ops.cumprodOp, 'gpu', '*', scanKernel('prod'));
  registerKernel(ops.logcumsumexpOp, 'gpu', '*', scanKernel('logsumexp'));
}
