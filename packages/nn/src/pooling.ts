import {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool2d,
  type IntOrTuple,
  maxPool1d,
  maxPool2d,
  parseArgs,
  type Tensor,
  type ValuesIndices,
} from '@kindling/core';
import { Module } from './module.js';
import { pyBool } from './repr.js';

/** Options of {@link MaxPool1d} / {@link MaxPool2d} in PyTorch's keyword names (camelCase). */
export interface MaxPoolLayerOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  returnIndices?: boolean;
  ceilMode?: boolean;
}

/** Options of {@link AvgPool2d} in PyTorch's keyword names (camelCase). */
export interface AvgPoolLayerOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/** What a max-pool layer returns: a tensor, or `{ values, indices }` when built with `returnIndices`. */
export type MaxPoolResult<I extends boolean> = I extends true ? ValuesIndices : Tensor;

/** Python's repr of an int-or-tuple argument: `2` or `(2, 3)`. */
const py = (v: IntOrTuple | null): string =>
  v === null ? 'None' : typeof v === 'number' ? String(v) : `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;

abstract class MaxPoolNd<I extends boolean> extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly dilation: IntOrTuple;
  readonly returnIndices: I;
  readonly ceilMode: boolean;

  constructor(kernelSize: IntOrTuple, args: readonly unknown[], name: string) {
    super();
    const o = parseArgs<MaxPoolLayerOptions>(
      args,
      ['stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
      {},
      name,
    );
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = (o.returnIndices ?? false) as I;
    this.ceilMode = o.ceilMode ?? false;
  }

  protected opts() {
    return {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
      returnIndices: this.returnIndices as boolean,
    };
  }

  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * Max pooling over `[N, C, L]` (`torch.nn.MaxPool1d`). With `returnIndices` the result is
 * `{ values, indices }` (type it as `new nn.MaxPool1d<true>(…)`).
 */
export class MaxPool1d<I extends boolean = false> extends MaxPoolNd<I> {
  /** `MaxPool1d(kernelSize, stride=kernelSize, padding=0, dilation=1, returnIndices=false, ceilMode=false)`. */
  constructor(kernelSize: IntOrTuple, ...args: unknown[]) {
    super(kernelSize, args, 'MaxPool1d');
  }

  override forward(input: Tensor): MaxPoolResult<I> {
    return maxPool1d(input, this.kernelSize, this.opts()) as MaxPoolResult<I>;
  }
}

/**
 * Max pooling over `[N, C, H, W]` (`torch.nn.MaxPool2d`): stride, padding, dilation, ceil mode.
 * With `returnIndices` the result is `{ values, indices }` (flat indices within each input plane,
 * as PyTorch's; type it as `new nn.MaxPool2d<true>(2, { returnIndices: true })`).
 * @example new nn.MaxPool2d(2).forward(torch.randn(1, 3, 8, 8)).shape // [1, 3, 4, 4]
 */
export class MaxPool2d<I extends boolean = false> extends MaxPoolNd<I> {
  /** `MaxPool2d(kernelSize, stride=kernelSize, padding=0, dilation=1, returnIndices=false, ceilMode=false)`. */
  constructor(kernelSize: IntOrTuple, ...args: unknown[]) {
    super(kernelSize, args, 'MaxPool2d');
  }

  override forward(input: Tensor): MaxPoolResult<I> {
    return maxPool2d(input, this.kernelSize, this.opts()) as MaxPoolResult<I>;
  }
}

/**
 * Average pooling over `[N, C, H, W]` (`torch.nn.AvgPool2d`): ceil mode, `countIncludePad`,
 * `divisorOverride`.
 */
export class AvgPool2d extends Module {
  readonly kernelSize: IntOrTuple;
  readonly stride: IntOrTuple;
  readonly padding: IntOrTuple;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  /** `AvgPool2d(kernelSize, stride=kernelSize, padding=0, ceilMode=false, countIncludePad=true, divisorOverride=null)`. */
  constructor(kernelSize: IntOrTuple, ...args: unknown[]) {
    super();
    const o = parseArgs<AvgPoolLayerOptions>(
      args,
      ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
      {},
      'AvgPool2d',
    );
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }

  override forward(input: Tensor): Tensor {
    return avgPool2d(input, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** An adaptive output size: one int, or a pair where `null` keeps the input's size. */
export type AdaptiveSize = number | readonly (number | null)[];

const pySize = (v: AdaptiveSize): string =>
  typeof v === 'number' ? String(v) : `(${v.map((x) => (x === null ? 'None' : String(x))).join(', ')})`;

/**
 * Adaptive average pooling to a fixed output size (`torch.nn.AdaptiveAvgPool2d`), with PyTorch's
 * windows `[floor(i·in/out), ceil((i+1)·in/out))`.
 * @example new nn.AdaptiveAvgPool2d(1).forward(torch.randn(2, 8, 7, 7)).shape // [2, 8, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: AdaptiveSize;

  /** `AdaptiveAvgPool2d(outputSize)`. */
  constructor(outputSize: AdaptiveSize) {
    super();
    this.outputSize = outputSize;
  }

  override forward(input: Tensor): Tensor {
    return adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/** Adaptive max pooling to a fixed output size (`torch.nn.AdaptiveMaxPool2d`), optionally with indices. */
export class AdaptiveMaxPool2d<I extends boolean = false> extends Module {
  readonly outputSize: AdaptiveSize;
  readonly returnIndices: I;

  /** `AdaptiveMaxPool2d(outputSize, returnIndices=false)`. */
  constructor(outputSize: AdaptiveSize, returnIndices: I | { returnIndices?: I } = false as I) {
    super();
    this.outputSize = outputSize;
    this.returnIndices =
      typeof returnIndices === 'boolean' ? returnIndices : ((returnIndices.returnIndices ?? false) as I);
  }

  override forward(input: Tensor): MaxPoolResult<I> {
    const r = this.returnIndices
      ? adaptiveMaxPool2d(input, this.outputSize, true)
      : adaptiveMaxPool2d(input, this.outputSize, false);
    return r as MaxPoolResult<I>;
  }

  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}
