/**
 * The sampling loops, on host arrays filled in iteration order (the order PyTorch's
 * `cpu_serial_kernel` visits elements). Each follows PyTorch 1.13's CPU kernel draw for draw.
 */
import type { DType } from '../dtype.js';
import { log256, sincos256 } from './cephes.js';
import { fma32, fma64 } from './fma.js';
import type { Generator } from './generator.js';
import { logCR, sinCosCR } from './libm.js';

/** A host array of one float dtype. */
export type FloatArray = Float32Array | Float64Array;
/** A host array that receives samples. */
export type OutArray = Float32Array | Float64Array | Int32Array | Uint8Array;

const TWO_M24 = 2 ** -24;
const f = Math.fround;

/** `uniform_real_distribution<float>(0, 1)`: 24 bits of one draw. */
function uniform24(g: Generator): number {
  return (g.random() & 0xffffff) * TWO_M24;
}

/** `uniform_(from, to)`: float32 uses one fused multiply-add in float32, float64 one in double. */
export function uniformFill(g: Generator, out: FloatArray, dtype: DType, from: number, to: number): void {
  if (dtype === 'float32') {
    const lo = f(from);
    const range = f(f(to) - lo);
    for (let i = 0; i < out.length; i++) out[i] = fma32(uniform24(g), range, lo);
  } else {
    const range = to - from;
    for (let i = 0; i < out.length; i++) out[i] = fma64(g.random53(), range, from);
  }
}

const sc = new Float64Array(2);

/** `normal_distribution<double>`: Box–Muller in double, the sine sample cached in the generator. */
export function normalDouble(g: Generator): number {
  const cached = g.nextDoubleNormal;
  if (cached !== null) {
    g.nextDoubleNormal = null;
    return cached;
  }
  const u1 = g.random53();
  const u2 = g.random53();
  const r = Math.sqrt(-2 * logCR(1 - u2));
  sinCosCR(2 * Math.PI * u1, sc);
  g.nextDoubleNormal = r * sc[0]!;
  return r * sc[1]!;
}

/**
 * `normal_kernel`: float32 with 16 or more contiguous elements takes the AVX2 path, float64 with
 * 16 or more the vectorised double path, and everything else (small or non-contiguous) the scalar
 * double path. `contiguous` says whether the destination tensor is contiguous.
 */
export function normalFill(
  g: Generator,
  out: FloatArray,
  dtype: DType,
  mean: number,
  std: number,
  contiguous: boolean,
): void {
  const n = out.length;
  if (n >= 16 && contiguous) {
    if (dtype === 'float32') normalFillAvx2(g, out, f(mean), f(std));
    else normalFillDouble(g, out, mean, std);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = fma64(normalDouble(g), std, mean);
}

const lane = new Float64Array(2);

function fill16Avx2(d: FloatArray, i: number, mean: number, std: number): void {
  const twoPi = f(2 * Math.PI);
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - d[i + j]!);
    const u2 = d[i + j + 8]!;
    const radius = f(Math.sqrt(f(-2 * log256(u1))));
    sincos256(f(twoPi * u2), lane);
    d[i + j] = fma32(f(radius * lane[1]!), std, mean);
    d[i + j + 8] = fma32(f(radius * lane[0]!), std, mean);
  }
}

/** `normal_fill_AVX2`: uniforms first, 16 at a time through Cephes; a ragged tail redraws the last 16. */
function normalFillAvx2(g: Generator, d: FloatArray, mean: number, std: number): void {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = uniform24(g);
  for (let i = 0; i + 16 <= n; i += 16) fill16Avx2(d, i, mean, std);
  if (n % 16 !== 0) {
    for (let k = 0; k < 16; k++) d[n - 16 + k] = uniform24(g);
    fill16Avx2(d, n - 16, mean, std);
  }
}

function fill16Double(d: FloatArray, i: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - d[i + j]!;
    const u2 = d[i + j + 8]!;
    const radius = Math.sqrt(-2 * logCR(u1));
    sinCosCR(2 * Math.PI * u2, sc);
    d[i + j] = fma64(radius * sc[1]!, std, mean);
    d[i + j + 8] = fma64(radius * sc[0]!, std, mean);
  }
}

/** `normal_fill<double>`: the same structure with 53-bit uniforms and libm in double. */
function normalFillDouble(g: Generator, d: FloatArray, mean: number, std: number): void {
  const n = d.length;
  for (let i = 0; i < n; i++) d[i] = g.random53();
  for (let i = 0; i + 16 <= n; i += 16) fill16Double(d, i, mean, std);
  if (n % 16 !== 0) {
    for (let k = 0; k < 16; k++) d[n - 16 + k] = g.random53();
    fill16Double(d, n - 16, mean, std);
  }
}

/**
 * `random_(from, to)` / `randint`: `random() % range + low`, or `random64() % range + low` when the
 * range needs more than 32 bits (int64 and float dtypes only, as in PyTorch).
 */
export function randintFill(g: Generator, out: OutArray, dtype: DType, low: number, high: number): void {
  const range = high - low;
  if (range >= 4294967296 && (dtype === 'int64' || dtype === 'float32' || dtype === 'float64')) {
    const r = BigInt(range);
    const b = BigInt(low);
    for (let i = 0; i < out.length; i++) out[i] = Number((g.random64() % r) + b);
    return;
  }
  for (let i = 0; i < out.length; i++) out[i] = (g.random() % range) + low;
}

/** `randperm(n)` on the CPU: a Fisher–Yates shuffle from the front, `random() % (n - i)`. */
export function randpermFill(g: Generator, out: OutArray): void {
  const n = out.length;
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = g.random() % (n - i);
    const t = out[i]!;
    out[i] = out[i + z]!;
    out[i + z] = t;
  }
}

/** `bernoulli_(p)` with a float p (no MKL): a 53-bit uniform per element, 1 when below p. */
export function bernoulliScalarFill(g: Generator, out: OutArray, p: number): void {
  for (let i = 0; i < out.length; i++) out[i] = g.random53() < p ? 1 : 0;
}

/**
 * `bernoulli_(p)` with a tensor p: float64 probabilities draw 53-bit uniforms, float32 ones 24-bit
 * uniforms (`bernoulli_distribution<float>`).
 */
export function bernoulliTensorFill(g: Generator, out: OutArray, p: ArrayLike<number>, pDtype: DType): void {
  if (pDtype === 'float64') {
    for (let i = 0; i < out.length; i++) out[i] = g.random53() < p[i]! ? 1 : 0;
  } else {
    for (let i = 0; i < out.length; i++) out[i] = uniform24(g) < p[i]! ? 1 : 0;
  }
}

/** `exponential_(lambd)` on the CPU without MKL: `-1/lambd * log(1 - u)` with a 53-bit u. */
export function exponentialFill(g: Generator, out: FloatArray, lambd: number): void {
  const scale = -1 / lambd;
  for (let i = 0; i < out.length; i++) out[i] = scale * logCR(1 - g.random53());
}
