import { isFloatingPoint, type PromotionOperand, resultType, toFloatingType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import type { TensorOrScalar } from './args.js';
import { scalarTensor } from './creation.js';

/**
 * How a tensor takes part in type promotion: a wrapped number (a JS scalar an op turned into a
 * 0-dim tensor) counts as a scalar of its category, like PyTorch's `is_wrapped_number`.
 */
export function promotionOperand(t: Tensor): PromotionOperand {
  if (!t.wrappedNumber) return t;
  return t.dtype === 'bool' ? true : isFloatingPoint(t.dtype) ? 0.5 : 1;
}

/**
 * Turns a JS scalar operand into a wrapped-number tensor of the dtype it promotes to against `other`
 * (`floating`: ops such as true division that compute in floating point); tensors pass through.
 */
export function wrapNumber(
  x: TensorOrScalar,
  other: TensorOrScalar,
  device: string,
  floating = false,
): Tensor {
  if (x instanceof Tensor) return x;
  const d = resultType(other instanceof Tensor ? promotionOperand(other) : other, x);
  const t = scalarTensor(x, floating ? toFloatingType(d) : d, device);
  t.wrappedNumber = true;
  return t;
}
