/** Map-style datasets use core's protocol (`torch.utils.data.Dataset`), so vision needs no `@kindling/data`. */
export type { Dataset } from '@kindling/core';

/**
 * A per-item transform as torchvision's `transform` / `target_transform` arguments: a function, or an
 * object with `forward` (every class in `transforms`).
 */
export type Transform<I, O> = ((input: I) => O) | { forward(input: I): O };

/** Applies a `Transform` of either kind. */
export function applyTransform<I, O>(t: Transform<I, O>, input: I): O {
  return typeof t === 'function' ? t(input) : t.forward(input);
}
