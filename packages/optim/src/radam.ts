import { keep, type Tensor, zerosLike } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcmul_, addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Options of {@link RAdam}. */
export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the running averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
}

/**
 * Rectified Adam, as `torch.optim.RAdam`.
 *
 * Update: `m`, `v` as Adam, `m̂ = m/(1−β1^t)`, `ρ∞ = 2/(1−β2) − 1`, `ρ_t = ρ∞ − 2tβ2^t/(1−β2^t)`;
 * if `ρ_t > 5`: `r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t))`, `p = p − m̂·lr·(√(1−β2^t)/(√v+eps))·r`,
 * else `p = p − m̂·lr`. State: `step`, `exp_avg`, `exp_avg_sq`.
 * @example
 * const opt = new optim.RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions> {
  constructor(params: ParamsInput<RAdamOptions>, ...args: OptimizerArgs<RAdamOptions>) {
    const o = readOptions<RAdamOptions>(
      args,
      ['lr', 'betas', 'eps', 'weightDecay'],
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 },
      'RAdam',
    );
    checkNonNegative(o.lr, 'learning rate');
    checkNonNegative(o.eps, 'epsilon value');
    checkBetas(o.betas);
    checkNonNegative(o.weightDecay, 'weight_decay value');
    super(params, { ...o, betas: [o.betas[0], o.betas[1]] });
  }

  protected update(group: ParamGroup<RAdamOptions>): void {
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.exp_avg = keep(zerosLike(p));
        state.exp_avg_sq = keep(zerosLike(p));
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;
      const grad = weightDecay !== 0 ? p.grad.add(p, scalarFor(p, weightDecay)) : p.grad;
      const expAvg = state.exp_avg as Tensor;
      const expAvgSq = state.exp_avg_sq as Tensor;
      addScaled_(expAvg.mul_(beta1), grad, 1 - beta1);
      addcmul_(expAvgSq.mul_(beta2), grad, grad, 1 - beta2);
      const corrected = expAvg.div(biasCorrection1);
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
      if (rhoT > 5) {
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        // `scalar / tensor` is `tensor.reciprocal() * scalar` in PyTorch.
        const adaptiveLr = expAvgSq.sqrt().add_(eps).reciprocal_().mul_(Math.sqrt(biasCorrection2));
        p.add_(corrected.mul_(lr).mul_(adaptiveLr).mul_(rect), -1);
      } else {
        p.add_(corrected.mul_(lr), -1);
      }
    }
  }
}
