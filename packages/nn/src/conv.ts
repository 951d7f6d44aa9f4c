import {
  type ConvPadding,
  conv1d,
  conv2d,
  convTranspose2d,
  empty,
  type IntOrTuple,
  parseArgs,
  type Tensor,
  ValueError,
} from '@kindling/core';
import { pad as fpad } from './functional/pad.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyTuple } from './repr.js';

/** Options of {@link Conv1d} / {@link Conv2d} in PyTorch's keyword names (camelCase). */
export interface ConvLayerOptions {
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  /** How the border is padded: zeros (default) or, as `F.pad` modes, 'reflect' | 'replicate' | 'circular'. */
  paddingMode?: PaddingMode;
}

/** Conv layers' `padding_mode` values. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of {@link ConvTranspose2d} in PyTorch's keyword names (camelCase). */
export interface ConvTransposeLayerOptions {
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  bias?: boolean;
  dilation?: IntOrTuple;
  paddingMode?: 'zeros';
}

const tuple = (v: IntOrTuple, n: number): number[] =>
  typeof v === 'number'
    ? new Array<number>(n).fill(v)
    : v.length === 1
      ? new Array<number>(n).fill(v[0]!)
      : [...v];

/** The shared part of PyTorch's `_ConvNd`: argument checks, parameters, init and repr. */
abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  /** `F.pad` amounts for non-zero padding modes: last dim first, (left, right) per dim. */
  protected readonly reversedPadding: number[];
  weight: Parameter;
  bias: Parameter | null;

  constructor(
    nd: number,
    transposed: boolean,
    inChannels: number,
    outChannels: number,
    kernelSize: IntOrTuple,
    o: ConvLayerOptions & { outputPadding?: IntOrTuple },
  ) {
    super();
    const groups = o.groups ?? 1;
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    const padding = o.padding ?? 0;
    const stride = tuple(o.stride ?? 1, nd);
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid')
        throw new ValueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === 'same' && stride.some((s) => s !== 1))
        throw new ValueError(`padding='same' is not supported for strided convolutions`);
    }
    const mode = o.paddingMode ?? 'zeros';
    if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode)) {
      throw new ValueError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    if (transposed && mode !== 'zeros') {
      throw new ValueError(`Only "zeros" padding mode is supported for ConvTranspose${nd}d`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tuple(kernelSize, nd);
    this.stride = stride;
    this.padding = typeof padding === 'string' ? padding : tuple(padding, nd);
    this.dilation = tuple(o.dilation ?? 1, nd);
    this.outputPadding = tuple(o.outputPadding ?? 0, nd);
    this.groups = groups;
    this.paddingMode = mode;
    // As PyTorch's _ConvNd: per dim (last first) the left/right pads; 'same' splits k-1 unevenly.
    const k = tuple(kernelSize, nd);
    const dil = tuple(o.dilation ?? 1, nd);
    this.reversedPadding = [];
    for (let d = nd - 1; d >= 0; d--) {
      if (padding === 'valid') this.reversedPadding.push(0, 0);
      else if (padding === 'same') {
        const total = dil[d]! * (k[d]! - 1);
        const left = Math.floor(total / 2);
        this.reversedPadding.push(left, total - left);
      } else {
        const p = tuple(padding, nd)[d]!;
        this.reversedPadding.push(p, p);
      }
    }
    const shape = transposed
      ? [inChannels, outChannels / groups, ...this.kernelSize]
      : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = new Parameter(empty(shape));
    this.bias = (o.bias ?? true) ? new Parameter(empty(outChannels)) : null;
    this.resetParameters();
  }

  /** PyTorch's `reset_parameters`: kaiming_uniform(a=√5) weights, U(±1/√fan_in) bias. */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const { fanIn } = calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (!this.bias) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }

  /**
   * The forward of Conv1d/Conv2d through their functional form: non-zero padding modes pad with
   * `F.pad` first and convolve unpadded, as PyTorch's `_conv_forward` does.
   */
  protected convolve(input: Tensor, conv: typeof conv2d): Tensor {
    const zeros = this.paddingMode === 'zeros';
    return conv(zeros ? input : fpad(input, this.reversedPadding, this.paddingMode), this.weight, {
      bias: this.bias,
      stride: this.stride,
      padding: zeros ? this.padding : this.stride.map(() => 0),
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}

const CONV_ARGS = ['stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode'] as const;

/**
 * 1-D convolution over `[N, C_in, L]` (`torch.nn.Conv1d`). Weight `[C_out, C_in/groups, k]`;
 * PyTorch's default init, bit-exact under `torch.manualSeed`.
 * @example new nn.Conv1d(16, 33, 3, { stride: 2 }).forward(torch.randn(20, 16, 50)).shape // [20, 33, 24]
 */
export class Conv1d extends ConvNd {
  /** `Conv1d(inChannels, outChannels, kernelSize, stride=1, padding=0, dilation=1, groups=1, bias=true, paddingMode='zeros')`. */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: unknown[]) {
    super(
      1,
      false,
      inChannels,
      outChannels,
      kernelSize,
      parseArgs<ConvLayerOptions>(args, [...CONV_ARGS], {}, 'Conv1d'),
    );
  }

  override forward(input: Tensor): Tensor {
    return this.convolve(input, conv1d);
  }
}

/**
 * 2-D convolution over `[N, C_in, H, W]` (`torch.nn.Conv2d`): padding as ints, `'same'` or
 * `'valid'`, dilation, groups, optional bias. Weight `[C_out, C_in/groups, kh, kw]` initialised as
 * PyTorch's (kaiming_uniform(a=√5), bias U(±1/√fan_in)), bit-exact under `torch.manualSeed`.
 * @example new nn.Conv2d(1, 32, 3, { padding: 'same' }).forward(torch.randn(8, 1, 28, 28)).shape // [8, 32, 28, 28]
 */
export class Conv2d extends ConvNd {
  /** `Conv2d(inChannels, outChannels, kernelSize, stride=1, padding=0, dilation=1, groups=1, bias=true, paddingMode='zeros')`. */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: unknown[]) {
    super(
      2,
      false,
      inChannels,
      outChannels,
      kernelSize,
      parseArgs<ConvLayerOptions>(args, [...CONV_ARGS], {}, 'Conv2d'),
    );
  }

  override forward(input: Tensor): Tensor {
    return this.convolve(input, conv2d);
  }
}

/**
 * Transposed 2-D convolution (`torch.nn.ConvTranspose2d`), the gradient of a Conv2d with respect
 * to its input. Weight `[C_in, C_out/groups, kh, kw]`; PyTorch's default init.
 * @example new nn.ConvTranspose2d(16, 8, 3, { stride: 2, padding: 1, outputPadding: 1 })
 */
export class ConvTranspose2d extends ConvNd {
  /** `ConvTranspose2d(inChannels, outChannels, kernelSize, stride=1, padding=0, outputPadding=0, groups=1, bias=true, dilation=1, paddingMode='zeros')`. */
  constructor(inChannels: number, outChannels: number, kernelSize: IntOrTuple, ...args: unknown[]) {
    super(
      2,
      true,
      inChannels,
      outChannels,
      kernelSize,
      parseArgs<ConvTransposeLayerOptions>(
        args,
        ['stride', 'padding', 'outputPadding', 'groups', 'bias', 'dilation', 'paddingMode'],
        {},
        'ConvTranspose2d',
      ),
    );
  }

  /**
   * `forward(input, outputSize?)`: with `outputSize` (the spatial size, or the full shape), the output
   * padding is chosen to reach it, as PyTorch's `_output_padding` does.
   */
  override forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    return convTranspose2d(input, this.weight, {
      bias: this.bias,
      stride: this.stride,
      padding: this.padding as number[],
      outputPadding: outputSize ? this.outputPaddingFor(input, outputSize) : this.outputPadding,
      groups: this.groups,
      dilation: this.dilation,
    });
  }

  private outputPaddingFor(input: Tensor, outputSize: readonly number[]): number[] {
    const k = 2;
    const spatial = input.shape.slice(-k);
    const size =
      outputSize.length === k + 2 || outputSize.length === k + 1 ? outputSize.slice(-k) : outputSize;
    if (size.length !== k) {
      throw new ValueError(
        `ConvTranspose2D: for ${input.shape.length}D input, output_size must have ${k} or ${k + 2} elements (got ${outputSize.length})`,
      );
    }
    const pad = this.padding as number[];
    const min = spatial.map(
      (n, d) => (n - 1) * this.stride[d]! - 2 * pad[d]! + this.dilation[d]! * (this.kernelSize[d]! - 1) + 1,
    );
    const max = min.map((m, d) => m + this.stride[d]! - 1);
    size.forEach((want, d) => {
      if (want < min[d]! || want > max[d]!) {
        throw new ValueError(
          `requested an output size of [${size.join(', ')}], but valid sizes range from [${min.join(', ')}] to [${max.join(', ')}] (for an input of torch.Size([${spatial.join(', ')}]))`,
        );
      }
    });
    return size.map((want, d) => want - min[d]!);
  }
}
