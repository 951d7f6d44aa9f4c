import { zeros } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as optim from '../src/index.js';
import { FIXTURE, maxRelErr, type SchedulerCase } from './helpers.js';

const S = optim.lrScheduler;

/** The optimizer every scheduler case uses: two groups, lr 0.1 and 0.05 (as tools/oracle/optim.py). */
export function makeOpt(kind: 'sgd' | 'adam'): optim.Optimizer<object> {
  const p = zeros(1).requiresGrad_(true);
  const q = zeros(1).requiresGrad_(true);
  const groups = [{ params: [p] }, { params: [q], lr: 0.05 }];
  return kind === 'adam'
    ? new optim.Adam(groups, { lr: 0.1 })
    : new optim.SGD(groups, { lr: 0.1, momentum: 0.9 });
}

export type Sched = optim.lrScheduler.LRScheduler | optim.lrScheduler.ReduceLROnPlateau;

/** One epoch: ReduceLROnPlateau takes the metric, the others take nothing. */
export function stepSched(sched: Sched, metric: number | undefined): void {
  if (sched instanceof S.ReduceLROnPlateau) sched.step(metric!);
  else sched.step();
}

/** Builds the scheduler a fixture case describes (its kwargs are already camelCase). */
export function makeScheduler(c: SchedulerCase, opt: optim.Optimizer<object>): Sched {
  const kw = c.kwargs as Record<string, never>;
  switch (c.scheduler) {
    case 'StepLR':
      return new S.StepLR(opt, kw);
    case 'MultiStepLR':
      return new S.MultiStepLR(opt, kw);
    case 'ExponentialLR':
      return new S.ExponentialLR(opt, kw);
    case 'CosineAnnealingLR':
      return new S.CosineAnnealingLR(opt, kw);
    case 'CosineAnnealingWarmRestarts':
      return new S.CosineAnnealingWarmRestarts(opt, kw);
    case 'LinearLR':
      return new S.LinearLR(opt, kw);
    case 'ConstantLR':
      return new S.ConstantLR(opt, kw);
    case 'LambdaLR':
      return new S.LambdaLR(opt, (epoch: number) => 0.95 ** epoch);
    case 'OneCycleLR':
      return new S.OneCycleLR(opt, kw);
    case 'ReduceLROnPlateau':
      return new S.ReduceLROnPlateau(opt, kw);
    case 'SequentialLR':
      if ((c.kwargs.milestones as number[]).length === 1) {
        return new S.SequentialLR(opt, {
          schedulers: [
            new S.LinearLR(opt, { startFactor: 0.1, totalIters: 5 }),
            new S.ExponentialLR(opt, 0.9),
          ],
          milestones: [5],
        });
      }
      return new S.SequentialLR(opt, {
        schedulers: [
          new S.ConstantLR(opt, { factor: 0.5, totalIters: 3 }),
          new S.CosineAnnealingLR(opt, { TMax: 10 }),
          new S.StepLR(opt, { stepSize: 3 }),
        ],
        milestones: [4, 16],
      });
    default:
      throw new Error(`no scheduler ${c.scheduler}`);
  }
}

function momentumOf(g: optim.ParamGroup): number {
  return Array.isArray(g.betas) ? (g.betas[0] as number) : (g.momentum as number);
}

/** Python and V8 may differ by an ulp in pow/cos; the schedules themselves must agree. */
const TOL = 1e-14;

describe.each(
  FIXTURE.schedulers.map((c, i) => ({ ...c, name: `${c.scheduler} #${i} ${JSON.stringify(c.kwargs)}` })),
)('$name', (c) => {
  it('matches PyTorch over 30 steps', () => {
    const opt = makeOpt(c.optimizer);
    const sched = makeScheduler(c, opt);
    const lrs = [sched.getLastLr()];
    const groupLrs = [opt.paramGroups.map((g) => g.lr)];
    const moms = [opt.paramGroups.map(momentumOf)];
    for (let s = 0; s < c.last_lr.length - 1; s++) {
      opt.step();
      stepSched(sched, c.metrics?.[s]);
      lrs.push(sched.getLastLr());
      groupLrs.push(opt.paramGroups.map((g) => g.lr));
      moms.push(opt.paramGroups.map(momentumOf));
    }
    expect(maxRelErr(lrs.flat(), c.last_lr.flat()), 'getLastLr()').toBeLessThanOrEqual(TOL);
    expect(maxRelErr(groupLrs.flat(), c.group_lr.flat()), 'group lr').toBeLessThanOrEqual(TOL);
    if (c.momentum) expect(maxRelErr(moms.flat(), c.momentum.flat()), 'momentum').toBeLessThanOrEqual(TOL);
  });
});

describe('scheduler state dicts', () => {
  const cases = FIXTURE.schedulers.filter((c) => c.scheduler !== 'ReduceLROnPlateau' || c.metrics);
  it.each(cases.map((c, i) => ({ c, name: `${c.scheduler} #${i}` })))(
    '$name resumes after 12 steps',
    ({ c }) => {
      const opt = makeOpt(c.optimizer);
      const sched = makeScheduler(c, opt);
      for (let s = 0; s < 12; s++) {
        opt.step();
        stepSched(sched, c.metrics?.[s]);
      }
      const optState = opt.stateDict();
      const sd = JSON.parse(
        JSON.stringify(sched.stateDict(), (_k, v) => (v === Number.POSITIVE_INFINITY ? 'inf' : v)),
      );
      if (c.scheduler === 'ReduceLROnPlateau' && sd.best === 'inf') sd.best = Number.POSITIVE_INFINITY;
      // A fresh optimizer and scheduler pick up where the first left off.
      const opt2 = makeOpt(c.optimizer);
      const sched2 = makeScheduler(c, opt2);
      opt2.loadStateDict(optState);
      sched2.loadStateDict(sd);
      for (let s = 12; s < c.last_lr.length - 1; s++) {
        opt2.step();
        stepSched(sched2, c.metrics?.[s]);
        expect(
          maxRelErr(
            opt2.paramGroups.map((g) => g.lr),
            c.group_lr[s + 1]!,
          ),
          `step ${s}`,
        ).toBeLessThanOrEqual(TOL);
      }
    },
  );

  it('uses PyTorch key names', () => {
    const opt = makeOpt('sgd');
    const sd = new S.CosineAnnealingWarmRestarts(opt, { T0: 5, TMult: 2 }).stateDict();
    expect(Object.keys(sd).sort()).toEqual(
      [
        'T_0',
        'T_cur',
        'T_i',
        'T_mult',
        '_last_lr',
        '_step_count',
        'base_lrs',
        'eta_min',
        'last_epoch',
      ].sort(),
    );
    expect(opt.stateDict().param_groups[0]).toHaveProperty('initial_lr', 0.1);
    const seq = new S.SequentialLR(opt, {
      schedulers: [new S.ConstantLR(opt), new S.ExponentialLR(opt, 0.9)],
      milestones: [3],
    }).stateDict();
    expect(seq).toHaveProperty('_milestones', [3]);
    expect((seq._schedulers as object[]).length).toBe(2);
    expect(new S.LambdaLR(opt, () => 1).stateDict().lr_lambdas).toEqual([null, null]);
  });
});

describe('scheduler details', () => {
  it('CosineAnnealingLR: the recursive form differs from the closed form after an outside lr change', () => {
    const opt = makeOpt('sgd');
    const sched = new S.CosineAnnealingLR(opt, { TMax: 10 });
    sched.step();
    opt.paramGroups[0]!.lr = 0.2;
    sched.step();
    const recursive = sched.getLastLr()[0]!;
    const closed = sched.closedFormLr()[0]!;
    // Recursive: scale the current lr by the cosine ratio. Closed: base·(1+cos(2π/10))/2.
    const ratio = (1 + Math.cos((2 * Math.PI) / 10)) / (1 + Math.cos(Math.PI / 10));
    expect(recursive).toBeCloseTo(0.2 * ratio, 15);
    expect(closed).toBeCloseTo((0.1 * (1 + Math.cos((2 * Math.PI) / 10))) / 2, 15);
  });

  it('OneCycleLR: stepping past totalSteps throws and changes nothing', () => {
    const opt = makeOpt('sgd');
    const sched = new S.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 3, cycleMomentum: false });
    for (let i = 0; i < 3; i++) sched.step();
    const before = opt.paramGroups.map((g) => g.lr);
    expect(() => sched.step()).toThrow('Tried to step 5 times. The specified number of total steps is 3');
    expect(sched.lastEpoch).toBe(3);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(before);
  });

  it('accepts positional arguments in PyTorch order', () => {
    const opt = makeOpt('sgd');
    const sched = new S.StepLR(opt, 2, 0.5);
    sched.step();
    sched.step();
    expect(sched.getLastLr()).toEqual([0.05, 0.025]);
  });

  it('ReduceLROnPlateau takes a one-element tensor as the metric', () => {
    const opt = makeOpt('sgd');
    const sched = new S.ReduceLROnPlateau(opt, { patience: 0 });
    sched.step(zeros(1).add(1));
    sched.step(zeros([]).add(2));
    expect(sched.getLastLr()).toEqual([0.1 * 0.1, 0.05 * 0.1]);
  });
});
