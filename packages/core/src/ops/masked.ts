import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { Scalar } from './args.js';
import { rawCopy } from './copy.js';
import { scalarTensor } from './creation.js';
import { nonzeroOp } from './index-put.js';
import { checkInplace, commitInplace } from './inplace.js';
import { torchName } from './unary.js';
import { where } from './where.js';

/**
 * `masked_fill(mask, value)`: `value` where `mask` is true, else the input; the output has the
 * broadcast shape of input and mask. Inputs `[x, mask, value]` (value: 0-d, of x's dtype).
 */
export const maskedFillOp = defineOp<Record<string, never>>({
  name: 'maskedFill',
  meta([x, mask]) {
    return { outputs: [{ shape: broadcastShapes(x!.shape, mask!.shape), dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([x, mask, value]) {
    return where(mask!, value!, x!);
  },
  backward(ctx, [g]) {
    const mask = ctx.inputs[1]!;
    return [
      ctx.needsInputGrad[0] ? where(mask, 0, g!) : null,
      null,
      ctx.needsInputGrad[2] ? where(mask, g!, 0) : null,
    ];
  },
});

function checkMask(mask: Tensor): void {
  if (mask.dtype !== 'bool' && mask.dtype !== 'uint8') {
    // PyTorch 1.13 silently ignores a non-bool mask here; later versions raise this error.
    throw new RuntimeError(
      `masked_fill_ only supports boolean masks, but got mask with dtype ${torchName(mask.dtype)}`,
    );
  }
}

function fillValue(x: Tensor, value: Tensor | Scalar): Tensor {
  if (!(value instanceof Tensor)) return scalarTensor(value, x.dtype, x.device);
  if (value.ndim !== 0) {
    throw new RuntimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  }
  return value.to(x.dtype);
}

/** `torch.masked_fill(input, mask, value)`: `value` where `mask` (bool) is true. */
export function maskedFill(input: Tensor, mask: Tensor, value: Tensor | Scalar): Tensor {
  return input.maskedFill(mask, value);
}

/**
 * `torch.masked_select(input, mask)`: the elements where `mask` is true (both broadcast), as 1-d.
 * @example
 * torch.maskedSelect(x, x.gt(0)); // the positive elements of x
 */
export function maskedSelect(input: Tensor, mask: Tensor): Tensor {
  return input.maskedSelect(mask);
}

/**
 * `torch.nonzero(input, { asTuple })`: the coordinates of non-zero elements, an int64 [n, ndim]
 * tensor, or one 1-d tensor per dim with `asTuple`.
 */
export function nonzero(input: Tensor, opts?: { asTuple?: false }): Tensor;
export function nonzero(input: Tensor, opts: { asTuple: true }): Tensor[];
export function nonzero(input: Tensor, opts: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  return opts.asTuple ? input.nonzero({ asTuple: true }) : input.nonzero();
}

/** `torch.argwhere(input)`: same as {@link nonzero}. */
export function argwhere(input: Tensor): Tensor {
  return input.nonzero();
}

declare module '../tensor.js' {
  interface Tensor {
    /** `x.maskedFill(mask, value)`: PyTorch's `masked_fill`. */
    maskedFill(mask: Tensor, value: Tensor | Scalar): Tensor;
    /** In-place `masked_fill_` (the mask must broadcast to x's shape). */
    maskedFill_(mask: Tensor, value: Tensor | Scalar): this;
    /** `x.maskedSelect(mask)`: PyTorch's `masked_select`. */
    maskedSelect(mask: Tensor): Tensor;
    /** `x.nonzero()`: PyTorch's `nonzero`; `{ asTuple: true }` gives one index tensor per dim. */
    nonzero(opts?: { asTuple?: false }): Tensor;
    nonzero(opts: { asTuple: true }): Tensor[];
  }
}

const T = Tensor.prototype;

T.maskedFill = function (this: Tensor, mask: Tensor, value: Tensor | Scalar) {
  checkMask(mask);
  return dispatch1(maskedFillOp, [this, mask, fillValue(this, value)], {});
};
T.maskedFill_ = function (this: Tensor, mask: Tensor, value: Tensor | Scalar) {
  checkMask(mask);
  const shape = broadcastShapes(this.shape, mask.shape);
  if (!shapesEqual(shape, this.shape)) {
    throw new RuntimeError(
      `output with shape ${formatShape(this.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  const v = fillValue(this, value);
  if (checkInplace(this, [v]))
    return commitInplace(this, dispatch1(maskedFillOp, [this.clone(), mask, v], {}));
  const r = dispatch1(maskedFillOp, [this, mask, v], {});
  rawCopy(this, r);
  this.storage.version++;
  return this;
} as Tensor['maskedFill_'];
T.maskedSelect = function (this: Tensor, mask: Tensor) {
  if (mask.dtype !== 'bool' && mask.dtype !== 'uint8') {
    throw new RuntimeError('masked_select: expected BoolTensor or ByteTensor for mask');
  }
  const shape = broadcastShapes(this.shape, mask.shape);
  const positions = dispatch1(nonzeroOp, [mask.expand(shape).flatten()], {}).flatten();
  return this.expand(shape).flatten().indexSelect(0, positions);
};
(T as { nonzero: (opts?: { asTuple?: boolean }) => Tensor | Tensor[] }).nonzero = function (
  this: Tensor,
  opts: { asTuple?: boolean } = {},
) {
  const nz = dispatch1(nonzeroOp, [this], {});
  if (!opts.asTuple) return nz;
  return this.ndim === 0 ? [nz.flatten()] : nz.unbind(1);
};
