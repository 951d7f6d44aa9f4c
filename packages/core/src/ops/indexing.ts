import { IndexError, RuntimeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { Scalar } from './args.js';
import { rawCopy } from './copy.js';
import { arange, scalarTensor } from './creation.js';
import {
  type AdvancedIndex,
  adjacent,
  advancedFirst,
  type IndexItem,
  parseIndex,
  resolveAdvanced,
  Slice,
} from './index-parse.js';
import { putLeading, readLeading, writeLeading } from './index-put.js';
import { checkInplace, commitInplace } from './inplace.js';
import { torchName } from './unary.js';

/** index_put's `accumulate`, positionally or as `{ accumulate }`. */
export type Accumulate = boolean | { accumulate?: boolean };

function isIdentity(perm: readonly number[]): boolean {
  return perm.every((p, i) => p === i);
}

/**
 * Where the advanced dims land in the result: in place of the first advanced dim when the advanced
 * dims are adjacent, else first (PyTorch/NumPy rule). Returns the result shape and the permutation
 * taking a result laid out as B ++ rest to that order.
 */
function layout(view: Tensor, advanced: readonly AdvancedIndex[], bshape: readonly number[]) {
  const perm = advancedFirst(view.ndim, advanced);
  const rest = perm.slice(advanced.length).map((d) => view.shape[d]!);
  const at = adjacent(advanced) ? advanced[0]!.dim : 0;
  const nb = bshape.length;
  const shape = [...rest.slice(0, at), ...bshape, ...rest.slice(at)];
  const toResult = [
    ...Array.from({ length: at }, (_, i) => nb + i),
    ...Array.from({ length: nb }, (_, i) => i),
    ...Array.from({ length: rest.length - at }, (_, i) => nb + at + i),
  ];
  return { perm, shape, toResult };
}

/** Inverse of a permutation. */
function inverse(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inv[p] = i;
  });
  return inv;
}

/** Python's `self[items]`. */
function readIndex(self: Tensor, items: readonly IndexItem[]): Tensor {
  const { view, advanced } = parseIndex(self, items);
  if (advanced.length === 0) return view === self ? self.view(self.shape as number[]) : view;
  const { indices, shape: bshape } = resolveAdvanced(view, advanced);
  const { perm, toResult } = layout(view, advanced, bshape);
  const r = readLeading(isIdentity(perm) ? view : view.permute(perm), indices);
  return isIdentity(toResult) ? r : r.permute(toResult);
}

function shapeMismatch(value: Tensor, shape: readonly number[]): RuntimeError {
  return new RuntimeError(
    `shape mismatch: value tensor of shape ${formatShape(value.shape)} cannot be broadcast to indexing result of shape ${formatShape(shape)}`,
  );
}

/** PyTorch lets a value carry extra leading size-1 dims in a subscript write (`x[0] = t[None]`). */
function dropLeadingOnes(value: Tensor, ndim: number): Tensor {
  let k = 0;
  while (value.ndim - k > ndim && value.shape[k] === 1) k++;
  return k === 0 ? value : value.reshape(value.shape.slice(k) as number[]);
}

/** `value` broadcast to `shape`, with setitem's message when it does not fit. */
function fitValue(value: Tensor, shape: readonly number[]): Tensor {
  value = dropLeadingOnes(value, shape.length);
  let b: number[];
  try {
    b = broadcastShapes(value.shape, shape);
  } catch {
    throw shapeMismatch(value, shape);
  }
  if (!shapesEqual(b, shape)) throw shapeMismatch(value, shape);
  return value.expand(shape as number[]);
}

/**
 * Python's `self[items] = value` (`accumulate`: `+=` with duplicates adding up) in place. Without
 * autograd it writes through a view of `self`; when recording, it becomes an index_put over the flat
 * positions the subscript names, so gradients reach both `self`'s old value and `value`.
 */
function writeIndex(
  self: Tensor,
  items: readonly IndexItem[],
  value: Tensor | Scalar,
  accumulate: boolean,
): Tensor {
  const v = value instanceof Tensor ? value : scalarTensor(value, self.dtype, self.device);
  const { view, advanced } = parseIndex(self, items);
  if (checkInplace(self, [v])) {
    const positions = readIndex(
      arange(self.numel(), { dtype: 'int64', device: self.device }).view(self.shape as number[]),
      items,
    );
    const vals = fitValue(v, positions.shape).flatten();
    const flat = putLeading(self.clone().flatten(), [positions.flatten()], vals, accumulate);
    return commitInplace(self, flat.view(self.shape as number[]));
  }
  if (advanced.length === 0) {
    // Basic writes are a copy_: the value expands to the view (PyTorch's expand message on mismatch).
    const vals = dropLeadingOnes(v, view.ndim).expand(view.shape as number[]);
    rawCopy(view, accumulate ? view.add(vals) : vals);
  } else {
    const { indices, shape: bshape } = resolveAdvanced(view, advanced);
    const { perm, shape, toResult } = layout(view, advanced, bshape);
    let vals = fitValue(v, shape);
    if (!isIdentity(toResult)) vals = vals.permute(inverse(toResult));
    writeLeading(isIdentity(perm) ? view : view.permute(perm), indices, vals, accumulate);
  }
  self.storage.version++;
  return self;
}

/** PyTorch's index_put_ checks: tensors (or null for a whole dim) of long, byte or bool; same dtype values. */
function checkIndexPut(self: Tensor, indices: readonly (Tensor | null)[], values: Tensor): IndexItem[] {
  if (indices.length > self.ndim) {
    throw new IndexError(`too many indices for tensor of dimension ${self.ndim} (got ${indices.length})`);
  }
  for (const t of indices) {
    if (t !== null && t.dtype !== 'int64' && t.dtype !== 'uint8' && t.dtype !== 'bool') {
      throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    }
  }
  if (values.dtype !== self.dtype) {
    throw new RuntimeError(
      `Index put requires the source and destination dtypes match, got ${torchName(self.dtype)} for the destination and ${torchName(values.dtype)} for the source.`,
    );
  }
  return indices.map((t) => t ?? new Slice());
}

/**
 * `torch.index_put(input, indices, values, accumulate)`: a copy of `input` with `values` written at
 * the positions the index tensors name (`null` takes a whole dim).
 */
export function indexPut(
  input: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: Accumulate = false,
): Tensor {
  return input.indexPut(indices, values, accumulate);
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Python's subscript `x[...]`: pass what goes between the brackets as arguments. Integers select
     * (negatives count from the end), slices (`torch.slice(1, 3)` or `'1:3'`, `':'`, `'::2'`) narrow,
     * `null` adds a dim (None), `'...'` is Ellipsis, and integer/boolean tensors or nested arrays
     * index advanced-style (copying; advanced dims go first when separated by a slice, as in PyTorch).
     * Basic indexing returns a view. Gradients flow through.
     * @example
     * x.index(0, ':', null);            // x[0, :, None]
     * x.index('...', torch.slice(null, null, 2)); // x[..., ::2]
     * x.index([0, 2], [1, 1]);          // x[[0, 2], [1, 1]]
     * x.index(x.gt(0));                 // x[x > 0]
     */
    index(...items: IndexItem[]): Tensor;
    /**
     * Python's `x[...] = value`, in place: the subscript entries as for {@link Tensor.index}, then the
     * value (a tensor broadcast to the indexed shape, or a number) as the last argument.
     * @example
     * x.setIndex(0, ':', 5);           // x[0, :] = 5
     * x.setIndex(mask, torch.zeros(n)); // x[mask] = zeros
     */
    setIndex(...args: [...IndexItem[], Tensor | Scalar]): this;
    /** PyTorch's `index_put_(indices, values, accumulate=False)`: index tensors (or null) for the leading dims. */
    indexPut_(indices: readonly (Tensor | null)[], values: Tensor, accumulate?: Accumulate): this;
    /** Out-of-place `index_put`. */
    indexPut(indices: readonly (Tensor | null)[], values: Tensor, accumulate?: Accumulate): Tensor;
  }
}

const T = Tensor.prototype;

T.index = function (this: Tensor, ...items: IndexItem[]) {
  return readIndex(this, items);
};
T.setIndex = function (this: Tensor, ...args: unknown[]) {
  if (args.length === 0)
    throw new RuntimeError('setIndex() expects the subscript entries followed by a value');
  const value = args[args.length - 1] as Tensor | Scalar;
  return writeIndex(this, args.slice(0, -1) as IndexItem[], value, false);
} as Tensor['setIndex'];
function accumulateArg(a: Accumulate): boolean {
  return typeof a === 'object' ? (a.accumulate ?? false) : a;
}

T.indexPut_ = function (
  this: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: Accumulate = false,
) {
  return writeIndex(this, checkIndexPut(this, indices, values), values, accumulateArg(accumulate));
} as Tensor['indexPut_'];
T.indexPut = function (
  this: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: Accumulate = false,
) {
  const items = checkIndexPut(this, indices, values);
  return writeIndex(this.clone(), items, values, accumulateArg(accumulate));
};
