import { type DType, getDefaultDtype, isFloatingPoint } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import type { OpDef } from '../op.js';
import { normalizeDim, normalizeDims, numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { torchName } from './unary.js';

/** Attributes of a reduction: normalized, sorted dims (never empty) and keepdim. */
export interface ReduceAttrs {
  readonly dims: readonly number[];
  readonly keepdim: boolean;
}

/** Attributes of a reduction over one dim returning values and indices. */
export interface ReduceDimAttrs {
  readonly dim: number;
  readonly keepdim: boolean;
}

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
export function unsqueezeReduced(g: Tensor, inputShape: readonly number[], dims: readonly number[], keepdim: boolean): Tensor {
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
    meta([x], { dims, keepdim }) {
      const d = x!.dtype;
      if (kind === 'extreme') {
        for (const dim of dims) {
          if (x!.shape.length > 0 && x!.shape[dim] === 0) {
            throw new IndexError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
          }
        }
      }
      // all/any keep uint8 (PyTorch's legacy mask type); everything else gives bool.
      const boolOut: DType = d === 'uint8' ? 'uint8' : 'bool';
      const out: DType = kind === 'bool' ? boolOut : kind === 'sum' && !isFloatingPoint(d) ? 'int64' : d;
      const compute: DType = kind === 'sum' ? out : d;
      return { outputs: [{ shape: reducedShape(x!.shape, dims, keepdim), dtype: out }], dtype: compute, cast: [compute] };
    },
    ...(backward ? { backward } : {}),
  });
  reduceDefs.set(name, def);
  return def;
}

export const sumOp = defineReduce('sum', 'sum', (ctx, [g]) => {
  const x = ctx.inputs[0]!;
  return [unsqueezeReduced(g!, x.shape, ctx.attrs.dims, ctx.attrs.keepdim).expand(x.shape as number[])];
});
export const prodOp = defineReduce('prod', 'sum', (ctx, [g]) => {
  const x = ctx.inputs[0]!;
  const { dims, keepdim } = ctx.attrs;
  const gk = unsqueezeReduced(g!, x.shape, dims, keepdim);
  const out = unsqueezeReduced(ctx.outputs[0]!, x.shape, dims, keepdim);
  // prod of the other elements; where x has a zero, recompute it without dividing by zero.
  const safe = x.where(x.ne(0), 1);
  const zeros = x.eq(0).sum(dims as number[], true);
  const prodNonZero = safe.prod(dims as number[], true);
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
export const amaxOp = defineReduce('amax', 'extreme', (ctx, [g]) => [extremeBackward(ctx, g!)]);
export const aminOp = defineReduce('amin', 'extreme', (ctx, [g]) => [extremeBackward(ctx, g!)]);
export const allOp = defineReduce('all', 'bool');
export const anyOp = defineReduce('any', 'bool');

export function listReduceOps(): ReadonlyMap<string, OpDef<ReduceAttrs>> {
  return reduceDefs;
}

function defineReduceDim(name: string): OpDef<ReduceDimAttrs> {
  return defineOp<ReduceDimAttrs>({
    name,
    meta([x], { dim, keepdim }) {
      if (x!.shape.length > 0 && x!.shape[dim] === 0) {
        throw new IndexError(`${name === 'maxDim' ? 'max' : 'min'}(): Expected reduction dim ${dim} to have non-zero size.`);
      }
      const shape = reducedShape(x!.shape, x!.shape.length ? [dim] : [], keepdim);
      return { outputs: [{ shape, dtype: x!.dtype }, { shape, dtype: 'int64' }], dtype: x!.dtype };
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
      return [x.zerosLike().scatter(dim, ik, gk)];
    },
  });
}
/** `max(dim)` → values and the index of the first maximum. */
export const maxDimOp = defineReduceDim('maxDim');
export const minDimOp = defineReduceDim('minDim');

function defineArg(name: string): OpDef<ReduceDimAttrs> {
  return defineOp<ReduceDimAttrs>({
    name,
    meta([x], { dim, keepdim }) {
      if (x!.shape.length > 0 && x!.shape[dim] === 0) {
        throw new IndexError(`${name}(): Expected reduction dim ${dim} to have non-zero size.`);
      }
      return { outputs: [{ shape: reducedShape(x!.shape, x!.shape.length ? [dim] : [], keepdim), dtype: 'int64' }], dtype: x!.dtype };
    },
  });
}
/** Index of the first maximum along `dim` (kernel attrs: a real dim; core flattens for dim=None). */
export const argmaxOp = defineArg('argmax');
export const argminOp = defineArg('argmin');

type DimArg = number | readonly number[] | null | undefined;
interface DimKeep {
  dim?: DimArg;
  keepdim?: boolean;
  dtype?: DType;
}

function reduceArgs(x: Tensor, args: readonly unknown[], fn: string): { dims: number[]; keepdim: boolean; dtype?: DType } {
  const o = parseArgs<DimKeep>(args, ['dim', 'keepdim', 'dtype'], { keepdim: false }, fn);
  const nd = x.shape.length;
  let dims: number[];
  if (o.dim === undefined || o.dim === null || (Array.isArray(o.dim) && o.dim.length === 0)) {
    dims = Array.from({ length: nd }, (_, i) => i);
  } else dims = normalizeDims(typeof o.dim === 'number' ? [o.dim] : (o.dim as number[]), nd);
  if (nd === 0) dims = [];
  dims.sort((a, b) => a - b);
  return { dims, keepdim: o.keepdim ?? false, ...(o.dtype ? { dtype: o.dtype } : {}) };
}

/** Runs a reduction op; a 0-dim input or an empty dim list reduces nothing but still copies. */
export function reduce(def: OpDef<ReduceAttrs>, x: Tensor, args: readonly unknown[], fn: string): Tensor {
  let { dims, keepdim, dtype } = reduceArgs(x, args, fn);
  if (dtype) x = x.to(dtype);
  return dispatch1(def, [x], { dims, keepdim });
}

declare module '../tensor.js' {
  interface Tensor {
    /** Sum over all elements, or over `dim` (a number or a list), keeping reduced dims with `keepdim`. */
    sum(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    prod(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    /** Mean over all elements or `dim`; floating-point inputs only, as in PyTorch. */
    mean(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep, opts?: DimKeep): Tensor;
    amax(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    amin(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    /** `x.max()` → the maximum; `x.max(dim)` → `{ values, indices }`; `x.max(other)` → elementwise maximum. */
    max(): Tensor;
    max(dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): { values: Tensor; indices: Tensor };
    max(other: Tensor): Tensor;
    min(): Tensor;
    min(dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): { values: Tensor; indices: Tensor };
    min(other: Tensor): Tensor;
    argmax(dim?: number | null | { dim?: number | null; keepdim?: boolean }, keepdim?: boolean): Tensor;
    argmin(dim?: number | null | { dim?: number | null; keepdim?: boolean }, keepdim?: boolean): Tensor;
    all(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
    any(dim?: DimArg | DimKeep, keepdim?: boolean | DimKeep): Tensor;
  }
}

const T = Tensor.prototype;
T.sum = function (...args: unknown[]) {
  return reduce(sumOp, this, args, 'sum');
};
T.prod = function (...args: unknown[]) {
  return reduce(prodOp, this, args, 'prod');
};
T.mean = function (...args: unknown[]) {
  const { dims, keepdim, dtype } = reduceArgs(this, args, 'mean');
  const x = dtype ? this.to(dtype) : this;
  if (!isFloatingPoint(x.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${torchName(x.dtype)}`,
    );
  }
  const n = dims.reduce((acc, d) => acc * x.shape[d]!, 1);
  return dispatch1(sumOp, [x], { dims, keepdim }).div(n);
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

function extreme(self: Tensor, args: unknown[], all: OpDef<ReduceAttrs>, byDim: OpDef<ReduceDimAttrs>, name: 'max' | 'min') {
  if (args.length === 0) {
    if (self.numel() === 0) {
      throw new RuntimeError(
        `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return dispatch1(all, [self], { dims: self.shape.map((_, i) => i), keepdim: false });
  }
  if (args[0] instanceof Tensor) return name === 'max' ? self.maximum(args[0]) : self.minimum(args[0]);
  const o = parseArgs<{ dim: number; keepdim: boolean }>(args, ['dim', 'keepdim'], { dim: 0, keepdim: false }, name);
  const dim = normalizeDim(o.dim, self.shape.length);
  const [values, indices] = dispatch(byDim, [self], { dim, keepdim: o.keepdim });
  return { values: values!, indices: indices! };
}

(T as unknown as Record<string, unknown>).max = function (this: Tensor, ...args: unknown[]) {
  return extreme(this, args, amaxOp, maxDimOp, 'max');
};
(T as unknown as Record<string, unknown>).min = function (this: Tensor, ...args: unknown[]) {
  return extreme(this, args, aminOp, minDimOp, 'min');
};

function argExtreme(self: Tensor, args: unknown[], def: OpDef<ReduceDimAttrs>, name: string): Tensor {
  const o = parseArgs<{ dim: number | null; keepdim: boolean }>(args, ['dim', 'keepdim'], { dim: null, keepdim: false }, name);
  if (o.dim === null) {
    if (self.numel() === 0) {
      throw new RuntimeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    }
    const flat = dispatch1(def, [self.reshape(-1)], { dim: 0, keepdim: false });
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

void getDefaultDtype;
void numel;
