import {
  logSoftmax as coreLogSoftmax,
  softmax as coreSoftmax,
  type DType,
  RuntimeError,
  type Tensor,
  where,
} from '@kindling/core';

// Activations are composites of core ops, so autograd (and double backward) comes for free. Where
// PyTorch's hand-written backward differs from the composite's at a kink (hardtanh's strict bounds,
// hardswish at ±3), the composite is arranged with `where` so both sides agree there too.

/** `F.relu(input)`: max(x, 0). Mirrors `torch.nn.functional.relu`. */
export function relu(input: Tensor): Tensor {
  return input.relu();
}

/**
 * `F.hardtanh(input, min_val=-1, max_val=1)`: x clamped to [min, max]; the gradient passes only
 * strictly inside (PyTorch's `hardtanh_backward`). Mirrors `torch.nn.functional.hardtanh`.
 */
export function hardtanh(
  input: Tensor,
  minVal: number | { minVal?: number; maxVal?: number } = -1,
  maxVal = 1,
): Tensor {
  let lo = -1;
  let hi = maxVal;
  if (typeof minVal === 'object') {
    lo = minVal.minVal ?? -1;
    hi = minVal.maxVal ?? 1;
  } else lo = minVal;
  // Like clamp, min(max(x, lo), hi): with lo > hi everything is hi, and no gradient passes.
  if (lo > hi) return input.mul(0).add(hi);
  return where(input.le(lo), lo, where(input.ge(hi), hi, input));
}

/** `F.relu6(input)`: hardtanh(x, 0, 6). Mirrors `torch.nn.functional.relu6`. */
export function relu6(input: Tensor): Tensor {
  return hardtanh(input, 0, 6);
}

/** `F.leaky_relu(input, negative_slope=0.01)`. Mirrors `torch.nn.functional.leaky_relu`. */
export function leakyRelu(input: Tensor, negativeSlope: number | { negativeSlope?: number } = 0.01): Tensor {
  const s = typeof negativeSlope === 'object' ? (negativeSlope.negativeSlope ?? 0.01) : negativeSlope;
  return where(input.gt(0), input, input.mul(s));
}

// ELU family: x > 0 ? scale·x : scale·alpha·(exp(x·inScale) − 1). The exp branch reads x clamped to
// ≤ 0 so a large positive x cannot overflow into a 0·inf = NaN gradient.
function eluCore(x: Tensor, alpha: number, scale: number, inScale: number): Tensor {
  const negative = x
    .clampMax(0)
    .mul(inScale)
    .expm1()
    .mul(alpha * scale);
  return where(x.gt(0), scale === 1 ? x : x.mul(scale), negative);
}

function num(v: number | Record<string, number | undefined>, key: string, dflt: number): number {
  return typeof v === 'object' ? (v[key] ?? dflt) : v;
}

/** `F.elu(input, alpha=1.0)`. Mirrors `torch.nn.functional.elu`. */
export function elu(input: Tensor, alpha: number | { alpha?: number } = 1): Tensor {
  return eluCore(input, num(alpha, 'alpha', 1), 1, 1);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** `F.selu(input)`: scale·elu(x, alpha) with the self-normalising constants. Mirrors `torch.nn.functional.selu`. */
export function selu(input: Tensor): Tensor {
  return eluCore(input, SELU_ALPHA, SELU_SCALE, 1);
}

/** `F.celu(input, alpha=1.0)`: max(0, x) + min(0, alpha·(exp(x/alpha) − 1)). Mirrors `torch.nn.functional.celu`. */
export function celu(input: Tensor, alpha: number | { alpha?: number } = 1): Tensor {
  const a = num(alpha, 'alpha', 1);
  if (a === 0) throw new RuntimeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return eluCore(input, a, 1, 1 / a);
}

/** `F.gelu(input, approximate='none' | 'tanh')`. Mirrors `torch.nn.functional.gelu`. */
export function gelu(
  input: Tensor,
  approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none',
): Tensor {
  const a = typeof approximate === 'object' ? (approximate.approximate ?? 'none') : approximate;
  return input.gelu({ approximate: a });
}

/** `F.silu(input)`: x·sigmoid(x). Mirrors `torch.nn.functional.silu`. */
export function silu(input: Tensor): Tensor {
  return input.silu();
}

/** `F.mish(input)`: x·tanh(softplus(x)). Mirrors `torch.nn.functional.mish`. */
export function mish(input: Tensor): Tensor {
  return input.mul(input.softplus().tanh());
}

/** `F.sigmoid(input)`. Mirrors `torch.sigmoid`. */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** `F.tanh(input)`. Mirrors `torch.tanh`. */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** `F.hardsigmoid(input)`: relu6(x + 3) / 6, gradient 1/6 strictly inside (−3, 3). Mirrors `torch.nn.functional.hardsigmoid`. */
export function hardsigmoid(input: Tensor): Tensor {
  return where(input.le(-3), 0, where(input.ge(3), 1, input.add(3).div(6)));
}

/**
 * `F.hardswish(input)`: x·relu6(x + 3)/6. The gradient is x/3 + 0.5 on [−3, 3] (both ends
 * included, as PyTorch's `hardswish_backward`). Mirrors `torch.nn.functional.hardswish`.
 */
export function hardswish(input: Tensor): Tensor {
  return where(input.lt(-3), 0, where(input.le(3), input.mul(input.add(3)).div(6), input));
}

/** `F.softplus(input, beta=1, threshold=20)`: log(1 + exp(beta·x))/beta, linear above the threshold. Mirrors `torch.nn.functional.softplus`. */
export function softplus(
  input: Tensor,
  beta: number | { beta?: number; threshold?: number } = 1,
  threshold = 20,
): Tensor {
  return typeof beta === 'object' ? input.softplus(beta) : input.softplus(beta, threshold);
}

/** `F.softsign(input)`: x / (1 + |x|). Mirrors `torch.nn.functional.softsign`. */
export function softsign(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}

/**
 * `F.logsigmoid(input)`: log(sigmoid(x)) computed as min(x, 0) − log1p(exp(−|x|)), PyTorch's stable
 * form; each branch reads x clamped to its own side so neither can overflow.
 * Mirrors `torch.nn.functional.logsigmoid`.
 */
export function logsigmoid(input: Tensor): Tensor {
  const neg = input.clampMax(0);
  const pos = input.clampMin(0);
  return where(input.lt(0), neg.sub(neg.exp().log1p()), pos.neg().exp().log1p().neg());
}

/** Keyword form of `softmax` / `logSoftmax` / `softmin`: the dim (PyTorch's legacy implicit dim when omitted) and a dtype to convert to first. */
export type SoftmaxOptions = { dim?: number | null; dtype?: DType };

// PyTorch's `_get_softmax_dim`: without a dim, 0-, 1- and 3-D inputs use dim 0, others dim 1.
function softmaxDim(input: Tensor, dim: number | null | undefined): number {
  if (dim !== undefined && dim !== null) return dim;
  const nd = input.shape.length;
  return nd === 0 || nd === 1 || nd === 3 ? 0 : 1;
}

function softmaxArgs(input: Tensor, dim: number | null | SoftmaxOptions | undefined, dtype?: DType) {
  const o: SoftmaxOptions = typeof dim === 'object' && dim !== null ? dim : { dim, dtype };
  return { dim: softmaxDim(input, o.dim), dtype: o.dtype ?? dtype };
}

/** `F.softmax(input, dim=None, dtype=None)` (implicit dim as PyTorch's legacy rule). Mirrors `torch.nn.functional.softmax`. */
export function softmax(input: Tensor, dim?: number | null | SoftmaxOptions, dtype?: DType): Tensor {
  const o = softmaxArgs(input, dim, dtype);
  return o.dtype ? coreSoftmax(input, o.dim, o.dtype) : coreSoftmax(input, o.dim);
}

/** `F.log_softmax(input, dim=None, dtype=None)`. Mirrors `torch.nn.functional.log_softmax`. */
export function logSoftmax(input: Tensor, dim?: number | null | SoftmaxOptions, dtype?: DType): Tensor {
  const o = softmaxArgs(input, dim, dtype);
  return o.dtype ? coreLogSoftmax(input, o.dim, o.dtype) : coreLogSoftmax(input, o.dim);
}

/** `F.softmin(input, dim=None, dtype=None)`: softmax(−x). Mirrors `torch.nn.functional.softmin`. */
export function softmin(input: Tensor, dim?: number | null | SoftmaxOptions, dtype?: DType): Tensor {
  return softmax(input.neg(), dim, dtype);
}
