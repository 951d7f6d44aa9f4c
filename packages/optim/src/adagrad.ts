import { fullLike, keep, type Tensor } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcdiv_, addcmul_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkNonNegative } from './validate.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay per step (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/**
 * Adagrad, as `torch.optim.Adagrad`.
 *
 * Update: `g = ±grad + weightDecay·p`, `clr = lr / (1 + (t−1)·lrDecay)`, `s = s + g²`,
 * `p = p − clr · g / (√s + eps)`. State: `step`, `sum` — created in the constructor, as PyTorch
 * does (parameters added later with `addParamGroup` get theirs on first use, from their group).
 * @example
 * const opt = new optim.Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-3 });
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  constructor(params: ParamsInput<AdagradOptions>, ...args: OptimizerArgs<AdagradOptions>) {
    const o = readOptions<AdagradOptions>(
      args,
      ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize'],
      { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false },
      'Adagrad',
    );
    checkNonNegative(o.lr, 'learning rate');
    checkNonNegative(o.lrDecay, 'lr_decay value');
    checkNonNegative(o.weightDecay, 'weight_decay value');
    checkNonNegative(o.initialAccumulatorValue, 'initial_accumulator_value value');
    checkNonNegative(o.eps, 'epsilon value');
    super(params, o);
    for (const g of this.paramGroups) {
      for (const p of g.params) this.initState(p, o.initialAccumulatorValue);
    }
  }

  private initState(p: Tensor, value: number): void {
    const s = this.stateOf(p);
    s.step = 0;
    s.sum = keep(fullLike(p, value));
  }

  protected update(group: ParamGroup<AdagradOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const state = this.stateOf(p);
      if (state.sum === undefined) this.initState(p, group.initialAccumulatorValue);
      const step = (state.step as number) + 1;
      state.step = step;
      let grad = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, scalarFor(p, weightDecay));
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = state.sum as Tensor;
      addcmul_(sum, grad, grad, 1);
      const std = sum.sqrt().add_(eps);
      addcdiv_(p, grad, std, -clr);
    }
  }
}
