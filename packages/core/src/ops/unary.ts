import { defineOp, dispatch1, dispatchInto } from '../dispatcher.js';
import { type DType, getDefaultDtype, isFloatingPoint, toFloatingType, torchName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { GradContext, OpDef } from '../op.js';
import type { Tensor } from '../tensor.js';
import { checkInplace, commitInplace } from './inplace.js';

/**
 * How a unary op maps dtypes: `float` ops compute in floating point (ints become the default float),
 * `same` ops keep the dtype, `bool` ops return bool, `int` ops accept only integers and bool.
 */
type UnaryKind = 'float' | 'same' | 'bool' | 'int' | 'sameNoBool' | 'sameFloat' | 'boolToLong';

/** Attributes of parameterised elementwise ops (clamp bounds, softplus beta, …). */
export interface UnaryAttrs {
  readonly a?: number;
  readonly b?: number;
}

type Backward = (g: Tensor, x: Tensor, out: Tensor, attrs: UnaryAttrs) => Tensor;

const unaryDefs = new Map<string, OpDef<UnaryAttrs>>();

// Which forward value each backward formula reads: the output (`y`), the input (`x`), or neither.
const USES_OUTPUT = new Set([
  'exp',
  'exp2',
  'expm1',
  'sqrt',
  'rsqrt',
  'tan',
  'tanh',
  'sigmoid',
  'relu',
  'reciprocal',
]);
const USES_NOTHING = new Set(['neg', 'sign', 'floor', 'ceil', 'round', 'trunc', 'frac']);

function defineUnary(name: string, kind: UnaryKind, backward?: Backward): OpDef<UnaryAttrs> {
  const def = defineOp<UnaryAttrs>({
    name,
    saves: USES_NOTHING.has(name)
      ? { inputs: false, outputs: false }
      : USES_OUTPUT.has(name)
        ? { inputs: false, outputs: true }
        : { inputs: true, outputs: false },
    meta([x]) {
      const d = x!.dtype;
      if (kind === 'float') {
        const f = toFloatingType(d);
        return { outputs: [{ shape: x!.shape, dtype: f }], dtype: f, cast: [f] };
      }
      if (kind === 'bool') return { outputs: [{ shape: x!.shape, dtype: 'bool' }], dtype: d };
      if ((kind === 'int' && isFloatingPoint(d)) || (kind === 'sameFloat' && !isFloatingPoint(d))) {
        throw new RuntimeError(`"${name}_cpu" not implemented for '${torchName(d)}'`);
      }
      if (kind === 'sameNoBool' && d === 'bool') {
        throw new RuntimeError(
          name === 'neg'
            ? 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.'
            : name === 'relu'
              ? 'Boolean inputs not supported for relu'
              : `"${name}_cpu" not implemented for 'Bool'`,
        );
      }
      // square is pow(x, 2): a bool base promotes to int64, as in PyTorch.
      if (kind === 'boolToLong' && d === 'bool')
        return { outputs: [{ shape: x!.shape, dtype: 'int64' }], dtype: 'int64', cast: ['int64'] };
      return { outputs: [{ shape: x!.shape, dtype: d }], dtype: d };
    },
    ...(backward
      ? {
          backward(ctx: GradContext<UnaryAttrs>, [g]: readonly Tensor[]) {
            const x = USES_OUTPUT.has(name) || USES_NOTHING.has(name) ? g! : ctx.inputs[0]!;
            const y = USES_OUTPUT.has(name) ? ctx.outputs[0]! : g!;
            return [backward(g!, x, y, ctx.attrs)];
          },
        }
      : {}),
  });
  unaryDefs.set(name, def);
  return def;
}

const zero: Backward = (g) => g.mul(0);
const SQRT_2_OVER_PI = 0.7978845608028654;
const INV_SQRT_2PI = 0.3989422804014327;

// The elementwise unary set. Each backward is written with ops, so double backward works.
export const negOp = defineUnary('neg', 'sameNoBool', (g) => g.neg());
export const absOp = defineUnary('abs', 'sameNoBool', (g, x) => g.mul(x.sign()));
export const sgnOp = defineUnary('sign', 'same', zero);
// (zero-gradient ops get `g` in place of x/y: their formulas read neither.)
export const expOp = defineUnary('exp', 'float', (g, _x, y) => g.mul(y));
export const exp2Op = defineUnary('exp2', 'float', (g, _x, y) => g.mul(y).mul(Math.LN2));
export const expm1Op = defineUnary('expm1', 'float', (g, _x, y) => g.mul(y.add(1)));
export const logOp = defineUnary('log', 'float', (g, x) => g.div(x));
export const log2Op = defineUnary('log2', 'float', (g, x) => g.div(x.mul(Math.LN2)));
export const log10Op = defineUnary('log10', 'float', (g, x) => g.div(x.mul(Math.LN10)));
export const log1pOp = defineUnary('log1p', 'float', (g, x) => g.div(x.add(1)));
export const sqrtOp = defineUnary('sqrt', 'float', (g, _x, y) => g.div(y.mul(2)));
export const rsqrtOp = defineUnary('rsqrt', 'float', (g, _x, y) => g.mul(y.pow(3)).mul(-0.5));
export const sinOp = defineUnary('sin', 'float', (g, x) => g.mul(x.cos()));
export const cosOp = defineUnary('cos', 'float', (g, x) => g.mul(x.sin().neg()));
export const tanOp = defineUnary('tan', 'float', (g, _x, y) => g.mul(y.square().add(1)));
export const asinOp = defineUnary('asin', 'float', (g, x) => g.mul(x.square().neg().add(1).rsqrt()));
export const acosOp = defineUnary('acos', 'float', (g, x) => g.mul(x.square().neg().add(1).rsqrt()).neg());
export const atanOp = defineUnary('atan', 'float', (g, x) => g.div(x.square().add(1)));
export const sinhOp = defineUnary('sinh', 'float', (g, x) => g.mul(x.cosh()));
export const coshOp = defineUnary('cosh', 'float', (g, x) => g.mul(x.sinh()));
export const tanhOp = defineUnary('tanh', 'float', (g, _x, y) => g.mul(y.square().neg().add(1)));
export const sigmoidOp = defineUnary('sigmoid', 'float', (g, _x, y) => g.mul(y.mul(y.neg().add(1))));
export const reluOp = defineUnary('relu', 'sameNoBool', (g, _x, y) => g.mul(y.gt(0)));
export const erfOp = defineUnary('erf', 'float', (g, x) =>
  g.mul(
    x
      .square()
      .neg()
      .exp()
      .mul(2 / Math.sqrt(Math.PI)),
  ),
);
export const erfcOp = defineUnary('erfc', 'float', (g, x) =>
  g.mul(
    x
      .square()
      .neg()
      .exp()
      .mul(-2 / Math.sqrt(Math.PI)),
  ),
);
/** gelu with `a` = 0 (exact, erf) or 1 (tanh approximation). */
export const geluOp = defineUnary('gelu', 'float', (g, x, _y, { a }) => {
  if (a === 1) {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
    const t = inner.tanh();
    const dinner = x
      .square()
      .mul(3 * 0.044715)
      .add(1)
      .mul(SQRT_2_OVER_PI);
    return g.mul(
      t
        .add(1)
        .mul(0.5)
        .add(x.mul(0.5).mul(t.square().neg().add(1)).mul(dinner)),
    );
  }
  const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  const pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
  return g.mul(cdf.add(x.mul(pdf)));
});
export const siluOp = defineUnary('silu', 'float', (g, x) => {
  const s = x.sigmoid();
  return g.mul(s.mul(x.mul(s.neg().add(1)).add(1)));
});
/** softplus with `a` = beta, `b` = threshold. */
export const softplusOp = defineUnary('softplus', 'float', (g, x, _y, { a = 1, b = 20 }) => {
  const z = x.mul(a);
  return g.mul(z.sigmoid()).where(z.le(b), g);
});
export const floorOp = defineUnary('floor', 'same', zero);
export const ceilOp = defineUnary('ceil', 'same', zero);
export const roundOp = defineUnary('round', 'same', zero);
export const truncOp = defineUnary('trunc', 'same', zero);
export const fracOp = defineUnary('frac', 'sameFloat', (g) => g);
export const reciprocalOp = defineUnary('reciprocal', 'float', (g, _x, y) => g.mul(y.square()).neg());
export const squareOp = defineUnary('square', 'boolToLong', (g, x) => g.mul(x).mul(2));
export const logicalNotOp = defineUnary('logicalNot', 'bool');
export const bitwiseNotOp = defineUnary('bitwiseNot', 'int');
export const isnanOp = defineUnary('isnan', 'bool');
export const isinfOp = defineUnary('isinf', 'bool');
export const isfiniteOp = defineUnary('isfinite', 'bool');
/** clamp with optional bounds `a` (min) and `b` (max); the gradient passes where a ≤ x ≤ b. */
export const clampOp = defineUnary('clamp', 'same', (g, x, _y, { a, b }) => {
  let mask = a === undefined ? null : x.ge(a);
  if (b !== undefined) mask = mask ? mask.logicalAnd(x.le(b)) : x.le(b);
  return mask ? g.mul(mask) : g;
});
/** x ** a for a scalar exponent `a`. */
export const powScalarOp = defineUnary('powScalar', 'same', (g, x, _y, { a = 1 }) =>
  a === 0 ? g.mul(0) : g.mul(x.pow(a - 1)).mul(a),
);

/** The elementwise unary ops by name (backends loop over this to register kernels). */
export function listUnaryOps(): ReadonlyMap<string, OpDef<UnaryAttrs>> {
  return unaryDefs;
}

export function unary(def: OpDef<UnaryAttrs>, x: Tensor, attrs: UnaryAttrs = {}): Tensor {
  return dispatch1(def, [x], attrs);
}

/** In-place form: writes straight into `x` when no history is recorded and the dtype matches. */
export function unaryInplace<T extends Tensor>(def: OpDef<UnaryAttrs>, x: T, attrs: UnaryAttrs = {}): T {
  if (checkInplace(x, [])) return commitInplace(x, dispatch1(def, [x.clone()], attrs));
  if (dispatchInto(def, [x], attrs, x)) {
    x.storage.version++;
    return x;
  }
  const r = dispatch1(def, [x], attrs);
  if (r.dtype !== x.dtype && !isFloatingPoint(x.dtype)) {
    throw new RuntimeError(
      `result type ${torchName(r.dtype)} can't be cast to the desired output type ${torchName(x.dtype)}`,
    );
  }
  x.copy_(r);
  r.dispose();
  return x;
}

void getDefaultDtype;

export { torchName };
