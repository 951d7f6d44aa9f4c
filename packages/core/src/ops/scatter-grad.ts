import type { Tensor } from '../tensor.js';
import { zeros } from './creation.js';
import './scatter-gather.js';

/**
 * The gradient of "pick elements along `dim` at `index`" (max/min by dim, sort, topk): a tensor of
 * `shape`, zero except `src` written at `index` along `dim` (indices along each line are distinct).
 * `scatter` is differentiable, so double backward works.
 */
export function scatterAlongDim(shape: readonly number[], dim: number, index: Tensor, src: Tensor): Tensor {
  if (shape.length === 0) return src.reshape([]);
  return zeros([...shape], { dtype: src.dtype, device: src.device }).scatter(dim, index, src);
}
