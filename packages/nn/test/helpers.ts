import { readFileSync } from 'node:fs';
import * as torch from 'kindling';
import { expect } from 'vitest';

/** A tensor as the oracle (tools/oracle/nn_core.py) encodes it. */
export interface Enc {
  shape: number[];
  dtype: string;
  values: number[];
}

export const fixture = JSON.parse(readFileSync(new URL('./fixtures/nn-core.json', import.meta.url), 'utf8'));

export function fromEnc(e: Enc): torch.Tensor {
  return torch.tensor(e.values, { dtype: e.dtype as torch.DType }).reshape(e.shape);
}

/** Bit-for-bit equality with a PyTorch tensor. */
export function expectExact(t: torch.Tensor, e: Enc): void {
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype).toBe(e.dtype);
  expect(Array.from(t.contiguous().dataSync())).toEqual(e.values);
}

/** Equality within `atol + rtol·|expected|` per element. */
export function expectClose(t: torch.Tensor, e: Enc, atol = 1e-6, rtol = 1e-5): void {
  expect(t.shape).toEqual(e.shape);
  const got = Array.from(t.contiguous().dataSync());
  const bad = got.findIndex((v, i) => !(Math.abs(v - e.values[i]!) <= atol + rtol * Math.abs(e.values[i]!)));
  if (bad >= 0) expect.fail(`element ${bad}: got ${got[bad]}, PyTorch ${e.values[bad]}`);
}
