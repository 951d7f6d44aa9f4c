import {
  batchNorm,
  empty,
  groupNorm,
  layerNorm,
  noGrad,
  ones,
  parseArgs,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '@kindling/core';
import { ones_, zeros_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyBool, pyFloat, pyTuple } from './repr.js';

/** Options of the BatchNorm layers in PyTorch's keyword names (camelCase). */
export interface BatchNormLayerOptions {
  eps?: number;
  /** `null`: a cumulative moving average (1 / numBatchesTracked) instead of an exponential one. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/**
 * PyTorch's `_BatchNorm`. Buffers are registered under PyTorch's names (`running_mean`,
 * `running_var`, `num_batches_tracked`) so that state dicts load both ways; `runningMean`,
 * `runningVar` and `numBatchesTracked` read them.
 */
abstract class BatchNormNd extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, args: readonly unknown[], name: string) {
    super();
    const o = parseArgs<BatchNormLayerOptions>(
      args,
      ['eps', 'momentum', 'affine', 'trackRunningStats'],
      {},
      name,
    );
    this.numFeatures = numFeatures;
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    this.weight = this.affine ? new Parameter(empty(numFeatures)) : null;
    this.bias = this.affine ? new Parameter(empty(numFeatures)) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros(numFeatures));
      this.registerBuffer('running_var', ones(numFeatures));
      this.registerBuffer('num_batches_tracked', tensor(0, { dtype: 'int64' }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  /** The running mean buffer (`running_mean`), or null without `trackRunningStats`. */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }

  /** The running variance buffer (`running_var`), or null without `trackRunningStats`. */
  get runningVar(): Tensor | null {
    return this.running_var;
  }

  /** The number of training batches seen (`num_batches_tracked`, int64), or null. */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Zeroes the running mean and batch count and sets the running variance to ones. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  /** Resets the running stats, and the affine weight to ones and bias to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this.checkInputDim(input);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked) {
      noGrad(() => this.num_batches_tracked!.add_(1));
      factor = this.momentum === null ? 1 / (this.num_batches_tracked.item() as number) : this.momentum;
    }
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const track = !this.training || this.trackRunningStats;
    return batchNorm(input, track ? this.running_mean : null, track ? this.running_var : null, {
      weight: this.weight,
      bias: this.bias,
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    const m = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation over `[N, C]` or `[N, C, L]` (`torch.nn.BatchNorm1d`): batch statistics in
 * training (running stats updated with the unbiased variance), running stats in eval mode.
 */
export class BatchNorm1d extends BatchNormNd {
  /** `BatchNorm1d(numFeatures, eps=1e-5, momentum=0.1, affine=true, trackRunningStats=true)`. */
  constructor(numFeatures: number, ...args: unknown[]) {
    super(numFeatures, args, 'BatchNorm1d');
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3)
      throw new ValueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

/**
 * Batch normalisation over `[N, C, H, W]` (`torch.nn.BatchNorm2d`); momentum `null` gives a
 * cumulative average; `eval()` switches to the running statistics.
 * @example
 * const bn = new nn.BatchNorm2d(16);
 * bn.forward(torch.randn(8, 16, 5, 5)); // updates bn.runningMean / bn.runningVar
 */
export class BatchNorm2d extends BatchNormNd {
  /** `BatchNorm2d(numFeatures, eps=1e-5, momentum=0.1, affine=true, trackRunningStats=true)`. */
  constructor(numFeatures: number, ...args: unknown[]) {
    super(numFeatures, args, 'BatchNorm2d');
  }

  protected checkInputDim(input: Tensor): void {
    if (input.ndim !== 4) throw new ValueError(`expected 4D input (got ${input.ndim}D input)`);
  }
}

/** Options of {@link LayerNorm} in PyTorch's keyword names (camelCase). */
export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
}

/**
 * Layer normalisation over the last dims (`torch.nn.LayerNorm`), with an elementwise affine of the
 * normalised shape (ones / zeros initially).
 * @example new nn.LayerNorm(64).forward(torch.randn(2, 10, 64))
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** `LayerNorm(normalizedShape, eps=1e-5, elementwiseAffine=true)`. */
  constructor(normalizedShape: number | readonly number[], ...args: unknown[]) {
    super();
    const o = parseArgs<LayerNormOptions>(args, ['eps', 'elementwiseAffine'], {}, 'LayerNorm');
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = o.eps ?? 1e-5;
    this.elementwiseAffine = o.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(ones(this.normalizedShape)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(this.normalizedShape)) : null;
  }

  override forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/** Options of {@link GroupNorm} in PyTorch's keyword names (camelCase). */
export interface GroupNormOptions {
  eps?: number;
  affine?: boolean;
}

/** Group normalisation (`torch.nn.GroupNorm`): per-sample statistics over channel groups. */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;

  /** `GroupNorm(numGroups, numChannels, eps=1e-5, affine=true)`. */
  constructor(numGroups: number, numChannels: number, ...args: unknown[]) {
    super();
    const o = parseArgs<GroupNormOptions>(args, ['eps', 'affine'], {}, 'GroupNorm');
    if (numChannels % numGroups !== 0) throw new ValueError('num_channels must be divisible by num_groups');
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = o.eps ?? 1e-5;
    this.affine = o.affine ?? true;
    this.weight = this.affine ? new Parameter(ones(numChannels)) : null;
    this.bias = this.affine ? new Parameter(zeros(numChannels)) : null;
  }

  override forward(input: Tensor): Tensor {
    return groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
