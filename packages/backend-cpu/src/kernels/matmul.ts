import { ops, registerKernel, type TensorView, type TypedArray } from '@kindling/core';
import { arr } from '../strided.js';

/**
 * Blocked GEMM in the classic packed form: panels of A (MR rows) and B (NR columns) are copied into
 * contiguous float64 buffers — which also absorbs any strides, so transposed operands cost no extra
 * copy — and an MR×NR register-tiled micro-kernel runs over them.
 *
 * Why these numbers (measured with Node 20 / V8 11.3 on x86-64, scalar code: V8 emits no SIMD):
 * - 4×3 beats 4×4 by ~5%: 12 accumulators + 7 operands nearly fit the 16 xmm registers, where 4×4
 *   spills accumulators to the stack on every k step (~6.7 vs ~6.4 GFLOP/s; 2×4 and 4×2 are ~5.4).
 * - Packing into Float64Array beats Float32Array (no float→double conversion per load).
 * - KC = 256 keeps an A panel (4×256 doubles) and a B panel in L1; bigger KC was slower.
 * - Tiles are written straight into C (assigned on the first K block, added after): no M×N
 *   accumulator array and no per-tile temporaries, which cost ~15% at N = 512.
 * Unrolling k or indexing through subarrays made V8's code slower, not faster.
 */
const MR = 4;
const NR = 3;
const KC = 256;
const MC = 128;

let packA: Float64Array = new Float64Array(0);
let packB: Float64Array = new Float64Array(0);

/** Packs B[k0:k0+kc, :] as ceil(N/NR) panels of kc×NR, zero-padded at the right edge. */
function packPanelsB(
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  k0: number,
  kc: number,
  N: number,
): Float64Array {
  const nPanels = Math.ceil(N / NR);
  if (packB.length < nPanels * kc * NR) packB = new Float64Array(nPanels * kc * NR);
  const pb = packB;
  for (let jp = 0; jp < nPanels; jp++) {
    const j0 = jp * NR;
    let d = jp * kc * NR;
    if (j0 + NR <= N) {
      for (let k = 0; k < kc; k++, d += NR) {
        const s = bOff + (k0 + k) * bRs + j0 * bCs;
        pb[d] = b[s]!;
        pb[d + 1] = b[s + bCs]!;
        pb[d + 2] = b[s + 2 * bCs]!;
      }
    } else {
      for (let k = 0; k < kc; k++, d += NR) {
        const s = bOff + (k0 + k) * bRs;
        for (let jj = 0; jj < NR; jj++) pb[d + jj] = j0 + jj < N ? b[s + (j0 + jj) * bCs]! : 0;
      }
    }
  }
  return pb;
}

/** Packs A[m0:m0+mc, k0:k0+kc] as ceil(mc/MR) panels of kc×MR, zero-padded at the bottom edge. */
function packPanelsA(
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  m0: number,
  mc: number,
  k0: number,
  kc: number,
  M: number,
): Float64Array {
  const mPanels = Math.ceil(mc / MR);
  if (packA.length < mPanels * kc * MR) packA = new Float64Array(mPanels * kc * MR);
  const pa = packA;
  for (let ip = 0; ip < mPanels; ip++) {
    const base = ip * kc * MR;
    for (let ii = 0; ii < MR; ii++) {
      const i = m0 + ip * MR + ii;
      if (i < M) {
        const src = aOff + i * aRs + k0 * aCs;
        for (let k = 0; k < kc; k++) pa[base + k * MR + ii] = a[src + k * aCs]!;
      } else for (let k = 0; k < kc; k++) pa[base + k * MR + ii] = 0;
    }
  }
  return pa;
}

/** C[M×N] (contiguous at cOff) = A[M×K] · B[K×N] for one batch; A and B are any strided views. */
export function gemm(
  a: TypedArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: TypedArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: TypedArray,
  cOff: number,
  M: number,
  N: number,
  K: number,
): void {
  const nPanels = Math.ceil(N / NR);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    const first = k0 === 0;
    const pb = packPanelsB(b, bOff, bRs, bCs, k0, kc, N);
    for (let m0 = 0; m0 < M; m0 += MC) {
      const mc = Math.min(MC, M - m0);
      const mPanels = Math.ceil(mc / MR);
      const pa = packPanelsA(a, aOff, aRs, aCs, m0, mc, k0, kc, M);
      for (let ip = 0; ip < mPanels; ip++) {
        const i0 = m0 + ip * MR;
        for (let jp = 0; jp < nPanels; jp++) {
          const j0 = jp * NR;
          let ap = ip * kc * MR;
          let bp = jp * kc * NR;
          let c00 = 0,
            c01 = 0,
            c02 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0;
          for (let k = 0; k < kc; k++) {
            const a0 = pa[ap]!,
              a1 = pa[ap + 1]!,
              a2 = pa[ap + 2]!,
              a3 = pa[ap + 3]!;
            const b0 = pb[bp]!,
              b1 = pb[bp + 1]!,
              b2 = pb[bp + 2]!;
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            ap += MR;
            bp += NR;
          }
          const r0 = cOff + i0 * N + j0;
          if (i0 + MR <= M && j0 + NR <= N) {
            const r1 = r0 + N,
              r2 = r1 + N,
              r3 = r2 + N;
            if (first) {
              c[r0] = c00;
              c[r0 + 1] = c01;
              c[r0 + 2] = c02;
              c[r1] = c10;
              c[r1 + 1] = c11;
              c[r1 + 2] = c12;
              c[r2] = c20;
              c[r2 + 1] = c21;
              c[r2 + 2] = c22;
              c[r3] = c30;
              c[r3 + 1] = c31;
              c[r3 + 2] = c32;
            } else {
              c[r0] += c00;
              c[r0 + 1] += c01;
              c[r0 + 2] += c02;
              c[r1] += c10;
              c[r1 + 1] += c11;
              c[r1 + 2] += c12;
              c[r2] += c20;
              c[r2 + 1] += c21;
              c[r2 + 2] += c22;
              c[r3] += c30;
              c[r3 + 1] += c31;
              c[r3 + 2] += c32;
            }
          } else {
            const rows = Math.min(MR, M - i0);
            const cols = Math.min(NR, N - j0);
            storeEdge(
              c,
              r0,
              N,
              rows,
              cols,
              first,
              c00,
              c01,
              c02,
              c10,
              c11,
              c12,
              c20,
              c21,
              c22,
              c30,
              c31,
              c32,
            );
          }
        }
      }
    }
  }
}

/** Writes the valid rows×cols corner of a tile at the bottom/right edge of C. */
function storeEdge(
  c: TypedArray,
  r0: number,
  N: number,
  rows: number,
  cols: number,
  first: boolean,
  ...t: number[]
): void {
  for (let ii = 0; ii < rows; ii++) {
    for (let jj = 0; jj < cols; jj++) {
      const p = r0 + ii * N + jj;
      const v = t[ii * NR + jj]!;
      c[p] = first ? v : c[p]! + v;
    }
  }
}

function bmmKernel([a, b]: readonly TensorView[], [out]: readonly TensorView[]): void {
  const A = a!;
  const B = b!;
  const [batch, M, K] = A.shape as [number, number, number];
  const N = B.shape[2]!;
  const o = arr(out!);
  if (M * N === 0) return;
  if (K === 0) {
    o.fill(0, out!.offset, out!.offset + batch * M * N);
    return;
  }
  for (let p = 0; p < batch; p++) {
    gemm(
      arr(A),
      A.offset + p * A.strides[0]!,
      A.strides[1]!,
      A.strides[2]!,
      arr(B),
      B.offset + p * B.strides[0]!,
      B.strides[1]!,
      B.strides[2]!,
      o,
      out!.offset + p * M * N,
      M,
      N,
      K,
    );
  }
}

/** Registers the CPU `bmm` kernel (every dtype; matmul/mm/mv/dot all lower to bmm). */
export function registerMatmul(): void {
  registerKernel(ops.bmmOp, 'cpu', '*', bmmKernel);
}
