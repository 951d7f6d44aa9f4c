import { ARRAY_TYPE, castScalar, type DType, isFloatingPoint, type TypedArray } from '../dtype.js';
import { contiguousStrides, numel } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { Torch } from './compare.js';
import { Lcg } from './lcg.js';
import type { InputSpec, Layout } from './spec.js';

/** One input's values: drawn for `genShape`, and materialized (broadcast) to the input's shape. */
export interface InputValues {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly genShape: readonly number[];
  readonly base: TypedArray;
  readonly full: TypedArray;
}

/** Draws one value from the LCG as a double (before the cast to the input's dtype). */
function draw(spec: InputSpec, dtype: DType, u: number): number {
  if (spec.gen === 'bool' || (spec.gen === undefined && dtype === 'bool')) return u < 0.5 ? 1 : 0;
  if (spec.gen === 'int' || !isFloatingPoint(dtype)) {
    let lo = spec.low ?? (dtype === 'uint8' ? 0 : -5);
    const hi = spec.high ?? (dtype === 'uint8' ? 10 : 5);
    if (dtype === 'uint8') lo = Math.max(lo, 0);
    return Math.floor(lo + (hi - lo) * u);
  }
  const lo = spec.low ?? -2;
  const hi = spec.high ?? 2;
  return lo + (hi - lo) * u;
}

/** Row-major copy of `base` (shape `from`) broadcast to `to`. */
function broadcastCopy(
  base: TypedArray,
  from: readonly number[],
  to: readonly number[],
  dtype: DType,
): TypedArray {
  const out = new ARRAY_TYPE[dtype](numel(to));
  const off = to.length - from.length;
  const fs = contiguousStrides(from);
  const idx = new Array<number>(to.length).fill(0);
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let d = off; d < to.length; d++) if (from[d - off] !== 1) src += idx[d]! * fs[d - off]!;
    out[k] = base[src]!;
    for (let d = to.length - 1; d >= 0; d--) {
      if (++idx[d]! < to[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** The values of every input of a sample run in `dtype`, drawn in order from the sample's seed. */
export function makeInputValues(specs: readonly InputSpec[], dtype: DType, seed: number): InputValues[] {
  const rng = new Lcg(seed);
  return specs.map((spec) => {
    const d = spec.dtype ?? dtype;
    const genShape = spec.expandFrom ?? spec.shape;
    const base = new ARRAY_TYPE[d](numel(genShape));
    for (let k = 0; k < base.length; k++) base[k] = castScalar(draw(spec, d, rng.next()), d);
    const full = spec.expandFrom ? broadcastCopy(base, spec.expandFrom, spec.shape, d) : base;
    return { dtype: d, shape: spec.shape, genShape, base, full };
  });
}

/** The weights `w` of the loss `(out * w).sum()` for an output of `numel` elements. */
export function makeWeights(seed: number, n: number, dtype: DType): TypedArray {
  const rng = new Lcg(seed);
  const w = new ARRAY_TYPE[dtype](n);
  for (let k = 0; k < n; k++) w[k] = castScalar(-1 + 2 * rng.next(), dtype);
  return w;
}

/** Whether a layout changes anything for this input (otherwise it is passed contiguous). */
export function layoutApplies(layout: Layout, v: InputValues): boolean {
  if (layout === 'transposed') return v.shape.length >= 2;
  if (layout === 'strided') return v.shape.length >= 1;
  if (layout === 'broadcast') return v.genShape !== v.shape;
  return true;
}

/** A value that poisons any result that reads the gaps of a strided layout. */
function sentinel(dtype: DType): number {
  return isFloatingPoint(dtype) ? Number.NaN : dtype === 'bool' ? 1 : 77;
}

/**
 * The input as a tensor on `device` in the given layout; every layout holds the same logical values.
 * - `transposed`: stored with the last two dims swapped, then viewed back with `transpose(-1, -2)`;
 * - `strided`: every other element of a buffer twice as wide, at offset 1 (`slice(-1, 1, null, 2)`);
 * - `broadcast`: the stride-0 `expand` of the drawn values.
 */
export function buildInput(torch: Torch, v: InputValues, layout: Layout, device: string): Tensor {
  const { dtype, shape } = v;
  const { fromTypedArray } = torch;
  if (!layoutApplies(layout, v) || layout === 'contiguous')
    return fromTypedArray(v.full.slice(), shape, dtype, device);
  if (layout === 'broadcast')
    return fromTypedArray(v.base.slice(), v.genShape, dtype, device).expand(shape as number[]);
  const nd = shape.length;
  if (layout === 'transposed') {
    const R = shape[nd - 2]!;
    const C = shape[nd - 1]!;
    const stored = new ARRAY_TYPE[dtype](v.full.length);
    for (let b = 0; b < v.full.length; b += R * C) {
      for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) stored[b + j * R + i] = v.full[b + i * C + j]!;
    }
    return fromTypedArray(stored, [...shape.slice(0, -2), C, R], dtype, device).transpose(-1, -2);
  }
  const last = shape[nd - 1]!;
  const wide = new ARRAY_TYPE[dtype](v.full.length * 2).fill(sentinel(dtype));
  for (let k = 0; k < v.full.length; k++) {
    const row = Math.floor(k / last);
    wide[row * 2 * last + 2 * (k % last) + 1] = v.full[k]!;
  }
  return fromTypedArray(wide, [...shape.slice(0, -1), 2 * last], dtype, device).slice(-1, 1, null, 2);
}
