import { keep, type Tensor, zerosLike } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcdiv_, addcmul_, addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Options of {@link NAdam}. */
export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the running averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum decay ψ of the schedule μ_t = β1·(1 − 0.5·0.96^(tψ)) (default 4e-3). */
  momentumDecay: number;
}

/**
 * NAdam (Adam with Nesterov momentum), as `torch.optim.NAdam`.
 *
 * Update: `g = grad + weightDecay·p`, `μ_t = β1(1 − ½·0.96^(tψ))`, `Πμ = Πμ·μ_t` (a float32 value, as
 * PyTorch's 0-dim tensor), `m`, `v` as Adam, `denom = √(v/(1−β2^t)) + eps`,
 * `p = p − lr(1−μ_t)/(1−Πμ) · g/denom − lr·μ_{t+1}/(1−Πμ·μ_{t+1}) · m/denom`.
 * State: `step`, `mu_product`, `exp_avg`, `exp_avg_sq`.
 * @example
 * const opt = new optim.NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions> {
  constructor(params: ParamsInput<NAdamOptions>, ...args: OptimizerArgs<NAdamOptions>) {
    const o = readOptions<NAdamOptions>(
      args,
      ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay'],
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 },
      'NAdam',
    );
    checkNonNegative(o.lr, 'learning rate');
    checkNonNegative(o.eps, 'epsilon value');
    checkBetas(o.betas);
    checkNonNegative(o.weightDecay, 'weight_decay value');
    checkNonNegative(o.momentumDecay, 'momentum_decay value');
    super(params, { ...o, betas: [o.betas[0], o.betas[1]] });
  }

  protected update(group: ParamGroup<NAdamOptions>): void {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const f = Math.fround;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.mu_product = 1;
        state.exp_avg = keep(zerosLike(p));
        state.exp_avg_sq = keep(zerosLike(p));
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const biasCorrection2 = 1 - beta2 ** step;
      const grad = weightDecay !== 0 ? p.grad.add(p, scalarFor(p, weightDecay)) : p.grad;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      // PyTorch keeps mu_product in a float32 tensor: every product rounds to float32.
      const muProduct = f((state.mu_product as number) * f(mu));
      state.mu_product = muProduct;
      const muProductNext = f(f(muProduct * f(mu)) * f(muNext));
      const expAvg = state.exp_avg as Tensor;
      const expAvgSq = state.exp_avg_sq as Tensor;
      addScaled_(expAvg.mul_(beta1), grad, 1 - beta1);
      addcmul_(expAvgSq.mul_(beta2), grad, grad, 1 - beta2);
      const denom = expAvgSq.div(biasCorrection2).sqrt_().add_(eps);
      addcdiv_(p, grad, denom, (-lr * (1 - mu)) / (1 - muProduct));
      addcdiv_(p, expAvg, denom, (-lr * muNext) / (1 - muProductNext));
    }
  }
}
