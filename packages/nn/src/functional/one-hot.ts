import { RuntimeError, type Tensor, zeros } from '@kindling/core';

/**
 * `F.one_hot(tensor, num_classes=-1)`: int64 [*, num_classes] with a 1 at each index. With −1 the
 * class count is max + 1. Mirrors `torch.nn.functional.one_hot`.
 * @example F.oneHot(torch.tensor([0, 2], { dtype: 'int64' }), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(input: Tensor, numClasses: number | { numClasses?: number } = -1): Tensor {
  let n = typeof numClasses === 'object' ? (numClasses.numClasses ?? -1) : numClasses;
  if (input.dtype !== 'int64') throw new RuntimeError('one_hot is only applicable to index tensor.');
  if (input.numel() === 0) {
    if (n <= 0) throw new RuntimeError('Can not infer total number of classes from empty tensor.');
    return zeros([...input.shape, n], { dtype: 'int64' });
  }
  const values = input.contiguous().dataSync();
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo < 0) throw new RuntimeError('Class values must be non-negative.');
  if (n === -1) n = hi + 1;
  else if (hi >= n) throw new RuntimeError('Class values must be smaller than num_classes.');
  return zeros([...input.shape, n], { dtype: 'int64' }).scatter(-1, input.unsqueeze(-1), 1);
}
