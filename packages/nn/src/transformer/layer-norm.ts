import { empty, type Tensor } from '@kindling/core';
import { ones_, zeros_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyFloat } from '../repr.js';

/**
 * Layer normalisation over the last dimension, private to the Transformer layers until
 * `nn.LayerNorm` lands (it mirrors `torch.nn.LayerNorm(dModel, eps)`: biased variance, weight
 * ones, bias zeros, parameters named `weight`/`bias`, so state dicts are PyTorch's).
 *
 * y = (x − E[x]) / √(Var[x] + eps) · weight + bias. Shapes: `(*, normalizedShape)` → same.
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  weight: Parameter;
  bias: Parameter;

  constructor(normalizedShape: number, eps = 1e-5) {
    super();
    this.normalizedShape = [normalizedShape];
    this.eps = eps;
    this.weight = new Parameter(empty(normalizedShape));
    this.bias = new Parameter(empty(normalizedShape));
    ones_(this.weight);
    zeros_(this.bias);
  }

  override forward(input: Tensor): Tensor {
    const mean = input.mean(-1, true);
    const centered = input.sub(mean);
    const variance = centered.mul(centered).mean(-1, true);
    return centered.mul(variance.add(this.eps).rsqrt()).mul(this.weight).add(this.bias);
  }

  override extraRepr(): string {
    return `(${this.normalizedShape[0]},), eps=${pyFloat(this.eps)}, elementwise_affine=True`;
  }
}
