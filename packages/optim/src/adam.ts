import { keep, maximum, type Tensor, zerosLike } from '@kindling/core';
import { type OptimizerArgs, readOptions } from './args.js';
import { addcdiv_, addcmul_, addScaled_, scalarFor } from './inplace.js';
import { Optimizer, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBetas, checkNonNegative } from './validate.js';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay: an L2 penalty for Adam (default 0), decoupled for AdamW (default 1e-2). */
  weightDecay: number;
  /** The AMSGrad variant: normalise by the running maximum of the second moment (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize: boolean;
}

/** Adam's and AdamW's option names in PyTorch's positional order (internal). */
export const ADAM_NAMES = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'] as const;

/** Parses and validates Adam/AdamW constructor arguments (internal; `weightDecay` is the class default). */
export function readAdamOptions(
  args: OptimizerArgs<AdamOptions>,
  weightDecay: number,
  cls: string,
): AdamOptions {
  const o = readOptions<AdamOptions>(
    args,
    [...ADAM_NAMES],
    { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false, maximize: false },
    cls,
  );
  checkNonNegative(o.lr, 'learning rate');
  checkNonNegative(o.eps, 'epsilon value');
  checkBetas(o.betas);
  checkNonNegative(o.weightDecay, 'weight_decay value');
  return { ...o, betas: [o.betas[0], o.betas[1]] };
}

/** One Adam/AdamW step for `p`, in PyTorch 1.13's `_single_tensor_adam(w)` order. */
export function adamStep(
  p: Tensor,
  grad0: Tensor,
  state: ParamState,
  group: AdamOptions,
  decoupled: boolean,
): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  if (state.step === undefined) {
    state.step = 0;
    state.exp_avg = keep(zerosLike(p));
    state.exp_avg_sq = keep(zerosLike(p));
    if (amsgrad) state.max_exp_avg_sq = keep(zerosLike(p));
  }
  const expAvg = state.exp_avg as Tensor;
  const expAvgSq = state.exp_avg_sq as Tensor;
  let grad = maximize ? grad0.neg() : grad0;
  const step = (state.step as number) + 1;
  state.step = step;
  if (decoupled) p.mul_(1 - lr * weightDecay);
  else if (weightDecay !== 0) grad = grad.add(p, scalarFor(p, weightDecay));
  addScaled_(expAvg.mul_(beta1), grad, 1 - beta1);
  addcmul_(expAvgSq.mul_(beta2), grad, grad, 1 - beta2);
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2 = 1 - beta2 ** step;
  const stepSize = lr / biasCorrection1;
  const bc2Sqrt = Math.sqrt(biasCorrection2);
  let second = expAvgSq;
  if (amsgrad) {
    const maxSq = state.max_exp_avg_sq as Tensor;
    maxSq.copy_(maximum(maxSq, expAvgSq));
    second = maxSq;
  }
  const denom = second.sqrt().div_(bc2Sqrt).add_(eps);
  addcdiv_(p, expAvg, denom, -stepSize);
}

/**
 * Adam, as `torch.optim.Adam`.
 *
 * Update: `g = ±grad + weightDecay·p`, `m = β1·m + (1−β1)·g`, `v = β2·v + (1−β2)·g²`,
 * (AMSGrad: `v̂ = max(v̂, v)`), `denom = √v / √(1−β2^t) + eps`, `p = p − lr/(1−β1^t) · m / denom`.
 * State: `step`, `exp_avg`, `exp_avg_sq` (and `max_exp_avg_sq`).
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, ...args: OptimizerArgs<AdamOptions>) {
    super(params, readAdamOptions(args, 0, 'Adam'));
  }

  protected update(group: ParamGroup<AdamOptions>): void {
    for (const p of group.params) {
      if (p.grad !== null) adamStep(p, p.grad, this.stateOf(p), group, false);
    }
  }
}
