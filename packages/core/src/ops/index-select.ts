import { readsSynchronously } from '../backend.js';
import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import { IndexError, RuntimeError } from '../errors.js';
import { broadcastShapes, normalizeDim, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs } from './args.js';
import { emptyOn, rawCopy } from './copy.js';
import { zeros } from './creation.js';
import { checkInplace, commitInplace } from './inplace.js';
import { torchName } from './unary.js';

/** Attributes of index_add: the dim and the factor applied to `source`. */
export interface IndexAddAttrs {
  readonly dim: number;
  readonly alpha: number;
}

function checkIndexVector(index: Tensor, fn: string): void {
  if (index.ndim > 1) throw new IndexError(`${fn}(): Index is supposed to be a vector`);
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw new RuntimeError(`${fn}(): Expected dtype int32 or int64 for index`);
  }
}

/** `index_select(input, dim, index)`: the slices of `input` along `dim` at `index` (1-d, int32/int64). */
export const indexSelectOp = defineOp<{ dim: number }>({
  name: 'indexSelect',
  meta([x, index], { dim }) {
    checkIndexVector(index!, 'index_select');
    const shape = x!.shape.slice();
    shape[dim] = index!.numel();
    return { outputs: [{ shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    const [x, index] = ctx.inputs;
    const base = zeros(x!.shape as number[], { dtype: g!.dtype, device: g!.device });
    return [base.indexAdd(ctx.attrs.dim, index!, g!), null];
  },
});

/** The in-place index_add kernel. Inputs `[self, index, source]`, no outputs. */
export const indexAddInplaceOp = defineOp<IndexAddAttrs>({
  name: 'indexAdd_',
  meta([self]) {
    return { outputs: [], dtype: self!.dtype };
  },
});

/** Out-of-place `index_add`: a copy of `self` with `alpha * source` added at `index` along `dim`. */
export const indexAddOp = defineOp<IndexAddAttrs>({
  name: 'indexAdd',
  meta([self]) {
    return { outputs: [{ shape: self!.shape, dtype: self!.dtype }], dtype: self!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([self, index, source], attrs) {
    const out = emptyOn(self!.device, self!.shape, self!.dtype);
    rawCopy(out, self!);
    dispatch(indexAddInplaceOp, [out, index!, source!], attrs);
    return out;
  },
  backward(ctx, [g]) {
    const { dim, alpha } = ctx.attrs;
    const index = ctx.inputs[1]!;
    const gs = ctx.needsInputGrad[2] ? g!.indexSelect(dim, index) : null;
    return [g, null, gs && alpha !== 1 ? gs.mul(alpha) : gs];
  },
});

/** Validates index_add's operands and returns `source` spread to the shape the kernel walks. */
function prepareIndexAdd(self: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  checkIndexVector(index, 'index_add_');
  if (source.dtype !== self.dtype) {
    throw new RuntimeError(
      `index_add_(): self (${torchName(self.dtype)}) and source (${torchName(source.dtype)}) must have the same scalar type`,
    );
  }
  const n = index.numel();
  const srcSize = source.ndim === 0 ? 1 : source.shape[dim]!;
  if (n !== srcSize) {
    throw new RuntimeError(
      `index_add_(): Number of indices (${n}) should be equal to source.size(dim): (${srcSize}), for dim: ${dim}`,
    );
  }
  if (self.ndim === 0) return source.reshape([]);
  const want = self.shape.slice();
  want[dim] = n;
  const drop = (s: readonly number[]) => s.filter((_, i) => i !== dim);
  const mine = drop(self.shape);
  const theirs = source.ndim === 0 ? [] : drop(source.shape);
  if (!shapesEqual(mine, theirs)) {
    broadcastShapes(mine, theirs);
    if (!shapesEqual(broadcastShapes(mine, theirs), mine)) {
      throw new RuntimeError(
        `index_add_(): source slices of shape [${theirs.join(', ')}] do not fit self slices of shape [${mine.join(', ')}]`,
      );
    }
    return source.reshape(want.map((s, i) => (i === dim ? s : (source.shape[i] ?? 1)))).expand(want);
  }
  return source;
}

function parseIndexAdd(self: Tensor, args: readonly unknown[], fn: string) {
  const o = parseArgs<{ dim: number; index: Tensor; source: Tensor; alpha: number }>(
    args,
    ['dim', 'index', 'source', 'alpha'],
    { alpha: 1 } as { dim: number; index: Tensor; source: Tensor; alpha: number },
    fn,
  );
  const dim = normalizeDim(o.dim, self.ndim);
  return {
    index: o.index,
    source: prepareIndexAdd(self, dim, o.index, o.source),
    attrs: { dim, alpha: o.alpha },
  };
}

/**
 * Reads an index tensor's values and checks each against [-size, size) (negatives allowed) or
 * [0, size); `fail` builds the error for the first bad value.
 */
export function checkIndexValues(
  index: Tensor,
  size: number,
  allowNegative: boolean,
  fail: (v: number) => Error,
): void {
  if (!readsSynchronously(index.device)) return;
  const data = index.dataSync();
  const lo = allowNegative ? -size : 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo || v >= size) throw fail(v);
  }
}

/**
 * `torch.index_select(input, dim, index)`: the slices along `dim` at the positions in `index`.
 * @example
 * torch.indexSelect(torch.tensor([[1, 2], [3, 4]]), 0, torch.tensor([1, 1])); // [[3, 4], [3, 4]]
 */
export function indexSelect(input: Tensor, dim: number, index: Tensor): Tensor {
  return input.indexSelect(dim, index);
}

/** `torch.index_add(input, dim, index, source, { alpha })`: a copy with `alpha * source` added at `index`. */
export function indexAdd(
  input: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  opts?: { alpha?: number },
): Tensor {
  return input.indexAdd(dim, index, source, opts);
}

/**
 * `torch.take(input, index)`: elements of `input` read as 1-d, at `index` (int64; negatives count
 * from the end). The result has index's shape.
 */
export function take(input: Tensor, index: Tensor): Tensor {
  return input.take(index);
}

declare module '../tensor.js' {
  interface Tensor {
    /** `x.indexSelect(dim, index)`: PyTorch's `index_select`. */
    indexSelect(dim: number, index: Tensor): Tensor;
    /** `x.indexAdd(dim, index, source, { alpha })`: PyTorch's out-of-place `index_add`. */
    indexAdd(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor;
    /** In-place `index_add_`. */
    indexAdd_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): this;
    /** `x.take(index)`: PyTorch's `take`. */
    take(index: Tensor): Tensor;
  }
}

const T = Tensor.prototype;

T.indexSelect = function (this: Tensor, dim: number, index: Tensor) {
  const d = normalizeDim(dim, this.ndim);
  if (this.ndim === 0) {
    checkIndexVector(index, 'index_select');
    const r = dispatch1(indexSelectOp, [this.reshape([1]), index.flatten()], { dim: 0 });
    return r.select(0, 0);
  }
  return dispatch1(indexSelectOp, [this, index], { dim: d });
};
T.indexAdd = function (this: Tensor, ...args: unknown[]) {
  const { index, source, attrs } = parseIndexAdd(this, args, 'index_add');
  return dispatch1(indexAddOp, [this, index, source], attrs);
};
T.indexAdd_ = function (this: Tensor, ...args: unknown[]) {
  const { index, source, attrs } = parseIndexAdd(this, args, 'index_add_');
  if (checkInplace(this, [source]))
    return commitInplace(this, dispatch1(indexAddOp, [this.clone(), index, source], attrs));
  dispatch(indexAddInplaceOp, [this, index, source], attrs);
  this.storage.version++;
  return this;
} as Tensor['indexAdd_'];
T.take = function (this: Tensor, index: Tensor) {
  if (index.dtype !== 'int64')
    throw new RuntimeError(`take(): Expected a long tensor for index, but got ${torchName(index.dtype)}`);
  const n = this.numel();
  checkIndexValues(
    index,
    n,
    true,
    (v) => new IndexError(`out of range: tried to access index ${v} on a tensor of ${n} elements.`),
  );
  const flat = index.flatten();
  const wrapped = n > 0 ? flat.remainder(n) : flat;
  return this.flatten()
    .indexSelect(0, wrapped)
    .view(index.shape as number[]);
};
