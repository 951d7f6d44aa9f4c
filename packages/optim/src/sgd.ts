import { keep, type Tensor, ValueError } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { checkNonNegative, pyNum } from './validate.js';

/** Options of {@link SGD} (PyTorch's keyword names in camelCase). */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.13: in the constructor or in every group). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening for momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/**
 * Stochastic gradient descent, optionally with momentum, as `torch.optim.SGD`.
 *
 * Update (PyTorch 1.13's single-tensor path): `g = ±grad + weightDecay·p`; with momentum,
 * `b = g` on the first step and `b = momentum·b + (1 − dampening)·g` after, then `g = g + momentum·b`
 * (Nesterov) or `g = b`; finally `p = p − lr·g`. State: `momentum_buffer` (null without momentum).
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, ...args: OptimizerArgs<SGDOptions>) {
    const o = readOptions<SGDOptions>(
      args,
      ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'],
      {
        lr: undefined as unknown as number,
        momentum: 0,
        dampening: 0,
        weightDecay: 0,
        nesterov: false,
        maximize: false,
      },
      'SGD',
    );
    if (o.lr !== undefined && o.lr < 0) throw new ValueError(`Invalid learning rate: ${pyNum(o.lr)}`);
    checkNonNegative(o.momentum, 'momentum value');
    checkNonNegative(o.weightDecay, 'weight_decay value');
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, o);
  }

  protected update(group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      const state = this.stateOf(p);
      let dp: Tensor = maximize ? grad.neg() : grad;
      if (weightDecay !== 0) dp = dp.add(p, scalarFor(p, weightDecay));
      let buf = (state.momentum_buffer as Tensor | null | undefined) ?? null;
      if (momentum !== 0) {
        if (buf === null) {
          buf = keep(dp.clone().detach());
        } else {
          addScaled_(buf.mul_(momentum), dp, 1 - dampening);
        }
        dp = nesterov ? dp.add(buf, scalarFor(p, momentum)) : buf;
      }
      addScaled_(p, dp, -lr);
      state.momentum_buffer = buf;
    }
  }
}
