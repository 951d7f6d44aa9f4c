import { defineOp, dispatch1 } from '../dispatcher.js';
import { type DType, isFloatingPoint, toFloatingType } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { zeros } from './creation.js';
import { reduceArgs, reducedShape, unsqueezeReduced } from './reduce.js';
import { torchName } from './unary.js';

/** Attributes of a vector norm: the order, sorted dims (empty for a 0-d input) and keepdim. */
export interface NormAttrs {
  readonly ord: number;
  readonly dims: readonly number[];
  readonly keepdim: boolean;
}

function normForward(x: Tensor, { ord, dims: d, keepdim }: NormAttrs): Tensor {
  const dims = d as number[];
  const a = x.abs();
  if (ord === Number.POSITIVE_INFINITY) return a.amax(dims, keepdim);
  if (ord === Number.NEGATIVE_INFINITY) return a.amin(dims, keepdim);
  if (ord === 0) return x.ne(0).sum(dims, keepdim).to(x.dtype);
  if (ord === 1) return a.sum(dims, keepdim);
  if (ord === 2) return a.square().sum(dims, keepdim).sqrt();
  return a
    .pow(ord)
    .sum(dims, keepdim)
    .pow(1 / ord);
}

/**
 * `linalg.vector_norm`: `sum(|x|^ord)^(1/ord)` over `dims`, with ord ∈ {±inf, 0} as max/min/count.
 * The backward is PyTorch's `norm_backward`, which is 0 (not NaN) where the norm is 0.
 */
export const vectorNormOp: OpDef<NormAttrs> = defineOp<NormAttrs>({
  name: 'linalgVectorNorm',
  meta([x], { ord, dims, keepdim }) {
    if (!isFloatingPoint(x!.dtype)) {
      throw new RuntimeError(
        `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${torchName(x!.dtype)}`,
      );
    }
    if (ord < 0 || !Number.isFinite(ord)) {
      const what = Number.isFinite(ord) ? `${ord}` : ord > 0 ? 'inf' : '-inf';
      if (x!.numel() === 0 && dims.length === x!.shape.length) {
        throw new RuntimeError(
          `linalg.vector_norm cannot compute the ${what} norm on an empty tensor because the operation does not have an identity`,
        );
      }
      for (const d of dims) {
        if (x!.shape[d] === 0) {
          throw new RuntimeError(
            `linalg.vector_norm cannot compute the ${what} norm on the dimension ${d}because this dimension is empty and the operation does not have an identity`,
          );
        }
      }
    }
    return { outputs: [{ shape: reducedShape(x!.shape, dims, keepdim), dtype: x!.dtype }], dtype: x!.dtype };
  },
  impl([x], attrs) {
    return normForward(x!, attrs);
  },
  backward(ctx, [g]) {
    const x = ctx.inputs[0]!;
    const { ord, dims, keepdim } = ctx.attrs;
    const gk = unsqueezeReduced(g!, x.shape, dims, keepdim);
    const norm = unsqueezeReduced(ctx.outputs[0]!, x.shape, dims, keepdim);
    if (ord === 0) return [x.mul(0)];
    if (ord === 1) return [x.sign().mul(gk)];
    if (ord === 2) return [x.div(norm).where(norm.ne(0), 0).mul(gk)];
    if (!Number.isFinite(ord)) {
      const a = x.abs();
      const mask = a.eq(norm).logicalOr(a.isnan());
      return [x.sign().mul(gk.div(mask.sum(dims as number[], true)).mul(mask))];
    }
    if (ord < 1) {
      const scaled = x.sign().mul(
        x
          .abs()
          .pow(ord - 1)
          .where(x.ne(0), 0),
      );
      return [scaled.mul(gk).mul(norm.pow(1 - ord))];
    }
    const scaled = ord < 2 ? x.sign().mul(x.abs().pow(ord - 1)) : x.mul(x.abs().pow(ord - 2));
    return [scaled.mul(gk.div(norm.pow(ord - 1)).where(norm.ne(0), 0))];
  },
});

type Ord = number | 'fro';
type NormOpts = {
  ord?: Ord;
  p?: Ord | 'nuc';
  dim?: number | readonly number[] | null;
  keepdim?: boolean;
  dtype?: DType;
};

/**
 * `torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None)`.
 * @example torch.vectorNorm(torch.tensor([3, 4.0])) // tensor(5.)
 */
export function vectorNorm(x: Tensor, ...args: unknown[]): Tensor {
  const o = parseArgs<NormOpts>(args, ['ord', 'dim', 'keepdim', 'dtype'], { ord: 2 }, 'linalg_vector_norm');
  if (typeof o.ord !== 'number') {
    throw new TorchTypeError(`linalg_vector_norm(): argument 'ord' (position 2) must be Number, not str`);
  }
  if (!isFloatingPoint(x.dtype)) {
    throw new RuntimeError(
      `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${torchName(x.dtype)}`,
    );
  }
  const { dims, keepdim } = reduceArgs(x, [o.dim ?? null, o.keepdim ?? false], 'linalg_vector_norm', false);
  return dispatch1(vectorNormOp, [o.dtype ? x.to(o.dtype) : x], { ord: o.ord, dims, keepdim });
}

/**
 * `torch.norm(input, p='fro', dim=None, keepdim=False, dtype=None)`: vector norms (`'fro'` is the
 * 2-norm of all elements in `dim`). Matrix norms (`'nuc'`) are not supported.
 */
export function norm(x: Tensor, ...args: unknown[]): Tensor {
  const o = parseArgs<NormOpts>(args, ['p', 'dim', 'keepdim', 'dtype'], { p: 'fro' }, 'norm');
  if (o.p === 'nuc')
    throw new RuntimeError(`norm(): the nuclear norm is not supported; use a matrix decomposition`);
  const ord = o.p === 'fro' || o.p === undefined ? 2 : o.p;
  if (typeof ord !== 'number') throw new RuntimeError(`norm(): unsupported p=${String(ord)}`);
  const src = o.dtype ? x.to(o.dtype) : x;
  if (!isFloatingPoint(src.dtype)) {
    throw new RuntimeError(
      `norm(): input dtype should be either floating point or complex. Got ${torchName(src.dtype)} instead.`,
    );
  }
  const { dims, keepdim } = reduceArgs(src, [o.dim ?? null, o.keepdim ?? false], 'norm', false);
  // torch.norm (unlike vector_norm) gives 0 for a ±inf norm over nothing.
  if (!Number.isFinite(ord) && (src.numel() === 0 || dims.some((d) => src.shape[d] === 0))) {
    return zeros(reducedShape(src.shape, dims, keepdim), { dtype: src.dtype, device: src.device });
  }
  return dispatch1(vectorNormOp, [src], { ord, dims, keepdim });
}

/**
 * `torch.logsumexp(input, dim, keepdim=False)`: `log(sum(exp(x)))` over `dim`, shifted by the max so
 * it never overflows; infinite maxima are not shifted (PyTorch's rule). Integers become float.
 * @example torch.logsumexp(torch.tensor([1000, 1000.0]), 0) // tensor(1000.6931)
 */
export function logsumexp(x: Tensor, ...args: unknown[]): Tensor {
  const o = parseArgs<NormOpts>(args, ['dim', 'keepdim'], {}, 'logsumexp');
  if (o.dim === undefined) throw new TorchTypeError(`logsumexp() missing required argument 'dim'`);
  const src = isFloatingPoint(x.dtype) ? x : x.to(toFloatingType(x.dtype));
  const { dims, keepdim } = reduceArgs(src, [o.dim, o.keepdim ?? false], 'logsumexp', false);
  if (src.numel() === 0) return src.exp().sum(dims, keepdim).log();
  let m = src.amax(dims, true).detach();
  m = m.where(m.abs().ne(Number.POSITIVE_INFINITY), 0);
  const out = src.sub(m).exp().sum(dims, true).log().add(m);
  return keepdim ? out : out.reshape(reducedShape(src.shape, dims, false));
}

declare module '../tensor.js' {
  interface Tensor {
    /** PyTorch's `Tensor.norm(p='fro', dim=None, keepdim=False, dtype=None)`. */
    norm(...args: unknown[]): Tensor;
    /** PyTorch's `Tensor.logsumexp(dim, keepdim=False)`. */
    logsumexp(
      dim: number | readonly number[] | { dim: number | readonly number[]; keepdim?: boolean },
      keepdim?: boolean,
    ): Tensor;
  }
}

const T = Tensor.prototype;
T.norm = function (...args) {
  return norm(this, ...args);
};
T.logsumexp = function (...args: unknown[]) {
  return logsumexp(this, ...args);
};
