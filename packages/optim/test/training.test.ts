import { type Tensor, tensor, zeros } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as optim from '../src/index.js';
import { FIXTURE, maxRelErr, values } from './helpers.js';

const S = optim.lrScheduler;

const T = FIXTURE.training;

type Make = (ps: Tensor[]) => [optim.Optimizer<object>, optim.lrScheduler.LRScheduler | null];
const MAKERS: Record<string, Make> = {
  Adam: (ps) => [new optim.Adam(ps, { lr: 0.05, amsgrad: true }), null],
  'SGD+StepLR': (ps) => {
    const o = new optim.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true });
    return [o, new S.StepLR(o, { stepSize: 4, gamma: 0.5 })];
  },
  'RMSprop+OneCycleLR': (ps) => {
    const o = new optim.RMSprop(ps, { lr: 0.01, momentum: 0.5, centered: true });
    return [o, new S.OneCycleLR(o, { maxLr: 0.05, totalSteps: 12 })];
  },
};

describe('closure-driven training with autograd gradients matches PyTorch', () => {
  it.each(T.runs)('$name', (run) => {
    const X = tensor(T.X, { dtype: 'float64' }).reshape([6, 3]);
    const y = tensor(T.y, { dtype: 'float64' });
    const w = zeros(3, { dtype: 'float64' }).requiresGrad_(true);
    const b = zeros(1, { dtype: 'float64' }).requiresGrad_(true);
    const [opt, sched] = MAKERS[run.name]!([w, b]);
    const losses: number[] = [];
    for (let s = 0; s < 12; s++) {
      const loss = opt.step(() => {
        opt.zeroGrad();
        const l = X.matmul(w).add(b).sub(y).pow(2).mean();
        l.backward();
        return l;
      });
      losses.push(Number(loss.item()));
      sched?.step();
    }
    expect(maxRelErr(losses, run.losses)).toBeLessThanOrEqual(1e-12);
    expect(maxRelErr(values(w), run.w)).toBeLessThanOrEqual(1e-12);
    expect(maxRelErr(values(b), run.b)).toBeLessThanOrEqual(1e-12);
  });
});
