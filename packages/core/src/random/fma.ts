/**
 * Fused multiply-add, correctly rounded, for float32 and float64. PyTorch's AVX2 kernels are built
 * with `-mfma`, so GCC contracts `x * (to - from) + from` (uniform) and `v * std + mean` (normal)
 * into one rounding; JavaScript has no fma, so these reproduce it exactly.
 */

const buf = new DataView(new ArrayBuffer(8));

/** The low bit of a double's significand (its bit pattern's last bit). */
function lowBit(x: number): number {
  buf.setFloat64(0, x);
  return buf.getUint32(4) & 1;
}

/** The double next to `x` in the direction of `dir` (x finite, dir nonzero). */
function stepToward(x: number, dir: number): number {
  if (x === 0) return dir > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 === dir > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/**
 * `fma(a, b, c)` in float64: `a * b + c` with one rounding. Dekker's exact product, then Boldo and
 * Melquiond's "round to odd" addition, which gives the correctly rounded sum of three doubles.
 */
export function fma64(a: number, b: number, c: number): number {
  const ph = a * b;
  if (
    !Number.isFinite(ph) ||
    !Number.isFinite(c) ||
    ph === 0 ||
    Math.abs(ph) > 1e300 ||
    Math.abs(a * b) < 1e-290
  ) {
    return ph + c;
  }
  // Exact product ph + pl (Dekker).
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = al * bl - (ph - ah * bh - al * bh - ah * bl);
  // (th, tl) = TwoSum(c, ph)
  const th = c + ph;
  const bb = th - c;
  const tl = c - (th - bb) + (ph - bb);
  // v = RO(tl + pl): round to odd keeps the sticky bit that a second rounding needs.
  const v = tl + pl;
  const vb = v - tl;
  const ve = tl - (v - vb) + (pl - vb);
  const vOdd = ve !== 0 && lowBit(v) === 0 ? stepToward(v, ve) : v;
  return th + vOdd;
}

/**
 * `fmaf(a, b, c)` for float32 inputs: the product is exact in a double; the double sum `s` and its
 * error decide the one case where rounding `s` to float32 would round twice (a tie).
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const bb = s - p;
  const err = p - (s - bb) + (c - bb);
  const r = Math.fround(s);
  if (err === 0 || r === s) return r;
  // s exactly half-way between two floats: the exact value lies on err's side.
  const other = Math.fround(2 * s - r);
  if (Math.abs(s - r) !== Math.abs(other - s)) return r;
  return err > 0 === other > r ? other : r;
}
