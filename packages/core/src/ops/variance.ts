import { defineOp, dispatch1 } from '../dispatcher.js';
import { isFloatingPoint } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { GradContext, OpDef } from '../op.js';
import { Tensor } from '../tensor.js';
import { isOptions } from './args.js';
import { reduceArgs, reducedShape, unsqueezeReduced } from './reduce.js';

/** Attributes of var/std: sorted dims (empty for a 0-d input), the correction and keepdim. */
export interface VarAttrs {
  readonly dims: readonly number[];
  readonly correction: number;
  readonly keepdim: boolean;
}

function varMeta([x]: readonly Tensor[], { dims, keepdim }: VarAttrs) {
  if (!isFloatingPoint(x!.dtype))
    throw new RuntimeError('std and var only support floating point and complex dtypes');
  return { outputs: [{ shape: reducedShape(x!.shape, dims, keepdim), dtype: x!.dtype }], dtype: x!.dtype };
}

function count(x: Tensor, dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= x.shape[d]!;
  return n;
}

/** PyTorch divides by max(0, N - correction): a correction ≥ N gives inf (or nan for 0/0). */
function divisor(x: Tensor, { dims, correction }: VarAttrs): number {
  return Math.max(0, count(x, dims) - correction);
}

function variance(x: Tensor, attrs: VarAttrs): Tensor {
  const dims = attrs.dims as number[];
  const centered = x.sub(x.mean(dims, true));
  return centered.square().sum(dims, attrs.keepdim).div(divisor(x, attrs));
}

/** d var / dx = 2 (x - mean) / (N - correction), times the incoming gradient. */
function varGrad(ctx: GradContext<VarAttrs>, g: Tensor): Tensor {
  const x = ctx.inputs[0]!;
  const { dims, keepdim } = ctx.attrs;
  const centered = x.sub(x.mean(dims as number[], true));
  return unsqueezeReduced(g, x.shape, dims, keepdim)
    .mul(2 / divisor(x, ctx.attrs))
    .mul(centered);
}

/** `var`: the variance over `dims` with Bessel's `correction`. */
export const varOp: OpDef<VarAttrs> = defineOp<VarAttrs>({
  name: 'var',
  meta: varMeta,
  saves: { inputs: true, outputs: false },
  impl([x], attrs) {
    return variance(x!, attrs);
  },
  backward(ctx, [g]) {
    return [varGrad(ctx, g!)];
  },
});

/** `std`: the square root of {@link varOp}; its gradient is 0 where the std is 0, as PyTorch's. */
export const stdOp: OpDef<VarAttrs> = defineOp<VarAttrs>({
  name: 'std',
  meta: varMeta,
  impl([x], attrs) {
    return variance(x!, attrs).sqrt();
  },
  backward(ctx, [g]) {
    const out = ctx.outputs[0]!;
    return [varGrad(ctx, g!.div(out.mul(2)).where(out.ne(0), 0))];
  },
});

export type VarOpts = {
  dim?: number | readonly number[] | null;
  unbiased?: boolean;
  keepdim?: boolean;
  correction?: number | null;
};

/** Reads `(dim, unbiased, keepdim)` positionally, `(unbiased)` alone, or keywords incl. `correction`. */
function varArgs(x: Tensor, args: readonly unknown[], fn: string): VarAttrs {
  const positional = args.length > 0 && isOptions(args[args.length - 1]) ? args.slice(0, -1) : args.slice();
  const kw = (args.length > positional.length ? args[args.length - 1] : {}) as VarOpts;
  for (const k of Object.keys(kw)) {
    if (!['dim', 'unbiased', 'keepdim', 'correction'].includes(k)) {
      throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    }
  }
  // `x.var(false)` is the legacy `var(unbiased)` overload.
  if (typeof positional[0] === 'boolean') positional.unshift(undefined);
  if (positional.length > 3)
    throw new TorchTypeError(
      `${fn}() takes at most 3 arguments beyond the tensor (${positional.length} given)`,
    );
  const [dim, unbiased, keepdim] = positional as [VarOpts['dim'], boolean | undefined, boolean | undefined];
  const u = unbiased ?? kw.unbiased;
  const c = kw.correction;
  if (u !== undefined && c !== undefined && c !== null) {
    throw new TorchTypeError(`${fn}(): cannot specify both 'unbiased' and 'correction'`);
  }
  const correction = c ?? (u === false ? 0 : 1);
  const { dims } = reduceArgs(x, [dim ?? kw.dim ?? null], fn, false);
  return { dims, correction, keepdim: keepdim ?? kw.keepdim ?? false };
}

/**
 * `torch.var(input, dim=None, unbiased=True, keepdim=False, *, correction=1)`: the variance,
 * dividing by `N - correction` (PyTorch's `unbiased=false` is `correction: 0`).
 * @example torch.tensor([1, 2, 3, 4.0]).var() // tensor(1.6667)
 */
export function var_(x: Tensor, ...args: unknown[]): Tensor {
  return dispatch1(varOp, [x], varArgs(x, args, 'var'));
}

/** `torch.std(input, dim=None, unbiased=True, keepdim=False, *, correction=1)`: `sqrt(var)`. */
export function std(x: Tensor, ...args: unknown[]): Tensor {
  return dispatch1(stdOp, [x], varArgs(x, args, 'std'));
}

/** `torch.var_mean`: `[var, mean]` over the same dims (same arguments as {@link var_}). */
export function varMean(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const a = varArgs(x, args, 'var_mean');
  return [dispatch1(varOp, [x], a), x.mean(a.dims as number[], a.keepdim)];
}

/** `torch.std_mean`: `[std, mean]` over the same dims (same arguments as {@link std}). */
export function stdMean(x: Tensor, ...args: unknown[]): [Tensor, Tensor] {
  const a = varArgs(x, args, 'std_mean');
  return [dispatch1(stdOp, [x], a), x.mean(a.dims as number[], a.keepdim)];
}

export type VarArg = number | readonly number[] | null | boolean | VarOpts | undefined;

declare module '../tensor.js' {
  interface Tensor {
    /** PyTorch's `Tensor.var(dim=None, unbiased=True, keepdim=False, *, correction=1)`. */
    var(...args: VarArg[]): Tensor;
    /** PyTorch's `Tensor.std(dim=None, unbiased=True, keepdim=False, *, correction=1)`. */
    std(...args: VarArg[]): Tensor;
  }
}

const T = Tensor.prototype;
T.var = function (...args) {
  return var_(this, ...args);
};
T.std = function (...args) {
  return std(this, ...args);
};
