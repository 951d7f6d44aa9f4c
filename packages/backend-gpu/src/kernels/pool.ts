import { type MaxPool2dAttrs, ops, registerKernel, type TensorView } from '@kindling/core';
import { KernelBuilder, numelOf } from '../builder.js';
import { freeBuffer, uploadBuffer } from '../program.js';
import { castExpr, writeView } from '../write.js';
import { forBlocks } from './indexing.js';

/**
 * Clips every window to the image once, on the host (the lists are one entry per output row or
 * column, so this is cheap): the first in-image tap and the number of in-image taps.
 */
function clip(start: readonly number[], taps: readonly number[], d: number, size: number): number[][] {
  const first: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < start.length; i++) {
    let s = start[i]!;
    let t = taps[i]!;
    while (s < 0 && t > 0) {
      s += d;
      t--;
    }
    while (t > 0 && s + (t - 1) * d >= size) t--;
    first.push(s);
    count.push(t);
  }
  return [first, count];
}

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
  const n = numelOf(values!.shape);
  if (n === 0) return;
  const [N, C, H, W] = X.shape as [number, number, number, number];
  const oh = a.hStart.length;
  const ow = a.wStart.length;
  const [hFirst, hCount] = clip(a.hStart, a.hTaps, a.dh, H);
  const [wFirst, wCount] = clip(a.wStart, a.wTaps, a.dw, W);
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

/** Registers the GPU max-pool kernel (values + int64 indices; plain and adaptive pooling). */
export function registerPool(): void {
  registerKernel(ops.maxPool2dOp, 'gpu', '*', maxPool2d);
}
