/**
 * Pooling of `torch.nn.functional`: `maxPool1d`, `maxPool2d` (with `returnIndices` → `{ values,
 * indices }`), `avgPool2d`, `adaptiveAvgPool2d`, `adaptiveMaxPool2d` — core's ops, re-exported.
 * @example F.maxPool2d(x, 2, { returnIndices: true }).indices
 */
export {
  type AvgPoolOptions,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool2d,
  type MaxPoolOptions,
  maxPool1d,
  maxPool2d,
} from '@kindling/core';
