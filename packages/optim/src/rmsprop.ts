import { keep, type Tensor, zerosLike } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcdiv_, addcmul, addcmul_, addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkNonNegative } from './validate.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the squared-gradient average (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalise by the estimated variance instead of the uncentered second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/**
 * RMSprop, as `torch.optim.RMSprop`.
 *
 * Update: `g = ±grad + weightDecay·p`, `v = α·v + (1−α)·g²`; centered: `ḡ = α·ḡ + (1−α)·g`,
 * `avg = √(v − ḡ²) + eps`, else `avg = √v + eps`; with momentum `b = momentum·b + g/avg`,
 * `p = p − lr·b`, else `p = p − lr·g/avg`. State: `step`, `square_avg` (`momentum_buffer`, `grad_avg`).
 * @example
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-2, alpha: 0.99 });
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  constructor(params: ParamsInput<RMSpropOptions>, ...args: OptimizerArgs<RMSpropOptions>) {
    const o = readOptions<RMSpropOptions>(
      args,
      ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize'],
      { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false },
      'RMSprop',
    );
    checkNonNegative(o.lr, 'learning rate');
    checkNonNegative(o.eps, 'epsilon value');
    checkNonNegative(o.momentum, 'momentum value');
    checkNonNegative(o.weightDecay, 'weight_decay value');
    checkNonNegative(o.alpha, 'alpha value');
    super(params, o);
  }

  protected update(group: ParamGroup<RMSpropOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.square_avg = keep(zerosLike(p));
        if (momentum > 0) state.momentum_buffer = keep(zerosLike(p));
        if (centered) state.grad_avg = keep(zerosLike(p));
      }
      state.step = (state.step as number) + 1;
      let grad = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, scalarFor(p, weightDecay));
      const squareAvg = state.square_avg as Tensor;
      addcmul_(squareAvg.mul_(alpha), grad, grad, 1 - alpha);
      let avg: Tensor;
      if (centered) {
        const gradAvg = state.grad_avg as Tensor;
        addScaled_(gradAvg.mul_(alpha), grad, 1 - alpha);
        avg = addcmul(squareAvg, gradAvg, gradAvg, -1).sqrt_();
      } else {
        avg = squareAvg.sqrt();
      }
      avg.add_(eps);
      if (momentum > 0) {
        const buf = state.momentum_buffer as Tensor;
        addcdiv_(buf.mul_(momentum), grad, avg);
        addScaled_(p, buf, -lr);
      } else {
        addcdiv_(p, grad, avg, -lr);
      }
    }
  }
}
