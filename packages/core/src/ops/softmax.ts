import { defineOp, dispatch1 } from '../dispatcher.js';
import { type DType, isFloatingPoint } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { torchName } from './unary.js';

/** Attributes of softmax/logSoftmax: one normalized dim. */
export interface SoftmaxAttrs {
  readonly dim: number;
}

function softmaxMeta(name: string) {
  return ([x]: readonly Tensor[], { dim }: SoftmaxAttrs) => {
    const d = x!.dtype;
    if (!isFloatingPoint(d)) {
      // PyTorch names its last-dim kernels per op, and one shared kernel for other dims.
      const kernel = dim === Math.max(x!.shape.length - 1, 0) ? `${name}_lastdim` : 'softmax';
      throw new RuntimeError(`"${kernel}_kernel_impl" not implemented for '${torchName(d)}'`);
    }
    return { outputs: [{ shape: x!.shape, dtype: d }], dtype: d };
  };
}

/** The max along `dim`, kept as a size-1 dim, as a constant (it only shifts for stability). */
function shift(x: Tensor, dim: number): Tensor | number {
  if (x.numel() === 0) return 0;
  const m = x.amax(dim, true).detach();
  // A line of infinities would give inf - inf; PyTorch leaves those NaN, so no masking here.
  return m;
}

/**
 * `softmax(dim)`: `exp(x) / sum(exp(x))` along `dim`, shifted by the max for stability. A fused CPU
 * kernel runs it; the composite is the reference every other backend gets for free.
 */
export const softmaxOp: OpDef<SoftmaxAttrs> = defineOp<SoftmaxAttrs>({
  name: 'softmax',
  meta: softmaxMeta('softmax'),
  saves: { inputs: false, outputs: true },
  composite([x], { dim }) {
    const e = x!.sub(shift(x!, dim)).exp();
    return e.div(e.sum(dim, true));
  },
  backward(ctx, [g]) {
    const y = ctx.outputs[0]!;
    const { dim } = ctx.attrs;
    return [y.mul(g!.sub(g!.mul(y).sum(dim, true)))];
  },
});

/** `logSoftmax(dim)`: `x - logsumexp(x)` along `dim`, computed stably; fused on the CPU. */
export const logSoftmaxOp: OpDef<SoftmaxAttrs> = defineOp<SoftmaxAttrs>({
  name: 'logSoftmax',
  meta: softmaxMeta('log_softmax'),
  saves: { inputs: false, outputs: true },
  composite([x], { dim }) {
    const z = x!.sub(shift(x!, dim));
    return z.sub(z.exp().sum(dim, true).log());
  },
  backward(ctx, [g]) {
    const y = ctx.outputs[0]!;
    const { dim } = ctx.attrs;
    return [g!.sub(y.exp().mul(g!.sum(dim, true)))];
  },
});

export type SoftmaxOpts = { dim?: number | null; dtype?: DType };

function run(def: OpDef<SoftmaxAttrs>, x: Tensor, args: readonly unknown[], fn: string): Tensor {
  const o = parseArgs<SoftmaxOpts>(args, ['dim', 'dtype'], {}, fn);
  if (o.dim === undefined || o.dim === null)
    throw new TorchTypeError(`${fn}() missing required argument 'dim'`);
  const dim = normalizeDim(o.dim, x.shape.length);
  return dispatch1(def, [o.dtype ? x.to(o.dtype) : x], { dim });
}

/**
 * `torch.softmax(input, dim, dtype?)`; with `dtype` the input is converted first (as PyTorch does,
 * e.g. to compute a float32 softmax in float64).
 * @example torch.softmax(torch.tensor([1, 2, 3.0]), 0) // tensor([0.0900, 0.2447, 0.6652])
 */
export function softmax(x: Tensor, dim: number | SoftmaxOpts, dtype?: DType | SoftmaxOpts): Tensor {
  return run(softmaxOp, x, dtype === undefined ? [dim] : [dim, dtype], 'softmax');
}

/** `torch.logSoftmax(input, dim, dtype?)` (PyTorch's `log_softmax`). */
export function logSoftmax(x: Tensor, dim: number | SoftmaxOpts, dtype?: DType | SoftmaxOpts): Tensor {
  return run(logSoftmaxOp, x, dtype === undefined ? [dim] : [dim, dtype], 'log_softmax');
}

declare module '../tensor.js' {
  interface Tensor {
    /** PyTorch's `Tensor.softmax(dim, dtype=None)`. */
    softmax(dim: number | SoftmaxOpts, dtype?: DType | SoftmaxOpts): Tensor;
    /** PyTorch's `Tensor.log_softmax(dim, dtype=None)`. */
    logSoftmax(dim: number | SoftmaxOpts, dtype?: DType | SoftmaxOpts): Tensor;
  }
}

const T = Tensor.prototype;
T.softmax = function (dim, dtype) {
  return softmax(this, dim, dtype);
};
T.logSoftmax = function (dim, dtype) {
  return logSoftmax(this, dim, dtype);
};
