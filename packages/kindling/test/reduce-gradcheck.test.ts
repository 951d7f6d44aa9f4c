import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { maxGradError } from './reduce-helpers.js';

/** A float64 tensor with irregular, distinct values (no RNG needed). */
function irregular(shape: number[], scale = 1, offset = 0): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch
    .arange(n, { dtype: 'float64' })
    .mul(2.39996)
    .add(offset)
    .sin()
    .mul(scale)
    .add(torch.arange(n, { dtype: 'float64' }).mul(1e-3))
    .reshape(shape);
}

const TOL = 1e-6;

describe('float64 finite differences', () => {
  const x = irregular([3, 4]);
  const cases: [string, (...t: torch.Tensor[]) => torch.Tensor, torch.Tensor[]][] = [
    ['var dim', (t) => t.var(1), [x]],
    ['var all, correction 0', (t) => t.var({ correction: 0 }), [x]],
    ['std dims keepdim', (t) => t.std([0, 1], { keepdim: true }), [x]],
    ['logsumexp', (t) => t.logsumexp(0), [x.mul(30)]],
    ['norm p=3', (t) => t.norm(3, 1), [x]],
    ['norm p=0.5', (t) => t.norm(0.5), [x.add(0.1)]],
    ['norm inf', (t) => t.norm(Number.POSITIVE_INFINITY, 0), [x]],
    ['cumsum', (t) => t.cumsum(0), [x]],
    ['cumprod, no zeros', (t) => t.cumprod(1), [x]],
    ['logcumsumexp', (t) => t.logcumsumexp(1), [x]],
    ['softmax', (t) => t.softmax(0), [x]],
    ['logSoftmax', (t) => t.logSoftmax(1), [x]],
    ['sort values', (t) => t.sort(1, true).values, [x]],
    ['topk values', (t) => t.topk(2, 0).values, [x]],
    ['kthvalue', (t) => t.kthvalue(2, 1).values, [x]],
    ['median dim', (t) => t.median(1).values, [x]],
    ['max dim', (t) => t.max(1).values, [x]],
    ['prod all', (t) => t.prod(), [x.add(1.5)]],
    [
      'einsum bilinear',
      (a, b, c) => torch.einsum('bn,anm,bm->ba', a, b, c),
      [irregular([2, 3]), irregular([4, 3, 2], 1, 1), irregular([2, 2], 1, 2)],
    ],
    [
      'einsum trace of product',
      (a, b) => torch.einsum('ij,ji', a, b),
      [irregular([3, 3]), irregular([3, 3], 1, 5)],
    ],
    ['einsum diagonal', (a) => torch.einsum('iij->ij', a), [irregular([3, 3, 2])]],
  ];
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      expect(maxGradError(f, inputs)).toBeLessThan(TOL);
    });
  }

  it('cumprod through exact zeros (PyTorch-style formula, not a division)', () => {
    // Finite differences are exact at a zero: cumprod is multilinear in each element.
    const z = torch.tensor(
      [
        [2, 0, 3, 0, 4],
        [0, 1.5, 2, -1, 3],
        [1, 2, 3, 4, 0.5],
      ],
      { dtype: 'float64' },
    );
    expect(maxGradError((t) => t.cumprod(1), [z])).toBeLessThan(TOL);
    expect(maxGradError((t) => t.cumprod(0), [z.t()])).toBeLessThan(TOL);
  });

  it('double backward of softmax, logSoftmax, logsumexp, var and cumprod', () => {
    const fns: ((t: torch.Tensor) => torch.Tensor)[] = [
      (t) => t.softmax(1),
      (t) => t.logSoftmax(0),
      (t) => t.logsumexp(1),
      (t) => t.std(1),
      (t) => t.cumprod(1),
      (t) => t.norm(3),
    ];
    for (const f of fns) {
      // The gradient of sum(f(x) * w) as a function of x, differentiated again.
      const firstGrad = (t: torch.Tensor) => {
        const y = f(t);
        const w = torch.arange(y.numel(), { dtype: 'float64' }).mul(0.7).cos().reshape(y.shape);
        return torch.autograd.grad(y.mul(w).sum(), [t], null, { createGraph: true })[0]!;
      };
      expect(maxGradError(firstGrad, [x.add(0.5)], 1e-5)).toBeLessThan(1e-5);
    }
  });
});

describe('softmax family: fused kernel and composite', () => {
  const shapes: [number[], number][] = [
    [[5], 0],
    [[3, 7], 1],
    [[3, 7], 0],
    [[2, 3, 4], 1],
    [[4, 1, 3], -1],
  ];
  for (const def of [torch.ops.softmaxOp, torch.ops.logSoftmaxOp]) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${def.name} kernel equals its composite (${dtype})`, () => {
        for (const [shape, dim] of shapes) {
          const x = irregular(shape, 20).to(dtype);
          const d = dim < 0 ? dim + shape.length : dim;
          const fused = torch.dispatch1(def, [x], { dim: d });
          const reference = def.composite!([x], { dim: d }) as torch.Tensor;
          expect(fused.allclose(reference, 1e-5, 1e-6)).toBe(true);
          // Non-contiguous input reads the same.
          const xt = x.transpose(0, -1).contiguous().transpose(0, -1);
          expect(torch.dispatch1(def, [xt], { dim: d }).allclose(reference, 1e-5, 1e-6)).toBe(true);
        }
      });
    }
  }

  it('training runs the fused kernel with the explicit backward', () => {
    const x = irregular([2, 5]).requiresGrad_();
    expect(x.softmax(1).gradFn?.name).toBe('SoftmaxBackward0');
    expect(x.logSoftmax(1).gradFn?.name).toBe('LogSoftmaxBackward0');
  });
});

describe('argument forms', () => {
  const x = irregular([2, 3, 4]).to('float32');
  it('positional and keyword forms agree', () => {
    expect(x.var(1, false, true).equal(x.var({ dim: 1, unbiased: false, keepdim: true }))).toBe(true);
    expect(x.var(1, false).equal(x.var(1, { correction: 0 }))).toBe(true);
    expect(torch.var(x, 1).equal(x.var(1))).toBe(true);
    expect(torch.std(x).equal(x.std())).toBe(true);
    expect(x.sort(1, true).values.equal(x.sort({ dim: 1, descending: true }).values)).toBe(true);
    expect(x.topk(2, 0, false).indices.equal(torch.topk(x, { k: 2, dim: 0, largest: false }).indices)).toBe(
      true,
    );
    expect(x.softmax(-1).equal(torch.softmax(x, { dim: -1 }))).toBe(true);
    expect(x.norm(2, [0, 2], true).equal(torch.norm(x, { p: 2, dim: [0, 2], keepdim: true }))).toBe(true);
    expect(x.cumsum(2).equal(torch.cumsum(x, { dim: 2 }))).toBe(true);
    expect(x.logsumexp(1, true).equal(torch.logsumexp(x, { dim: 1, keepdim: true }))).toBe(true);
    expect(torch.sum(x, 1).equal(x.sum(1))).toBe(true);
    expect(torch.max(x, 1).values.equal(x.amax(1))).toBe(true);
    expect(torch.argsort(x, 2).equal(x.sort(2).indices)).toBe(true);
  });

  it('rejects both unbiased and correction, and unknown keywords', () => {
    expect(() => x.var({ unbiased: true, correction: 1 })).toThrow(torch.TorchTypeError);
    expect(() => x.sort({ dims: 1 } as never)).toThrow("sort() got an unexpected keyword argument 'dims'");
  });
});

describe('sort is stable on long lines', () => {
  it('matches a stable reference sort with many ties, both orders', () => {
    const n = 2000;
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 37) - 18);
    values[5] = Number.NaN;
    values[1500] = Number.NaN;
    const t = torch.tensor(values, { dtype: 'float64' });
    for (const descending of [false, true]) {
      const key = (v: number) => (Number.isNaN(v) ? Number.POSITIVE_INFINITY : v);
      const ref = values
        .map((_v, i) => i)
        .sort((a, b) => (descending ? key(values[b]!) - key(values[a]!) : key(values[a]!) - key(values[b]!)));
      const got = Array.from(t.sort(0, descending).indices.dataSync() as Float64Array);
      expect(got).toEqual(ref);
    }
  });
});
