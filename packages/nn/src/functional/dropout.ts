import { emptyLike, type Tensor, ValueError, zeros } from '@kindling/core';

/** Keyword form of `dropout` / `alphaDropout`. */
export type DropoutOptions = { p?: number; training?: boolean };

function dropoutArgs(p: number | DropoutOptions | undefined, training: boolean | undefined) {
  const o = typeof p === 'object' ? p : { p, training };
  const prob = o.p ?? 0.5;
  if (prob < 0 || prob > 1) {
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${prob}`);
  }
  return { p: prob, training: o.training ?? true };
}

/**
 * `F.dropout(input, p=0.5, training=True)`: zeroes each element with probability `p` and scales the
 * rest by 1/(1−p). Bit-exact with PyTorch 1.13 on CPU from the same seed: the mask is
 * `empty_like(x).bernoulli_(1 − p)` divided in place by (1 − p), then `x * mask`.
 * With `training` false, `p` 0 or an empty input, returns `input` itself (as PyTorch).
 * Mirrors `torch.nn.functional.dropout`.
 * @example F.dropout(x, 0.2) // or F.dropout(x, { p: 0.2, training: model.training })
 */
export function dropout(input: Tensor, p?: number | DropoutOptions, training?: boolean): Tensor {
  const o = dropoutArgs(p, training);
  if (o.p === 0 || !o.training || input.numel() === 0) return input;
  if (o.p === 1) return input.mul(zeros([], { dtype: input.dtype }));
  const mask = emptyLike(input).bernoulli_(1 - o.p);
  mask.div_(1 - o.p);
  return input.mul(mask);
}

// SELU's saturation value scale·alpha, as PyTorch's `_dropout_impl` hard-codes it.
const SELU_SAT = 1.7580993408473766;

/**
 * `F.alpha_dropout(input, p=0.5, training=False)`: dropout that keeps SELU's mean and variance by
 * setting dropped elements to alpha' and applying an affine correction (PyTorch's `_dropout_impl`
 * with `alpha_dropout`). Mirrors `torch.nn.functional.alpha_dropout`.
 */
export function alphaDropout(input: Tensor, p?: number | DropoutOptions, training?: boolean): Tensor {
  // Unlike dropout, alpha_dropout defaults to training=False.
  const o = dropoutArgs(typeof p === 'object' ? { training: false, ...p } : p, training ?? false);
  if (o.p === 0 || !o.training || input.numel() === 0) return input;
  if (o.p === 1) return input.mul(zeros([], { dtype: input.dtype }));
  const keep = emptyLike(input).bernoulli_(1 - o.p);
  const a = 1 / Math.sqrt((SELU_SAT * SELU_SAT * o.p + 1) * (1 - o.p));
  // b = (keep − 1)·alpha·a + alpha·a·p, then x·(keep·a) + b, in PyTorch's order.
  const b = keep
    .add(-1)
    .mul(SELU_SAT * a)
    .add(SELU_SAT * a * o.p);
  return input.mul(keep.mul(a)).add(b);
}
