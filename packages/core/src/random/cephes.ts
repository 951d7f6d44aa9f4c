/**
 * One lane of `log256_ps` and `sincos256_ps` from PyTorch's `ATen/native/cpu/avx_mathfun.h` (the
 * Cephes single-precision polynomials that `normal_fill_AVX2` uses), so each lane gives the bits the
 * AVX2 kernel gives. GCC implements `_mm256_mul_ps`/`_mm256_add_ps` as plain vector arithmetic and
 * the file is built with `-mfma`, so it contracts a product feeding a sum into one fused
 * multiply-add; where two products feed one sum it fuses the first. Every other operation is
 * rounded to float32 on its own. (Checked bit for bit on 160,000 lanes against PyTorch 1.13.1.)
 */
import { fma32 } from './fma.js';

const f = Math.fround;
// One float32 viewed as its bits (little- or big-endian alike: both views share one word).
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

const SQRTHF = f(Math.SQRT1_2);
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);
const MIN_NORM_POS = 1.1754943508222875e-38; // bits 0x00800000

/** `log256_ps` for one lane: the natural log of a float32, as the AVX2 code computes it. */
export function log256(x: number): number {
  if (x <= 0 || Number.isNaN(x)) return Number.NaN; // the kernel ORs an all-ones mask: NaN
  if (x < MIN_NORM_POS) x = MIN_NORM_POS;
  F32[0] = x;
  const w = U32[0]!;
  // Keep the mantissa, set the exponent of 0.5: x in [0.5, 1).
  U32[0] = (w & ~0x7f800000) | 0x3f000000;
  let m = F32[0]!;
  let e = f((w >>> 23) - 0x7f + 1);
  const less = m < SQRTHF;
  const tmp = less ? m : 0;
  m = f(m - 1);
  e = f(e - (less ? 1 : 0));
  m = f(m + tmp);
  const z = f(m * m);
  let y = LOG_P[0]!;
  for (let i = 1; i < 9; i++) y = fma32(y, m, LOG_P[i]!);
  y = f(y * m);
  y = fma32(y, z, f(e * LOG_Q1));
  y = fma32(-z, 0.5, y);
  return fma32(e, LOG_Q2, f(m + y));
}

const FOPI = f(1.27323954473516);
const DP1 = f(-0.78515625);
const DP2 = f(-2.4187564849853516e-4);
const DP3 = f(-3.774894977445941e-8);
const SIN_P0 = f(-1.9515295891e-4);
const SIN_P1 = f(8.3321608736e-3);
const SIN_P2 = f(-1.6666654611e-1);
const COS_P0 = f(2.443315711809948e-5);
const COS_P1 = f(-1.388731625493765e-3);
const COS_P2 = f(4.166664568298827e-2);

/**
 * `sincos256_ps` for one lane: writes sin(x) to `out[0]` and cos(x) to `out[1]` (float32 values),
 * for |x| below 2^31 / (4/pi), the range where the kernel's int32 conversion is defined.
 */
export function sincos256(x: number, out: Float64Array): void {
  const negative = x < 0 || Object.is(x, -0);
  x = Math.abs(x);
  let y = f(x * FOPI);
  // cvttps: truncate; then j = (j + 1) & ~1.
  let j = Math.trunc(y);
  j = (j + 1) & ~1;
  y = f(j);
  const swapSin = (j & 4) !== 0;
  const sinPoly = (j & 2) === 0; // poly_mask: the sine takes the sine polynomial
  x = fma32(y, DP1, x);
  x = fma32(y, DP2, x);
  x = fma32(y, DP3, x);
  const signCos = (~(j - 2) & 4) !== 0;
  const signSin = negative !== swapSin;
  const z = f(x * x);
  let yc = fma32(COS_P0, z, COS_P1);
  yc = fma32(yc, z, COS_P2);
  yc = f(yc * z);
  yc = fma32(yc, z, -f(z * 0.5));
  yc = f(yc + 1);
  let ys = fma32(SIN_P0, z, SIN_P1);
  ys = fma32(ys, z, SIN_P2);
  ys = f(ys * z);
  ys = fma32(ys, x, x);
  // Select with masks and adds as the kernel does (so signed zeros come out the same).
  const ysin2 = sinPoly ? ys : 0;
  const ysin1 = sinPoly ? 0 : yc;
  const ys2 = f(ys - ysin2);
  const yc2 = f(yc - ysin1);
  const s = f(ysin1 + ysin2);
  const c = f(yc2 + ys2);
  out[0] = signSin ? -s : s;
  out[1] = signCos ? -c : c;
}
