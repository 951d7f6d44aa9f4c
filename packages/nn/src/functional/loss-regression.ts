import { RuntimeError, type Tensor, where } from '@kindling/core';
import { applyReduction, checkReduction, opts, type Reduction } from './reduction.js';

/** Options of the pointwise regression losses. */
export type RegressionLossOptions = { reduction?: Reduction };

/**
 * `F.mse_loss(input, target, reduction='mean')`: (x − y)². Shapes broadcast (PyTorch only warns).
 * Mirrors `torch.nn.functional.mse_loss`.
 * @example F.mseLoss(pred, target, { reduction: 'sum' })
 */
export function mseLoss(input: Tensor, target: Tensor, options?: RegressionLossOptions | Reduction): Tensor {
  const r = checkReduction(opts(options).reduction ?? 'mean');
  return applyReduction(input.sub(target).square(), r);
}

/** `F.l1_loss(input, target, reduction='mean')`: |x − y|. Mirrors `torch.nn.functional.l1_loss`. */
export function l1Loss(input: Tensor, target: Tensor, options?: RegressionLossOptions | Reduction): Tensor {
  const r = checkReduction(opts(options).reduction ?? 'mean');
  return applyReduction(input.sub(target).abs(), r);
}

/**
 * `F.smooth_l1_loss(input, target, reduction='mean', beta=1.0)`: 0.5·z²/beta where z = |x − y| < beta,
 * else z − 0.5·beta; beta = 0 is the L1 loss. Mirrors `torch.nn.functional.smooth_l1_loss`.
 */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  options?: (RegressionLossOptions & { beta?: number }) | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const beta = o.beta ?? 1;
  if (beta < 0) throw new RuntimeError('smooth_l1_loss does not support negative values for beta.');
  const d = input.sub(target);
  if (beta === 0) {
    // L1, except at d = 0 where PyTorch's backward (testing x ≤ −beta first, with input and target
    // swapped for the target's gradient) gives −1 to both: a zero-valued term with that slope.
    const s = input.add(target);
    const atZero = s.detach().sub(s);
    return applyReduction(where(d.lt(0), d.neg(), where(d.gt(0), d, atZero)), r);
  }
  const z = d.abs();
  return applyReduction(where(z.lt(beta), z.mul(0.5).mul(z).div(beta), z.sub(0.5 * beta)), r);
}

/**
 * `F.huber_loss(input, target, reduction='mean', delta=1.0)`: 0.5·z² where z = |x − y| < delta, else
 * delta·(z − 0.5·delta). Mirrors `torch.nn.functional.huber_loss`.
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  options?: (RegressionLossOptions & { delta?: number }) | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const delta = o.delta ?? 1;
  if (!(delta > 0)) throw new RuntimeError('huber_loss does not support non-positive values for delta.');
  const z = input.sub(target).abs();
  return applyReduction(where(z.lt(delta), z.mul(0.5).mul(z), z.sub(0.5 * delta).mul(delta)), r);
}
