import { ops, registerKernel, type TensorView, type TypedArray } from '@kindling/core';
import { arr } from '../strided.js';

/**
 * Blocked GEMM in the classic packed form: panels of A (MR rows) and B (NR columns) are copied into
 * contiguous buffers — which also absorbs any strides, so transposed operands cost no extra copy —
 * and a 4×4 register-tiled micro-kernel runs over them. KC bounds the panel depth to stay in cache.
 */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;

let packA: Float64Array = new Float64Array(0);
let packB: Float64Array = new Float64Array(0);

function ensure(buf: Float64Array, n: number): Float64Array {
  return buf.length >= n ? buf : new Float64Array(n);
}

/** C[m0.., n..] (+)= A[m0..m0+mc, k0..k0+kc] · B[k0..k0+kc, :] for one batch. */
function gemm(
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
  const acc = new Float64Array(M * N);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    // Pack B[k0:k0+kc, :] as nPanels panels of kc×NR (zero-padded at the right edge).
    packB = ensure(packB, nPanels * kc * NR);
    const pb = packB;
    for (let jp = 0; jp < nPanels; jp++) {
      const j0 = jp * NR;
      const base = jp * kc * NR;
      for (let k = 0; k < kc; k++) {
        const src = bOff + (k0 + k) * bRs;
        for (let jj = 0; jj < NR; jj++) {
          const j = j0 + jj;
          pb[base + k * NR + jj] = j < N ? b[src + j * bCs]! : 0;
        }
      }
    }
    for (let m0 = 0; m0 < M; m0 += MC) {
      const mc = Math.min(MC, M - m0);
      const mPanels = Math.ceil(mc / MR);
      packA = ensure(packA, mPanels * kc * MR);
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
      for (let ip = 0; ip < mPanels; ip++) {
        const i0 = m0 + ip * MR;
        const ab = ip * kc * MR;
        for (let jp = 0; jp < nPanels; jp++) {
          const j0 = jp * NR;
          let bb = jp * kc * NR;
          let ap = ab;
          let c00 = 0,
            c01 = 0,
            c02 = 0,
            c03 = 0;
          let c10 = 0,
            c11 = 0,
            c12 = 0,
            c13 = 0;
          let c20 = 0,
            c21 = 0,
            c22 = 0,
            c23 = 0;
          let c30 = 0,
            c31 = 0,
            c32 = 0,
            c33 = 0;
          for (let k = 0; k < kc; k++) {
            const a0 = pa[ap]!,
              a1 = pa[ap + 1]!,
              a2 = pa[ap + 2]!,
              a3 = pa[ap + 3]!;
            const b0 = pb[bb]!,
              b1 = pb[bb + 1]!,
              b2 = pb[bb + 2]!,
              b3 = pb[bb + 3]!;
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
            ap += MR;
            bb += NR;
          }
          const rows = Math.min(MR, M - i0);
          const cols = Math.min(NR, N - j0);
          const tile = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
          for (let ii = 0; ii < rows; ii++) {
            const row = (i0 + ii) * N + j0;
            for (let jj = 0; jj < cols; jj++) acc[row + jj] += tile[ii * 4 + jj]!;
          }
        }
      }
    }
  }
  for (let i = 0; i < M * N; i++) c[cOff + i] = acc[i]!;
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

export function registerMatmul(): void {
  registerKernel(ops.bmmOp, 'cpu', '*', bmmKernel);
}
