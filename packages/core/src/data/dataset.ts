/**
 * The dataset protocols (`torch.utils.data.Dataset` / `IterableDataset`) as types, in core so that
 * packages which only produce datasets (vision) need not depend on `@kindling/data`.
 * @module
 */

/**
 * A map-style dataset (`torch.utils.data.Dataset`): `length` items addressed by index.
 *
 * `length` is a property, like an array's, and plays the part of PyTorch's `len(ds)` (a getter in a
 * class). `getItem(i)` plays `ds[i]` and may return a promise (for items read from disk).
 * @example
 * class Squares implements torch.Dataset<number> {
 *   readonly length = 10;
 *   getItem(i: number) { return i * i; }
 * }
 */
export interface Dataset<T> {
  /** The number of items, as `len(dataset)`. */
  readonly length: number;
  /** The item at index `i` in `[0, length)`, as `dataset[i]`. */
  getItem(i: number): T | Promise<T>;
}

/**
 * An iterable-style dataset (`torch.utils.data.IterableDataset`): a stream of items, read with
 * `for await (const item of ds)`.
 */
export interface IterableDataset<T> {
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/** Whether `x` is a map-style {@link Dataset} (has a numeric `length` and a `getItem` method). */
export function isMapDataset<T = unknown>(x: unknown): x is Dataset<T> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { length?: unknown }).length === 'number' &&
    typeof (x as { getItem?: unknown }).getItem === 'function'
  );
}

/** Whether `x` is an {@link IterableDataset} (has `Symbol.asyncIterator`). */
export function isIterableDataset<T = unknown>(x: unknown): x is IterableDataset<T> {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
