/**
 * A map-style dataset: `length` items reachable by index, as `torch.utils.data.Dataset`.
 *
 * Structurally the same as core's `Dataset` interface (`{ length; getItem(i) }`), declared here so
 * that vision needs nothing beyond `@kindling/core` while that interface lands on main.
 */
export interface Dataset<T> {
  /** Number of items (`len(dataset)`). */
  readonly length: number;
  /** The item at `index` (`dataset[index]`). */
  getItem(index: number): T;
}

/**
 * A per-item transform as torchvision's `transform` / `target_transform` arguments: a function, or an
 * object with `forward` (every class in `transforms`).
 */
export type Transform<I, O> = ((input: I) => O) | { forward(input: I): O };

/** Applies a `Transform` of either kind. */
export function applyTransform<I, O>(t: Transform<I, O>, input: I): O {
  return typeof t === 'function' ? t(input) : t.forward(input);
}
