import * as torch from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { registerCpuBackend } from '../src/index.js';

registerCpuBackend();

// PyTorch 1.13: torch.zeros(3, 0).prod(1) → tensor([1., 1., 1.]); .all(1) → tensor([True, True, True]).
describe('reductions over a dim of size 0 give the identity at every kept position', () => {
  it('prod, all, any, sum over an empty dim, leading or trailing', () => {
    expect(torch.zeros([3, 0]).prod(1).tolist()).toEqual([1, 1, 1]);
    expect(torch.zeros([3, 0]).all(1).tolist()).toEqual([true, true, true]);
    expect(torch.zeros([3, 0]).any(1).tolist()).toEqual([false, false, false]);
    expect(torch.ones([0, 2]).prod(0).tolist()).toEqual([1, 1]);
    expect(torch.ones([2, 0, 2]).sum(1).tolist()).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});

// PyTorch 1.13 treats a 0-dim self as 1-d of size 1 in gather/scatter.
describe('gather and scatter on a 0-dim tensor with a 1-d index', () => {
  it('reads and writes the one element for every index entry', () => {
    expect(
      torch
        .tensor(3.5)
        .gather(0, torch.tensor([0, 0, 0]))
        .tolist(),
    ).toEqual([3.5, 3.5, 3.5]);
    expect(
      torch
        .tensor(3.5)
        .scatterAdd(0, torch.tensor([0, 0, 0]), torch.tensor([1, 2, 4], { dtype: 'float32' }))
        .item(),
    ).toBe(10.5);
  });
});
