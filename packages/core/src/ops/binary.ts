import { defineOp, dispatch1, dispatchInto } from '../dispatcher.js';
import { canCast, type DType, isFloatingPoint, resultType, toFloatingType } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import type { TensorOrScalar } from './args.js';
import { checkInplace, commitInplace } from './inplace.js';
import { torchName } from './unary.js';
import { promotionOperand, wrapNumber } from './wrapped-number.js';

/**
 * How a binary op maps dtypes: `arith` keeps the promoted type, `float` computes in floating point
 * (true division), `compare` and `logical` return bool, `bitwise` accepts integers and bool only.
 */
type BinaryKind = 'arith' | 'float' | 'compare' | 'logical' | 'bitwise';

/** `alpha` scales the second operand of add/sub (`a + alpha * b`). */
export interface BinaryAttrs {
  readonly alpha?: number;
}

type Backward = (
  g: Tensor,
  a: Tensor,
  b: Tensor,
  out: Tensor,
  attrs: BinaryAttrs,
) => [Tensor | null, Tensor | null];

const binaryDefs = new Map<string, OpDef<BinaryAttrs>>();

// PyTorch's kernel names, for "… not implemented for 'Bool'" messages.
const KERNEL_NAME: Record<string, string> = {
  divFloor: 'div_floor_cpu',
  divTrunc: 'div_trunc_cpu',
  remainder: 'remainder_cpu',
  fmod: 'fmod_cpu',
  pow: 'pow',
  bitwiseAnd: 'bitwise_and_cpu',
  bitwiseOr: 'bitwise_or_cpu',
  bitwiseXor: 'bitwise_xor_cpu',
};

function computeType(kind: BinaryKind, name: string, a: Tensor, b: Tensor): DType {
  if (name === 'sub' && (a.dtype === 'bool' || b.dtype === 'bool')) {
    throw new RuntimeError(
      a.dtype === 'bool' && b.dtype === 'bool'
        ? 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
        : 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  const d = resultType(promotionOperand(a), promotionOperand(b));
  if (kind === 'float') return toFloatingType(d);
  if (
    (kind === 'bitwise' && isFloatingPoint(d)) ||
    (d === 'bool' && name in KERNEL_NAME && kind !== 'bitwise')
  ) {
    throw new RuntimeError(`"${KERNEL_NAME[name] ?? name}" not implemented for '${torchName(d)}'`);
  }
  return d;
}

// These PyTorch functions take only tensors as their second argument.
const TENSOR_ONLY: Record<string, string> = {
  maximum: 'maximum',
  minimum: 'minimum',
  logicalAnd: 'logical_and',
  logicalOr: 'logical_or',
  logicalXor: 'logical_xor',
  atan2: 'atan2',
};

const isBool = (x: TensorOrScalar) => (x instanceof Tensor ? x.dtype === 'bool' : typeof x === 'boolean');

function checkTensorOnly(name: string, other: TensorOrScalar, self?: TensorOrScalar): void {
  if (name === 'sub' && self !== undefined && (isBool(self) || isBool(other))) {
    throw new RuntimeError(
      isBool(self) && isBool(other)
        ? 'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.'
        : 'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  const torchFn = TENSOR_ONLY[name];
  if (torchFn === undefined || other instanceof Tensor) return;
  const kind = typeof other === 'boolean' ? 'bool' : Number.isInteger(other) ? 'int' : 'float';
  throw new TorchTypeError(`${torchFn}(): argument 'other' (position 2) must be Tensor, not ${kind}`);
}

/** PyTorch's `alpha_check`: alpha must fit the result's category. */
function checkAlpha(d: DType, alpha: number): void {
  if (d === 'bool' && alpha !== 0 && alpha !== 1) {
    throw new RuntimeError('Boolean alpha only supported for Boolean results.');
  }
  if (!isFloatingPoint(d) && !Number.isInteger(alpha)) {
    throw new RuntimeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
}

function defineBinary(name: string, kind: BinaryKind, backward?: Backward): OpDef<BinaryAttrs> {
  const def = defineOp<BinaryAttrs>({
    name,
    meta([a, b], { alpha }) {
      const d = computeType(kind, name, a!, b!);
      if (alpha !== undefined) checkAlpha(d, alpha);
      const shape = shapesEqual(a!.shape, b!.shape) ? a!.shape : broadcastShapes(a!.shape, b!.shape);
      const out = kind === 'compare' || kind === 'logical' ? 'bool' : d;
      return { outputs: [{ shape, dtype: out }], dtype: d, cast: [d, d], broadcast: true };
    },
    // Only pow's formula reads the output; add/sub read nothing but alpha.
    saves: { inputs: name !== 'add' && name !== 'sub', outputs: name === 'pow' },
    ...(backward
      ? {
          backward(ctx, [g]) {
            if (name === 'add' || name === 'sub') return backward(g!, g!, g!, g!, ctx.attrs);
            return backward(
              g!,
              ctx.inputs[0]!,
              ctx.inputs[1]!,
              name === 'pow' ? ctx.outputs[0]! : g!,
              ctx.attrs,
            );
          },
        }
      : {}),
  });
  binaryDefs.set(name, def);
  return def;
}

const zeros2: Backward = () => [null, null];

export const addOp = defineBinary('add', 'arith', (g, _a, _b, _o, { alpha = 1 }) => [
  g,
  alpha === 1 ? g : g.mul(alpha),
]);
export const subOp = defineBinary('sub', 'arith', (g, _a, _b, _o, { alpha = 1 }) => [g, g.mul(-alpha)]);
export const mulOp = defineBinary('mul', 'arith', (g, a, b) => [g.mul(b), g.mul(a)]);
export const divOp = defineBinary('div', 'float', (g, a, b) => [g.div(b), g.mul(a).div(b.square()).neg()]);
/** Integer-style division rounding toward zero (`div(a, b, { roundingMode: 'trunc' })`). */
export const divTruncOp = defineBinary('divTrunc', 'arith', zeros2);
/** Division rounding down (`floor_divide`, `//`). */
export const divFloorOp = defineBinary('divFloor', 'arith', zeros2);
export const powOp = defineBinary('pow', 'arith', (g, a, b, out) => {
  const ga = g.mul(b).mul(a.pow(b.sub(1)));
  // d/db a^b = a^b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's convention).
  const gb = g
    .mul(out)
    .mul(a.log())
    .where(a.ne(0).logicalOr(b.lt(0)), 0);
  return [ga, gb];
});
export const maximumOp = defineBinary('maximum', 'arith', (g, a, b) => {
  const half = g.mul(a.eq(b)).mul(0.5);
  return [g.mul(a.gt(b)).add(half), g.mul(a.lt(b)).add(half)];
});
export const minimumOp = defineBinary('minimum', 'arith', (g, a, b) => {
  const half = g.mul(a.eq(b)).mul(0.5);
  return [g.mul(a.lt(b)).add(half), g.mul(a.gt(b)).add(half)];
});
export const atan2Op = defineBinary('atan2', 'float', (g, a, b) => {
  const r = a.square().add(b.square());
  return [g.mul(b).div(r), g.mul(a).neg().div(r)];
});
/** Python's `%`: the result takes the divisor's sign. */
export const remainderOp = defineBinary('remainder', 'arith', (g, a, b) => [
  g,
  g.mul(a.div(b).floor()).neg(),
]);
/** C's `fmod`: the result takes the dividend's sign. */
export const fmodOp = defineBinary('fmod', 'arith', (g, a, b) => [g, g.mul(a.div(b).trunc()).neg()]);
export const eqOp = defineBinary('eq', 'compare');
export const neOp = defineBinary('ne', 'compare');
export const ltOp = defineBinary('lt', 'compare');
export const leOp = defineBinary('le', 'compare');
export const gtOp = defineBinary('gt', 'compare');
export const geOp = defineBinary('ge', 'compare');
export const logicalAndOp = defineBinary('logicalAnd', 'logical');
export const logicalOrOp = defineBinary('logicalOr', 'logical');
export const logicalXorOp = defineBinary('logicalXor', 'logical');
export const bitwiseAndOp = defineBinary('bitwiseAnd', 'bitwise');
export const bitwiseOrOp = defineBinary('bitwiseOr', 'bitwise');
export const bitwiseXorOp = defineBinary('bitwiseXor', 'bitwise');

/** The elementwise binary ops by name (backends loop over this to register kernels). */
export function listBinaryOps(): ReadonlyMap<string, OpDef<BinaryAttrs>> {
  return binaryDefs;
}

/** Turns a JS scalar operand into a wrapped-number tensor of the dtype the op computes in. */
function wrap(def: OpDef<BinaryAttrs>, x: TensorOrScalar, other: TensorOrScalar): Tensor {
  const device = other instanceof Tensor ? other.device : 'cpu';
  return wrapNumber(x, other, device, def.name === 'div' || def.name === 'atan2');
}

/** Calls a binary op with tensors or scalars on either side. */
export function binary(
  def: OpDef<BinaryAttrs>,
  a: TensorOrScalar,
  b: TensorOrScalar,
  attrs: BinaryAttrs = {},
): Tensor {
  checkTensorOnly(def.name, b, a);
  return dispatch1(def, [wrap(def, a, b), wrap(def, b, a)], attrs);
}

/** In-place binary op on `self` (`add_`, `mul_`, …), writing straight into it when possible. */
export function binaryInplace<T extends Tensor>(
  def: OpDef<BinaryAttrs>,
  self: T,
  other: TensorOrScalar,
  attrs: BinaryAttrs = {},
): T {
  checkTensorOnly(def.name, other, self);
  const o = wrap(def, other, self);
  const shape = broadcastShapes(self.shape, o.shape);
  if (!shapesEqual(shape, self.shape)) {
    throw new RuntimeError(
      `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(shape)}`,
    );
  }
  const meta = def.meta([self, o], attrs);
  const outType = meta.outputs![0]!.dtype;
  if (!canCast(outType, self.dtype)) {
    throw new RuntimeError(
      `result type ${torchName(outType)} can't be cast to the desired output type ${torchName(self.dtype)}`,
    );
  }
  if (checkInplace(self, [o])) {
    // Compute from copies: self's memory is about to be overwritten but backward may need the old value.
    const old = self.clone();
    const rhs = o === self ? old : o.storage === self.storage ? o.clone() : o;
    return commitInplace(self, dispatch1(def, [old, rhs], attrs));
  }
  if (dispatchInto(def, [self, o], attrs, self, meta)) {
    self.storage.version++;
    return self;
  }
  const r = dispatch1(def, [self, o], attrs);
  self.copy_(r);
  r.dispose();
  return self;
}
