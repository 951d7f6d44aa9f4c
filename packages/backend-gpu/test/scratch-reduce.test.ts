import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { configureGpu } from '../src/index.js';
import { ensureDisplay } from './xvfb.js';

const mode = (process.env.SCRATCH_MODE ?? 'webasm') as 'webasm' | 'headlessgl';
if (mode === 'headlessgl') ensureDisplay();
registerCpuBackend();
configureGpu({ mode });

type T = torch.Tensor;
function close(name: string, a: T, b: T, rtol = 1e-4, atol = 1e-4) {
  const x = Array.from(a.to('cpu').dataSync() as ArrayLike<number>);
  const y = Array.from(b.dataSync() as ArrayLike<number>);
  expect(x.length, name).toBe(y.length);
  let bad = 0;
  let first = '';
  for (let i = 0; i < x.length; i++) {
    const ok =
      (Number.isNaN(x[i]!) && Number.isNaN(y[i]!)) ||
      x[i] === y[i] ||
      Math.abs(x[i]! - y[i]!) <= atol + rtol * Math.abs(y[i]!);
    if (!ok) {
      if (!bad) first = `@${i}: gpu ${x[i]} cpu ${y[i]}`;
      bad++;
    }
  }
  expect(bad ? `${name}: ${bad} differ, first ${first}` : '', name).toBe('');
}
function both(name: string, x: T, f: (t: T) => T, rtol?: number, atol?: number) {
  close(name, f(x.to('gpu')), f(x), rtol, atol);
}
const dis = (def: torch.OpDef<never>, x: T, attrs: unknown) =>
  torch.dispatch1(def as never, [x], attrs as never);

describe(`scratch ${mode}`, () => {
  torch.manualSeed(1);
  it('big reductions', () => {
    const x = torch.randn(3, 5000, 7);
    both('sum1', x, (t) => t.sum(1));
    both('sumall', x, (t) => t.sum(), 1e-3);
    both('sum02', x, (t) => t.sum([0, 2]));
    both('prod', x.mul(0).add(1.0001), (t) => t.prod(1));
    both('amax', x, (t) => t.amax([0, 1]));
    both('amin', x.transpose(0, 1), (t) => t.amin([0, 2]));
    both('all', x.gt(-4), (t) => t.all(1));
    both('any', x.gt(3.5), (t) => t.any());
    const big = torch.randn(70000);
    both('sumbig', big, (t) => t.sum(), 1e-3, 1e-2);
    both('maxbig', big, (t) => t.max());
    both('argmaxbig', big, (t) => t.argmax());
    both('argminbig', big, (t) => t.argmin());
    // ties across chunks: the first wins
    const ties = torch.zeros([10000]);
    both('argmax ties', ties, (t) => t.argmax());
    both('maxdim ties', ties.reshape([2, 5000]).t(), (t) => t.max(0).indices);
  });
  it('empty', () => {
    const e = torch.zeros([3, 0]);
    both('sum', e, (t) => t.sum(1));
    console.log('gpu prod/all of empty', e.to('gpu').prod(1).tolist(), e.to('gpu').all(1).tolist());
    both('any', e, (t) => t.any(1));
    both('amax0', e, (t) => t.amax(0));
    both('sort', e, (t) => t.sort(1).values);
    both('cumsum', e, (t) => t.cumsum(1));
    both('softmax', e, (t) => t.softmax(1));
    both(
      'uint8 all',
      torch.tensor(
        [
          [3, 0],
          [5, 7],
        ],
        { dtype: 'uint8' },
      ),
      (t) => t.all(1),
    );
    both(
      'uint8 any',
      torch.tensor(
        [
          [3, 0],
          [0, 0],
        ],
        { dtype: 'uint8' },
      ),
      (t) => t.any(1),
    );
  });
  it('nan', () => {
    const x = torch.tensor([
      [1, Number.NaN, 3, Number.NaN],
      [-Infinity, -Infinity, 2, Infinity],
      [5, 5, 1, 0],
    ]);
    both('amax', x, (t) => t.amax(1));
    both('amin', x, (t) => t.amin(1));
    both('argmax', x, (t) => t.argmax(1));
    both('argmin', x, (t) => t.argmin(1));
    both('maxv', x, (t) => t.max(1).values);
    both('maxi', x, (t) => t.max(1).indices);
    both('sort', x, (t) => t.sort(1).values);
    both('sorti', x, (t) => t.sort(1).indices);
    both('sortd', x, (t) => t.sort(1, true).values);
    both('sortdi', x, (t) => t.sort(1, true).indices);
    both('sort0', x, (t) => t.sort(0).indices);
    both('softmax', x, (t) => t.softmax(1));
    both('logsoftmax', x, (t) => t.logSoftmax(0));
    both('cumsum', x, (t) => t.cumsum(1));
    both('lcse', x, (t) => torch.logcumsumexp(t, 1));
    const bigNan = torch.randn(9000);
    const d = bigNan.dataSync() as Float32Array;
    d[5000] = Number.NaN;
    d[7000] = Number.NaN;
    const bn = torch.tensor(Array.from(d));
    both('argmax nan big', bn, (t) => t.argmax());
    both('amin nan big', bn, (t) => t.amin());
  });
  it('scans', () => {
    const x = torch.randn(2, 9000).mul(0.01);
    both('cumsum', x, (t) => t.cumsum(1), 1e-3, 1e-3);
    both('cumsum t', x.t(), (t) => t.cumsum(0), 1e-3, 1e-3);
    both('cumprod', x.add(1), (t) => t.cumprod(1), 1e-3);
    both('lcse', x, (t) => torch.logcumsumexp(t, 1), 1e-4);
    both('cumsum rev', x, (t) => dis(torch.ops.cumsumOp as never, t, { dim: 1, reverse: true }), 1e-3, 1e-3);
    both('lcse rev', x, (t) => dis(torch.ops.logcumsumexpOp as never, t, { dim: 1, reverse: true }));
    both('cumsum small rev', x.narrow(1, 0, 7), (t) =>
      dis(torch.ops.cumsumOp as never, t, { dim: 1, reverse: true }),
    );
    both('int cumsum', torch.arange(10000), (t) => t.cumsum(0));
    both('0d', torch.tensor(3), (t) => t.cumsum(0));
  });
  it('softmax sort big', () => {
    const x = torch.randn(3, 6000).mul(5);
    both('softmax', x, (t) => t.softmax(1), 1e-3, 1e-7);
    both('logsoftmax', x.t(), (t) => t.logSoftmax(0), 1e-4);
    const s = torch.randint(0, 50, [2, 5000]).float();
    both('sortv', s, (t) => t.sort(1).values);
    both('sorti', s, (t) => t.sort(1).indices);
    both('sortdi', s, (t) => t.sort(1, true).indices);
    both('topk', s, (t) => t.topk(5, 1).values);
    both('0d softmax', torch.tensor(2.5), (t) => t.softmax(0));
    both('0d sort', torch.tensor(2), (t) => t.sort(0).indices);
  });
  it.runIf(mode === 'webasm')('three passes', () => {
    const n = 4096 * 4096 + 5;
    const x = torch.ones([n]);
    both('sum', x, (t) => t.sum());
    both('argmax', x, (t) => t.argmax());
  });
});
