import { formatTensor, RuntimeError, Tensor, zeros } from '@kindling/core';

/**
 * A tensor that is a module parameter (`torch.nn.Parameter`): a leaf that requires grad by default
 * and that {@link Module.parameters} finds when it is assigned to a module field.
 *
 * It is a subclass of `Tensor` sharing `data`'s memory (no copy), so every tensor op works on it and
 * `instanceof Tensor` holds. Results of ops on a Parameter are plain tensors, as in PyTorch.
 * Prints as PyTorch does: `Parameter containing:\ntensor(...)`.
 * @example
 * const w = new nn.Parameter(torch.randn(3, 4));
 * w.requiresGrad; // true
 */
export class Parameter extends Tensor {
  constructor(data?: Tensor, requiresGrad = true) {
    const d = data ?? zeros(0);
    super(d.storage, d.shape, d.strides, d.offset);
    if (requiresGrad && !d.isFloatingPoint()) {
      throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
    }
    // A parameter belongs to a module, which outlives any torch.scope it was built in.
    this.escapedScope = true;
    if (requiresGrad) this.requiresGrad_(true);
  }

  override toString(): string {
    return `Parameter containing:\n${formatTensor(this)}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
