import * as torch from 'kindling';
import { expect } from 'vitest';

/** A tensor as the oracle writes it: flat data (NaN/±inf as strings), shape and dtype. */
export interface TensorFixture {
  data: (number | boolean | string)[];
  shape: number[];
  dtype: torch.DType;
}

function decode(v: number | boolean | string): number | boolean {
  if (v === 'nan') return Number.NaN;
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v as number | boolean;
}

/** Builds the tensor a fixture describes (optionally requiring grad). */
export function fromFixture(f: TensorFixture, requiresGrad = false): torch.Tensor {
  const t = torch.tensor(f.data.map(decode) as number[], { dtype: f.dtype }).reshape(f.shape);
  return requiresGrad ? t.detach().requiresGrad_() : t;
}

/** Asserts shape, dtype and values (NaN equals NaN, infinities exact, floats within tolerance). */
export function expectTensor(
  actual: torch.Tensor,
  expected: TensorFixture,
  label: string,
  rtol = 1e-5,
  atol = 1e-6,
): void {
  expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
  expect(actual.dtype, `${label}: dtype`).toBe(expected.dtype);
  const got = Array.from(actual.contiguous().dataSync() as ArrayLike<number>);
  const want = expected.data.map(decode);
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (typeof w === 'boolean') {
      expect(Boolean(g), `${label}[${i}]`).toBe(w);
    } else if (Number.isNaN(w) || !Number.isFinite(w)) {
      expect(g, `${label}[${i}]`).toBe(w);
    } else if (Math.abs(g - w) > atol + rtol * Math.abs(w)) {
      expect(g, `${label}[${i}] (want ${w})`).toBeCloseTo(w, 10);
    }
  }
}

/**
 * The largest |analytic - numeric| of d sum(f(x) * w) / dx over every element of float64 inputs,
 * with central differences (a small local gradcheck).
 */
export function maxGradError(
  f: (...xs: torch.Tensor[]) => torch.Tensor,
  inputs: torch.Tensor[],
  eps = 1e-6,
): number {
  const xs = inputs.map((x) => x.to('float64').detach().requiresGrad_());
  const out = f(...xs);
  // Fixed, irregular weights (no RNG needed): sin(1.3 i + 0.4).
  const w = torch.arange(out.numel(), { dtype: 'float64' }).mul(1.3).add(0.4).sin().reshape(out.shape);
  const analytic = torch.autograd.grad(out.mul(w).sum(), xs);
  let worst = 0;
  xs.forEach((x, k) => {
    const data = x.detach().contiguous().dataSync() as Float64Array;
    const an = analytic[k]!.contiguous().dataSync() as Float64Array;
    for (let i = 0; i < data.length; i++) {
      const probe = (delta: number): number => {
        const copy = Float64Array.from(data);
        copy[i] = copy[i]! + delta;
        // Inputs keep requiresGrad so that f may itself differentiate (double-backward checks).
        const shifted = xs.map((y, j) =>
          (j === k ? torch.tensor(copy, { dtype: 'float64' }).reshape(x.shape) : y.detach()).requiresGrad_(),
        );
        return f(...shifted)
          .mul(w)
          .sum()
          .item() as number;
      };
      const numeric = (probe(eps) - probe(-eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(numeric - an[i]!));
    }
  });
  return worst;
}
