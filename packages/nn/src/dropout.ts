import { emptyLike, type Tensor, ValueError, zeros } from '@kindling/core';
import { Module } from './module.js';
import { pyBool, pyFloat } from './repr.js';

/**
 * `F.dropout` as PyTorch 1.13 computes it on the CPU, so masks are bit-exact under the same seed:
 * a mask `emptyLike(x).bernoulli_(1 - p)` divided by `1 - p`, times `x`. Identity when not training,
 * or when `p` is 0 or `x` is empty; zeros when `p` is 1.
 */
export function dropoutForward(input: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) {
    const z = zeros([], { dtype: input.dtype });
    return inplace ? input.mul_(z) : input.mul(z);
  }
  const mask = emptyLike(input)
    .bernoulli_(1 - p)
    .div_(1 - p);
  return inplace ? input.mul_(mask) : input.mul(mask);
}

/**
 * During training, zeroes each element with probability `p` and scales the rest by 1/(1-p)
 * (`torch.nn.Dropout`); the identity in `eval()` mode. Shapes: any → same.
 * Under `torch.manualSeed` the masks are PyTorch's bit for bit.
 * @example
 * const drop = new nn.Dropout(0.2);
 * drop.forward(x);     // training: random zeros
 * drop.eval().forward(x); // x itself
 */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;

  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, inplace = false) {
    super();
    if (typeof p === 'object') {
      inplace = p.inplace ?? false;
      p = p.p ?? 0.5;
    }
    if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return dropoutForward(input, this.p, this.training, this.inplace);
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}
