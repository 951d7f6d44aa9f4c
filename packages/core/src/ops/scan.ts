import { defineOp, dispatch1 } from '../dispatcher.js';
import { type DType, isFloatingPoint } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { torchName } from './unary.js';

/**
 * Attributes of a scan along one dim. `reverse` runs it from the end (what the gradients of the
 * forward scans need); the public API never sets it. `dtype` is the requested output dtype.
 */
export interface ScanAttrs {
  readonly dim: number;
  readonly reverse?: boolean;
  readonly dtype?: DType;
}

function scanMeta(name: string, floatOnly: boolean) {
  return ([x]: readonly Tensor[], { dtype }: ScanAttrs) => {
    const d = x!.dtype;
    if (floatOnly && !isFloatingPoint(d)) {
      throw new RuntimeError(`"${name}_out_cpu" not implemented for '${torchName(d)}'`);
    }
    // Integer scans accumulate in int64 as in PyTorch.
    const out: DType = dtype ?? (isFloatingPoint(d) ? d : 'int64');
    return { outputs: [{ shape: x!.shape, dtype: out }], dtype: out, cast: [out] };
  };
}

/** `cumsum(dim)`: running sums along a dim. Kernel attrs: a normalized dim and `reverse`. */
export const cumsumOp: OpDef<ScanAttrs> = defineOp<ScanAttrs>({
  name: 'cumsum',
  meta: scanMeta('cumsum', false),
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    return [dispatch1(cumsumOp, [g!], { dim: ctx.attrs.dim, reverse: !ctx.attrs.reverse })];
  },
});

function revCumsum(t: Tensor, dim: number): Tensor {
  return dispatch1(cumsumOp, [t], { dim, reverse: true });
}

/** `cumprod(dim)`: running products along a dim. */
export const cumprodOp: OpDef<ScanAttrs> = defineOp<ScanAttrs>({
  name: 'cumprod',
  meta: scanMeta('cumprod', false),
  backward(ctx, [g]) {
    const x = ctx.inputs[0]!;
    const out = ctx.outputs[0]!;
    const { dim } = ctx.attrs;
    // d out_j / d x_i = prod_{k<=j, k!=i} x_k. Before the first zero of a line that is out_j / x_i;
    // at the first zero it is the cumprod with that zero replaced by 1; after it, always 0.
    const isZero = x.eq(0);
    const zerosSoFar = dispatch1(cumsumOp, [isZero], { dim });
    const before = zerosSoFar.eq(0);
    const firstZero = isZero.logicalAnd(zerosSoFar.eq(1));
    const beforeGrad = revCumsum(g!.mul(out), dim).div(x.where(before, 1));
    const skipZero = dispatch1(cumprodOp, [x.where(firstZero.logicalNot(), 1)], { dim });
    const atZeroGrad = revCumsum(g!.mul(skipZero), dim);
    return [beforeGrad.where(before, atZeroGrad.where(firstZero, 0))];
  },
});

const LOWEST: Partial<Record<DType, number>> = {
  float32: -3.4028234663852886e38,
  float64: -Number.MAX_VALUE,
};

/** `logcumsumexp(dim)`: `log(cumsum(exp(x)))` computed without overflow; floating point only. */
export const logcumsumexpOp: OpDef<ScanAttrs> = defineOp<ScanAttrs>({
  name: 'logcumsumexp',
  meta: scanMeta('logcumsumexp', true),
  backward(ctx, [g]) {
    const x = ctx.inputs[0]!;
    const out = ctx.outputs[0]!;
    const { dim, reverse } = ctx.attrs;
    // PyTorch's formula: split the gradient by sign so every term stays in log space.
    const lowest = LOWEST[g!.dtype] ?? -Number.MAX_VALUE;
    const back = (lg: Tensor): Tensor =>
      dispatch1(logcumsumexpOp, [lg.sub(out)], { dim, reverse: !reverse })
        .add(x)
        .exp();
    const pos = g!.where(g!.gt(0), 1).log().where(g!.gt(0), lowest);
    const neg = g!.neg().where(g!.lt(0), 1).log().where(g!.lt(0), lowest);
    return [back(pos).sub(back(neg))];
  },
});

export type ScanOpts = { dim?: number; dtype?: DType };

function scan(x: Tensor, args: readonly unknown[], fn: string, def: typeof cumsumOp): Tensor {
  const o = parseArgs<ScanOpts>(args, fn === 'logcumsumexp' ? ['dim'] : ['dim', 'dtype'], {}, fn);
  if (o.dim === undefined || o.dim === null)
    throw new TorchTypeError(`${fn}() missing required argument 'dim'`);
  const dim = normalizeDim(o.dim, x.shape.length);
  const src = o.dtype ? x.to(o.dtype) : x;
  return dispatch1(def, [src], o.dtype ? { dim, dtype: o.dtype } : { dim });
}

/**
 * `torch.cumsum(input, dim, dtype?)`: running sums; integers and bool accumulate in int64.
 * @example torch.cumsum(torch.tensor([1, 2, 3]), 0) // tensor([1, 3, 6])
 */
export function cumsum(x: Tensor, dim: number | ScanOpts, opts?: ScanOpts): Tensor {
  return scan(x, opts ? [dim, opts] : [dim], 'cumsum', cumsumOp);
}
/** `torch.cumprod(input, dim, dtype?)`: running products; integers and bool accumulate in int64. */
export function cumprod(x: Tensor, dim: number | ScanOpts, opts?: ScanOpts): Tensor {
  return scan(x, opts ? [dim, opts] : [dim], 'cumprod', cumprodOp);
}
/** `torch.logcumsumexp(input, dim)`: `log(cumsum(exp(x)))`, stable for large inputs. */
export function logcumsumexp(x: Tensor, dim: number | { dim: number }): Tensor {
  return scan(x, [dim], 'logcumsumexp', logcumsumexpOp);
}

declare module '../tensor.js' {
  interface Tensor {
    /** PyTorch's `Tensor.cumsum(dim, dtype=None)`. */
    cumsum(dim: number | ScanOpts, opts?: ScanOpts): Tensor;
    /** PyTorch's `Tensor.cumprod(dim, dtype=None)`. */
    cumprod(dim: number | ScanOpts, opts?: ScanOpts): Tensor;
    /** PyTorch's `Tensor.logcumsumexp(dim)`. */
    logcumsumexp(dim: number | { dim: number }): Tensor;
  }
}

const T = Tensor.prototype;
T.cumsum = function (dim, opts) {
  return cumsum(this, dim, opts);
};
T.cumprod = function (dim, opts) {
  return cumprod(this, dim, opts);
};
T.logcumsumexp = function (dim) {
  return logcumsumexp(this, dim);
};
