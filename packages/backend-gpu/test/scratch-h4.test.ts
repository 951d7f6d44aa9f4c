import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import type { DType, Tensor } from '@kindling/core';
import * as torch from '@kindling/core';
import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { configureGpu } from '../src/index.js';
import { ensureDisplay } from './xvfb.js';

const MODE = (process.env.H4_MODE ?? 'webasm') as 'webasm' | 'headlessgl';
if (MODE === 'headlessgl') ensureDisplay();
void GPU;
registerCpuBackend();
configureGpu({ mode: MODE });

let seed = 12345;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
}
function data(shape: number[], dtype: DType = 'float32', lo = -3, hi = 3, ints = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => {
    const x = lo + (hi - lo) * rnd();
    return ints || dtype !== 'float32' ? Math.floor(x) : x;
  });
  return torch
    .tensor(v, { dtype: dtype === 'bool' ? 'float32' : dtype })
    .reshape(shape)
    .to(dtype);
}
function idx(shape: number[], lo: number, hi: number): Tensor {
  return data(shape, 'int64', lo, hi);
}

type Out = Tensor | Tensor[] | { values: Tensor; indices: Tensor };
function flat(o: Out): Tensor[] {
  if (Array.isArray(o)) return o;
  if ('values' in o && 'indices' in o && !(o instanceof torch.Tensor)) return [o.values, o.indices];
  return [o as Tensor];
}

/** Runs fn on CPU copies and GPU copies of the inputs and compares. */
function same(name: string, inputs: Tensor[], fn: (...xs: Tensor[]) => Out, tol = 1e-5): void {
  it(name, () => {
    const cpu = flat(fn(...inputs.map((t) => t.clone())));
    const gpu = flat(fn(...inputs.map((t) => t.to('gpu'))));
    expect(gpu.length).toBe(cpu.length);
    cpu.forEach((c, k) => {
      const g = gpu[k]!;
      expect(g.shape).toEqual(c.shape);
      expect(g.dtype).toBe(c.dtype);
      const a = Array.from(c.dataSync() as ArrayLike<number>);
      const b = Array.from(g.to('cpu').dataSync() as ArrayLike<number>);
      for (let i = 0; i < a.length; i++) {
        const x = a[i]!;
        const y = b[i]!;
        const ok =
          Object.is(x, y) ||
          (Number.isNaN(x) && Number.isNaN(y)) ||
          Math.abs(x - y) <= tol * (1 + Math.abs(x));
        if (!ok) throw new Error(`${name} out ${k} [${i}]: cpu ${x} gpu ${y}`);
      }
    });
  });
}

describe('bmm', () => {
  same('unrolled K=53', [data([2, 37, 53]), data([2, 53, 29])], (a, b) => a!.bmm(b!), 1e-4);
  same('transposed', [data([20, 13]), data([9, 20])], (a, b) => a!.t().matmul(b!.t()), 1e-4);
  same(
    'K > CHUNK exact ints',
    [data([3, 10000], 'float32', -3, 3, true), data([10000, 2], 'float32', -3, 3, true)],
    (a, b) => a!.mm(b!),
    0,
  );
  same(
    'K > CHUNK unrolled tail',
    [data([2, 9003], 'float32', -3, 3, true), data([9003, 3], 'float32', -3, 3, true)],
    (a, b) => a!.mm(b!),
    0,
  );
  same('int32 K=20', [data([4, 20], 'int32'), data([20, 3], 'int32')], (a, b) => a!.mm(b!), 0);
  same(
    'int64 bmm broadcast',
    [data([1, 5, 12], 'int64'), data([3, 12, 2], 'int64')],
    (a, b) => a!.expand(3, 5, 12).bmm(b!),
    0,
  );
  same('K=0', [data([3, 0]), data([0, 4])], (a, b) => a!.mm(b!));
  same('M=0', [data([0, 3]), data([3, 4])], (a, b) => a!.mm(b!));
  same(
    'mv strided',
    [data([6, 40]), data([80])],
    (a, b) => a!.mv(b!.index(torch.slice(null, null, 2))),
    1e-4,
  );
});

describe('im2col', () => {
  same('unfold basic', [data([2, 3, 5, 6])], (x) => torch.unfold(x!, 2));
  same('unfold pad/dil/stride', [data([1, 2, 7, 8])], (x) =>
    torch.unfold(x!, [3, 2], { dilation: [2, 1], padding: [1, 2], stride: [2, 3] }),
  );
  same('unfold strided input', [data([3, 2, 6, 5])], (x) =>
    torch.unfold(x!.permute(1, 0, 3, 2), 3, { padding: 1 }),
  );
  same('unfold int64', [data([1, 2, 4, 4], 'int64')], (x) => torch.unfold(x!, 2, { stride: 1 }));
  same('fold overlap', [data([2, 3 * 4, 16])], (x) => torch.fold(x!, [5, 5], 2, { stride: 1 }), 1e-5);
  same('fold pad/dil/stride', [data([1, 2 * 6, 12])], (x) =>
    torch.fold(x!, [7, 8], [3, 2], { dilation: [2, 1], padding: [1, 2], stride: [2, 3] }),
  );
  same('fold strided input', [data([12, 2, 16])], (x) =>
    torch.fold(x!.permute(1, 0, 2), [5, 5], 2, { stride: 1 }),
  );
  same('fold int32', [data([1, 4, 9], 'int32')], (x) => torch.fold(x!, [4, 4], 2, { stride: 1 }), 0);
  same('conv2d', [data([2, 3, 8, 7]), data([4, 3, 3, 2])], (x, w) => torch.conv2d(x!, w!, null, 2, 1), 1e-4);
  same(
    'conv2d grad',
    [data([1, 2, 6, 6]), data([3, 2, 3, 3])],
    (x, w) => {
      const xx = x!.detach().requiresGrad_(true);
      const ww = w!.detach().requiresGrad_(true);
      torch.conv2d(xx, ww, null, 1, 1).sum().backward();
      return [xx.grad!, ww.grad!];
    },
    1e-4,
  );
  same(
    'avgPool2d',
    [data([2, 3, 7, 7])],
    (x) => torch.avgPool2d(x!, 3, { stride: 2, padding: 1, ceilMode: true }),
    1e-5,
  );
});

describe('maxpool', () => {
  same('basic', [data([2, 3, 6, 7])], (x) => torch.maxPool2d(x!, 2, { returnIndices: true }));
  same('pad dil ceil', [data([1, 2, 9, 8])], (x) =>
    torch.maxPool2d(x!, 3, { stride: 2, padding: 1, dilation: 2, ceilMode: true, returnIndices: true }),
  );
  same('strided input', [data([3, 2, 8, 6])], (x) =>
    torch.maxPool2d(x!.permute(1, 0, 3, 2), [2, 3], { stride: [1, 2], padding: 1, returnIndices: true }),
  );
  same('ties', [data([1, 2, 6, 6], 'float32', -1, 2, true)], (x) =>
    torch.maxPool2d(x!, 3, { stride: 1, padding: 1, returnIndices: true }),
  );
  same(
    'nan/-inf',
    [
      torch
        .tensor([
          NaN,
          1,
          -Infinity,
          -Infinity,
          2,
          NaN,
          -Infinity,
          -Infinity,
          3,
          4,
          5,
          NaN,
          -Infinity,
          -Infinity,
          -Infinity,
          -Infinity,
        ])
        .reshape(1, 1, 4, 4),
    ],
    (x) => torch.maxPool2d(x!, 2, { returnIndices: true }),
  );
  same('adaptive', [data([2, 3, 7, 10])], (x) => torch.adaptiveMaxPool2d(x!, [3, 4], true));
  same('1d', [data([2, 3, 11])], (x) =>
    torch.maxPool1d(x!, 3, { stride: 2, padding: 1, returnIndices: true }),
  );
  same('3d input', [data([3, 5, 5])], (x) => torch.maxPool2d(x!, 2));
  same('grad', [data([1, 2, 6, 6])], (x) => {
    const xx = x!.detach().requiresGrad_(true);
    torch
      .maxPool2d(xx, 3, { stride: 1 })
      .mul(torch.arange(32).reshape(1, 2, 4, 4).to(xx.device))
      .sum()
      .backward();
    return xx.grad!;
  });
});

describe('gather/scatter', () => {
  same('gather dim0', [data([4, 5]), idx([6, 3], 0, 4)], (x, i) => x!.gather(0, i!));
  same('gather strided', [data([5, 4]), idx([5, 3], 0, 4)], (x, i) => x!.t().gather(1, i!.t()));
  same('gather 0d', [torch.tensor(3.5), torch.tensor(0, { dtype: 'int64' })], (x, i) => x!.gather(0, i!));
  same('gather 0d x, 1d index', [torch.tensor(3.5), torch.tensor([0, 0, 0], { dtype: 'int64' })], (x, i) =>
    x!.gather(0, i!),
  );
  same('scatter dup last wins', [data([3, 4]), idx([5, 4], 0, 3), data([5, 4])], (x, i, s) =>
    x!.scatter(0, i!, s!),
  );
  same(
    'scatter multiply',
    [data([3, 4]), idx([5, 3], 0, 3), data([6, 4])],
    (x, i, s) => x!.scatter(0, i!, s!, { reduce: 'multiply' }),
    1e-5,
  );
  same(
    'scatter add reduce',
    [data([3, 4]), idx([3, 5], 0, 4), data([3, 6])],
    (x, i, s) => x!.scatter(1, i!, s!, { reduce: 'add' }),
    1e-5,
  );
  same('scatter value', [data([3, 4], 'int64'), idx([2, 2], 0, 4)], (x, i) => x!.scatter(1, i!, 7));
  same(
    'scatterAdd long',
    [data([3, 2]), idx([5000, 2], 0, 3), data([5000, 2], 'float32', -3, 3, true)],
    (x, i, s) => x!.scatterAdd(0, i!, s!),
    0,
  );
  same('scatter_ into strided view', [data([4, 3]), idx([2, 4], 0, 3), data([2, 4])], (x, i, s) => {
    const y = x!.clone();
    y.t().scatter_(0, i!, s!);
    return y;
  });
  same(
    'scatter bool add',
    [data([3, 4], 'bool', 0, 2), idx([3, 4], 0, 3), data([3, 4], 'bool', 0, 2)],
    (x, i, s) => x!.scatterAdd(0, i!, s!),
  );
  same(
    'scatter uint8 add',
    [data([3, 4], 'uint8', 200, 256), idx([3, 4], 0, 3), data([3, 4], 'uint8', 200, 256)],
    (x, i, s) => x!.scatterAdd(0, i!, s!),
  );
  same('scatter grads', [data([3, 4]), idx([2, 4], 0, 3), data([2, 4])], (x, i, s) => {
    const xx = x!.detach().requiresGrad_(true);
    const ss = s!.detach().requiresGrad_(true);
    xx.scatterAdd(0, i!, ss).mul(2).sum().backward();
    return [xx.grad!, ss.grad!];
  });
});

describe('indexSelect/indexAdd', () => {
  same('indexSelect dim1', [data([3, 5, 4]), idx([7], 0, 5)], (x, i) => x!.indexSelect(1, i!));
  same('indexSelect int32 idx strided', [data([6, 4]), data([10], 'int32', 0, 6)], (x, i) =>
    x!.indexSelect(0, i!.index(torch.slice(null, null, 2))),
  );
  same('indexSelect 0d', [torch.tensor(2.5), torch.tensor([0, 0], { dtype: 'int64' })], (x, i) =>
    x!.indexSelect(0, i!),
  );
  same(
    'indexAdd alpha',
    [data([5, 3]), idx([7], 0, 5), data([7, 3])],
    (x, i, s) => x!.indexAdd(0, i!, s!, { alpha: 2.5 }),
    1e-5,
  );
  same(
    'indexAdd dim1 int',
    [data([3, 5], 'int64'), idx([4], 0, 5), data([3, 4], 'int64')],
    (x, i, s) => x!.indexAdd(1, i!, s!),
    0,
  );
  same(
    'indexAdd long index',
    [data([7, 2]), idx([6000], 0, 7), data([6000, 2], 'float32', -3, 3, true)],
    (x, i, s) => x!.indexAdd(0, i!, s!),
    0,
  );
  same('indexAdd_ strided self', [data([4, 5]), idx([3], 0, 4), data([5, 3])], (x, i, s) => {
    const y = x!.clone();
    y.t().indexAdd_(1, i!, s!);
    return y;
  });
  same(
    'indexAdd 0d',
    [torch.tensor(1.5), torch.tensor([0], { dtype: 'int64' }), torch.tensor(2, { dtype: 'float32' })],
    (x, i, s) => x!.indexAdd(0, i!, s!),
  );
  same('indexAdd bool', [data([4, 3], 'bool', 0, 2), idx([5], 0, 4), data([5, 3], 'bool', 0, 2)], (x, i, s) =>
    x!.indexAdd(0, i!, s!),
  );
  same('indexSelect grad', [data([5, 3]), idx([8], 0, 5)], (x, i) => {
    const xx = x!.detach().requiresGrad_(true);
    xx.indexSelect(0, i!).mul(3).sum().backward();
    return xx.grad!;
  });
});

describe('indexPut', () => {
  same(
    'accumulate dup',
    [data([5, 3]), idx([8], -5, 5), data([8, 3])],
    (x, i, v) => x!.indexPut([i!], v!, true),
    1e-5,
  );
  same('last wins', [data([5, 3]), idx([8], -5, 5), data([8, 3])], (x, i, v) => x!.indexPut([i!], v!));
  same(
    'two indices',
    [data([4, 5, 2]), idx([3, 2], 0, 4), idx([3, 2], -5, 5), data([3, 2, 2])],
    (x, i, j, v) => x!.indexPut([i!, j!], v!, true),
    1e-5,
  );
  same('broadcast values', [data([4, 5]), idx([3], 0, 4)], (x, i) =>
    x!.indexPut([i!], torch.tensor(9, { dtype: 'float32' }).to(x!.device)),
  );
  same('bool accumulate', [data([6], 'bool', 0, 2), idx([5], 0, 6), data([5], 'bool', 0, 2)], (x, i, v) =>
    x!.indexPut([i!], v!, true),
  );
  same('setIndex mask', [data([4, 5])], (x) => {
    const y = x!.clone();
    y.setIndex(y.gt(0), -1);
    return y;
  });
  same('setIndex advanced middle', [data([3, 4, 5]), data([2, 5])], (x, v) => {
    const y = x!.clone();
    y.setIndex(':', torch.tensor([3, 0], { dtype: 'int64' }).to(x!.device), v!);
    return y;
  });
  same('index read', [data([3, 4, 5])], (x) =>
    x!.index(
      torch.tensor([2, 0, 2], { dtype: 'int64' }).to(x!.device),
      ':',
      torch.tensor([1, 4, 0], { dtype: 'int64' }).to(x!.device),
    ),
  );
  same(
    'indexPut long B',
    [data([9]), idx([7000], 0, 9), data([7000], 'float32', -3, 3, true)],
    (x, i, v) => x!.indexPut([i!], v!, true),
    0,
  );
  same('indexPut grad', [data([5, 3]), idx([4], 0, 5), data([4, 3])], (x, i, v) => {
    const xx = x!.detach().requiresGrad_(true);
    const vv = v!.detach().requiresGrad_(true);
    xx.indexPut([i!], vv).mul(2).sum().backward();
    return [xx.grad!, vv.grad!];
  });
});

describe('nonzero', () => {
  same('strided', [data([4, 5], 'float32', -1, 2, true)], (x) => x!.t().nonzero());
  same('0d', [torch.tensor(2.0)], (x) => x!.nonzero());
  same('0d zero', [torch.tensor(0.0)], (x) => x!.nonzero());
  same('empty', [torch.zeros(0, 3)], (x) => x!.nonzero());
  same('all zero', [torch.zeros(3, 3)], (x) => x!.nonzero());
  same('offset view', [data([4, 6], 'float32', -1, 2, true)], (x) =>
    x!.index(torch.slice(1, 3), torch.slice(2, null)).nonzero(),
  );
  same('maskedSelect broadcast', [data([3, 4]), data([4], 'bool', 0, 2)], (x, m) => x!.maskedSelect(m!));
});
