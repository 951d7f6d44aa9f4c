import {
  clipWindows,
  type MaxPool2dAttrs,
  type MaxPool2dBackwardAttrs,
  numel,
  ops,
  registerKernel,
  type TensorView,
} from '@kindling/core';
import { KernelBuilder } from '../builder.js';
import { freeBuffer, uploadBuffer } from '../program.js';
import { castExpr, writeView } from '../write.js';
import { forBlocks } from './indexing.js';

/**
 * Max pooling with indices over `[N, C, H, W]` (any strides). One thread per output cell walks its
 * window's in-image taps, row by row. The windows differ per output row/column (adaptive pooling),
 * so their clipped starts and tap counts travel as one small buffer:
 * `[hFirst(oh), hCount(oh), wFirst(ow), wCount(ow)]`.
 *
 * The comparison is PyTorch's `val > max || isnan(val)` starting from the first in-image tap (GL has
 * no reliable -inf literal to start from; revisiting the first tap changes nothing, as with -inf),
 * so ties, -inf and NaN pick the element PyTorch picks. Values and indices are two launches of the
 * same source, differing only in what they return.
 */
function maxPool2d(
  [x]: readonly TensorView[],
  [values, indices]: readonly TensorView[],
  a: MaxPool2dAttrs,
): void {
  const X = x!;
  const n = numel(values!.shape);
  if (n === 0) return;
  const [N, C, H, W] = X.shape as [number, number, number, number];
  const oh = a.hStart.length;
  const ow = a.wStart.length;
  const { first: hFirst, count: hCount } = clipWindows(a.hStart, a.hTaps, a.dh, H);
  const { first: wFirst, count: wCount } = clipWindows(a.wStart, a.wTaps, a.dw, W);
  const windows = uploadBuffer(new Float32Array([...hFirst!, ...hCount!, ...wFirst!, ...wCount!]));

  const k = new KernelBuilder();
  const src = k.buffer(X);
  const win = k.arg(windows);
  const [p, i, j] = k.unravel('tid', [N * C, oh, ow]) as [string, string, string];
  const [OH, OW, WW] = [k.arg(oh), k.arg(ow), k.arg(W)];
  const [dh, dw] = [k.arg(a.dh), k.arg(a.dw)];
  const [sN, sC, sH, sW] = X.strides.map((s) => k.arg(s)) as [string, string, string, string];
  // The plane p = n·C + c is split back into n and c for the input's strides.
  const [bn, c] = k.unravel(p, [N, C]) as [string, string];
  k.line(`const plane = ${k.arg(X.offset)} + ${bn} * ${sN} + ${c} * ${sC};`);
  k.line(`const h0 = ${win}[${i}];`);
  k.line(`const hn = ${win}[${OH} + ${i}];`);
  k.line(`const w0 = ${win}[2.0 * ${OH} + ${j}];`);
  k.line(`const wn = ${win}[2.0 * ${OH} + ${OW} + ${j}];`);
  k.line(`let best = ${src}[plane + h0 * ${sH} + w0 * ${sW}];`);
  k.line(`let arg = h0 * ${WW} + w0;`);
  // Tap counts reach the image side (adaptive pooling): blocked loops stay under llvmpipe's cap.
  forBlocks(k, 'hn', (r) => {
    k.line(`const yy = h0 + ${r} * ${dh};`);
    forBlocks(k, 'wn', (q) => {
      k.line(`const xx = w0 + ${q} * ${dw};`);
      k.line(`const v = ${src}[plane + yy * ${sH} + xx * ${sW}];`);
      k.line('if (v > best || kisnan(v) > 0.5) {');
      k.line('best = v;');
      k.line(`arg = yy * ${WW} + xx;`);
      k.line('}');
    });
  });
  writeView(values!, k.run(castExpr(values!.dtype, 'best'), n));
  writeView(indices!, k.run('arg', n));
  freeBuffer(windows);
}

/**
 * For each input row (or column), the first output window that covers it and how many windows from
 * there may: a superset is enough (with dilation the covering windows need not be contiguous), since
 * the kernel only adds where the stored argmax is the pixel itself.
 */
function covering(start: readonly number[], taps: readonly number[], d: number, size: number): number[][] {
  const lo = new Array<number>(size).fill(-1);
  const hi = new Array<number>(size).fill(-2);
  for (let i = 0; i < start.length; i++) {
    for (let t = 0; t < taps[i]!; t++) {
      const y = start[i]! + t * d;
      if (y < 0 || y >= size) continue;
      if (lo[y] === -1) lo[y] = i;
      hi[y] = i;
    }
  }
  return [lo.map((l) => Math.max(l, 0)), lo.map((l, y) => (l === -1 ? 0 : hi[y]! - l + 1))];
}

/**
 * The max pool's gradient: one thread per input pixel adds the gradients of the windows covering it
 * whose argmax is that pixel, walking only those windows (a scatter-add would visit every output).
 * Windows are visited in output order, so overlapping windows add up as the CPU's scatter-add does.
 */
function maxPool2dBackward(
  [g, idx]: readonly TensorView[],
  [out]: readonly TensorView[],
  a: MaxPool2dBackwardAttrs,
): void {
  const G = g!;
  const I = idx!;
  const n = numel(out!.shape);
  if (n === 0) return;
  const [N, C] = G.shape as [number, number];
  const [rowLo, rowN] = covering(a.hStart, a.hTaps, a.dh, a.h);
  const [colLo, colN] = covering(a.wStart, a.wTaps, a.dw, a.w);
  const cover = uploadBuffer(new Float32Array([...rowLo!, ...rowN!, ...colLo!, ...colN!]));
  const k = new KernelBuilder();
  const gb = k.buffer(G);
  const ib = k.buffer(I);
  const cv = k.arg(cover);
  const [bn, c, y, x] = k.unravel('tid', [N, C, a.h, a.w]) as [string, string, string, string];
  const H = k.arg(a.h);
  const [gN, gC, gH, gW] = G.strides.map((s) => k.arg(s)) as [string, string, string, string];
  const [iN, iC, iH, iW] = I.strides.map((s) => k.arg(s)) as [string, string, string, string];
  k.line(`const gp = ${k.arg(G.offset)} + ${bn} * ${gN} + ${c} * ${gC};`);
  k.line(`const ip = ${k.arg(I.offset)} + ${bn} * ${iN} + ${c} * ${iC};`);
  k.line(`const me = ${y} * ${k.arg(a.w)} + ${x};`);
  k.line(`const i0 = ${cv}[${y}];`);
  k.line(`const ni = ${cv}[${H} + ${y}];`);
  k.line(`const j0 = ${cv}[2.0 * ${H} + ${x}];`);
  k.line(`const nj = ${cv}[2.0 * ${H} + ${k.arg(a.w)} + ${x}];`);
  k.line('let acc = 0.0;');
  forBlocks(k, 'ni', (r) => {
    k.line(`const oi = i0 + ${r};`);
    forBlocks(k, 'nj', (q) => {
      k.line(`const oj = j0 + ${q};`);
      k.line(
        `if (${ib}[ip + oi * ${iH} + oj * ${iW}] === me) { acc = acc + ${gb}[gp + oi * ${gH} + oj * ${gW}]; }`,
      );
    });
  });
  writeView(out!, k.run(castExpr(out!.dtype, 'acc'), n));
  freeBuffer(cover);
}

/** Registers the GPU max-pool kernels (values + int64 indices, and the gradient; plain and adaptive). */
export function registerPool(): void {
  registerKernel(ops.maxPool2dOp, 'gpu', '*', maxPool2d);
  registerKernel(ops.maxPool2dBackwardOp, 'gpu', '*', maxPool2dBackward);
}
