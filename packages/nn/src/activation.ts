import { type Tensor, ValueError, where } from '@kindling/core';
import { Module } from './module.js';
import { pyFloat } from './repr.js';

// Activation modules compute with core tensor ops, so gradients (and double backward) come from
// autograd. `inplace` writes the result into the input with copy_, which keeps the graph correct.
function finish(input: Tensor, result: Tensor, inplace: boolean): Tensor {
  return inplace ? input.copy_(result) : result;
}

function inplaceArg(arg: boolean | { inplace?: boolean }): boolean {
  return typeof arg === 'object' ? (arg.inplace ?? false) : arg;
}

const inplaceRepr = (inplace: boolean) => (inplace ? 'inplace=True' : '');

/**
 * max(0, x) elementwise (`torch.nn.ReLU`). Shapes: any → same.
 * @example
 * new nn.ReLU().forward(torch.tensor([-1, 2])); // tensor([0, 2])
 */
export class ReLU extends Module {
  readonly inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = inplaceArg(inplace);
  }
  override forward(input: Tensor): Tensor {
    return this.inplace ? input.relu_() : input.relu();
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** x for x > 0, `negativeSlope`·x otherwise (`torch.nn.LeakyReLU`, default slope 0.01). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope: number | { negativeSlope?: number; inplace?: boolean } = 0.01, inplace = false) {
    super();
    if (typeof negativeSlope === 'object') {
      inplace = negativeSlope.inplace ?? false;
      negativeSlope = negativeSlope.negativeSlope ?? 0.01;
    }
    this.negativeSlope = negativeSlope;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return finish(input, where(input.gt(0), input, input.mul(this.negativeSlope)), this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * Gaussian error linear unit x·Φ(x) (`torch.nn.GELU`); `approximate: 'tanh'` uses
 * 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715x³))).
 */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';
  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none') {
    super();
    const a = typeof approximate === 'object' ? (approximate.approximate ?? 'none') : approximate;
    if (a !== 'none' && a !== 'tanh')
      throw new ValueError(`approximate argument must be either none or tanh.`);
    this.approximate = a;
  }
  override forward(input: Tensor): Tensor {
    return input.gelu({ approximate: this.approximate });
  }
  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x·σ(x), the swish (`torch.nn.SiLU`). */
export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = inplaceArg(inplace);
  }
  override forward(input: Tensor): Tensor {
    return finish(input, input.silu(), this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/** 1 / (1 + e⁻ˣ) (`torch.nn.Sigmoid`). */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

/** tanh(x) (`torch.nn.Tanh`). */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

/** PyTorch's `_get_softmax_dim` for `dim=None` (deprecated there; kept for old models). */
function legacySoftmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/**
 * exp(xᵢ) / Σⱼ exp(xⱼ) along `dim` (`torch.nn.Softmax`). Without `dim`, PyTorch's legacy choice:
 * dim 0 for 0-, 1- and 3-d inputs, else dim 1.
 * @example
 * new nn.Softmax(1).forward(logits); // rows sum to 1
 */
export class Softmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = dim !== null && typeof dim === 'object' ? (dim.dim ?? null) : dim;
  }
  override forward(input: Tensor): Tensor {
    return input.softmax(this.dim ?? legacySoftmaxDim(input.ndim));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** log(softmax(x)) along `dim`, computed stably (`torch.nn.LogSoftmax`). */
export class LogSoftmax extends Module {
  readonly dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = dim !== null && typeof dim === 'object' ? (dim.dim ?? null) : dim;
  }
  override forward(input: Tensor): Tensor {
    return input.logSoftmax(this.dim ?? legacySoftmaxDim(input.ndim));
  }
  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/** x for x > 0, α·(eˣ − 1) otherwise (`torch.nn.ELU`, default α = 1). */
export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;
  constructor(alpha: number | { alpha?: number; inplace?: boolean } = 1, inplace = false) {
    super();
    if (typeof alpha === 'object') {
      inplace = alpha.inplace ?? false;
      alpha = alpha.alpha ?? 1;
    }
    this.alpha = alpha;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    // expm1 sees only x ≤ 0, so the unused branch never overflows (0·∞ would poison the gradient).
    const neg = input.clampMax(0).expm1().mul(this.alpha);
    return finish(input, where(input.gt(0), input, neg), this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * x clamped to [minVal, maxVal] (`torch.nn.Hardtanh`, default [-1, 1]); like PyTorch, the gradient is
 * zero at the bounds themselves.
 */
export class Hardtanh extends Module {
  readonly minVal: number;
  readonly maxVal: number;
  readonly inplace: boolean;
  constructor(
    minVal: number | { minVal?: number; maxVal?: number; inplace?: boolean } = -1,
    maxVal = 1,
    inplace = false,
  ) {
    super();
    if (typeof minVal === 'object') {
      maxVal = minVal.maxVal ?? 1;
      inplace = minVal.inplace ?? false;
      minVal = minVal.minVal ?? -1;
    }
    if (maxVal <= minVal) throw new ValueError('max_val must be greater than min_val');
    this.minVal = minVal;
    this.maxVal = maxVal;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    const clamped = input.clamp(this.minVal, this.maxVal);
    const inside = input.gt(this.minVal).logicalAnd(input.lt(this.maxVal));
    return finish(input, where(inside, input, clamped.detach()), this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/**
 * (1/β)·log(1 + e^{βx}), reverting to x where βx > threshold (`torch.nn.Softplus`, β = 1,
 * threshold = 20).
 */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;
  constructor(beta: number | { beta?: number; threshold?: number } = 1, threshold = 20) {
    super();
    if (typeof beta === 'object') {
      threshold = beta.threshold ?? 20;
      beta = beta.beta ?? 1;
    }
    this.beta = beta;
    this.threshold = threshold;
  }
  override forward(input: Tensor): Tensor {
    return input.softplus(this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** x·tanh(softplus(x)) (`torch.nn.Mish`). */
export class Mish extends Module {
  readonly inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = inplaceArg(inplace);
  }
  override forward(input: Tensor): Tensor {
    return finish(input, input.mul(input.softplus().tanh()), this.inplace);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}
