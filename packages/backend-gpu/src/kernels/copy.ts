import { broadcastStrides, ops, registerKernel, type TensorView } from '@kindling/core';
import { mapInto } from '../map.js';

/** `copy_` (with dtype conversion and broadcasting) and `fill_`, into any view. */
export function registerCopy(): void {
  registerKernel(ops.copyOp, 'gpu', '*', ([dst, src]: readonly TensorView[]) => {
    const d = dst!;
    const s = src!;
    const view: TensorView = {
      storage: s.storage,
      dtype: s.dtype,
      offset: s.offset,
      shape: d.shape,
      strides: broadcastStrides(s.shape, s.strides, d.shape),
    };
    // float → int conversion truncates and → bool tests != 0: castExpr does both on store.
    mapInto(d, [view], ([v]) => v!);
  });
  registerKernel(ops.fillOp, 'gpu', '*', ([dst], _out, { value }: { value: number }) => {
    const v = Number.isFinite(value) ? value : Number.isNaN(value) ? value : Math.sign(value) * 3.4028234e38;
    mapInto(dst!, [], (_vals, [c]) => (Number.isFinite(value) || Number.isNaN(value) ? c! : `(${c} * 2.0)`), [
      v,
    ]);
  });
}
