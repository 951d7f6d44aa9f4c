import { type Im2colAttrs, ops, registerKernel, type TensorView, windowGeometry } from '@kindling/core';
import { arr, contiguousData } from '../strided.js';

/**
 * im2col / col2im over contiguous NCHW data. Rows of the column matrix are (channel, ki, kj); for each
 * row the kernel walks output positions with the input index advancing by the stride, so the inner
 * loop is a strided copy with bounds checks hoisted per output row.
 */
function im2col([x]: readonly TensorView[], [out]: readonly TensorView[], a: Im2colAttrs): void {
  const { data: src, offset } = contiguousData(x!);
  const dst = arr(out!);
  const [N, C] = x!.shape as [number, number];
  const g = windowGeometry(a);
  const L = g.oh * g.ow;
  let o = out!.offset;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = offset + (n * C + c) * g.H * g.W;
      for (let ki = 0; ki < g.kh; ki++) {
        for (let kj = 0; kj < g.kw; kj++) {
          for (let y = 0; y < g.oh; y++) {
            const iy = y * g.sh - g.ph + ki * g.dh;
            if (iy < 0 || iy >= g.H) {
              dst.fill(0, o, o + g.ow);
              o += g.ow;
              continue;
            }
            const row = plane + iy * g.W;
            for (let xx = 0; xx < g.ow; xx++) {
              const ix = xx * g.sw - g.pw + kj * g.dw;
              dst[o++] = ix >= 0 && ix < g.W ? src[row + ix]! : 0;
            }
          }
        }
      }
    }
  }
  void L;
}

function col2im([x]: readonly TensorView[], [out]: readonly TensorView[], a: Im2colAttrs): void {
  const { data: src, offset } = contiguousData(x!);
  const dst = arr(out!);
  const [N, C] = out!.shape as [number, number];
  const g = windowGeometry(a);
  const base = out!.offset;
  dst.fill(0, base, base + N * C * g.H * g.W);
  let i = offset;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const plane = base + (n * C + c) * g.H * g.W;
      for (let ki = 0; ki < g.kh; ki++) {
        for (let kj = 0; kj < g.kw; kj++) {
          for (let y = 0; y < g.oh; y++) {
            const iy = y * g.sh - g.ph + ki * g.dh;
            if (iy < 0 || iy >= g.H) {
              i += g.ow;
              continue;
            }
            const row = plane + iy * g.W;
            for (let xx = 0; xx < g.ow; xx++, i++) {
              const ix = xx * g.sw - g.pw + kj * g.dw;
              if (ix >= 0 && ix < g.W) dst[row + ix] += src[i]!;
            }
          }
        }
      }
    }
  }
}

export function registerIm2col(): void {
  registerKernel(ops.im2colOp, 'cpu', '*', im2col);
  registerKernel(ops.col2imOp, 'cpu', '*', col2im);
}
