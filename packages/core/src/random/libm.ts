/**
 * `log`, `sin` and `cos` in float64, correctly rounded (double-double arithmetic underneath).
 *
 * PyTorch's float64 normal sampler calls glibc's libm, which is correctly rounded in all but about
 * one call in a thousand; V8's `Math.log`/`Math.sin` (fdlibm) differ from it in several percent of
 * calls. Rounding correctly is the closest portable match to glibc.
 */

// Double-double results are returned through these two slots to avoid allocating in hot loops.
let H = 0;
let L = 0;
const SPLIT = 134217729;

function twoProd(a: number, b: number): number {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  L = al * bl - (p - ah * bh - al * bh - ah * bl);
  return p;
}

/** (ah, al) * (bh, bl) → H, L */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  const p = twoProd(ah, bh);
  const e = L + (ah * bl + al * bh);
  H = p + e;
  L = e - (H - p);
}

/** (ah, al) + (bh, bl) → H, L */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  const s = ah + bh;
  const bb = s - ah;
  const e = ah - (s - bb) + (bh - bb) + al + bl;
  H = s + e;
  L = e - (H - s);
}

/** (ah, al) / b for a double b → H, L */
function ddDivD(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  const p = twoProd(q1, b);
  const q2 = (ah - p - L + al) / b;
  H = q1 + q2;
  L = q2 - (H - q1);
}

// log(c) for c = 1 + j/64, j = -23..28, and the series coefficients 1/(2n+1), all double-double.
const LN2_HI = Math.LN2;
const LN2_LO = 2.3190468138462996e-17;
const J0 = 23;
const LOGC = new Float64Array(2 * 52);
const INV_ODD = new Float64Array(2 * 40);

for (let n = 0; n < 40; n++) {
  ddDivD(1, 0, 2 * n + 1);
  INV_ODD[2 * n] = H;
  INV_ODD[2 * n + 1] = L;
}

/** 2 * atanh(s) = log((1+s)/(1-s)) for a double-double s, with `terms` terms of the series. */
function atanh2(sh: number, sl: number, terms: number): void {
  ddMul(sh, sl, sh, sl);
  const zh = H;
  const zl = L;
  let ah = INV_ODD[2 * (terms - 1)]!;
  let al = INV_ODD[2 * (terms - 1) + 1]!;
  for (let n = terms - 2; n >= 0; n--) {
    ddMul(ah, al, zh, zl);
    ddAdd(H, L, INV_ODD[2 * n]!, INV_ODD[2 * n + 1]!);
    ah = H;
    al = L;
  }
  ddMul(ah, al, 2 * sh, 2 * sl);
}

/** s = f / d as double-double, for doubles f and a double-double d. */
function ddDiv(f: number, dh: number, dl: number): void {
  const q1 = f / dh;
  ddMul(q1, 0, dh, dl);
  const r = f - H - L;
  const q2 = r / dh;
  H = q1 + q2;
  L = q2 - (H - q1);
}

for (let j = -J0; j <= 28; j++) {
  const c = 1 + j / 64;
  ddDiv(c - 1, c + 1, 0);
  atanh2(H, L, 40);
  LOGC[2 * (j + J0)] = H;
  LOGC[2 * (j + J0) + 1] = L;
}

const view = new DataView(new ArrayBuffer(8));

/** Natural logarithm, correctly rounded (to within about 2^-100 before the final rounding). */
export function logCR(x: number): number {
  if (!(x > 0) || x === Number.POSITIVE_INFINITY) return Math.log(x);
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 2 ** 54;
    k = -54;
  }
  view.setFloat64(0, x);
  const hiWord = view.getUint32(0);
  k += (hiWord >>> 20) - 1023;
  view.setUint32(0, (hiWord & 0x000fffff) | 0x3ff00000);
  let m = view.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    k += 1;
  }
  const j = Math.round((m - 1) * 64);
  const c = 1 + j / 64;
  // m - c is exact (Sterbenz); m + c is carried as a double-double.
  const f = m - c;
  const d = m + c;
  const dl = m - (d - (d - m)) + (c - (d - m));
  ddDiv(f, d, dl);
  atanh2(H, L, 8);
  const th = H;
  const tl = L;
  ddAdd(th, tl, LOGC[2 * (j + J0)]!, LOGC[2 * (j + J0) + 1]!);
  const uh = H;
  const ul = L;
  ddMul(k, 0, LN2_HI, LN2_LO);
  ddAdd(H, L, uh, ul);
  return H + L;
}

// Taylor coefficients (-1)^n / (2n+1)! for sin and (-1)^n / (2n)! for cos, double-double.
const SIN_C = new Float64Array(2 * 14);
const COS_C = new Float64Array(2 * 14);
{
  let fh = 1;
  let fl = 0;
  for (let i = 0; i < 28; i++) {
    // fh/fl = 1/i!
    const n = i >> 1;
    const sign = n % 2 === 0 ? 1 : -1;
    const target = i % 2 === 0 ? COS_C : SIN_C;
    target[2 * n] = sign * fh;
    target[2 * n + 1] = sign * fl;
    ddDivD(fh, fl, i + 1);
    fh = H;
    fl = L;
  }
}

const PIO2_1 = 1.5707963267948966;
const PIO2_2 = 6.123233995736766e-17;
const PIO2_3 = -1.4973849048591698e-33;
const TWO_OVER_PI = 0.6366197723675814;

/** Sum of `coef[n] * z^n` for n < 14, double-double, Horner. */
function poly(coef: Float64Array, zh: number, zl: number): void {
  let ah = coef[26]!;
  let al = coef[27]!;
  for (let n = 12; n >= 0; n--) {
    ddMul(ah, al, zh, zl);
    ddAdd(H, L, coef[2 * n]!, coef[2 * n + 1]!);
    ah = H;
    al = L;
  }
}

let SIN = 0;
let COS = 0;

/**
 * sin and cos of x together (|x| < 2^20), correctly rounded: `out[0] = sin(x)`, `out[1] = cos(x)`.
 * Falls back to `Math.sin`/`Math.cos` beyond that range.
 */
export function sinCosCR(x: number, out: Float64Array): void {
  if (!(Math.abs(x) < 1048576)) {
    out[0] = Math.sin(x);
    out[1] = Math.cos(x);
    return;
  }
  sincosCR(x);
  out[0] = SIN;
  out[1] = COS;
}

function sincosCR(x: number): void {
  const n = Math.round(x * TWO_OVER_PI);
  // r = x - n * pi/2 with pi/2 in three parts; n is small, so n * PIO2_1 is exact in a double-double.
  const p1 = twoProd(n, PIO2_1);
  ddAdd(x, 0, -p1, -L);
  const rh0 = H;
  const rl0 = L;
  const p2 = twoProd(n, PIO2_2);
  ddAdd(rh0, rl0, -p2, -L - n * PIO2_3);
  const rh = H;
  const rl = L;
  ddMul(rh, rl, rh, rl);
  const zh = H;
  const zl = L;
  poly(SIN_C, zh, zl);
  ddMul(H, L, rh, rl);
  const s = H + L;
  poly(COS_C, zh, zl);
  const c = H + L;
  switch (((n % 4) + 4) % 4) {
    case 0:
      SIN = s;
      COS = c;
      break;
    case 1:
      SIN = c;
      COS = -s;
      break;
    case 2:
      SIN = -s;
      COS = -c;
      break;
    default:
      SIN = -c;
      COS = s;
  }
}

/** Sine, correctly rounded for |x| < 2^20 (falls back to `Math.sin` beyond). */
export function sinCR(x: number): number {
  if (!(Math.abs(x) < 1048576)) return Math.sin(x);
  sincosCR(x);
  return SIN;
}

/** Cosine, correctly rounded for |x| < 2^20 (falls back to `Math.cos` beyond). */
export function cosCR(x: number): number {
  if (!(Math.abs(x) < 1048576)) return Math.cos(x);
  sincosCR(x);
  return COS;
}
