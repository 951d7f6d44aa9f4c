import { ops, registerKernel, type SoftmaxAttrs, type TensorView, type TypedArray } from '@kindling/core';
import { arr } from '../strided.js';
import { alongDim, type Lines } from './along-dim.js';

/**
 * Fused softmax / log-softmax: per line, the max, then exp(x - max) and its sum, in one pass each.
 * A NaN max (a NaN in the line) and an infinite max make the line NaN, as in PyTorch.
 */
function lastDim(L: Lines, out: TypedArray, log: boolean): void {
  const { data, offset, outer, n } = L;
  for (let o = 0; o < outer; o++) {
    const p = offset + o * n;
    const q = o * n;
    let mx = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < n; r++) {
      const v = data[p + r]!;
      if (v > mx || Number.isNaN(v)) mx = v;
    }
    let sum = 0;
    if (log) {
      for (let r = 0; r < n; r++) sum += Math.exp(data[p + r]! - mx);
      const shift = mx + Math.log(sum);
      for (let r = 0; r < n; r++) out[q + r] = data[p + r]! - shift;
    } else {
      for (let r = 0; r < n; r++) {
        const e = Math.exp(data[p + r]! - mx);
        out[q + r] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let r = 0; r < n; r++) out[q + r] = out[q + r]! * inv;
    }
  }
}

/** Softmax over an inner dim: the lines of one block advance together (rows of `inner`). */
function innerDim(L: Lines, out: TypedArray, log: boolean): void {
  const { data, offset, outer, n, inner } = L;
  const mx = new Float64Array(inner);
  const sum = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    mx.fill(Number.NEGATIVE_INFINITY);
    sum.fill(0);
    for (let r = 0; r < n; r++) {
      const p = offset + base + r * inner;
      for (let i = 0; i < inner; i++) {
        const v = data[p + i]!;
        if (v > mx[i]! || Number.isNaN(v)) mx[i] = v;
      }
    }
    for (let r = 0; r < n; r++) {
      const p = offset + base + r * inner;
      const q = base + r * inner;
      for (let i = 0; i < inner; i++) {
        const e = Math.exp(data[p + i]! - mx[i]!);
        if (!log) out[q + i] = e;
        sum[i] += e;
      }
    }
    for (let i = 0; i < inner; i++) sum[i] = log ? mx[i]! + Math.log(sum[i]!) : 1 / sum[i]!;
    for (let r = 0; r < n; r++) {
      const p = offset + base + r * inner;
      const q = base + r * inner;
      if (log) for (let i = 0; i < inner; i++) out[q + i] = data[p + i]! - sum[i]!;
      else for (let i = 0; i < inner; i++) out[q + i] = out[q + i]! * sum[i]!;
    }
  }
}

function softmaxKernel(log: boolean) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dim }: SoftmaxAttrs) => {
    const L = alongDim(x!, dim);
    if (L.inner === 1) lastDim(L, arr(out!), log);
    else innerDim(L, arr(out!), log);
  };
}

/** Registers the CPU kernels for the fused softmax and logSoftmax. */
export function registerSoftmax(): void {
  registerKernel(ops.softmaxOp, 'cpu', '*', softmaxKernel(false));
  registerKernel(ops.logSoftmaxOp, 'cpu', '*', softmaxKernel(true));
}
