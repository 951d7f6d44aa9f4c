import { dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { conv2dOp } from './conv-op.js';
import { zeros } from './creation.js';
import { cat } from './join.js';
import { bmmOp } from './linalg.js';
import { torchName } from './unary.js';
import { col2imOp } from './unfold.js';

/** An int, or one int per spatial dim. */
export type IntOrTuple = number | readonly number[];
/** Convolution padding: ints, or PyTorch's `'same'` / `'valid'` strings. */
export type ConvPadding = IntOrTuple | 'same' | 'valid';

/** Keyword arguments of {@link conv2d} / {@link conv1d}, as in `torch.nn.functional.conv2d`. */
export interface ConvOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: ConvPadding;
  dilation?: IntOrTuple;
  groups?: number;
}

/** Keyword arguments of {@link convTranspose2d}, as in `torch.nn.functional.conv_transpose2d`. */
export interface ConvTransposeOptions {
  bias?: Tensor | null;
  stride?: IntOrTuple;
  padding?: IntOrTuple;
  outputPadding?: IntOrTuple;
  groups?: number;
  dilation?: IntOrTuple;
}

/** Expands an int or checks a list against the number of spatial dims (PyTorch's `expand_param_if_needed`). */
export function expandParam(v: IntOrTuple, name: string, n: number): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (v.length === 1) return new Array<number>(n).fill(v[0]!);
  if (v.length !== n) {
    throw new RuntimeError(
      `expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${v.join(', ')}]`,
    );
  }
  return [...v];
}

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Pads the last two dims with zeros at the end (bottom/right) only — for 'same' with even kernels and ceil-mode pooling. */
export function padEnd2d(x: Tensor, eh: number, ew: number): Tensor {
  let y = x;
  if (eh > 0) {
    const s = [...y.shape];
    s[s.length - 2] = eh;
    y = cat([y, zeros(s, { dtype: y.dtype, device: y.device })], -2);
  }
  if (ew > 0) {
    const s = [...y.shape];
    s[s.length - 1] = ew;
    y = cat([y, zeros(s, { dtype: y.dtype, device: y.device })], -1);
  }
  return y;
}

function checkWeight(
  x: Tensor,
  w: Tensor,
  bias: Tensor | null | undefined,
  groups: number,
  transposed: boolean,
) {
  if (x.dtype !== w.dtype)
    throw new RuntimeError(`expected scalar type ${torchName(x.dtype)} but found ${torchName(w.dtype)}`);
  if (!Number.isInteger(groups) || groups <= 0)
    throw new RuntimeError('non-positive groups is not supported');
  const inC = transposed ? w.shape[0]! : w.shape[1]! * groups;
  if (!transposed && w.shape[0]! % groups !== 0) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(w.shape)}] instead`,
    );
  }
  if (x.shape[1] !== inC) {
    throw new RuntimeError(
      `Given ${transposed ? 'transposed=1' : `groups=${groups}`}, weight of size ${fmt(w.shape)}, expected input${fmt(x.shape)} to have ${inC} channels, but got ${x.shape[1]} channels instead`,
    );
  }
  const outC = transposed ? w.shape[1]! * groups : w.shape[0]!;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== outC)) {
    throw new RuntimeError(
      `Given weight of size ${fmt(w.shape)}, expected bias to be 1-dimensional with ${outC} elements, but got bias of size ${fmt(bias.shape)} instead`,
    );
  }
  if (bias && bias.dtype !== x.dtype)
    throw new RuntimeError(`expected scalar type ${torchName(x.dtype)} but found ${torchName(bias.dtype)}`);
}

function checkGeometry(stride: number[], padding: number[], dilation: number[]): void {
  if (stride.some((s) => s <= 0)) throw new RuntimeError('non-positive stride is not supported');
  if (padding.some((p) => p < 0)) throw new RuntimeError('negative padding is not supported');
  if (dilation.some((d) => d <= 0)) throw new RuntimeError('dilation should be greater than zero');
}

/** The 2-D convolution every conv entry point lowers to: the `conv2d` primitive, then the bias. */
function conv2dCore(
  x: Tensor,
  w: Tensor,
  bias: Tensor | null | undefined,
  stride: number[],
  padding: number[],
  dilation: number[],
  groups: number,
): Tensor {
  const [, , H, W] = x.shape as [number, number, number, number];
  const [O, , kh, kw] = w.shape as [number, number, number, number];
  const ph = H + 2 * padding[0]!;
  const pw = W + 2 * padding[1]!;
  const eh = dilation[0]! * (kh - 1) + 1;
  const ew = dilation[1]! * (kw - 1) + 1;
  if (ph < eh || pw < ew) {
    throw new RuntimeError(
      `Calculated padded input size per channel: (${ph} x ${pw}). Kernel size: (${eh} x ${ew}). Kernel size can't be greater than actual input size`,
    );
  }
  const out = dispatch1(conv2dOp, [x, w], {
    stride: [stride[0]!, stride[1]!],
    padding: [padding[0]!, padding[1]!],
    dilation: [dilation[0]!, dilation[1]!],
    groups,
  });
  return bias ? out.add(bias.view(1, O, 1, 1)) : out;
}

/** Resolves 'same'/'valid'/ints to symmetric padding, padding the input's end when 'same' is uneven. */
function resolvePadding(
  x: Tensor,
  padding: ConvPadding,
  kernel: readonly number[],
  stride: number[],
  dilation: number[],
): { x: Tensor; padding: number[] } {
  const n = kernel.length;
  if (padding === 'valid') return { x, padding: new Array<number>(n).fill(0) };
  if (padding === 'same') {
    if (stride.some((s) => s !== 1))
      throw new RuntimeError(`padding='same' is not supported for strided convolutions`);
    const total = kernel.map((k, i) => dilation[i]! * (k - 1));
    const left = total.map((t) => Math.floor(t / 2));
    const extra = total.map((t, i) => t - 2 * left[i]!);
    const px = n === 2 ? padEnd2d(x, extra[0]!, extra[1]!) : padEnd2d(x, 0, extra[0]!);
    return { x: px, padding: left };
  }
  if (typeof padding === 'string') throw new RuntimeError(`Invalid padding string: '${padding}'`);
  return { x, padding: expandParam(padding, 'padding', n) };
}

function convNd(input: Tensor, weight: Tensor, args: readonly unknown[], nd: 1 | 2, fn: string): Tensor {
  const o = parseArgs<ConvOptions>(args, ['bias', 'stride', 'padding', 'dilation', 'groups'], {}, fn);
  const batchedRank = nd + 2;
  if (input.shape.length !== batchedRank && input.shape.length !== batchedRank - 1) {
    throw new RuntimeError(
      `Expected ${nd + 1}D (unbatched) or ${nd + 2}D (batched) input to ${fn}, but got input of size: ${fmt(input.shape)}`,
    );
  }
  if (weight.shape.length !== batchedRank) {
    throw new RuntimeError(
      `Expected ${batchedRank}-dimensional weight for ${batchedRank}-dimensional input ${fmt(input.shape)}, but got ${weight.shape.length}-dimensional weight of size ${fmt(weight.shape)} instead`,
    );
  }
  const batched = input.shape.length === batchedRank;
  let x = batched ? input : input.unsqueeze(0);
  const groups = o.groups ?? 1;
  checkWeight(x, weight, o.bias, groups, false);
  const stride = expandParam(o.stride ?? 1, 'stride', nd);
  const dilation = expandParam(o.dilation ?? 1, 'dilation', nd);
  const p0 = o.padding ?? 0;
  checkGeometry(stride, typeof p0 === 'string' ? [0] : expandParam(p0, 'padding', nd), dilation);
  const r = resolvePadding(x, p0, weight.shape.slice(2), stride, dilation);
  x = r.x;
  let out: Tensor;
  if (nd === 2) {
    out = conv2dCore(x, weight, o.bias, stride, r.padding, dilation, groups);
  } else {
    // A 1-D conv is a 2-D conv over a height-1 image.
    out = conv2dCore(
      x.unsqueeze(2),
      weight.unsqueeze(2),
      o.bias,
      [1, stride[0]!],
      [0, r.padding[0]!],
      [1, dilation[0]!],
      groups,
    ).squeeze(2);
  }
  return batched ? out : out.squeeze(0);
}

/**
 * `torch.nn.functional.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`:
 * 2-D cross-correlation of `[N, C, H, W]` (or `[C, H, W]`) with `[O, C/groups, kh, kw]` filters.
 * `padding` may be an int, a pair, `'valid'` or `'same'`.
 * @example torch.conv2d(x, w, { padding: 1 })
 */
export function conv2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convNd(input, weight, args, 2, 'conv2d');
}

/**
 * `torch.nn.functional.conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)`:
 * 1-D cross-correlation of `[N, C, L]` (or `[C, L]`) with `[O, C/groups, k]` filters.
 */
export function conv1d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  return convNd(input, weight, args, 1, 'conv1d');
}

/**
 * `torch.nn.functional.conv_transpose2d(input, weight, bias=None, stride=1, padding=0,
 * output_padding=0, groups=1, dilation=1)`: the adjoint of {@link conv2d} (a "deconvolution"),
 * weight `[C_in, C_out/groups, kh, kw]`. Computed as `Wᵀ·x` per image followed by col2im.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, ...args: unknown[]): Tensor {
  const fn = 'conv_transpose2d';
  const o = parseArgs<ConvTransposeOptions>(
    args,
    ['bias', 'stride', 'padding', 'outputPadding', 'groups', 'dilation'],
    {},
    fn,
  );
  if (input.shape.length !== 4 && input.shape.length !== 3) {
    throw new RuntimeError(
      `Expected 3D (unbatched) or 4D (batched) input to ${fn}, but got input of size: ${fmt(input.shape)}`,
    );
  }
  if (weight.shape.length !== 4) {
    throw new RuntimeError(
      `Expected 4-dimensional weight for 4-dimensional input ${fmt(input.shape)}, but got ${weight.shape.length}-dimensional weight of size ${fmt(weight.shape)} instead`,
    );
  }
  const batched = input.shape.length === 4;
  const x = batched ? input : input.unsqueeze(0);
  const groups = o.groups ?? 1;
  checkWeight(x, weight, o.bias, groups, true);
  if (weight.shape[0]! % groups !== 0) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${fmt(weight.shape)}] instead`,
    );
  }
  const stride = expandParam(o.stride ?? 1, 'stride', 2);
  const padding = expandParam(o.padding ?? 0, 'padding', 2);
  const dilation = expandParam(o.dilation ?? 1, 'dilation', 2);
  const outPad = expandParam(o.outputPadding ?? 0, 'output_padding', 2);
  checkGeometry(stride, padding, dilation);
  if (outPad.some((p, i) => p >= stride[i]! && p >= dilation[i]!)) {
    throw new RuntimeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${outPad[0]} output_padding_width: ${outPad[1]} stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${dilation[0]} dilation_width: ${dilation[1]}`,
    );
  }
  const [N, Cin, H, W] = x.shape as [number, number, number, number];
  const [, Cog, kh, kw] = weight.shape as [number, number, number, number];
  const k = [kh, kw];
  const outSize = [0, 1].map(
    (i) => ([H, W][i]! - 1) * stride[i]! - 2 * padding[i]! + dilation[i]! * (k[i]! - 1) + outPad[i]! + 1,
  );
  if (outSize.some((s) => s <= 0)) {
    throw new RuntimeError(
      `Given input size per channel: (${H} x ${W}). Calculated output size per channel: (${outSize[0]} x ${outSize[1]}). Output size is too small`,
    );
  }
  const Cing = Cin / groups;
  const R = Cog * kh * kw;
  // Wᵀ per group: [G, Cog·kh·kw, Cin/G], a transposed view the GEMM reads without a copy.
  const wt = weight.reshape(groups, Cing, R).transpose(1, 2);
  const wb =
    groups === 1
      ? wt.expand(N, R, Cing)
      : wt
          .unsqueeze(0)
          .expand(N, groups, R, Cing)
          .reshape(N * groups, R, Cing);
  const cols = dispatch1(bmmOp, [wb, x.reshape(N * groups, Cing, H * W)], {}).view(N, groups * R, H * W);
  let out = dispatch1(col2imOp, [cols], {
    kernelSize: [kh, kw],
    dilation: [dilation[0]!, dilation[1]!],
    padding: [padding[0]!, padding[1]!],
    stride: [stride[0]!, stride[1]!],
    outputSize: [outSize[0]!, outSize[1]!],
  });
  if (o.bias) out = out.add(o.bias.view(1, -1, 1, 1));
  return batched ? out : out.squeeze(0);
}
