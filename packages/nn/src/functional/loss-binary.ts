import { RuntimeError, type Tensor, ValueError } from '@kindling/core';
import { applyReduction, checkReduction, opts, type Reduction, sameShape, torchSize } from './reduction.js';

/** Options of `binaryCrossEntropy`. */
export type BCEOptions = { weight?: Tensor | null; reduction?: Reduction };

/** Options of `binaryCrossEntropyWithLogits`. */
export type BCEWithLogitsOptions = BCEOptions & { posWeight?: Tensor | null };

/**
 * `F.binary_cross_entropy(input, target, weight=None, reduction='mean')`:
 * −w·(t·log(x) + (1 − t)·log(1 − x)) with each log clamped at −100, as PyTorch does so that x = 0 or
 * 1 gives a finite loss. `input` must hold probabilities in [0, 1].
 * Mirrors `torch.nn.functional.binary_cross_entropy`.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options?: BCEOptions | Reduction): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (input.numel() > 0 && !(input.ge(0).logicalAnd(input.le(1)).all().item() as boolean)) {
    throw new RuntimeError('all elements of input should be between 0 and 1');
  }
  // PyTorch's kernel: (t − 1)·max(log1p(−x), −100) − t·max(log(x), −100).
  const logx = input.log().clampMin(-100);
  const log1mx = input.neg().log1p().clampMin(-100);
  let loss = target.sub(1).mul(log1mx).sub(target.mul(logx));
  if (o.weight) loss = loss.mul(o.weight);
  return applyReduction(loss, r);
}

/**
 * `F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None)`:
 * sigmoid + BCE in one numerically stable expression (the log-sum-exp trick PyTorch uses:
 * (1 − t)·x + lw·(log(exp(−m) + exp(−x − m)) + m) with m = max(−x, 0) and lw = 1 + (pw − 1)·t).
 * Mirrors `torch.nn.functional.binary_cross_entropy_with_logits`.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options?: BCEWithLogitsOptions | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`,
    );
  }
  const m = input.neg().clampMin(0);
  const lse = m.neg().exp().add(input.neg().sub(m).exp()).log();
  const oneMinusT = target.neg().add(1);
  let loss: Tensor;
  if (o.posWeight) {
    const logWeight = o.posWeight.sub(1).mul(target).add(1);
    loss = oneMinusT.mul(input).add(logWeight.mul(lse.add(m)));
  } else {
    loss = oneMinusT.mul(input).add(m).add(lse);
  }
  if (o.weight) loss = loss.mul(o.weight);
  return applyReduction(loss, r);
}
