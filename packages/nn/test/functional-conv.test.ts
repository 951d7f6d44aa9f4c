import { registerCpuBackend } from '@kindling/backend-cpu';
import * as core from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as conv from '../src/functional/conv.js';
import * as norm from '../src/functional/normalization.js';
import * as pool from '../src/functional/pooling.js';

registerCpuBackend();

describe('nn.functional conv / pooling / normalization', () => {
  it('are core ops under PyTorch F names, and compute', () => {
    expect(conv.conv2d).toBe(core.conv2d);
    expect(pool.maxPool2d).toBe(core.maxPool2d);
    expect(norm.layerNorm).toBe(core.layerNorm);
    const x = core.arange(16, { dtype: 'float32' }).reshape(1, 1, 4, 4);
    // A 2×2 sum filter then a 2×2 max pool: values checked by hand.
    const y = conv.conv2d(x, core.ones(1, 1, 2, 2), { stride: 2 });
    expect(Array.from(y.dataSync())).toEqual([10, 18, 42, 50]);
    const { values, indices } = pool.maxPool2d(x, 2, { returnIndices: true });
    expect(Array.from(values.dataSync())).toEqual([5, 7, 13, 15]);
    expect(Array.from(indices.dataSync())).toEqual([5, 7, 13, 15]);
    expect(Array.from(pool.avgPool2d(x, 2).dataSync())).toEqual([2.5, 4.5, 10.5, 12.5]);
    const ln = norm.layerNorm(core.tensor([[1, 3]], { dtype: 'float32' }), [2], { eps: 0 });
    expect(Array.from(ln.dataSync())).toEqual([-1, 1]);
  });
});

describe('torch.nn.functional index', () => {
  it('exposes conv, pooling and normalization', async () => {
    const torch = await import('kindling');
    const F = torch.nn.functional;
    expect(F.conv2d).toBe(core.conv2d);
    expect(F.maxPool2d).toBe(core.maxPool2d);
    expect(F.batchNorm).toBe(core.batchNorm);
    expect(F.adaptiveAvgPool2d).toBe(core.adaptiveAvgPool2d);
  });
});
