import { broadcastStrides, ops, registerKernel, type TensorView } from '@kindling/core';
import { mapInto } from '../map.js';
import { scalarArg } from '../program.js';

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
    // An infinite fill arrives as ±FLOAT_MAX; doubling it overflows to ±Infinity on the device.
    const infinite = Math.abs(value) === Infinity;
    mapInto(dst!, [], (_vals, [c]) => (infinite ? `(${c} * 2.0)` : c!), [scalarArg(value)]);
  });
}
