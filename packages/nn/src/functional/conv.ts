/**
 * Convolutions of `torch.nn.functional`: `conv1d`, `conv2d` (padding as ints, `'same'` or `'valid'`;
 * stride, dilation, groups) and `convTranspose2d`. They are core's ops (im2col + packed GEMM on the
 * CPU), re-exported here so that `F.conv2d` reads as in PyTorch.
 * @example F.conv2d(x, weight, { bias, padding: 'same' })
 */
export {
  type ConvOptions,
  type ConvPadding,
  type ConvTransposeOptions,
  conv1d,
  conv2d,
  convTranspose2d,
  type IntOrTuple,
} from '@kindling/core';
