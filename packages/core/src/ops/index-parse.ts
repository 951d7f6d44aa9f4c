import { IndexError, ValueError } from '../errors.js';
import { broadcastShapes, formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { type TensorData, tensor } from './creation.js';
import { checkIndexValues } from './index-select.js';
import { selectDim } from './views.js';

/**
 * Python's `start:stop:step`, as made by {@link slice}. `null` bounds mean "from the start" / "to
 * the end"; negative bounds count from the end and out-of-range bounds clip, as in Python.
 */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}

  toString(): string {
    const f = (v: number | null) => (v === null ? '' : String(v));
    return `${f(this.start)}:${f(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/**
 * `slice(start, stop, step)`: a slice object for {@link Tensor.index} (Python's `start:stop:step`).
 * The string forms `':'`, `'1:3'`, `'::2'`, `'-2:'` are accepted wherever a slice is.
 * @example
 * x.index(torch.slice(1, null, 2)); // x[1::2]
 */
export function slice(
  start: number | null = null,
  stop: number | null = null,
  step: number | null = null,
): Slice {
  return new Slice(start, stop, step);
}

/** Nested arrays of integers or booleans: an advanced index written inline (`x.index([0, 2])`). */
export type NestedIndex = readonly (number | boolean | NestedIndex)[];

/**
 * One entry of a Python subscript: an integer (negative counts from the end), a {@link Slice} or its
 * string form (`':'`, `'1:3'`, `'::2'`), `'...'` (Ellipsis), `null` (None: a new axis of size 1), a
 * boolean, an integer/boolean tensor, or a nested array of integers/booleans (advanced indexing).
 */
export type IndexItem = number | boolean | string | Slice | null | Tensor | NestedIndex;

const ELLIPSIS = Symbol('...');
const SLICE_RE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

type Item = number | Slice | null | Tensor | typeof ELLIPSIS;

function invalid(got: string): IndexError {
  return new IndexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${got})`,
  );
}

function normalizeItem(item: IndexItem): Item {
  if (item === null || item instanceof Slice || item instanceof Tensor) return item;
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw invalid('float');
    return item;
  }
  if (typeof item === 'boolean') return tensor(item);
  if (typeof item === 'string') {
    if (item.trim() === '...') return ELLIPSIS;
    const m = SLICE_RE.exec(item);
    if (!m) throw invalid(`str '${item}'`);
    const n = (s: string | undefined) => (s === undefined ? null : Number(s));
    return new Slice(n(m[1]), n(m[2]), n(m[3]));
  }
  if (Array.isArray(item)) return tensor(item as TensorData);
  throw invalid(typeof item);
}

function isMask(t: Tensor): boolean {
  return t.dtype === 'bool' || t.dtype === 'uint8';
}

/** An advanced index after parsing: the int64 index for `dim` of the (basic-indexed) view. */
export interface AdvancedIndex {
  readonly dim: number;
  readonly index: Tensor;
}

/** A subscript split into its basic part (a view of the tensor) and advanced indices into that view. */
export interface ParsedIndex {
  readonly view: Tensor;
  readonly advanced: readonly AdvancedIndex[];
}

function consumed(items: readonly Item[]): number {
  let n = 0;
  for (const it of items) {
    if (it === null || it === ELLIPSIS) continue;
    if (it instanceof Tensor && isMask(it)) n += it.ndim;
    else n += 1;
  }
  return n;
}

/**
 * Applies the basic entries of a subscript as views (select, slice, unsqueeze) in PyTorch's order,
 * and collects tensor entries as advanced indices on the dims of the resulting view (masks become
 * one index per masked dim). Indices are not yet checked against sizes.
 */
export function parseIndex(self: Tensor, raw: readonly IndexItem[]): ParsedIndex {
  const items = raw.map(normalizeItem);
  const used = consumed(items);
  if (used > self.ndim) throw new IndexError(`too many indices for tensor of dimension ${self.ndim}`);
  let view = self;
  let dim = 0;
  // PyTorch words select errors with the dim in the original tensor, not in the partial result.
  let realDim = 0;
  let sawEllipsis = false;
  const advanced: AdvancedIndex[] = [];
  for (const it of items) {
    if (it === ELLIPSIS) {
      if (!sawEllipsis) {
        dim += self.ndim - used;
        realDim += self.ndim - used;
      }
      sawEllipsis = true;
    } else if (it === null) {
      view = view.unsqueeze(dim++);
    } else if (typeof it === 'number') {
      if (view.ndim === 0) {
        throw new IndexError(
          'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
        );
      }
      const size = view.shape[dim]!;
      if (it < -size || it >= size)
        throw new IndexError(`index ${it} is out of bounds for dimension ${realDim} with size ${size}`);
      view = selectDim(view, dim, it < 0 ? it + size : it);
      realDim++;
    } else if (it instanceof Slice) {
      if (it.step !== null && it.step <= 0) throw new ValueError('step must be greater than zero');
      view = view.slice(dim++, it.start, it.stop, it.step ?? 1);
      realDim++;
    } else if (isMask(it)) {
      if (it.ndim === 0) {
        // x[True] adds a dim of size 1 and selects it (x[False]: size 0), as PyTorch does.
        view = view.unsqueeze(dim);
        const hit = it.item() !== false && it.item() !== 0;
        advanced.push({ dim: dim++, index: hit ? tensor([0]) : tensor([], { dtype: 'int64' }) });
        continue;
      }
      for (let j = 0; j < it.ndim; j++) {
        if (it.shape[j] !== view.shape[dim + j]) {
          throw new IndexError(
            `The shape of the mask ${formatShape(it.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(view.shape)} at index ${dim + j}`,
          );
        }
      }
      const nz = it.bool().nonzero();
      for (let j = 0; j < it.ndim; j++) advanced.push({ dim: dim++, index: nz.select(1, j) });
      realDim += it.ndim;
    } else {
      if (it.dtype !== 'int64')
        throw new IndexError('tensors used as indices must be long, byte or bool tensors');
      advanced.push({ dim: dim++, index: it });
      realDim++;
    }
  }
  return { view, advanced };
}

/**
 * Checks advanced indices against their dims (PyTorch numbers the dim by the index's position among
 * the advanced indices), broadcasts them to one shape and wraps negatives. Returns the indices and
 * their shape.
 */
export function resolveAdvanced(
  view: Tensor,
  advanced: readonly AdvancedIndex[],
): { indices: Tensor[]; shape: number[] } {
  const shapes = advanced.map((a) => a.index.shape);
  let shape: number[];
  try {
    shape = broadcastShapes(...shapes);
  } catch {
    throw new IndexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${shapes.map(formatShape).join(', ')}`,
    );
  }
  const indices = advanced.map(({ dim, index }, k) => {
    const size = view.shape[dim]!;
    checkIndexValues(index, size, true, (v) =>
      size === 0
        ? new IndexError('index is out of bounds for dimension with size 0')
        : new IndexError(`index ${v} is out of bounds for dimension ${k} with size ${size}`),
    );
    // Index tensors written as JS arrays live on the CPU; like PyTorch, they may index any device.
    const onDevice = index.device === view.device ? index : index.to(view.device);
    const wrapped = size > 0 ? onDevice.remainder(size) : onDevice;
    return wrapped.expand(shape);
  });
  return { indices, shape };
}

/** True when the advanced dims are adjacent: their result dims then stay in place (NumPy's rule). */
export function adjacent(advanced: readonly AdvancedIndex[]): boolean {
  for (let i = 1; i < advanced.length; i++) if (advanced[i]!.dim !== advanced[i - 1]!.dim + 1) return false;
  return true;
}

/** The permutation that puts the advanced dims first (in order), then the others. */
export function advancedFirst(ndim: number, advanced: readonly AdvancedIndex[]): number[] {
  const dims = advanced.map((a) => a.dim);
  const rest = Array.from({ length: ndim }, (_, i) => i).filter((i) => !dims.includes(i));
  return [...dims, ...rest];
}
