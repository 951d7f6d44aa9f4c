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

/** A per-item transform as torchvision's `transform` / `target_transform` arguments. */
export type Transform<I, O> = (input: I) => O;
