import { defineOp, dispatch } from '../dispatcher.js';
import { IndexError, RuntimeError } from '../errors.js';
import type { GradContext, OpDef, OpMeta } from '../op.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { full } from './creation.js';
import { scatterAlongDim } from './scatter-grad.js';

/**
 * Attributes of the sort primitive: a normalized dim, the order, and how many leading elements of
 * each sorted line to keep (`k` = the dim's size for a full sort). Sorting is always stable and
 * NaN sorts as the largest value, as in PyTorch.
 */
export interface SortAttrs {
  readonly dim: number;
  readonly descending: boolean;
  readonly k: number;
}

/** A `{ values, indices }` pair, PyTorch's `torch.return_types.sort/topk/kthvalue/median`. */
export interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function sortMeta(name: string) {
  return ([x]: readonly Tensor[], { dim, k }: SortAttrs): OpMeta => {
    if (name === 'topk' && x!.dtype === 'bool')
      throw new RuntimeError(`"topk_cpu" not implemented for 'Bool'`);
    const shape = x!.shape.slice();
    if (shape.length > 0) shape[dim] = k;
    return {
      outputs: [
        { shape, dtype: x!.dtype },
        { shape, dtype: 'int64' },
      ],
      dtype: x!.dtype,
    };
  };
}

function sortBackward(ctx: GradContext<SortAttrs>, [g]: readonly Tensor[]): (Tensor | null)[] {
  const x = ctx.inputs[0]!;
  if (x.shape.length === 0) return [g!];
  return [scatterAlongDim(x.shape, ctx.attrs.dim, ctx.outputs[1]!, g!)];
}

/** `sort`: sorted values and the permutation that sorts each line. */
export const sortOp: OpDef<SortAttrs> = defineOp<SortAttrs>({
  name: 'sort',
  meta: sortMeta('sort'),
  nondifferentiableOutputs: [1],
  backward: sortBackward,
});

/** `topk`: the `k` largest (or smallest, with `descending: false`) elements of each line, in order. */
export const topkOp: OpDef<SortAttrs> = defineOp<SortAttrs>({
  name: 'topk',
  meta: sortMeta('topk'),
  nondifferentiableOutputs: [1],
  backward: sortBackward,
});

function pair([values, indices]: Tensor[]): ValuesIndices {
  return { values: values!, indices: indices! };
}

export type SortOpts = { dim?: number; descending?: boolean; stable?: boolean };

/**
 * `torch.sort(input, dim=-1, descending=false, stable=false)` → `{ values, indices }`. Always stable
 * (ties keep their order, also when descending); NaN sorts as the largest value.
 * @example torch.sort(torch.tensor([3, 1, 2])).indices // tensor([1, 2, 0])
 */
export function sort(x: Tensor, ...args: (number | boolean | SortOpts | undefined)[]): ValuesIndices {
  const o = parseArgs<SortOpts>(
    args,
    ['dim', 'descending', 'stable'],
    { dim: -1, descending: false, stable: false },
    'sort',
  );
  const dim = normalizeDim(o.dim!, x.shape.length);
  const k = x.shape.length ? x.shape[dim]! : 1;
  return pair(dispatch(sortOp, [x], { dim, descending: o.descending!, k }));
}

/** `torch.argsort(input, dim=-1, descending=false, stable=false)`: the indices of {@link sort}. */
export function argsort(x: Tensor, ...args: (number | boolean | SortOpts | undefined)[]): Tensor {
  return sort(x, ...args).indices;
}

export type TopkOpts = { k?: number; dim?: number; largest?: boolean; sorted?: boolean };

/**
 * `torch.topk(input, k, dim=-1, largest=true, sorted=true)` → `{ values, indices }`: the `k`
 * largest (or smallest) elements of each line along `dim`. Results always come sorted.
 */
export function topk(
  x: Tensor,
  k: number | TopkOpts,
  ...args: (number | boolean | TopkOpts | undefined)[]
): ValuesIndices {
  const o = parseArgs<TopkOpts>(
    [k, ...args],
    ['k', 'dim', 'largest', 'sorted'],
    { dim: -1, largest: true, sorted: true },
    'topk',
  );
  const dim = normalizeDim(o.dim!, x.shape.length);
  const n = x.shape.length ? x.shape[dim]! : 1;
  if (o.k === undefined || !Number.isInteger(o.k) || o.k < 0 || o.k > n)
    throw new RuntimeError('selected index k out of range');
  return pair(dispatch(topkOp, [x], { dim, descending: o.largest!, k: o.k }));
}

export type KthOpts = { k?: number; dim?: number; keepdim?: boolean };

/**
 * `torch.kthvalue(input, k, dim=-1, keepdim=false)` → `{ values, indices }`: the k-th smallest
 * element (1-based) of each line; ties resolve to the first occurrence in sorted order.
 */
export function kthvalue(
  x: Tensor,
  k: number | KthOpts,
  ...args: (number | boolean | KthOpts | undefined)[]
): ValuesIndices {
  const o = parseArgs<KthOpts>(
    [k, ...args],
    ['k', 'dim', 'keepdim'],
    { dim: -1, keepdim: false },
    'kthvalue',
  );
  const dim = normalizeDim(o.dim!, x.shape.length);
  const n = x.shape.length ? x.shape[dim]! : 1;
  if (o.k === undefined || !Number.isInteger(o.k) || o.k < 1 || o.k > n) {
    throw new RuntimeError(`kthvalue(): selected number k out of range for dimension ${dim}`);
  }
  return pick(sort(x, dim), dim, o.k - 1, o.keepdim!);
}

function pick(s: ValuesIndices, dim: number, pos: number, keepdim: boolean): ValuesIndices {
  if (s.values.shape.length === 0) return s;
  const values = s.values.narrow(dim, pos, 1);
  const indices = s.indices.narrow(dim, pos, 1);
  return keepdim ? { values, indices } : { values: values.squeeze(dim), indices: indices.squeeze(dim) };
}

/**
 * `torch.median(input)` → the lower median of all elements; `torch.median(input, dim, keepdim)` →
 * `{ values, indices }` along a dim. A line holding NaN has median NaN (at its first NaN).
 */
export function median(x: Tensor): Tensor;
export function median(
  x: Tensor,
  dim: number | { dim: number; keepdim?: boolean },
  keepdim?: boolean,
): ValuesIndices;
export function median(x: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  if (args.length === 0) {
    if (x.numel() === 0) return full([], Number.NaN, { dtype: x.dtype, device: x.device });
    return median(x.reshape([x.numel()]), 0).values;
  }
  const o = parseArgs<{ dim: number; keepdim: boolean }>(
    args,
    ['dim', 'keepdim'],
    { dim: -1, keepdim: false },
    'median',
  );
  const dim = normalizeDim(o.dim, x.shape.length);
  const n = x.shape.length ? x.shape[dim]! : 1;
  if (n === 0) throw new IndexError(`median(): Expected reduction dim ${dim} to have non-zero size.`);
  const mid = pick(sort(x, dim), dim, (n - 1) >> 1, o.keepdim);
  if (!x.isFloatingPoint() || x.shape.length === 0) return mid;
  const nan = x.isnan();
  const hasNan = nan.any(dim, o.keepdim);
  return {
    values: mid.values.where(hasNan.logicalNot(), Number.NaN),
    indices: mid.indices.where(hasNan.logicalNot(), nan.to('uint8').argmax(dim, o.keepdim)),
  };
}

declare module '../tensor.js' {
  interface Tensor {
    /** PyTorch's `Tensor.sort(dim=-1, descending=False, stable=False)`. */
    sort(...args: (number | boolean | SortOpts | undefined)[]): ValuesIndices;
    /** PyTorch's `Tensor.argsort(dim=-1, descending=False, stable=False)`. */
    argsort(...args: (number | boolean | SortOpts | undefined)[]): Tensor;
    /** PyTorch's `Tensor.topk(k, dim=-1, largest=True, sorted=True)`. */
    topk(k: number | TopkOpts, ...args: (number | boolean | TopkOpts | undefined)[]): ValuesIndices;
    /** PyTorch's `Tensor.kthvalue(k, dim=-1, keepdim=False)`. */
    kthvalue(k: number | KthOpts, ...args: (number | boolean | KthOpts | undefined)[]): ValuesIndices;
    /** PyTorch's `Tensor.median()` / `Tensor.median(dim, keepdim=False)`. */
    median(): Tensor;
    median(dim: number | { dim: number; keepdim?: boolean }, keepdim?: boolean): ValuesIndices;
  }
}

const T = Tensor.prototype;
T.sort = function (...args) {
  return sort(this, ...args);
};
T.argsort = function (...args) {
  return argsort(this, ...args);
};
T.topk = function (k, ...args) {
  return topk(this, k, ...args);
};
T.kthvalue = function (k, ...args) {
  return kthvalue(this, k, ...args);
};
Object.defineProperty(T, 'median', {
  value: function (this: Tensor, ...args: unknown[]) {
    return (median as (x: Tensor, ...a: unknown[]) => Tensor | ValuesIndices)(this, ...args);
  },
  writable: true,
  configurable: true,
});
