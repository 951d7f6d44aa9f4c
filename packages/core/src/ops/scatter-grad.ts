import { Tensor } from '../tensor.js';
import { arange, zeros } from './creation.js';

type ScatterFn = (this: Tensor, dim: number, index: Tensor, src: Tensor) => Tensor;

/**
 * The gradient of "pick elements along `dim` at `index`" (max/min by dim, sort, topk): a tensor of
 * `shape`, zero except `src` written at `index` along `dim`. Indices along each line are distinct.
 *
 * Uses `Tensor.scatter` when the indexing ops provide it; until then a one-hot product (exact, and
 * differentiable for double backward, but O(k·n) per line).
 */
export function scatterAlongDim(shape: readonly number[], dim: number, index: Tensor, src: Tensor): Tensor {
  const scatter = (Tensor.prototype as unknown as { scatter?: ScatterFn }).scatter;
  if (typeof scatter === 'function') {
    return scatter.call(zeros([...shape], { dtype: src.dtype, device: src.device }), dim, index, src);
  }
  if (shape.length === 0) return src.reshape([]);
  const n = shape[dim]!;
  const positions = arange(n, { device: src.device });
  const oneHot = index.movedim(dim, -1).unsqueeze(-1).eq(positions);
  return src.movedim(dim, -1).unsqueeze(-1).mul(oneHot).sum(-2).movedim(-1, dim);
}
