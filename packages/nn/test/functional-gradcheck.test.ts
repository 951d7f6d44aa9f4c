import type { Tensor } from '@kindling/core';
import * as core from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional/index.js';
import './oracle-helpers.js';

const { gradcheck, gradgradcheck } = core.autograd;

// Deterministic float64 inputs away from kinks (finite differences need smooth neighbourhoods).
function f64(shape: number[], scale = 0.37, shift = 0.1, amp = 1.5): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return core
    .arange(n, { dtype: 'float64' })
    .mul(scale)
    .add(shift)
    .sin()
    .mul(amp)
    .reshape(shape)
    .requiresGrad_();
}
const long = (v: number[]) => core.tensor(v, { dtype: 'int64' });

describe('functional gradcheck (float64 finite differences)', () => {
  const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
    ['elu', (x) => F.elu(x, 0.7), [f64([3, 4])]],
    ['selu', (x) => F.selu(x), [f64([3, 4])]],
    ['mish', (x) => F.mish(x), [f64([3, 4])]],
    ['logsigmoid', (x) => F.logsigmoid(x), [f64([3, 4])]],
    ['softsign', (x) => F.softsign(x), [f64([3, 4])]],
    [
      'crossEntropy + labelSmoothing + weight',
      (x) =>
        F.crossEntropy(x, long([1, 0, 3]), {
          labelSmoothing: 0.2,
          weight: core.tensor([0.5, 1, 2, 1.5], { dtype: 'float64' }),
        }),
      [f64([3, 4])],
    ],
    [
      'crossEntropy class probabilities',
      (x, p) => F.crossEntropy(x, p.softmax(1)),
      [f64([3, 4]), f64([3, 4], 0.5, 0.3)],
    ],
    [
      'binaryCrossEntropy',
      (x, y) => F.binaryCrossEntropy(x.sigmoid(), y.sigmoid()),
      [f64([2, 3]), f64([2, 3], 0.7)],
    ],
    [
      'binaryCrossEntropy weighted, sum',
      (x, y) =>
        F.binaryCrossEntropy(x.sigmoid(), y.sigmoid(), {
          weight: core.tensor([1, 2, 0.5], { dtype: 'float64' }),
          reduction: 'sum',
        }),
      [f64([2, 3]), f64([2, 3], 0.7)],
    ],
    [
      'binaryCrossEntropyWithLogits + posWeight',
      (x, y) =>
        F.binaryCrossEntropyWithLogits(x, y.sigmoid(), {
          posWeight: core.tensor([2, 0.5, 1], { dtype: 'float64' }),
        }),
      [f64([2, 3]), f64([2, 3], 0.7)],
    ],
    [
      'klDiv batchmean',
      (x, q) => F.klDiv(x.logSoftmax(1), q.softmax(1), { reduction: 'batchmean' }),
      [f64([2, 4]), f64([2, 4], 0.9)],
    ],
    ['huberLoss', (a, b) => F.huberLoss(a, b, { delta: 0.8 }), [f64([3, 4]), f64([3, 4], 0.61, 0.4)]],
    [
      'cosineEmbeddingLoss',
      (a, b) => F.cosineEmbeddingLoss(a, b, core.tensor([1, -1, 1], { dtype: 'float64' }), { margin: -0.5 }),
      [f64([3, 4]), f64([3, 4], 0.61, 0.4)],
    ],
    ['pad reflect', (x) => F.pad(x, [2, 1, 1, 2], 'reflect'), [f64([1, 2, 3, 4])]],
    ['pad circular', (x) => F.pad(x, [2, 1], 'circular'), [f64([1, 2, 4])]],
    [
      'interpolate bilinear',
      (x) => F.interpolate(x, { scaleFactor: 1.7, mode: 'bilinear' }),
      [f64([1, 2, 3, 4])],
    ],
    ['interpolate nearest', (x) => F.interpolate(x, { size: [5, 3] }), [f64([1, 1, 3, 4])]],
    ['normalize', (x) => F.normalize(x), [f64([3, 4])]],
    ['cosineSimilarity', (a, b) => F.cosineSimilarity(a, b), [f64([3, 4]), f64([3, 4], 0.61, 0.4)]],
    ['bilinear', (a, b, w) => F.bilinear(a, b, w), [f64([2, 3]), f64([2, 2], 0.5), f64([4, 3, 2], 0.3)]],
    [
      'scaledDotProductAttention causal',
      (q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true }),
      [f64([2, 3, 4]), f64([2, 3, 4], 0.5, 0.2), f64([2, 3, 2], 0.7)],
    ],
  ];
  for (const [name, fn, inputs] of cases) {
    it(name, () => {
      expect(gradcheck(fn, inputs)).toBe(true);
    });
  }

  it('max pooling: first and second derivatives through its own backward op (overlapping, dilated windows)', () => {
    const x = f64([1, 2, 6, 6], 0.61, 0.3, 2);
    const pool = (t: Tensor) => F.maxPool2d(t, 3, { stride: 1, padding: 1, dilation: 2 }).mul(1.5);
    expect(gradcheck(pool, [x])).toBe(true);
    expect(gradgradcheck(pool, [x])).toBe(true);
    const adaptive = (t: Tensor) => F.adaptiveMaxPool2d(t, [4, 5]).mul(1.5);
    expect(gradgradcheck(adaptive, [x])).toBe(true);
  });

  it('second derivatives (gradgradcheck) of crossEntropy, activations and the custom BCE backward', () => {
    expect(gradgradcheck((x) => F.crossEntropy(x, long([2, 0])), [f64([2, 3])])).toBe(true);
    expect(gradgradcheck((x) => F.logsigmoid(x).add(F.mish(x)), [f64([2, 3])])).toBe(true);
    expect(
      gradgradcheck(
        (x, y) => F.binaryCrossEntropy(x.sigmoid(), y.sigmoid()),
        [f64([2, 3]), f64([2, 3], 0.7)],
      ),
    ).toBe(true);
  });
});

describe('functional numerics and API forms', () => {
  it('stays finite far out where naive formulas overflow', () => {
    const x = core.tensor([-800, -100, 100, 800], { dtype: 'float32', requiresGrad: true });
    const y = F.elu(x).add(F.logsigmoid(x)).add(F.selu(x)).add(F.mish(x)).add(F.hardswish(x));
    y.sum().backward();
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Array.from(x.grad!.dataSync()).every(Number.isFinite)).toBe(true);
    const l = F.binaryCrossEntropyWithLogits(x, core.tensor([1, 1, 1, 0], { dtype: 'float32' }), {
      reduction: 'none',
    });
    expect(Array.from(l.dataSync())).toEqual([800, 100, 0, 800]);
  });

  it('takes positional and keyword arguments alike', () => {
    const x = f64([2, 5]);
    expect(F.leakyRelu(x, 0.3).equal(F.leakyRelu(x, { negativeSlope: 0.3 }))).toBe(true);
    expect(F.softplus(x, 2, 3).equal(F.softplus(x, { beta: 2, threshold: 3 }))).toBe(true);
    expect(F.pad(x, [1, 2], 'replicate').equal(F.pad(x, [1, 2], { mode: 'replicate' }))).toBe(true);
    expect(F.mseLoss(x, x.flip(1), 'sum').equal(F.mseLoss(x, x.flip(1), { reduction: 'sum' }))).toBe(true);
    expect(F.softmax(x, { dim: 0 }).equal(F.softmax(x, 0))).toBe(true);
  });

  it('dropout off (eval, p = 0) returns the input itself; a bad p changes nothing', () => {
    const x = f64([2, 3]);
    expect(F.dropout(x, { p: 0.5, training: false })).toBe(x);
    expect(F.dropout(x, 0)).toBe(x);
    core.manualSeed(1);
    const before = core.rand(3);
    core.manualSeed(1);
    expect(() => F.dropout(x, -0.1)).toThrow(/between 0 and 1/);
    expect(core.rand(3).equal(before)).toBe(true);
  });

  it('oneHot returns int64 and rejects bad classes before allocating', () => {
    const h = F.oneHot(long([2, 0]), { numClasses: 3 });
    expect(h.dtype).toBe('int64');
    expect(h.tolist()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  it('embedding gives the padding row no gradient', () => {
    const w = f64([4, 2]);
    F.embedding(long([1, 3, 1]), w, { paddingIdx: 1 })
      .sum()
      .backward();
    expect(w.grad!.tolist()).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
  });
});
