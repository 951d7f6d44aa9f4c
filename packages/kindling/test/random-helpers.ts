import { readFileSync } from 'node:fs';
import type { Tensor } from 'kindling';
import { expect } from 'vitest';

/** One tensor as the oracle stores it: floats as hex bit patterns, integers as numbers. */
export interface Enc {
  dtype: string;
  shape: number[];
  values: (string | number)[];
}

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON is loosely typed by design
export const fx: any = JSON.parse(
  readFileSync(new URL('./fixtures/rng.json', import.meta.url), 'utf8'),
).cases;

const view = new DataView(new ArrayBuffer(8));

/** The bit pattern of a float as the oracle writes it (big-endian hex). */
export function bitsOf(v: number, dtype: string): string {
  if (dtype === 'float32') {
    view.setFloat32(0, v);
    return view.getUint32(0).toString(16).padStart(8, '0');
  }
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** Decodes a fixture value to a number. */
export function decodeValue(v: string | number, dtype: string): number {
  if (typeof v === 'number') return v;
  if (dtype === 'float32') {
    view.setUint32(0, Number.parseInt(v, 16));
    return view.getFloat32(0);
  }
  view.setBigUint64(0, BigInt(`0x${v}`));
  return view.getFloat64(0);
}

/** A tensor from a fixture entry. */
export function decode(torch: typeof import('kindling'), e: Enc): Tensor {
  const vals = e.values.map((v) => decodeValue(v, e.dtype));
  return torch.tensor(vals, { dtype: e.dtype as 'float32' }).reshape(e.shape);
}

function encode(t: Tensor): (string | number)[] {
  const data = Array.from(t.contiguous().dataSync());
  return t.dtype === 'float32' || t.dtype === 'float64' ? data.map((v) => bitsOf(v, t.dtype)) : data;
}

/** Asserts `t` has the fixture's dtype, shape and exactly its bits. */
export function expectBits(t: Tensor, e: Enc): void {
  expect(t.dtype).toBe(e.dtype);
  expect(t.shape).toEqual(e.shape);
  expect(encode(t)).toEqual(e.values);
}

/**
 * float64 normals go through log/sin/cos, which PyTorch takes from glibc and Kindling rounds
 * correctly; glibc misrounds about one call in a thousand. Asserts every value is within one ulp
 * and that all but a few (`maxOff`) are bit-identical.
 */
export function expectBitsF64Libm(t: Tensor, e: Enc, maxOff = 2): void {
  expect(t.dtype).toBe('float64');
  expect(t.shape).toEqual(e.shape);
  const got = Array.from(t.contiguous().dataSync());
  let off = 0;
  got.forEach((v, i) => {
    const want = decodeValue(e.values[i]!, 'float64');
    if (v === want) return;
    off++;
    const ulp = 2 ** (Math.floor(Math.log2(Math.abs(want))) - 52);
    expect(Math.abs(v - want)).toBeLessThanOrEqual(ulp);
  });
  expect(off).toBeLessThanOrEqual(maxOff);
}
