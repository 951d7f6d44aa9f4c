import { clipWindows, type MaxPool2dAttrs, ops, registerKernel, type TensorView } from '@kindling/core';
import { arr, contiguousData } from '../strided.js';

/**
 * Max pooling with indices over contiguous NCHW planes. Each window is a list of rows × columns
 * (start, taps, dilation) whose out-of-image taps are skipped; the comparison is PyTorch's
 * `val > max || isnan(val)`, and the index starts at the first in-image tap, so ties, -inf and NaN
 * pick the same element PyTorch picks.
 */
function maxPool2d(
  [x]: readonly TensorView[],
  [values, indices]: readonly TensorView[],
  a: MaxPool2dAttrs,
): void {
  const { data: src, offset } = contiguousData(x!);
  const out = arr(values!);
  const idx = arr(indices!);
  const [N, C, H, W] = x!.shape as [number, number, number, number];
  const oh = a.hStart.length;
  const ow = a.wStart.length;
  const rows = clipWindows(a.hStart, a.hTaps, a.dh, H);
  const cols = clipWindows(a.wStart, a.wTaps, a.dw, W);
  const dh = a.dh;
  const dw = a.dw;
  let o = values!.offset;
  let oi = indices!.offset;
  for (let p = 0; p < N * C; p++) {
    const plane = offset + p * H * W;
    for (let i = 0; i < oh; i++) {
      const h0 = rows.first[i]!;
      const hn = rows.count[i]!;
      for (let j = 0; j < ow; j++) {
        const w0 = cols.first[j]!;
        const wn = cols.count[j]!;
        let best = Number.NEGATIVE_INFINITY;
        let arg = h0 * W + w0;
        for (let r = 0, y = h0; r < hn; r++, y += dh) {
          const row = y * W;
          for (let c = 0, xx = w0; c < wn; c++, xx += dw) {
            const v = src[plane + row + xx]!;
            if (v > best || v !== v) {
              best = v;
              arg = row + xx;
            }
          }
        }
        out[o++] = best;
        idx[oi++] = arg;
      }
    }
  }
}

/** Registers the CPU max-pool kernel (values + indices; every dtype). */
export function registerPool(): void {
  registerKernel(ops.maxPool2dOp, 'cpu', '*', maxPool2d);
}
