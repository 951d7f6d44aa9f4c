import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { expectClose, fixture } from './helpers.js';

const { nn } = torch;
const U = fixture.utils;

function det(shape: number[], scale: number, shift = 0): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.arange(n, { dtype: 'float64' }).mul(scale).add(shift).sin().float().reshape(shape);
}

describe('nn.utils', () => {
  it('clipGradNorm_ matches PyTorch for the 2-, 1- and inf-norms', () => {
    for (const [key, p] of [
      ['2.0', 2],
      ['1.0', 1],
      ['inf', Number.POSITIVE_INFINITY],
    ] as const) {
      const a = new nn.Parameter(det([3, 4], 0.4));
      const b = new nn.Parameter(det([5], 0.9));
      a.grad = det([3, 4], 1.3, 0.2).mul(4);
      b.grad = det([5], 0.7).mul(3);
      const total = nn.utils.clipGradNorm_([a, b], 1.5, p);
      expect(total.item()).toBeCloseTo(U[key].total, 5);
      expectClose(a.grad, { shape: [3, 4], dtype: 'float32', values: U[key].a }, 1e-7, 1e-6);
      expectClose(b.grad, { shape: [5], dtype: 'float32', values: U[key].b }, 1e-7, 1e-6);
    }
  });

  it('clipGradNorm_ errors on a non-finite norm only when asked', () => {
    const a = new nn.Parameter(torch.zeros(2));
    a.grad = torch.tensor([Number.NaN, 1], { dtype: 'float32' });
    expect(() => nn.utils.clipGradNorm_(a, 1, { errorIfNonfinite: true })).toThrow(
      'The total norm of order 2 for gradients from `parameters` is non-finite',
    );
    expect(nn.utils.clipGradNorm_([], 1).item()).toBe(0);
  });

  it('clipGradValue_ clamps in place', () => {
    const a = new nn.Parameter(det([3, 4], 0.4));
    a.grad = det([3, 4], 1.3, 0.2).mul(4);
    nn.utils.clipGradValue_([a], 0.75);
    expect(Array.from(a.grad.dataSync())).toEqual(U.value);
  });

  it('parametersToVector and vectorToParameters round-trip, keeping parameter identity', () => {
    const lin = new nn.Linear(3, 2);
    const w = lin.weight;
    const vec = nn.utils.parametersToVector(lin.parameters());
    expect(vec.shape).toEqual([8]);
    nn.utils.vectorToParameters(torch.arange(8, { dtype: 'float32' }), lin.parameters());
    expect(lin.weight).toBe(w);
    expect(w.tolist()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(lin.bias!.tolist()).toEqual([6, 7]);
    expect(w.requiresGrad).toBe(true);
  });
});
