import { type DType, isDType, isFloatingPoint, noGrad, type Tensor, TorchTypeError } from '@kindling/core';
import type { Module } from './module.js';

/**
 * `Module.to`: converts every parameter and buffer below `root`. Parameters keep their identity
 * (their memory is swapped with `Tensor.set_`, PyTorch's `param.data = …`); dtype casts touch
 * floating-point tensors only, as in PyTorch.
 */
export function moveModule(root: Module, target: DType | string | { dtype?: DType; device?: string }): void {
  const spec =
    typeof target === 'string' ? (isDType(target) ? { dtype: target } : { device: target }) : target;
  if (spec.dtype && !isFloatingPoint(spec.dtype)) {
    throw new TorchTypeError(
      `nn.Module.to only accepts floating point dtypes, but got desired dtype=${spec.dtype}`,
    );
  }
  const convert = (t: Tensor): Tensor =>
    t.to({ device: spec.device, dtype: t.isFloatingPoint() ? spec.dtype : undefined });
  noGrad(() => {
    for (const m of root.modules()) {
      for (const [, p] of m._ownParameters()) {
        const next = convert(p);
        if (next !== p) p.set_(next);
        if (p.grad) {
          const g = convert(p.grad);
          if (g !== p.grad) p.grad = g;
        }
      }
      for (const [name, b] of m._ownBuffers()) {
        const next = convert(b);
        if (next !== b) m._setSlot(name, next);
      }
    }
  });
}
