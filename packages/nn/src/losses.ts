import type { Tensor } from '@kindling/core';
import type { Reduction } from './functional/index.js';
import * as F from './functional/index.js';
import { Module } from './module.js';

// Loss modules hold their options (and class weights as buffers, as PyTorch's _WeightedLoss does, so
// they follow `.to()` and appear in the state dict) and delegate to `nn.functional`.

/** Options every loss module takes. */
export type LossOptions = { reduction?: Reduction };

function reductionOf(o: LossOptions | Reduction | undefined): Reduction {
  return (typeof o === 'string' ? o : o?.reduction) ?? 'mean';
}

/** PyTorch's `_Loss`: the `reduction` shared by every loss module. */
abstract class Loss extends Module {
  readonly reduction: Reduction;
  constructor(options?: LossOptions | Reduction) {
    super();
    this.reduction = reductionOf(options);
  }
}

/**
 * Mean squared error (`torch.nn.MSELoss`). Shapes: input and target [*], output scalar ('none': [*]).
 * @example new nn.MSELoss().forward(pred, target)
 */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error (`torch.nn.L1Loss`). */
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Smooth L1 (`torch.nn.SmoothL1Loss`): quadratic below `beta`, linear above. */
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(options: LossOptions & { beta?: number } = {}) {
    super(options);
    this.beta = options.beta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (`torch.nn.HuberLoss`): quadratic below `delta`, delta-scaled linear above. */
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(options: LossOptions & { delta?: number } = {}) {
    super(options);
    this.delta = options.delta ?? 1;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Options of `NLLLoss` / `CrossEntropyLoss`. */
export type ClassLossOptions = LossOptions & { weight?: Tensor | null; ignoreIndex?: number };

/** PyTorch's `_WeightedLoss`: registers `weight` as a buffer. */
abstract class WeightedLoss extends Loss {
  declare weight: Tensor | null;
  constructor(options: LossOptions & { weight?: Tensor | null } = {}) {
    super(options);
    this.registerBuffer('weight', options.weight ?? null);
  }
}

/** Negative log-likelihood of class indices given log-probabilities (`torch.nn.NLLLoss`). */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  constructor(options: ClassLossOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
    });
  }
}

/**
 * log_softmax + NLL over class indices or class probabilities (`torch.nn.CrossEntropyLoss`).
 * Shapes: input [C], [N, C] or [N, C, d1, …]; target int64 [], [N] or [N, d1, …], or float like input.
 * @example new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }).forward(logits, labels)
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(options: ClassLossOptions & { labelSmoothing?: number } = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Binary cross entropy on probabilities (`torch.nn.BCELoss`). */
export class BCELoss extends WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Sigmoid + binary cross entropy in one stable expression (`torch.nn.BCEWithLogitsLoss`). `posWeight`
 * is a buffer too, stored under PyTorch's state-dict name `pos_weight`.
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;
  constructor(options: LossOptions & { weight?: Tensor | null; posWeight?: Tensor | null } = {}) {
    super(options);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }
  /** The positive-class weight (the `pos_weight` buffer). */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    });
  }
}

/** Kullback–Leibler divergence with log-probability input (`torch.nn.KLDivLoss`); use `reduction: 'batchmean'` for the true KL. */
export class KLDivLoss extends Module {
  readonly reduction: Reduction | 'batchmean';
  readonly logTarget: boolean;
  constructor(options: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.logTarget = options.logTarget ?? false;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/** 1 − cos for similar pairs (target 1), max(0, cos − margin) for dissimilar ones (`torch.nn.CosineEmbeddingLoss`). */
export class CosineEmbeddingLoss extends Loss {
  readonly margin: number;
  constructor(options: LossOptions & { margin?: number } = {}) {
    super(options);
    this.margin = options.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** max(0, −y·(x1 − x2) + margin) (`torch.nn.MarginRankingLoss`). */
export class MarginRankingLoss extends Loss {
  readonly margin: number;
  constructor(options: LossOptions & { margin?: number } = {}) {
    super(options);
    this.margin = options.margin ?? 0;
  }
  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}
