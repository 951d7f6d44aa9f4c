import { getDefaultDtype, isFloatingPoint, resultType } from '../dtype.js';
import { RuntimeError, ValueError } from '../errors.js';
import type { OpDef } from '../op.js';
import { Tensor } from '../tensor.js';
import { parseArgs, type TensorOrScalar } from './args.js';
import * as B from './binary.js';
import * as U from './unary.js';
import { where } from './where.js';

type UDef = OpDef<U.UnaryAttrs>;

// Each PyTorch elementwise name → its op, for the generated methods below.
const UNARY: Record<string, UDef> = {
  neg: U.negOp,
  abs: U.absOp,
  sign: U.sgnOp,
  exp: U.expOp,
  exp2: U.exp2Op,
  expm1: U.expm1Op,
  log: U.logOp,
  log2: U.log2Op,
  log10: U.log10Op,
  log1p: U.log1pOp,
  sqrt: U.sqrtOp,
  rsqrt: U.rsqrtOp,
  sin: U.sinOp,
  cos: U.cosOp,
  tan: U.tanOp,
  asin: U.asinOp,
  acos: U.acosOp,
  atan: U.atanOp,
  sinh: U.sinhOp,
  cosh: U.coshOp,
  tanh: U.tanhOp,
  sigmoid: U.sigmoidOp,
  relu: U.reluOp,
  erf: U.erfOp,
  erfc: U.erfcOp,
  silu: U.siluOp,
  floor: U.floorOp,
  ceil: U.ceilOp,
  round: U.roundOp,
  trunc: U.truncOp,
  frac: U.fracOp,
  reciprocal: U.reciprocalOp,
  square: U.squareOp,
  logicalNot: U.logicalNotOp,
  bitwiseNot: U.bitwiseNotOp,
  isnan: U.isnanOp,
  isinf: U.isinfOp,
  isfinite: U.isfiniteOp,
};

type BDef = OpDef<B.BinaryAttrs>;
const BINARY: Record<string, BDef> = {
  mul: B.mulOp,
  maximum: B.maximumOp,
  minimum: B.minimumOp,
  atan2: B.atan2Op,
  remainder: B.remainderOp,
  fmod: B.fmodOp,
  eq: B.eqOp,
  ne: B.neOp,
  lt: B.ltOp,
  le: B.leOp,
  gt: B.gtOp,
  ge: B.geOp,
  logicalAnd: B.logicalAndOp,
  logicalOr: B.logicalOrOp,
  logicalXor: B.logicalXorOp,
  bitwiseAnd: B.bitwiseAndOp,
  bitwiseOr: B.bitwiseOrOp,
  bitwiseXor: B.bitwiseXorOp,
};

/** PyTorch's rounding modes for `div`. */
export type RoundingMode = 'trunc' | 'floor' | null;

type UnaryMethods = {
  [K in
    | 'neg'
    | 'abs'
    | 'sign'
    | 'exp'
    | 'exp2'
    | 'expm1'
    | 'log'
    | 'log2'
    | 'log10'
    | 'log1p'
    | 'sqrt'
    | 'rsqrt'
    | 'sin'
    | 'cos'
    | 'tan'
    | 'asin'
    | 'acos'
    | 'atan'
    | 'sinh'
    | 'cosh'
    | 'tanh'
    | 'sigmoid'
    | 'relu'
    | 'erf'
    | 'erfc'
    | 'silu'
    | 'floor'
    | 'ceil'
    | 'round'
    | 'trunc'
    | 'frac'
    | 'reciprocal'
    | 'square'
    | 'logicalNot'
    | 'bitwiseNot'
    | 'isnan'
    | 'isinf'
    | 'isfinite']: () => Tensor;
};

declare module '../tensor.js' {
  interface Tensor extends UnaryMethods {
    neg_(): this;
    abs_(): this;
    exp_(): this;
    log_(): this;
    sqrt_(): this;
    sigmoid_(): this;
    tanh_(): this;
    relu_(): this;
    floor_(): this;
    ceil_(): this;
    round_(): this;
    reciprocal_(): this;
    square_(): this;
    /** `x.clamp(min, max)` or `x.clamp({ min, max })`; either bound may be omitted. */
    clamp(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor;
    clamp_(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): this;
    clip(min?: number | null | { min?: number | null; max?: number | null }, max?: number | null): Tensor;
    clampMin(min: number): Tensor;
    clampMax(max: number): Tensor;
    /** gelu; `approximate: 'tanh'` uses the tanh formula. */
    gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor;
    softplus(beta?: number | { beta?: number; threshold?: number }, threshold?: number): Tensor;
    /** `a + alpha * b` */
    add(other: TensorOrScalar, alpha?: number | { alpha?: number }): Tensor;
    add_(other: TensorOrScalar, alpha?: number | { alpha?: number }): this;
    /** `a - alpha * b` */
    sub(other: TensorOrScalar, alpha?: number | { alpha?: number }): Tensor;
    sub_(other: TensorOrScalar, alpha?: number | { alpha?: number }): this;
    /** PyTorch's `rsub`: `other - alpha * self`. */
    rsub(other: TensorOrScalar, alpha?: number | { alpha?: number }): Tensor;
    mul(other: TensorOrScalar): Tensor;
    mul_(other: TensorOrScalar): this;
    /** True division, or rounded with `roundingMode: 'trunc' | 'floor'`. */
    div(other: TensorOrScalar, roundingMode?: RoundingMode | { roundingMode?: RoundingMode }): Tensor;
    div_(other: TensorOrScalar, roundingMode?: RoundingMode | { roundingMode?: RoundingMode }): this;
    floorDivide(other: TensorOrScalar): Tensor;
    trueDivide(other: TensorOrScalar): Tensor;
    pow(exponent: TensorOrScalar): Tensor;
    pow_(exponent: TensorOrScalar): this;
    maximum(other: TensorOrScalar): Tensor;
    minimum(other: TensorOrScalar): Tensor;
    atan2(other: TensorOrScalar): Tensor;
    remainder(other: TensorOrScalar): Tensor;
    fmod(other: TensorOrScalar): Tensor;
    eq(other: TensorOrScalar): Tensor;
    ne(other: TensorOrScalar): Tensor;
    lt(other: TensorOrScalar): Tensor;
    le(other: TensorOrScalar): Tensor;
    gt(other: TensorOrScalar): Tensor;
    ge(other: TensorOrScalar): Tensor;
    logicalAnd(other: TensorOrScalar): Tensor;
    logicalOr(other: TensorOrScalar): Tensor;
    logicalXor(other: TensorOrScalar): Tensor;
    bitwiseAnd(other: TensorOrScalar): Tensor;
    bitwiseOr(other: TensorOrScalar): Tensor;
    bitwiseXor(other: TensorOrScalar): Tensor;
    /** `torch.where(condition, self, other)`, PyTorch's `Tensor.where`. */
    where(condition: Tensor, other: TensorOrScalar): Tensor;
    /** True when every element matches within `rtol`/`atol` (PyTorch's `allclose`). */
    allclose(other: Tensor, rtol?: number, atol?: number, equalNan?: boolean): boolean;
    isclose(other: Tensor, rtol?: number, atol?: number, equalNan?: boolean): Tensor;
    /** Same shape and every element equal. */
    equal(other: Tensor): boolean;
  }
}

const proto = Tensor.prototype;
// Methods generated from the tables above (their types are declared in the interface).
const define = (name: string, value: (this: Tensor, ...a: never[]) => unknown) =>
  Object.defineProperty(proto, name, { value, writable: true, configurable: true });
for (const [name, def] of Object.entries(UNARY)) {
  define(name, function (this: Tensor) {
    return U.unary(def, this);
  });
  define(`${name}_`, function (this: Tensor) {
    return U.unaryInplace(def, this);
  });
}
for (const [name, def] of Object.entries(BINARY)) {
  define(name, function (this: Tensor, other: TensorOrScalar) {
    return B.binary(def, this, other);
  });
  define(`${name}_`, function (this: Tensor, other: TensorOrScalar) {
    return B.binaryInplace(def, this, other);
  });
}

function clampAttrs(min: unknown, max: unknown): U.UnaryAttrs {
  const o = parseArgs<{ min: number | null; max: number | null }>(
    [min, max].filter((x, i) => i === 0 || x !== undefined),
    ['min', 'max'],
    { min: null, max: null },
    'clamp',
  );
  if (o.min === null && o.max === null) {
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  return { ...(o.min !== null ? { a: o.min } : {}), ...(o.max !== null ? { b: o.max } : {}) };
}

/** Promotes an integer tensor clamped by fractional bounds to the default float, as PyTorch's result_type does. */
function clampInput(x: Tensor, { a, b }: U.UnaryAttrs): Tensor {
  const fractional = (v: number | undefined) => v !== undefined && !Number.isInteger(v);
  return !x.isFloatingPoint() && (fractional(a) || fractional(b)) ? x.to(getDefaultDtype()) : x;
}

const T = Tensor.prototype;
T.clamp = function (min, max) {
  const attrs = clampAttrs(min, max);
  return U.unary(U.clampOp, clampInput(this, attrs), attrs);
};
T.clip = T.clamp;
T.clamp_ = function (min, max) {
  return U.unaryInplace(U.clampOp, this, clampAttrs(min, max));
};
T.clampMin = function (min) {
  return U.unary(U.clampOp, clampInput(this, { a: min }), { a: min });
};
T.clampMax = function (max) {
  return U.unary(U.clampOp, clampInput(this, { b: max }), { b: max });
};
T.gelu = function (opts = {}) {
  const approximate = opts.approximate ?? 'none';
  if (approximate !== 'none' && approximate !== 'tanh')
    throw new RuntimeError(`approximate argument must be either none or tanh.`);
  return U.unary(U.geluOp, this, { a: approximate === 'tanh' ? 1 : 0 });
};
T.softplus = function (beta, threshold) {
  const o = parseArgs<{ beta: number; threshold: number }>(
    [beta, threshold].filter((x) => x !== undefined),
    ['beta', 'threshold'],
    { beta: 1, threshold: 20 },
    'softplus',
  );
  return U.unary(U.softplusOp, this, { a: o.beta, b: o.threshold });
};

function alphaOf(alpha: number | { alpha?: number } | undefined): B.BinaryAttrs {
  const a = typeof alpha === 'object' ? alpha.alpha : alpha;
  return a === undefined || a === 1 ? {} : { alpha: a };
}

T.add = function (other, alpha) {
  return B.binary(B.addOp, this, other, alphaOf(alpha));
};
T.add_ = function (other, alpha) {
  return B.binaryInplace(B.addOp, this, other, alphaOf(alpha));
};
T.sub = function (other, alpha) {
  return B.binary(B.subOp, this, other, alphaOf(alpha));
};
T.sub_ = function (other, alpha) {
  return B.binaryInplace(B.subOp, this, other, alphaOf(alpha));
};
T.rsub = function (other, alpha) {
  return B.binary(B.subOp, other, this, alphaOf(alpha));
};

function divDef(mode: RoundingMode | { roundingMode?: RoundingMode } | undefined): BDef {
  const m = mode && typeof mode === 'object' ? (mode.roundingMode ?? null) : (mode ?? null);
  if (m === null) return B.divOp;
  if (m === 'trunc') return B.divTruncOp;
  if (m === 'floor') return B.divFloorOp;
  throw new ValueError(
    `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(m)}'`,
  );
}

T.div = function (other, mode) {
  return B.binary(divDef(mode), this, other);
};
T.div_ = function (other, mode) {
  return B.binaryInplace(divDef(mode), this, other);
};
T.trueDivide = function (other) {
  return B.binary(B.divOp, this, other);
};
T.floorDivide = function (other) {
  return B.binary(B.divFloorOp, this, other);
};
T.pow = function (exponent) {
  if (typeof exponent === 'number') {
    // A scalar exponent still promotes (bool ** 2 is int64, int ** 2.5 is float32).
    const d = resultType(this, exponent);
    const base = d === this.dtype ? this : this.to(d);
    if (d === 'bool') throw new RuntimeError(`"pow" not implemented for 'Bool'`);
    if (exponent === 1) return base.clone();
    if (exponent === 2) return U.unary(U.squareOp, base);
    if (!isFloatingPoint(d) && exponent < 0) {
      throw new RuntimeError('Integers to negative integer powers are not allowed.');
    }
    return U.unary(U.powScalarOp, base, { a: exponent });
  }
  return B.binary(B.powOp, this, exponent);
};
T.pow_ = function (exponent) {
  if (typeof exponent === 'number' && (Number.isInteger(exponent) || this.isFloatingPoint())) {
    return U.unaryInplace(U.powScalarOp, this, { a: exponent });
  }
  return B.binaryInplace(B.powOp, this, exponent);
};
T.where = function (condition, other) {
  return where(condition, this, other);
};
T.isclose = function (other, rtol = 1e-5, atol = 1e-8, equalNan = false) {
  const close = this.sub(other).abs().le(other.abs().mul(rtol).add(atol));
  const exact = this.eq(other);
  let r = close.logicalOr(exact);
  if (equalNan) r = r.logicalOr(this.isnan().logicalAnd(other.isnan()));
  return r;
};
T.allclose = function (other, rtol = 1e-5, atol = 1e-8, equalNan = false) {
  return this.isclose(other, rtol, atol, equalNan).all().item() === true;
};
T.equal = function (other) {
  if (this.shape.length !== other.shape.length || this.shape.some((s, i) => s !== other.shape[i]))
    return false;
  return this.eq(other).all().item() === true;
};
