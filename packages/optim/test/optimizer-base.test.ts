import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DType, memory, type Tensor, tensor, zeros } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import * as optim from '../src/index.js';
import { FIXTURE, makeParams, maxRelErr, setGrads, values } from './helpers.js';
import { build } from './optimizers.test.js';
import { makeOpt } from './schedulers.test.js';

const S = optim.lrScheduler;

function err(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [(e as Error).constructor.name, (e as Error).message];
  }
}

describe('errors in PyTorch words', () => {
  const p = zeros(2).requiresGrad_(true);
  const E = FIXTURE.errors;
  const opt = new optim.SGD([p], 0.1);
  const cases: Record<string, () => unknown> = {
    sgd_lr: () => new optim.SGD([p], { lr: -1 }),
    sgd_momentum: () => new optim.SGD([p], { lr: 0.1, momentum: -0.5 }),
    sgd_nesterov: () => new optim.SGD([p], { lr: 0.1, nesterov: true }),
    adam_beta1: () => new optim.Adam([p], { betas: [0.9, -0.1] }),
    adam_eps: () => new optim.Adam([p], { eps: -1e-8 }),
    adam_wd: () => new optim.Adam([p], { weightDecay: -0.5 }),
    rmsprop_alpha: () => new optim.RMSprop([p], { alpha: -0.1 }),
    adagrad_lr_decay: () => new optim.Adagrad([p], { lrDecay: -0.1 }),
    adagrad_init: () => new optim.Adagrad([p], { initialAccumulatorValue: -0.1 }),
    nadam_momentum_decay: () => new optim.NAdam([p], { momentumDecay: -0.1 }),
    empty: () => new optim.SGD([], 0.1),
    two_groups: () => new optim.SGD([{ params: [p] }, { params: [p] }], 0.1),
    non_leaf: () => new optim.SGD([p.mul(2)], 0.1),
    load_groups: () => opt.loadStateDict({ state: {}, param_groups: [] }),
    load_sizes: () =>
      opt.loadStateDict({
        state: {},
        param_groups: [{ ...opt.stateDict().param_groups[0]!, params: [0, 1] }],
      }),
    step_missing: () => new S.StepLR(opt),
    cosine_missing: () => new S.CosineAnnealingLR(opt),
    constant_factor: () => new S.ConstantLR(opt, { factor: 2.0 }),
    linear_start: () => new S.LinearLR(opt, { startFactor: 1.5 }),
    warm_t0: () => new S.CosineAnnealingWarmRestarts(opt, { T0: 0 }),
    warm_tmult: () => new S.CosineAnnealingWarmRestarts(opt, { T0: 2, TMult: 0 }),
    onecycle_none: () => new S.OneCycleLR(opt, { maxLr: 0.1 }),
    onecycle_anneal: () =>
      new S.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, annealStrategy: 'exp' as 'cos' }),
    onecycle_no_momentum: () => new S.OneCycleLR(new optim.Adagrad([p]), { maxLr: 0.1, totalSteps: 10 }),
    plateau_factor: () => new S.ReduceLROnPlateau(opt, { factor: 1.0 }),
    plateau_mode: () => new S.ReduceLROnPlateau(opt, { mode: 'avg' as 'min' }),
    plateau_threshold_mode: () => new S.ReduceLROnPlateau(opt, { thresholdMode: 'pct' as 'rel' }),
    sequential_milestones: () =>
      new S.SequentialLR(opt, { schedulers: [new S.StepLR(opt, 2), new S.StepLR(opt, 3)], milestones: [] }),
    lambda_count: () => new S.LambdaLR(opt, [() => 1, () => 1]),
    resume_initial_lr: () => new S.StepLR(new optim.SGD([zeros(1).requiresGrad_(true)], 0.1), 2, 0.1, 3),
  };
  it.each(Object.keys(cases))('%s', (key) => {
    const expected = E[key]!;
    const got = err(cases[key]!);
    expect(got).not.toBeNull();
    // Python's KeyError has no counterpart among core's errors: Kindling raises a ValueError.
    expect(got![0]).toBe(
      expected[0] === 'KeyError'
        ? 'ValueError'
        : expected[0] === 'TypeError'
          ? 'TorchTypeError'
          : expected[0],
    );
    expect(got![1]).toBe(expected[1]);
  });

  it('writes numbers as Python does (JS cannot tell 1 from 1.0)', () => {
    expect(err(() => new optim.Adam([p], { betas: [1.0, 0.999] }))?.[1]).toBe(
      'Invalid beta parameter at index 0: 1',
    );
    expect(E.adam_beta0![1]).toBe('Invalid beta parameter at index 0: 1.0');
  });

  it('a failed addParamGroup leaves the optimizer unchanged', () => {
    const q = zeros(2).requiresGrad_(true);
    const o = new optim.SGD([q], 0.1);
    expect(() => o.addParamGroup({ params: [zeros(1).requiresGrad_(true), q] })).toThrow(
      'some parameters appear in more than one parameter group',
    );
    expect(() => o.addParamGroup({ params: [zeros(1).requiresGrad_(true).mul(2)] })).toThrow(
      "can't optimize a non-leaf Tensor",
    );
    expect(o.paramGroups.length).toBe(1);
  });

  it('SGD without lr in a group says which option is required', () => {
    expect(() => new optim.SGD([zeros(1).requiresGrad_(true)])).toThrow(
      "parameter group didn't specify a value of required optimization parameter lr",
    );
    expect(new optim.SGD([{ params: [zeros(1).requiresGrad_(true)], lr: 0.5 }]).paramGroups[0]!.lr).toBe(0.5);
  });

  it('rejects a tensor, a set and non-tensors as params', () => {
    expect(() => new optim.SGD(zeros(2) as unknown as Tensor[], 0.1)).toThrow(
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor',
    );
    const q = zeros(1).requiresGrad_(true);
    expect(() => new optim.SGD([{ params: new Set([q]) }], 0.1)).toThrow('ordered collections');
    expect(() => new optim.SGD([1 as unknown as Tensor], 0.1)).toThrow(
      'optimizer can only optimize Tensors, but one of the params is number',
    );
  });
});

/** Runs a fixture case for `steps` steps from `start`, returning the parameters. */
function runSteps(
  opt: optim.Optimizer<object>,
  params: Tensor[],
  dtype: DType,
  skip: boolean,
  from: number,
  to: number,
) {
  for (let s = from; s < to; s++) {
    setGrads(params, s, dtype, skip);
    opt.step();
  }
}

describe('state dict round trip: save after 3 steps, load into a fresh optimizer, continue', () => {
  const cases = FIXTURE.optimizers.filter((c) => c.dtype === 'float32');
  it.each(cases.map((c) => ({ c, name: `${c.optimizer} ${c.label}` })))(
    '$name (in memory and on disk)',
    ({ c }) => {
      const dir = mkdtempSync(join(tmpdir(), 'kindling-optim-'));
      try {
        const params = makeParams('float32');
        const opt = build(c, params);
        runSteps(opt, params, 'float32', c.skip, 0, 3);
        const file = join(dir, 'opt.safetensors');
        optim.saveOptimizerState(opt, file);
        const inMemory = opt.stateDict();
        for (const [load, label] of [
          [() => optim.loadOptimizerState(file), 'disk'],
          [() => inMemory, 'memory'],
        ] as const) {
          const fresh = params.map((p) => p.detach().clone().requiresGrad_(true));
          const opt2 = build(c, fresh);
          opt2.loadStateDict(load());
          runSteps(opt2, fresh, 'float32', c.skip, 3, c.trajectory.length);
          fresh.forEach((p, i) => {
            expect(maxRelErr(values(p), c.trajectory.at(-1)![i]!), `${label} param ${i}`).toBeLessThanOrEqual(
              2.5e-7,
            );
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('loaded state is a copy, cast to the parameter dtype; step stays a number', () => {
    const p = zeros(3, { dtype: 'float64' }).requiresGrad_(true);
    const opt = new optim.Adam([p]);
    opt.loadStateDict({
      state: { 0: { step: tensor(4), exp_avg: tensor([1, 2, 3]), exp_avg_sq: tensor([1, 1, 1]) } },
      param_groups: [{ ...opt.stateDict().param_groups[0]!, lr: 0.5 }],
    });
    const st = opt.state.get(p)!;
    expect(st.step).toBe(4);
    expect((st.exp_avg as Tensor).dtype).toBe('float64');
    expect(opt.paramGroups[0]!.lr).toBe(0.5);
    expect(opt.paramGroups[0]!.weightDecay).toBe(0);
  });

  it('serialized state is safetensors that PyTorch-side tools can read', () => {
    const params = makeParams('float64');
    const opt = new optim.Adam(params, { amsgrad: true });
    runSteps(opt, params, 'float64', false, 0, 2);
    const bytes = optim.serializeOptimizerState(opt);
    const sd = optim.deserializeOptimizerState(bytes);
    expect(Object.keys(sd.state[1]!).sort()).toEqual(['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq', 'step']);
    expect(sd.param_groups[0]).toMatchObject({
      lr: 1e-3,
      betas: [0.9, 0.999],
      weight_decay: 0,
      amsgrad: true,
    });
    expect(() => optim.deserializeOptimizerState(new Uint8Array(8))).toThrow();
  });
});

describe('step, zeroGrad and groups', () => {
  it('step(closure) evaluates the loss with grad enabled and returns it', () => {
    const w = tensor([1, -2, 3], { dtype: 'float32' }).requiresGrad_(true);
    const opt = new optim.SGD([w], 0.1);
    const loss = opt.step(() => {
      opt.zeroGrad();
      const l = w.square().sum();
      l.backward();
      return l;
    });
    expect(loss.item()).toBe(14);
    // w - 0.1 · 2w = 0.8 w
    expect(values(w)).toEqual([1, -2, 3].map((x) => Math.fround(0.8 * x)));
    expect(w.requiresGrad && w.isLeaf).toBe(true);
  });

  it('zeroGrad sets grads to null by default, or zeros them in place', () => {
    const w = tensor([1, 2], { dtype: 'float32' }).requiresGrad_(true);
    const opt = new optim.SGD([w], 0.1);
    w.square().sum().backward();
    const g = w.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(w.grad).toBe(g);
    expect(values(g)).toEqual([0, 0]);
    opt.zeroGrad();
    expect(w.grad).toBeNull();
    w.square().sum().backward();
    opt.zeroGrad(false);
    expect(values(w.grad!)).toEqual([0, 0]);
  });

  it('parameters without a gradient are skipped and get no state', () => {
    const [a, b] = makeParams('float64') as [Tensor, Tensor];
    const opt = new optim.Adam([a, b], 0.1);
    a.grad = tensor([1, 1, 1], { dtype: 'float64' });
    const before = values(b);
    opt.step();
    expect(values(b)).toEqual(before);
    expect(opt.state.has(b)).toBe(false);
    expect(opt.state.get(a)!.step).toBe(1);
  });

  it('addParamGroup takes defaults for missing options; per-group options override', () => {
    const a = zeros(1).requiresGrad_(true);
    const opt = new optim.Adam([a], { lr: 0.01, betas: [0.8, 0.9] });
    opt.addParamGroup({ params: zeros(2).requiresGrad_(true), lr: 0.5 });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.5, betas: [0.8, 0.9], eps: 1e-8, amsgrad: false });
    expect(opt.paramGroups[1]!.params.length).toBe(1);
  });

  it('prints like PyTorch', () => {
    const opt = new optim.SGD([zeros(1).requiresGrad_(true)], { lr: 0.1, momentum: 0.9 });
    expect(opt.toString()).toBe(
      'SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: False\n    momentum: 0.9\n    nesterov: False\n    weight_decay: 0\n)',
    );
  });

  it('a training loop holds steady memory (state is kept, temporaries are freed)', () => {
    const params = makeParams('float32');
    // Gradients made once up front, so that only the optimizer could allocate.
    const grads = FIXTURE.grads.map((gs) =>
      gs.map((g, i) => tensor(g, { dtype: 'float32' }).reshape(FIXTURE.shapes[i]!)),
    );
    const makers = [
      () => new optim.SGD(params, { lr: 0.01, momentum: 0.9, nesterov: true, weightDecay: 0.1 }),
      () => new optim.Adam(params, { amsgrad: true, weightDecay: 0.1 }),
      () => new optim.RMSprop(params, { centered: true, momentum: 0.9 }),
      () => new optim.RAdam(params, { betas: [0.9, 0.9] }),
      () => new optim.NAdam(params),
    ];
    for (const make of makers) {
      const opt: optim.Optimizer<object> = make();
      const run = (n: number) => {
        for (let s = 0; s < n; s++) {
          params.forEach((p, i) => {
            p.grad = grads[s % 8]![i]!;
          });
          opt.step();
        }
      };
      run(3);
      const live = memory().storages;
      run(50);
      expect(memory().storages - live, opt.constructor.name).toBe(0);
    }
  });

  it('LR schedulers drive the optimizer: OneCycleLR with Adam cycles β1', () => {
    const opt = makeOpt('adam');
    const sched = new S.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10 });
    expect(opt.paramGroups[0]!.betas).toEqual([0.95, 0.999]);
    for (let i = 0; i < 3; i++) sched.step();
    expect((opt.paramGroups[0]!.betas as number[])[0]).toBeLessThan(0.95);
  });
});
