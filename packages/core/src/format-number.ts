/**
 * Python's float formatting (`'{:.4f}'`, `'{:.4e}'`), which tensor printing is built on. JS's
 * `toFixed`/`toExponential` differ from it in three ways that show up in real tensors: exact ties
 * round up instead of to even (0.03125 → "0.0313" vs Python's "0.0312"), `-0` loses its sign, and
 * `toFixed` switches to exponent notation from 1e21. So the digits are computed exactly from the
 * double's bits with BigInt: value = m · 2^e, scaled by a power of ten, rounded half to even.
 */

const view = new DataView(new ArrayBuffer(8));

/** |x| = m · 2^e exactly (x finite, nonzero). */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const frac = bits & ((1n << 52n) - 1n);
  return biased === 0 ? [frac, -1074] : [frac | (1n << 52n), biased - 1075];
}

/** round(|x| · 10^k) to the nearest integer, ties to even. */
function scaledRound(m: bigint, e: number, k: number): bigint {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  const q = num / den;
  const twice = (num - q * den) * 2n;
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

const signOf = (x: number) => (x < 0 || Object.is(x, -0) ? '-' : '');

/** Python's `'{:.{p}f}'.format(x)`. */
export function formatFixed(x: number, p: number): string {
  const s = special(x);
  if (s !== null) return s;
  let digits: string;
  if (x === 0) digits = '0';
  else {
    const [m, e] = decompose(x);
    digits = scaledRound(m, e, p).toString();
  }
  if (p === 0) return signOf(x) + digits;
  digits = digits.padStart(p + 1, '0');
  return `${signOf(x)}${digits.slice(0, -p)}.${digits.slice(-p)}`;
}

/** Python's `'{:.{p}e}'.format(x)`: at least two exponent digits, always signed. */
export function formatExp(x: number, p: number): string {
  const s = special(x);
  if (s !== null) return s;
  let digits: string;
  let exp = 0;
  if (x === 0) digits = '0'.repeat(p + 1);
  else {
    const [m, e] = decompose(x);
    exp = Math.floor(Math.log10(Math.abs(x)));
    const lo = 10n ** BigInt(p);
    const hi = lo * 10n;
    // log10 can be off by one near powers of ten, and rounding can carry into a new digit: adjust.
    for (;;) {
      const q = scaledRound(m, e, p - exp);
      if (q >= hi) exp++;
      else if (q < lo) exp--;
      else {
        digits = q.toString();
        break;
      }
    }
  }
  const mantissa = p === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const expStr = String(Math.abs(exp)).padStart(2, '0');
  return `${signOf(x)}${mantissa}e${exp < 0 ? '-' : '+'}${expStr}`;
}

/** Python's `str(int)` for an integer held in a double (no exponent notation, no `-0`). */
export function formatInt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  // Past 2^53 String() gives the shortest round-trip digits (…847000), Python the exact integer.
  return Math.abs(x) <= Number.MAX_SAFE_INTEGER ? String(x === 0 ? 0 : x) : BigInt(x).toString();
}
