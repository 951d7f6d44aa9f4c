import { isGradEnabled } from '../autograd/grad-mode.js';
import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import type { OpDef, ViewGeometry } from '../op.js';
import { Tensor } from '../tensor.js';
import { emptyOn, rawCopy } from './copy.js';
import { stridedOp } from './views.js';

/**
 * Checks an in-place op on `self` may proceed and says whether it must be recorded for autograd.
 * Throws PyTorch's errors for leaves (and views of leaves) that require grad.
 */
export function checkInplace(self: Tensor, others: readonly Tensor[]): boolean {
  self._checkAlive();
  if (!isGradEnabled()) return false;
  const record = self.requiresGrad || others.some((o) => o.requiresGrad);
  if (!record) return false;
  if (self.isLeaf && self.requiresGrad) {
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  const base = self.base;
  if (base) {
    if (base.isLeaf && base.requiresGrad) {
      throw new RuntimeError(
        'a view of a leaf Variable that requires grad is being used in an in-place operation.',
      );
    }
    if (!base.isContiguous()) {
      throw new RuntimeError(
        'in-place operations with autograd on a view of a non-contiguous tensor are not supported: call .contiguous() on the base first',
      );
    }
  }
  return true;
}

/**
 * `base` with `src` written into the window `view` (geometry relative to a contiguous tensor of
 * base's shape at offset 0) — PyTorch's `as_strided_scatter`, the out-of-place form of writing into a
 * view. Its backward splits the gradient into the part outside the window (for `base`) and the window
 * (for `src`).
 */
export const viewScatterOp: OpDef<{ view: ViewGeometry }> = defineOp<{ view: ViewGeometry }>({
  name: 'viewScatter',
  meta([base, src], { view }) {
    if (src!.dtype !== base!.dtype || src!.shape.join() !== view.shape.join()) {
      throw new RuntimeError(
        `viewScatter: src must have the view's shape [${view.shape.join(', ')}] and base's dtype`,
      );
    }
    return { outputs: [{ shape: base!.shape, dtype: base!.dtype }], dtype: base!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([base, src], { view }) {
    const out = emptyOn(base!.device, base!.shape, base!.dtype);
    rawCopy(out, base!);
    rawCopy(new Tensor(out.storage, view.shape, view.strides, view.offset), src!);
    return out;
  },
  backward(ctx, [g]) {
    const view = ctx.attrs.view;
    const c = g!.contiguous();
    const gBase = ctx.needsInputGrad[0]
      ? dispatch1(viewScatterOp, [c, c.newZeros(view.shape)], { view })
      : null;
    const gSrc = ctx.needsInputGrad[1]
      ? dispatch1(stridedOp, [c], {
          shape: view.shape,
          strides: view.strides,
          offset: c.offset + view.offset,
          rel: view,
        })
      : null;
    return [gBase, gSrc];
  },
});

/**
 * Finishes a recorded in-place op: `result` (computed out of place, with history) is written into
 * `self`'s memory and `self` takes over its history, as PyTorch rebases an in-place op's output.
 * When `self` is a view, its base is rebased too (PyTorch's CopySlices): the base's new history is
 * "the old base with `result` scattered into the window", and `self` becomes a view of that.
 */
export function commitInplace<T extends Tensor>(self: T, result: Tensor): T {
  const base = self.base;
  if (base && isGradEnabled() && (base.requiresGrad || result.requiresGrad)) {
    const rel = { shape: self.shape, strides: self.strides, offset: self.offset - base.offset };
    const newBase = dispatch1(viewScatterOp, [base, result], { view: rel });
    rawCopy(base, newBase);
    base.storage.version++;
    if (newBase.gradFn) base._setGradFn(newBase.gradFn, newBase.outputNr);
    const v = dispatch1(stridedOp, [base], {
      shape: self.shape,
      strides: self.strides,
      offset: self.offset,
      rel,
    });
    if (v.gradFn) self._setGradFn(v.gradFn, v.outputNr);
    return self;
  }
  rawCopy(self, result);
  self.storage.version++;
  if (result.gradFn) self._setGradFn(result.gradFn, result.outputNr);
  return self;
}
