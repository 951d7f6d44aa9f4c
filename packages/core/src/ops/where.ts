import { defineOp, dispatch1 } from '../dispatcher.js';
import { resultType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import type { TensorOrScalar } from './args.js';
import { torchName } from './unary.js';
import { promotionOperand, wrapNumber } from './wrapped-number.js';

/** `where(condition, a, b)`: elementwise select, broadcasting all three. Kernel inputs `[cond, a, b]`. */
export const whereOp = defineOp<Record<string, never>>({
  name: 'where',
  meta([c, a, b]) {
    if (c!.dtype !== 'bool' && c!.dtype !== 'uint8') {
      throw new RuntimeError(
        `where expected condition to be a boolean tensor, but got a tensor with dtype ${torchName(c!.dtype)}`,
      );
    }
    const d = resultType(promotionOperand(a!), promotionOperand(b!));
    const shape = broadcastShapes(c!.shape, a!.shape, b!.shape);
    return { outputs: [{ shape, dtype: d }], dtype: d, cast: ['bool', d, d], broadcast: true };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    const c = ctx.inputs[0]!;
    return [
      null,
      ctx.needsInputGrad[1] ? g!.where(c, 0) : null,
      ctx.needsInputGrad[2] ? g!.where(c.logicalNot(), 0) : null,
    ];
  },
});

/**
 * `torch.where(condition, input, other)`: `input` where `condition` is true, else `other`.
 * Either value may be a JS number.
 */
export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor;
/** `torch.where(condition)`: the indices of true elements, one int64 tensor per dim (`nonzero(asTuple)`). */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, input?: TensorOrScalar, other?: TensorOrScalar): Tensor | Tensor[] {
  if (input === undefined && other === undefined) return condition.nonzero({ asTuple: true });
  if (input === undefined || other === undefined) {
    throw new RuntimeError(
      'where() takes either one argument (condition) or three (condition, input, other)',
    );
  }
  const device = condition.device;
  return dispatch1(
    whereOp,
    [condition, wrapNumber(input, other, device), wrapNumber(other, input, device)],
    {},
  );
}
