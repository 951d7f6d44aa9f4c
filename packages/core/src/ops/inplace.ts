import { isGradEnabled } from '../autograd/grad-mode.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { rawCopy } from './copy.js';

/**
 * Checks an in-place op on `self` may proceed and says whether it must be recorded for autograd.
 * Throws PyTorch's errors for leaves that require grad and for views of graph tensors.
 */
export function checkInplace(self: Tensor, others: readonly Tensor[]): boolean {
  self._checkAlive();
  if (!isGradEnabled()) return false;
  const record = self.requiresGrad || others.some((o) => o.requiresGrad);
  if (!record) return false;
  if (self.isLeaf && self.requiresGrad) {
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  if (self.base && (self.base.requiresGrad || self.requiresGrad)) {
    throw new RuntimeError(
      'in-place operations on a view of a tensor that requires grad are not supported yet: use the out-of-place op (e.g. torch.where, indexPut) instead',
    );
  }
  return true;
}

/**
 * Finishes a recorded in-place op: `result` (computed out of place, with history) is written into
 * `self`'s memory and `self` takes over its history, as PyTorch rebases an in-place op's output.
 */
export function commitInplace<T extends Tensor>(self: T, result: Tensor): T {
  rawCopy(self, result);
  self.storage.version++;
  if (result.gradFn) self._setGradFn(result.gradFn, result.outputNr);
  return self;
}
