import { autograd, RuntimeError, readsSynchronously, type Tensor, ValueError } from '@kindling/core';
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
  if (
    input.numel() > 0 &&
    readsSynchronously(input.device) &&
    !(input.ge(0).logicalAnd(input.le(1)).all().item() as boolean)
  ) {
    throw new RuntimeError('all elements of input should be between 0 and 1');
  }
  const loss = o.weight ? BCE.apply(input, target, o.weight) : BCE.apply(input, target);
  return applyReduction(loss, r);
}

/**
 * The unreduced BCE with PyTorch's own gradients, which a composite of clamped logs cannot give:
 * w·(x − t)/max(x·(1 − x), ε) for the input (finite at x = 0 or 1) and −w·logit(x) for the
 * target. Both are written with ops, so double backward works.
 */
// PyTorch's Loss.cpp declares EPSILON as a float: 1e-12 rounded to float32.
const EPSILON = Math.fround(1e-12);

class BCE extends autograd.Function {
  static override forward(ctx: autograd.FunctionCtx, x: Tensor, t: Tensor, w?: Tensor): Tensor {
    ctx.saveForBackward(...(w ? [x, t, w] : [x, t]));
    // PyTorch's kernel: (t − 1)·max(log1p(−x), −100) − t·max(log(x), −100).
    const loss = t
      .sub(1)
      .mul(x.neg().log1p().clampMin(-100))
      .sub(t.mul(x.log().clampMin(-100)));
    return w ? loss.mul(w) : loss;
  }

  static override backward(ctx: autograd.FunctionCtx, g: Tensor): (Tensor | null)[] {
    const [x, t, w] = ctx.savedTensors as [Tensor, Tensor, Tensor | undefined];
    const gw = w ? g.mul(w) : g;
    const gx = ctx.needsInputGrad[0] ? gw.mul(x.sub(t)).div(x.mul(x.neg().add(1)).clampMin(EPSILON)) : null;
    const gt = ctx.needsInputGrad[1] ? gw.mul(x.neg().log1p().sub(x.log())) : null;
    return w ? [gx, gt, null] : [gx, gt];
  }
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
