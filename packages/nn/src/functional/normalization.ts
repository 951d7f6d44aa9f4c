/**
 * Normalisation of `torch.nn.functional`: `batchNorm` (updates running stats in place when
 * training), `layerNorm`, `groupNorm` — core's composites, re-exported.
 * @example F.batchNorm(x, runningMean, runningVar, { weight, bias, training: true })
 */
export {
  type AffineNormOptions,
  type BatchNormOptions,
  batchNorm,
  groupNorm,
  layerNorm,
} from '@kindling/core';
