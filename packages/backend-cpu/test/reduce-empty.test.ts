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
