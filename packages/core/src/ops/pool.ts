import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import { isFloatingPoint } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { OpDef } from '../op.js';
import type { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { type IntOrTuple, padEnd2d } from './conv.js';
import { tensor, zeros } from './creation.js';
import type { ValuesIndices } from './sort.js';
import { torchName } from './unary.js';
import { im2colOp } from './unfold.js';

/**
 * Windows of a 2-D max pool, one list per output row/column: window `i` covers input rows
 * `hStart[i] + t·dh` for `t < hTaps[i]` (those outside the image are skipped). Plain and adaptive
 * max pooling both reduce to this, so one kernel serves both.
 */
export interface MaxPool2dAttrs {
  readonly hStart: readonly number[];
  readonly hTaps: readonly number[];
  readonly dh: number;
  readonly wStart: readonly number[];
  readonly wTaps: readonly number[];
  readonly dw: number;
}

/**
 * Windows clipped to the image (`size` rows or columns), computed once per call by the max-pool
 * kernels: each window's first in-image tap and how many of its taps are in the image.
 */
export function clipWindows(
  start: readonly number[],
  taps: readonly number[],
  d: number,
  size: number,
): { first: number[]; count: number[] } {
  const first: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < start.length; i++) {
    let s = start[i]!;
    let t = taps[i]!;
    while (s < 0 && t > 0) {
      s += d;
      t--;
    }
    while (t > 0 && s + (t - 1) * d >= size) t--;
    first.push(s);
    count.push(t);
  }
  return { first, count };
}

/**
 * Max pooling of `[N, C, H, W]` with indices: returns the max of each window and its flat index
 * within the input plane (`iy·W + ix`, as PyTorch). NaN wins, as in PyTorch. The gradient
 * scatters into the argmax positions (adding where windows overlap).
 */
export const maxPool2dOp: OpDef<MaxPool2dAttrs> = defineOp<MaxPool2dAttrs>({
  name: 'maxPool2dWithIndices',
  meta([x], a) {
    if (x!.dtype === 'bool') throw new RuntimeError(`"max_pool2d" not implemented for 'Bool'`);
    const [n, c] = x!.shape as [number, number];
    const shape = [n, c, a.hStart.length, a.wStart.length];
    return {
      outputs: [
        { shape, dtype: x!.dtype },
        { shape, dtype: 'int64' },
      ],
      dtype: x!.dtype,
    };
  },
  nondifferentiableOutputs: [1],
  saves: { inputs: false, outputs: true },
  backward(ctx, [g]) {
    const [, , h, w] = ctx.inputShapes[0] as [number, number, number, number];
    return [dispatch1(maxPool2dBackwardOp, [g!, ctx.outputs[1]!], { ...ctx.attrs, h, w })];
  },
});

/** The input size a max pool's gradient is scattered back into, with the windows that made it. */
export interface MaxPool2dBackwardAttrs extends MaxPool2dAttrs {
  readonly h: number;
  readonly w: number;
}

/**
 * The gradient of a max pool (`max_pool2d_with_indices_backward`): each output's gradient added at its
 * argmax, inputs `[grad, indices]`. Its own op so that a device can walk, for each input pixel, only
 * the windows covering it — the generic scatter-add costs every output per input where scatters must
 * be written gather-style (GPUs). Without a kernel it is that scatter-add.
 */
export const maxPool2dBackwardOp: OpDef<MaxPool2dBackwardAttrs> = defineOp<MaxPool2dBackwardAttrs>({
  name: 'maxPool2dWithIndicesBackward',
  meta([g], { h, w }) {
    const [n, c] = g!.shape as [number, number];
    return { outputs: [{ shape: [n, c, h, w], dtype: g!.dtype }], dtype: g!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([g, idx], { h, w }) {
    const [n, c] = g!.shape as [number, number];
    const gi = zeros([n, c, h * w], { dtype: g!.dtype, device: g!.device }).scatterAdd(
      2,
      idx!.reshape(n, c, -1),
      g!.reshape(n, c, -1),
    );
    return gi.view(n, c, h, w);
  },
  // Linear in the gradient: its own gradient reads back at the argmax positions.
  backward(ctx, [gg]) {
    const [g, idx] = ctx.inputs as [Tensor, Tensor];
    const [n, c] = g.shape as [number, number];
    return [
      gg!
        .reshape(n, c, -1)
        .gather(2, idx.reshape(n, c, -1))
        .view(g.shape),
      null,
    ];
  },
});

/** PyTorch's `pooling_output_shape`: floor or ceil division, and no window may start in the right padding. */
export function poolOutputSize(
  size: number,
  k: number,
  pad: number,
  stride: number,
  dilation: number,
  ceil: boolean,
): number {
  const num = size + 2 * pad - dilation * (k - 1) - 1 + (ceil ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

function pair(v: IntOrTuple, name: string): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (v.length === 1) return [v[0]!, v[0]!];
  if (v.length !== 2)
    throw new RuntimeError(`max_pool2d: ${name} must either be a single int, or a tuple of two ints`);
  return [v[0]!, v[1]!];
}

/** Keyword arguments of {@link maxPool2d}, as in `torch.nn.functional.max_pool2d`. */
export interface MaxPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  dilation?: IntOrTuple;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

/** Keyword arguments of {@link avgPool2d}, as in `torch.nn.functional.avg_pool2d`. */
export interface AvgPoolOptions {
  stride?: IntOrTuple | null;
  padding?: IntOrTuple;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

interface PoolGeometry {
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
  out: [number, number];
}

function poolGeometry(
  x: Tensor,
  kernelSize: IntOrTuple,
  o: { stride?: IntOrTuple | null; padding?: IntOrTuple; dilation?: IntOrTuple; ceilMode?: boolean },
): PoolGeometry {
  if ((x.shape.length !== 3 && x.shape.length !== 4) || x.numel() === 0)
    throw new RuntimeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  const k = pair(kernelSize, 'kernel_size');
  const s = o.stride === undefined || o.stride === null ? k : pair(o.stride, 'stride');
  const p = pair(o.padding ?? 0, 'padding');
  const d = pair(o.dilation ?? 1, 'dilation');
  if (s.some((v) => v === 0)) throw new RuntimeError('stride should not be zero');
  if (k.some((v) => v <= 0))
    throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  if (d.some((v) => v <= 0))
    throw new RuntimeError(
      `dilation should be greater than zero, but got dilationH: ${d[0]} dilationW: ${d[1]}`,
    );
  for (let i = 0; i < 2; i++) {
    if (p[i]! > Math.floor(k[i]! / 2))
      throw new RuntimeError(
        `pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`,
      );
  }
  const [H, W] = x.shape.slice(-2) as [number, number];
  const ceil = o.ceilMode ?? false;
  const out: [number, number] = [
    poolOutputSize(H, k[0], p[0], s[0], d[0], ceil),
    poolOutputSize(W, k[1], p[1], s[1], d[1], ceil),
  ];
  if (out[0] < 1 || out[1] < 1) {
    const c = x.shape[x.shape.length - 3];
    throw new RuntimeError(
      `Given input size: (${c}x${H}x${W}). Calculated output size: (${c}x${out[0]}x${out[1]}). Output size is too small`,
    );
  }
  return { k, s, p, d, out };
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

function runMaxPool(
  x: Tensor,
  a: MaxPool2dAttrs,
  returnIndices: boolean,
  fn: string,
): Tensor | ValuesIndices {
  if (!isFloatingPoint(x.dtype))
    throw new RuntimeError(`"${fn}" not implemented for '${torchName(x.dtype)}'`);
  const batched = x.shape.length === 4;
  const [values, indices] = dispatch(maxPool2dOp, [batched ? x : x.unsqueeze(0)], a) as [Tensor, Tensor];
  const v = batched ? values : values.squeeze(0);
  if (!returnIndices) return v;
  return { values: v, indices: batched ? indices : indices.squeeze(0) };
}

/**
 * `torch.nn.functional.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1,
 * ceil_mode=False, return_indices=False)`. With `returnIndices` it returns `{ values, indices }`
 * (indices flat within each input plane, as PyTorch's).
 * @example torch.maxPool2d(x, 2) // halves H and W
 */
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  opts?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool2d(
  input: Tensor,
  kernelSize: IntOrTuple,
  opts: MaxPoolOptions & { returnIndices: true },
): ValuesIndices;
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | ValuesIndices;
export function maxPool2d(input: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | ValuesIndices {
  const o = parseArgs<MaxPoolOptions>(
    args,
    ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'],
    {},
    'max_pool2d',
  );
  const g = poolGeometry(input, kernelSize, o);
  const a: MaxPool2dAttrs = {
    hStart: range(g.out[0], (i) => i * g.s[0] - g.p[0]),
    hTaps: range(g.out[0], () => g.k[0]),
    dh: g.d[0],
    wStart: range(g.out[1], (i) => i * g.s[1] - g.p[1]),
    wTaps: range(g.out[1], () => g.k[1]),
    dw: g.d[1],
  };
  return runMaxPool(input, a, o.returnIndices ?? false, 'max_pool2d');
}

/**
 * `torch.nn.functional.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1,
 * ceil_mode=False, return_indices=False)` over `[N, C, L]` (or `[C, L]`).
 */
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  opts?: MaxPoolOptions & { returnIndices?: false },
): Tensor;
export function maxPool1d(
  input: Tensor,
  kernelSize: IntOrTuple,
  opts: MaxPoolOptions & { returnIndices: true },
): ValuesIndices;
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | ValuesIndices;
export function maxPool1d(input: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor | ValuesIndices {
  const o = parseArgs<MaxPoolOptions>(
    args,
    ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'],
    {},
    'max_pool1d',
  );
  if ((input.shape.length !== 2 && input.shape.length !== 3) || input.numel() === 0)
    throw new RuntimeError('non-empty 2D or 3D (batch mode) tensor expected for input');
  const one = (v: IntOrTuple | null | undefined, dflt: number): [number, number] => [
    1,
    v === undefined || v === null ? dflt : typeof v === 'number' ? v : v[0]!,
  ];
  const k = one(kernelSize, 1);
  const r = maxPool2d(input.unsqueeze(-2), k, {
    stride: one(o.stride, k[1]),
    padding: [0, (one(o.padding, 0) as number[])[1]!],
    dilation: one(o.dilation, 1),
    ceilMode: o.ceilMode ?? false,
    returnIndices: true,
  });
  const values = r.values.squeeze(-2);
  return o.returnIndices ? { values, indices: r.indices.squeeze(-2) } : values;
}

/**
 * `torch.nn.functional.adaptive_max_pool2d(input, output_size, return_indices=False)`: window `i`
 * spans `[floor(i·in/out), ceil((i+1)·in/out))`, as PyTorch's.
 */
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: IntOrTuple | readonly (number | null)[],
  returnIndices?: false,
): Tensor;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: IntOrTuple | readonly (number | null)[],
  returnIndices: true,
): ValuesIndices;
export function adaptiveMaxPool2d(
  input: Tensor,
  outputSize: IntOrTuple | readonly (number | null)[],
  returnIndices: boolean | { returnIndices?: boolean } = false,
): Tensor | ValuesIndices {
  const ri = typeof returnIndices === 'boolean' ? returnIndices : (returnIndices.returnIndices ?? false);
  const [oh, ow, H, W] = adaptiveSizes(input, outputSize, 'adaptive_max_pool2d');
  const a: MaxPool2dAttrs = {
    hStart: range(oh, (i) => Math.floor((i * H) / oh)),
    hTaps: range(oh, (i) => Math.ceil(((i + 1) * H) / oh) - Math.floor((i * H) / oh)),
    dh: 1,
    wStart: range(ow, (i) => Math.floor((i * W) / ow)),
    wTaps: range(ow, (i) => Math.ceil(((i + 1) * W) / ow) - Math.floor((i * W) / ow)),
    dw: 1,
  };
  return runMaxPool(input, a, ri, 'adaptive_max_pool2d');
}

function adaptiveSizes(
  x: Tensor,
  outputSize: IntOrTuple | readonly (number | null)[],
  fn: string,
): [number, number, number, number] {
  if (x.shape.length !== 3 && x.shape.length !== 4)
    throw new RuntimeError(`${fn}(): Expected 3D or 4D tensor, but got ${fmtShape(x.shape)}`);
  for (let i = 1; i < x.shape.length; i++) {
    if (x.shape[i] === 0)
      throw new RuntimeError(
        `${fn}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${fmtShape(x.shape)} with dimension ${i} being empty`,
      );
  }
  const [H, W] = x.shape.slice(-2) as [number, number];
  const o = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  const oh = o[0] ?? H;
  const ow = (o.length === 1 ? o[0] : o[1]) ?? W;
  if (oh <= 0 || ow <= 0)
    throw new RuntimeError(`${fn}(): output_size must be positive, but got [${oh}, ${ow}]`);
  return [oh, ow, H, W];
}

const fmtShape = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * `torch.nn.functional.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True, divisor_override=None)`: window sums (im2col over zero padding) divided by
 * PyTorch's per-window divisor, so it is differentiable to any order through im2col.
 */
export function avgPool2d(input: Tensor, kernelSize: IntOrTuple, ...args: unknown[]): Tensor {
  const o = parseArgs<AvgPoolOptions>(
    args,
    ['stride', 'padding', 'ceilMode', 'countIncludePad', 'divisorOverride'],
    {},
    'avg_pool2d',
  );
  if (input.dtype === 'bool') throw new RuntimeError(`"avg_pool2d" not implemented for 'Bool'`);
  const g = poolGeometry(input, kernelSize, o);
  if (o.divisorOverride === 0) throw new RuntimeError('divisor must be not zero');
  const batched = input.shape.length === 4;
  const x = batched ? input : input.unsqueeze(0);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const [oh, ow] = g.out;
  // ceil mode can put a window's end past the padded image: pad the end so im2col sees it.
  const needH = (oh - 1) * g.s[0] + g.k[0] - (H + 2 * g.p[0]);
  const needW = (ow - 1) * g.s[1] + g.k[1] - (W + 2 * g.p[1]);
  const planes = padEnd2d(x.reshape(N * C, 1, H, W), Math.max(needH, 0), Math.max(needW, 0));
  const cols = dispatch1(im2colOp, [planes], {
    kernelSize: g.k,
    dilation: [1, 1],
    padding: g.p,
    stride: g.s,
    outputSize: [planes.shape[2]!, planes.shape[3]!],
  });
  const sums = cols.sum(1);
  const div = new Array<number>(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let h0 = i * g.s[0] - g.p[0];
      let w0 = j * g.s[1] - g.p[1];
      let h1 = Math.min(h0 + g.k[0], H + g.p[0]);
      let w1 = Math.min(w0 + g.k[1], W + g.p[1]);
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0);
      w0 = Math.max(w0, 0);
      h1 = Math.min(h1, H);
      w1 = Math.min(w1, W);
      div[i * ow + j] = o.divisorOverride ?? ((o.countIncludePad ?? true) ? poolSize : (h1 - h0) * (w1 - w0));
    }
  }
  const d = tensor(div, { dtype: x.dtype, device: x.device });
  // Integer pooling divides as C++ does (truncating), like PyTorch's kernel.
  const mean = isFloatingPoint(x.dtype) ? sums.div(d) : sums.div(d, 'trunc');
  const out = mean.view(N, C, oh, ow);
  return batched ? out : out.squeeze(0);
}

/**
 * `torch.nn.functional.adaptive_avg_pool2d(input, output_size)`: the mean over PyTorch's adaptive
 * windows, computed as `Pₕ · x · P_wᵀ` with averaging matrices (the windows are separable).
 */
export function adaptiveAvgPool2d(
  input: Tensor,
  outputSize: IntOrTuple | readonly (number | null)[],
): Tensor {
  const [oh, ow, H, W] = adaptiveSizes(input, outputSize, 'adaptive_avg_pool2d');
  if (!isFloatingPoint(input.dtype))
    throw new RuntimeError(`"adaptive_avg_pool2d" not implemented for '${torchName(input.dtype)}'`);
  const ph = averagingMatrix(oh, H, input);
  const pw = averagingMatrix(ow, W, input);
  return ph.matmul(input).matmul(pw.t());
}

function averagingMatrix(out: number, size: number, like: Tensor): Tensor {
  const m = new Array<number>(out * size).fill(0);
  for (let i = 0; i < out; i++) {
    const s = Math.floor((i * size) / out);
    const e = Math.ceil(((i + 1) * size) / out);
    for (let j = s; j < e; j++) m[i * size + j] = 1 / (e - s);
  }
  return tensor(m, { dtype: like.dtype, device: like.device }).view(out, size);
}
