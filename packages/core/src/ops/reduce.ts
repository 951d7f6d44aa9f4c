import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import { type DType, isFloatingPoint } from '../dtype.js';
import { IndexError, RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { normalizeDim, normalizeDims } from '../shape.js';
import { Tensor } from '../tensor.js';
import { isOptions, parseArgs } from './args.js';
import { scatterAlongDim } from './scatter-grad.js';
import { torchName } from './unary.js';

/**
 * Attributes of a reduction: normalized, sorted dims (empty only for a 0-d input) and keepdim;
 * `dtype` (sum/prod only) is the requested output dtype, which the kernel also accumulates in.
 */
export interface ReduceAttrs {
  readonly dims: readonly number[];
  readonly keepdim: boolean;
  readonly dtype?: DType;
}

/** Attributes of a reduction over one dim returning values and indices. */
export interface ReduceDimAttrs {
  readonly dim: number;
  readonly keepdim: boolean;
}

/** The shape after reducing `dims` (kept as size 1 with `keepdim`). */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (dims.includes(i)) {
      if (keepdim) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/** A gradient of reduced shape, viewed back with the reduced dims as size 1 (ready to broadcast). */
export function unsqueezeReduced(
  g: Tensor,
  inputShape: readonly number[],
  dims: readonly number[],
  keepdim: boolean,
): Tensor {
  if (keepdim || inputShape.length === 0) return g;
  return g.reshape(reducedShape(inputShape, dims, true));
}

type ReduceKind = 'sum' | 'extreme' | 'bool';

const reduceDefs = new Map<string, OpDef<ReduceAttrs>>();

function defineReduce(
  name: string,
  kind: ReduceKind,
  backward?: OpDef<ReduceAttrs>['backward'],
): OpDef<ReduceAttrs> {
  const def = defineOp<ReduceAttrs>({
    name,
    // sum's gradient needs only the input's shape; the others read input and output values.
    saves: name === 'sum' ? { inputs: false, outputs: false } : { inputs: true, outputs: true },
    meta([x], { dims, keepdim, dtype }) {
      const d = x!.dtype;
      if (kind === 'extreme') {
        for (const dim of dims) {
          if (x!.shape.length > 0 && x!.shape[dim] === 0) {
            throw new IndexError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
          }
        }
      }
      // PyTorch 1.13 keeps uint8 for all/any; integer sums and products accumulate in int64.
      let out: DType = kind === 'bool' ? (d === 'uint8' ? 'uint8' : 'bool') : d;
      if (kind === 'sum') out = dtype ?? (isFloatingPoint(d) ? d : 'int64');
      const compute: DType = kind === 'sum' ? out : d;
      return {
        outputs: [{ shape: reducedShape(x!.shape, dims, keepdim), dtype: out }],
        dtype: compute,
        cast: [compute],
      };
    },
    ...(backward ? { backward } : {}),
  });
  reduceDefs.set(name, def);
  return def;
}

/** `sum`: integers and bool accumulate in int64 unless `dtype` says otherwise. */
export const sumOp = defineReduce('sum', 'sum', (ctx, [g]) => {
  const shape = ctx.inputShapes[0]!;
  return [unsqueezeReduced(g!, shape, ctx.attrs.dims, ctx.attrs.keepdim).expand(shape as number[])];
});
/**
 * `mean`: sum divided by the count, as an op of its own (no kernel needed) so that autograd records
 * one `MeanBackward0` node as PyTorch does.
 */
export const meanOp = defineOp<ReduceAttrs>({
  name: 'mean',
  meta([x], { dims, keepdim }) {
    return { outputs: [{ shape: reducedShape(x!.shape, dims, keepdim), dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([x], attrs) {
    const n = attrs.dims.reduce((acc, d) => acc * x!.shape[d]!, 1);
    return dispatch1(sumOp, [x!], attrs).div(n);
  },
  backward(ctx, [g]) {
    const shape = ctx.inputShapes[0]!;
    const n = ctx.attrs.dims.reduce((acc, d) => acc * shape[d]!, 1);
    return [
      unsqueezeReduced(g!, shape, ctx.attrs.dims, ctx.attrs.keepdim)
        .expand(shape as number[])
        .div(n),
    ];
  },
});

/** `prod`; its gradient is exact where the input holds zeros. */
export const prodOp = defineReduce('prod', 'sum', (ctx, [g]) => {
  const x = ctx.inputs[0]!;
  const { dims, keepdim } = ctx.attrs;
  const gk = unsqueezeReduced(g!, x.shape, dims, keepdim);
  const out = unsqueezeReduced(ctx.outputs[0]!, x.shape, dims, keepdim);
  // prod of the other elements; where x has a zero, recompute it without dividing by zero.
  const safe = x.where(x.ne(0), 1);
  const zeros = x.eq(0).sum(dims as number[], true);
  const prodNonZero = dispatch1(prodOp, [safe], { dims, keepdim: true });
  // At nonzero x, out / x is right in value and in its derivative (double backward) even when the
  // product holds a zero; at the single zero it is the product of the rest.
  const others = out.div(safe).where(x.ne(0), prodNonZero.where(zeros.eq(1), 0));
  return [gk.mul(others)];
});
function extremeBackward(ctx: Parameters<NonNullable<OpDef<ReduceAttrs>['backward']>>[0], g: Tensor): Tensor {
  const x = ctx.inputs[0]!;
  const { dims, keepdim } = ctx.attrs;
  const out = unsqueezeReduced(ctx.outputs[0]!, x.shape, dims, keepdim);
  const mask = x.eq(out);
  // Ties share the gradient equally, as PyTorch's amax/amin do.
  const count = mask.sum(dims as number[], true);
  return unsqueezeReduced(g, x.shape, dims, keepdim).mul(mask).div(count);
}
/** `amax`: the maximum over dims (NaN propagates); ties share the gradient. */
export const amaxOp = defineReduce('amax', 'extreme', (ctx, [g]) => [extremeBackward(ctx, g!)]);
/** `amin`: the minimum over dims. */
export const aminOp = defineReduce('amin', 'extreme', (ctx, [g]) => [extremeBackward(ctx, g!)]);
/** `all`: bool, or uint8 for uint8 input (PyTorch 1.13). */
export const allOp = defineReduce('all', 'bool');
/** `any`: bool, or uint8 for uint8 input (PyTorch 1.13). */
export const anyOp = defineReduce('any', 'bool');

/** The plain reductions by name (backends and the conformance suite loop over them). */
export function listReduceOps(): ReadonlyMap<string, OpDef<ReduceAttrs>> {
  return reduceDefs;
}

function defineReduceDim(name: string): OpDef<ReduceDimAttrs> {
  return defineOp<ReduceDimAttrs>({
    name,
    meta([x], { dim, keepdim }) {
      if (x!.shape.length > 0 && x!.shape[dim] === 0) {
        throw new IndexError(
          `${name === 'maxDim' ? 'max' : 'min'}(): Expected reduction dim ${dim} to have non-zero size.`,
        );
      }
      const shape = reducedShape(x!.shape, x!.shape.length ? [dim] : [], keepdim);
      return {
        outputs: [
          { shape, dtype: x!.dtype },
          { shape, dtype: 'int64' },
        ],
        dtype: x!.dtype,
      };
    },
    nondifferentiableOutputs: [1],
    saves: { inputs: true, outputs: true },
    backward(ctx, [g]) {
      const x = ctx.inputs[0]!;
      const { dim, keepdim } = ctx.attrs;
      if (x.shape.length === 0) return [g];
      const idx = ctx.outputs[1]!;
      const gk = keepdim ? g! : g!.unsqueeze(dim);
      const ik = keepdim ? idx : idx.unsqueeze(dim);
      return [scatterAlongDim(x.shape, dim, ik, gk)];
    },
  });
}
/** `max(dim)` → values and the index of the first maximum. */
export const maxDimOp = defineReduceDim('maxDim');
/** `min(dim)` → values and the index of the first minimum. */
export const minDimOp = defineReduceDim('minDim');

function defineArg(name: string): OpDef<ReduceDimAttrs> {
  return defineOp<ReduceDimAttrs>({
    name,
    meta([x], { dim, keepdim }) {
      if (x!.shape.length > 0 && x!.shape[dim] === 0) {
        throw new IndexError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
      }
      if (x!.dtype === 'bool') throw new RuntimeError(`"${name}_cpu" not implemented for 'Bool'`);
      return {
        outputs: [{ shape: reducedShape(x!.shape, x!.shape.length ? [dim] : [], keepdim), dtype: 'int64' }],
        dtype: x!.dtype,
      };
    },
  });
}
/** Index of the first maximum along `dim` (kernel attrs: a real dim; core flattens for dim=None). */
export const argmaxOp = defineArg('argmax');
/** Index of the first minimum along `dim`. */
export const argminOp = defineArg('argmin');

export type DimArg = number | readonly number[] | null | undefined;
/** Keyword arguments of reductions. */
export interface DimKeep {
  dim?: DimArg;
  keepdim?: boolean;
  dtype?: DType;
}

/** Parses `(dim, keepdim[, dtype])` of a reduction into sorted, normalized dims (all when omitted). */
export function reduceArgs(
  x: Tensor,
  args: readonly unknown[],
  fn: string,
  withDtype = true,
): { dims: number[]; keepdim: boolean; dtype?: DType; all: boolean } {
  const names: (keyof DimKeep)[] = withDtype ? ['dim', 'keepdim', 'dtype'] : ['dim', 'keepdim'];
  const o = parseArgs<DimKeep>(args, names, { keepdim: false }, fn);
  const nd = x.shape.length;
  let dims: number[];
  const all = o.dim === undefined || o.dim === null || (Array.isArray(o.dim) && o.dim.length === 0);
  if (all) {
    dims = Array.from({ length: nd }, (_, i) => i);
  } else dims = normalizeDims(typeof o.dim === 'number' ? [o.dim] : (o.dim as number[]), nd);
  if (nd === 0) dims = [];
  dims.sort((a, b) => a - b);
  return { dims, keepdim: o.keepdim ?? false, all, ...(o.dtype ? { dtype: o.dtype } : {}) };
}

/** Runs a reduction op; a 0-d input reduces nothing but still copies. `dtype` only for sum/prod. */
export function reduce(
  def: OpDef<ReduceAttrs>,
  x: Tensor,
  args: readonly unknown[],
  fn: string,
  withDtype = false,
): Tensor {
  const { dims, keepdim, dtype, all } = reduceArgs(x, args, fn, withDtype);
  if (all && x.numel() === 0 && (def === amaxOp || def === aminOp)) {
    throw new RuntimeError(
      `${fn}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
    );
  }
  // sum/prod accumulate in the requested dtype: convert first so the kernel reads it directly.
  if (dtype) return dispatch1(def, [x.to(dtype)], { dims, keepdim, dtype });
  return dispatch1(def, [x], { dims, keepdim });
}

declare module '../tensor.js' {
  interface Tensor {
    /** Sum over all elements, or over `dim` (a number or a list), keeping reduced dims with `keepdim`. */
    sum(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    /** Product over all elements or over one `dim` (PyTorch takes no dim list here). */
    prod(dim?: number | null | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    /** Mean over all elements or `dim`; floating-point inputs only, as in PyTorch. */
    mean(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    amax(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    amin(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    /** `x.max()` → the maximum; `x.max(dim)` → `{ values, indices }`; `x.max(other)` → elementwise maximum. */
    max(): Tensor;
    max(
      dim: number | { dim: number; keepdim?: boolean },
      keepdim?: boolean,
    ): { values: Tensor; indices: Tensor };
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(
      dim: number | { dim: number; keepdim?: boolean },
      keepdim?: boolean,
    ): { values: Tensor; indices: Tensor };
    min(other: Tensor): Tensor;
    argmax(dim?: number | null | { dim?: number | null; keepdim?: boolean }, keepdim?: boolean): Tensor;
    argmin(dim?: number | null | { dim?: number | null; keepdim?: boolean }, keepdim?: boolean): Tensor;
    all(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    any(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
  }
}

const T = Tensor.prototype;
T.sum = function (...args: unknown[]) {
  return reduce(sumOp, this, args, 'sum', true);
};
T.prod = function (...args: unknown[]) {
  // PyTorch's prod takes one dim, never a list.
  const dim = isOptions(args[0]) ? args[0].dim : args[0];
  if (Array.isArray(dim)) {
    throw new TorchTypeError(
      `prod() received an invalid combination of arguments - got (tuple), but expected (int dim)`,
    );
  }
  return reduce(prodOp, this, args, 'prod', true);
};
T.mean = function (...args: unknown[]) {
  const { dims, keepdim, dtype } = reduceArgs(this, args, 'mean');
  const x = dtype ? this.to(dtype) : this;
  if (!isFloatingPoint(x.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${torchName(x.dtype)}`,
    );
  }
  return dispatch1(meanOp, [x], { dims, keepdim });
};
T.amax = function (...args: unknown[]) {
  return reduce(amaxOp, this, args, 'amax');
};
T.amin = function (...args: unknown[]) {
  return reduce(aminOp, this, args, 'amin');
};
T.all = function (...args: unknown[]) {
  return reduce(allOp, this, args, 'all');
};
T.any = function (...args: unknown[]) {
  return reduce(anyOp, this, args, 'any');
};

function extreme(
  self: Tensor,
  args: unknown[],
  all: OpDef<ReduceAttrs>,
  byDim: OpDef<ReduceDimAttrs>,
  name: 'max' | 'min',
) {
  if (args.length === 0) {
    if (self.numel() === 0) {
      throw new RuntimeError(
        `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return dispatch1(all, [self], { dims: self.shape.map((_, i) => i), keepdim: false });
  }
  if (args[0] instanceof Tensor) return name === 'max' ? self.maximum(args[0]) : self.minimum(args[0]);
  const o = parseArgs<{ dim: number; keepdim: boolean }>(
    args,
    ['dim', 'keepdim'],
    { dim: 0, keepdim: false },
    name,
  );
  const dim = normalizeDim(o.dim, self.shape.length);
  const [values, indices] = dispatch(byDim, [self], { dim, keepdim: o.keepdim });
  return { values: values!, indices: indices! };
}

// Overloaded in the declaration above; defined untyped here (one body serves every overload).
Object.defineProperty(T, 'max', {
  value: function (this: Tensor, ...args: unknown[]) {
    return extreme(this, args, amaxOp, maxDimOp, 'max');
  },
  writable: true,
  configurable: true,
});
// Overloaded in the declaration above; defined untyped here (one body serves every overload).
Object.defineProperty(T, 'min', {
  value: function (this: Tensor, ...args: unknown[]) {
    return extreme(this, args, aminOp, minDimOp, 'min');
  },
  writable: true,
  configurable: true,
});

function argExtreme(self: Tensor, args: unknown[], def: OpDef<ReduceDimAttrs>, name: string): Tensor {
  const o = parseArgs<{ dim: number | null; keepdim: boolean }>(
    args,
    ['dim', 'keepdim'],
    { dim: null, keepdim: false },
    name,
  );
  if (o.dim === null) {
    if (self.numel() === 0) {
      throw new IndexError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    }
    const flat = dispatch1(def, [self.reshape([self.numel()])], { dim: 0, keepdim: false });
    return o.keepdim ? flat.reshape(self.shape.map(() => 1)) : flat;
  }
  return dispatch1(def, [self], { dim: normalizeDim(o.dim, self.shape.length), keepdim: o.keepdim });
}
T.argmax = function (...args: unknown[]) {
  return argExtreme(this, args, argmaxOp, 'argmax');
};
T.argmin = function (...args: unknown[]) {
  return argExtreme(this, args, argminOp, 'argmin');
};
