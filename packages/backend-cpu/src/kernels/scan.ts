import { ops, registerKernel, type ScanAttrs, type TensorView, type TypedArray } from '@kindling/core';
import { arr } from '../strided.js';
import { alongDim } from './along-dim.js';

type ScanKind = 'sum' | 'prod' | 'logsumexp';

/** log(exp(a) + exp(b)) without overflow; equal infinities stay as they are (PyTorch's helper). */
function logAddExp(a: number, b: number): number {
  const mn = Math.min(a, b);
  const mx = Math.max(a, b);
  if (mn !== mx || Number.isFinite(mn)) return mx + Math.log1p(Math.exp(mn - mx));
  return a;
}

/**
 * Running sums/products/log-sum-exps along a dim, forwards or from the end. The accumulator row
 * (`inner` wide) walks the lines of a block together, so memory is read in order.
 */
function scanInto(kind: ScanKind, x: TensorView, out: TypedArray, dim: number, reverse: boolean): void {
  const { data, offset, outer, n, inner } = alongDim(x, dim);
  const acc = new Float64Array(inner);
  const init = kind === 'sum' ? 0 : kind === 'prod' ? 1 : Number.NEGATIVE_INFINITY;
  for (let o = 0; o < outer; o++) {
    acc.fill(init);
    for (let k = 0; k < n; k++) {
      const r = reverse ? n - 1 - k : k;
      const q = (o * n + r) * inner;
      const p = offset + q;
      if (kind === 'sum') {
        for (let i = 0; i < inner; i++) out[q + i] = acc[i] += data[p + i]!;
      } else if (kind === 'prod') {
        for (let i = 0; i < inner; i++) out[q + i] = acc[i] *= data[p + i]!;
      } else {
        for (let i = 0; i < inner; i++) out[q + i] = acc[i] = logAddExp(acc[i]!, data[p + i]!);
      }
    }
  }
}

function scanKernel(kind: ScanKind) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dim, reverse }: ScanAttrs) => {
    scanInto(kind, x!, arr(out!), dim, reverse ?? false);
  };
}

/** Registers the CPU kernels for cumsum, cumprod and logcumsumexp. */
export function registerScan(): void {
  registerKernel(ops.cumsumOp, 'cpu', '*', scanKernel('sum'));
  registerKernel(ops.cumprodOp, 'cpu', '*', scanKernel('prod'));
  registerKernel(ops.logcumsumexpOp, 'cpu', '*', scanKernel('logsumexp'));
}
