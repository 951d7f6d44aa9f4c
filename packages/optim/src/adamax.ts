import { keep, maximum, type Tensor, zerosLike } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcdiv_, addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Options of {@link Adamax}. */
export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the gradient average and the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the norm for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/**
 * Adamax (Adam with the infinity norm), as `torch.optim.Adamax`.
 *
 * Update: `g = ±grad + weightDecay·p`, `m = β1·m + (1−β1)·g`, `u = max(β2·u, |g| + eps)`,
 * `p = p − lr/(1−β1^t) · m / u`. State: `step`, `exp_avg`, `exp_inf`.
 * @example
 * const opt = new optim.Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  constructor(params: ParamsInput<AdamaxOptions>, ...args: OptimizerArgs<AdamaxOptions>) {
    const o = readOptions<AdamaxOptions>(
      args,
      ['lr', 'betas', 'eps', 'weightDecay', 'maximize'],
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
      'Adamax',
    );
    checkNonNegative(o.lr, 'learning rate');
    checkNonNegative(o.eps, 'epsilon value');
    checkBetas(o.betas);
    checkNonNegative(o.weightDecay, 'weight_decay value');
    super(params, { ...o, betas: [o.betas[0], o.betas[1]] });
  }

  protected update(group: ParamGroup<AdamaxOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.exp_avg = keep(zerosLike(p));
        state.exp_inf = keep(zerosLike(p));
      }
      const step = (state.step as number) + 1;
      state.step = step;
      let grad = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, scalarFor(p, weightDecay));
      const expAvg = state.exp_avg as Tensor;
      const expInf = state.exp_inf as Tensor;
      addScaled_(expAvg.mul_(beta1), grad, 1 - beta1);
      expInf.copy_(maximum(expInf.mul_(beta2), grad.abs().add_(eps)));
      const clr = lr / (1 - beta1 ** step);
      addcdiv_(p, expAvg, expInf, -clr);
    }
  }
}
