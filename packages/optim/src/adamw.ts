import { type AdamOptions, adamStep, readAdamOptions } from './adam.js';
import type { OptimizerArgs } from './args.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';

/**
 * Adam with decoupled weight decay, as `torch.optim.AdamW` (weight decay defaults to 1e-2).
 *
 * Update: `p = p·(1 − lr·weightDecay)`, then Adam's moments and step on the raw gradient:
 * `m = β1·m + (1−β1)·g`, `v = β2·v + (1−β2)·g²`, `p = p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + eps)`.
 * State: `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq` with AMSGrad).
 * @example
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, ...args: OptimizerArgs<AdamOptions>) {
    super(params, readAdamOptions(args, 1e-2, 'AdamW'));
  }

  protected update(group: ParamGroup<AdamOptions>): void {
    for (const p of group.params) {
      if (p.grad !== null) adamStep(p, p.grad, this.stateOf(p), group, true);
    }
  }
}
