import { ops, registerKernel, type SortAttrs, type TensorView } from '@kindling/core';
import { arr } from '../strided.js';
import { alongDim } from './along-dim.js';

/** Strict order with NaN as the largest value; `desc` reverses it (ties are never "before"). */
function before(a: number, b: number, desc: boolean): boolean {
  return desc
    ? a > b || (Number.isNaN(a) && !Number.isNaN(b))
    : a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

const RUN = 16;

/**
 * Stable sort of the permutation `perm` (0..n-1) by `vals`: insertion sort on short runs, then
 * bottom-up merges between `perm` and `tmp`. Returns whichever buffer holds the result.
 */
function sortLine(
  vals: Float64Array,
  perm: Int32Array,
  tmp: Int32Array,
  n: number,
  desc: boolean,
): Int32Array {
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let s = 0; s < n; s += RUN) {
    const e = Math.min(s + RUN, n);
    for (let i = s + 1; i < e; i++) {
      const pi = perm[i]!;
      const v = vals[pi]!;
      let j = i - 1;
      while (j >= s && before(v, vals[perm[j]!]!, desc)) {
        perm[j + 1] = perm[j]!;
        j--;
      }
      perm[j + 1] = pi;
    }
  }
  let src = perm;
  let dst = tmp;
  for (let w = RUN; w < n; w *= 2) {
    for (let lo = 0; lo < n; lo += 2 * w) {
      const mid = Math.min(lo + w, n);
      const hi = Math.min(lo + 2 * w, n);
      let i = lo;
      let j = mid;
      let k = lo;
      // Take from the right run only when strictly before: equal keys keep their order.
      while (i < mid && j < hi)
        dst[k++] = before(vals[src[j]!]!, vals[src[i]!]!, desc) ? src[j++]! : src[i++]!;
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Sorts every line along `dim` and writes the first `k` values and their original positions. */
function sortKernel(
  [x]: readonly TensorView[],
  [values, indices]: readonly TensorView[],
  { dim, descending, k }: SortAttrs,
): void {
  const { data, offset, outer, n, inner } = alongDim(x!, dim);
  const outV = arr(values!);
  const outI = arr(indices!);
  const vals = new Float64Array(n);
  const perm = new Int32Array(n);
  const tmp = new Int32Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const p = offset + o * n * inner + i;
      for (let r = 0; r < n; r++) vals[r] = data[p + r * inner]!;
      const sorted = sortLine(vals, perm, tmp, n, descending);
      const q = o * k * inner + i;
      for (let r = 0; r < k; r++) {
        const src = sorted[r]!;
        outV[q + r * inner] = vals[src]!;
        outI[q + r * inner] = src;
      }
    }
  }
}

/** Registers the CPU kernels for sort and topk (one stable merge sort). */
export function registerSort(): void {
  registerKernel(ops.sortOp, 'cpu', '*', sortKernel);
  registerKernel(ops.topkOp, 'cpu', '*', sortKernel);
}
