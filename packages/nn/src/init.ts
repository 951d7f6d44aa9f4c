/**
 * Parameter initialisation, as `torch.nn.init`. Every function fills its tensor in place without
 * recording history and returns it. Bounds are computed in doubles exactly as PyTorch's Python
 * does, and the fills use core's PyTorch-exact RNG, so `torch.manualSeed(s)` then an init gives
 * PyTorch's numbers bit for bit (`truncNormal_` and `orthogonal_` to within float32 rounding).
 * @module
 */
import { eye, tensor as fromData, noGrad, type Tensor, ValueError } from '@kindling/core';
import { erf, erfinv, householderQR } from './init-math.js';

/** A nonlinearity name accepted by {@link calculateGain} (PyTorch's strings or their camelCase). */
export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'convTranspose1d'
  | 'convTranspose2d'
  | 'convTranspose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'leakyRelu'
  | 'selu';

/** `'fan_in'` keeps the forward pass's variance, `'fan_out'` the backward pass's. */
export type FanMode = 'fan_in' | 'fan_out' | 'fanIn' | 'fanOut';

const LINEAR = new Set(['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d']);
for (const n of ['conv_transpose3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid'])
  LINEAR.add(n);

/**
 * The recommended gain for a nonlinearity (`torch.nn.init.calculate_gain`): 1 for linear/conv/
 * sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky_relu, 3/4 for selu.
 * @example
 * nn.init.calculateGain('leaky_relu', 0.2); // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (LINEAR.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu':
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (typeof slope !== 'number')
        throw new ValueError(`negative_slope ${String(slope)} not a valid number`);
      return Math.sqrt(2.0 / (1 + slope * slope));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new ValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/**
 * Fan-in and fan-out of a weight (`torch.nn.init._calculate_fan_in_and_fan_out`): dim 1 and dim 0
 * times the receptive field (the product of the dims after the second).
 */
export function calculateFanInAndFanOut(tensor: Tensor): { fanIn: number; fanOut: number } {
  const shape = tensor.shape;
  if (shape.length < 2) {
    throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i]!;
  return { fanIn: shape[1]! * receptive, fanOut: shape[0]! * receptive };
}

function correctFan(tensor: Tensor, mode: FanMode): number {
  const m = mode === 'fanIn' ? 'fan_in' : mode === 'fanOut' ? 'fan_out' : mode;
  if (m !== 'fan_in' && m !== 'fan_out') {
    throw new ValueError(`Mode ${String(mode)} not supported, please use one of ['fan_in', 'fan_out']`);
  }
  const { fanIn, fanOut } = calculateFanInAndFanOut(tensor);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** Fills with U(a, b) (`torch.nn.init.uniform_`). */
export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => tensor.uniform_(a, b));
}

/** Fills with N(mean, std²) (`torch.nn.init.normal_`). */
export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => tensor.normal_(mean, std));
}

/** Fills with one value (`torch.nn.init.constant_`). */
export function constant_(tensor: Tensor, val: number): Tensor {
  return noGrad(() => tensor.fill_(val));
}

/** Fills with zeros (`torch.nn.init.zeros_`). */
export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}

/** Fills with ones (`torch.nn.init.ones_`). */
export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}

/** Fills a 2-D tensor with the identity matrix (`torch.nn.init.eye_`). */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw new ValueError('Only tensors with 2 dimensions are supported');
  return noGrad(() =>
    tensor.copy_(eye(tensor.shape[0]!, tensor.shape[1]!, { dtype: tensor.dtype, device: tensor.device })),
  );
}

/**
 * Glorot/Xavier uniform (`torch.nn.init.xavier_uniform_`): U(-a, a) with
 * a = gain · √(6 / (fan_in + fan_out)).
 */
export function xavierUniform_(tensor: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/** Glorot/Xavier normal (`torch.nn.init.xavier_normal_`): N(0, gain² · 2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

/** Options of the Kaiming initialisers, in PyTorch's order `(a, mode, nonlinearity)`. */
export interface KaimingOptions {
  /** Negative slope of the leaky_relu that follows (0 = relu). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

function kaimingStd(tensor: Tensor, a: number, mode: FanMode, nonlinearity: Nonlinearity): number {
  const fan = correctFan(tensor, mode);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

function kaimingArgs(
  a: number | KaimingOptions,
  mode: FanMode,
  nonlinearity: Nonlinearity,
): Required<KaimingOptions> {
  if (typeof a === 'object')
    return { a: a.a ?? 0, mode: a.mode ?? 'fan_in', nonlinearity: a.nonlinearity ?? 'leaky_relu' };
  return { a, mode, nonlinearity };
}

/**
 * He/Kaiming uniform (`torch.nn.init.kaiming_uniform_`): U(-b, b) with
 * b = √3 · gain / √fan. `nn.Linear` uses it with `a = √5`.
 * @example
 * nn.init.kaimingUniform_(w, { a: Math.sqrt(5) });
 */
export function kaimingUniform_(
  tensor: Tensor,
  a: number | KaimingOptions = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity = 'leaky_relu',
): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) return tensor; // PyTorch warns "Initializing zero-element tensors is a no-op"
  const bound = Math.sqrt(3.0) * kaimingStd(tensor, o.a, o.mode, o.nonlinearity);
  return uniform_(tensor, -bound, bound);
}

/** He/Kaiming normal (`torch.nn.init.kaiming_normal_`): N(0, (gain / √fan)²). */
export function kaimingNormal_(
  tensor: Tensor,
  a: number | KaimingOptions = 0,
  mode: FanMode = 'fan_in',
  nonlinearity: Nonlinearity = 'leaky_relu',
): Tensor {
  const o = kaimingArgs(a, mode, nonlinearity);
  if (tensor.shape.includes(0)) return tensor;
  return normal_(tensor, 0, kaimingStd(tensor, o.a, o.mode, o.nonlinearity));
}

/**
 * Normal N(mean, std²) truncated to [a, b] (`torch.nn.init.trunc_normal_`), by PyTorch's inverse-CDF
 * method: the same uniform draws, mapped through erfinv (here in float64, then rounded).
 */
export function truncNormal_(tensor: Tensor, mean = 0, std = 1, a = -2, b = 2): Tensor {
  const cdf = (x: number) => (1 + erf(x / Math.sqrt(2))) / 2;
  const l = cdf((a - mean) / std);
  const u = cdf((b - mean) / std);
  return noGrad(() => {
    tensor.uniform_(2 * l - 1, 2 * u - 1);
    // PyTorch: erfinv_ (float32), mul_(std·√2), add_(mean), clamp_(a, b) — same steps after erfinv.
    const inv = Float64Array.from(tensor.dataSync(), erfinv);
    const x = fromData(inv, { dtype: 'float64' })
      .to(tensor.dtype)
      .view(tensor.shape as number[]);
    return tensor.copy_(
      x
        .mul(std * Math.SQRT2)
        .add(mean)
        .clamp(a, b),
    );
  });
}

/**
 * A (semi-)orthogonal matrix (`torch.nn.init.orthogonal_`): QR of a normal matrix from the same
 * draws as PyTorch, with R's diagonal made positive (PyTorch's sign fix), times `gain`. The QR is
 * Householder in float64 here, LAPACK in float32 there: values agree to float32 rounding.
 */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  if (tensor.ndim < 2) throw new ValueError('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0]!;
  const cols = tensor.numel() / rows;
  return noGrad(() => {
    const flat = tensor.newZeros([rows, cols]).normal_(0, 1);
    const src = flat.dataSync();
    const transpose = rows < cols;
    const m = transpose ? cols : rows;
    const n = transpose ? rows : cols;
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) a[i * n + j] = transpose ? src[j * cols + i]! : src[i * cols + j]!;
    const q = householderQR(a, m, n);
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = q[i * n + j]! * gain;
        if (transpose) out[j * cols + i] = v;
        else out[i * cols + j] = v;
      }
    }
    return tensor.copy_(fromData(out, { dtype: 'float64' }).view(tensor.shape as number[]));
  });
}
