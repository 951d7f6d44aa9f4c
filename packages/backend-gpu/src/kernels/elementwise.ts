import {
  type BinaryAttrs,
  type DType,
  isFloatingPoint,
  listBinaryOps,
  listUnaryOps,
  ops,
  registerKernel,
  type UnaryAttrs,
} from '@kindling/core';
import { mapInto } from '../map.js';
import { FLOAT_MAX, scalarArg } from '../program.js';

/** An expression in `x` (unary) or `a`, `b` (binary) and the attributes `A`, `B`; null: no kernel. */
type Expr = string | ((d: DType) => string | null);

const int = (d: DType) => !isFloatingPoint(d);

// In the JavaScript subset gpu.js translates (no unary plus on booleans, no NaN/Infinity literals).
// The input dtype decides; results are cast to the output dtype by mapInto.
const UNARY: Record<string, Expr> = {
  neg: '-x',
  abs: 'Math.abs(x)',
  sign: '(x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : x))',
  exp: 'Math.exp(x)',
  exp2: 'Math.exp(x * 0.6931471805599453)',
  expm1: 'kexpm1(x)',
  log: 'Math.log(x)',
  log2: 'Math.log(x) * 1.4426950408889634',
  log10: 'Math.log(x) * 0.4342944819032518',
  log1p: 'klog1p(x)',
  sqrt: 'Math.sqrt(x)',
  rsqrt: '1.0 / Math.sqrt(x)',
  sin: 'Math.sin(x)',
  cos: 'Math.cos(x)',
  tan: 'Math.tan(x)',
  // Through atan: GLSL's asin/acos are ~1e-4 approximations on llvmpipe, undefined outside [-1, 1].
  asin: 'kasin(x)',
  acos: 'kacos(x)',
  atan: 'Math.atan(x)',
  sinh: '0.5 * (kexpm1(x) - kexpm1(-x))',
  cosh: '0.5 * (Math.exp(x) + Math.exp(-x))',
  tanh: 'ktanh(x)',
  sigmoid: 'ksigmoid(x)',
  relu: '(x > 0.0 ? x : (kisnan(x) > 0.5 ? x : 0.0))',
  erf: 'kerf(x)',
  erfc: 'kerfc(x)',
  gelu: '(A === 1.0 ? 0.5 * x * (1.0 + ktanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) : 0.5 * x * (1.0 + kerf(x * 0.7071067811865476)))',
  silu: 'x * ksigmoid(x)',
  softplus: '(x * A > B ? x : klog1p(Math.exp(x * A)) / A)',
  floor: (d) => (int(d) ? 'x' : 'Math.floor(x)'),
  ceil: (d) => (int(d) ? 'x' : 'Math.ceil(x)'),
  round: (d) => (int(d) ? 'x' : 'krint(x)'),
  trunc: (d) => (int(d) ? 'x' : 'Math.trunc(x)'),
  frac: (d) => (int(d) ? '0.0' : 'x - Math.trunc(x)'),
  reciprocal: '1.0 / x',
  square: 'x * x',
  logicalNot: '(x === 0.0 ? 1.0 : 0.0)',
  bitwiseNot: (d) => (d === 'bool' ? '1.0 - x' : int(d) ? '-x - 1.0' : null),
  isnan: 'kisnan(x)',
  isinf: `(Math.abs(x) > ${FLOAT_MAX} ? 1.0 : 0.0)`,
  isfinite: `(Math.abs(x) <= ${FLOAT_MAX} ? 1.0 : 0.0)`,
  // Bounds arrive as ±FLOAT_MAX when absent (the GL modes have no infinite uniforms).
  clamp: 'kmin(kmax(x, A), B)',
  powScalar: (d) => (int(d) ? 'Math.round(kpow(x, A))' : 'kpow(x, A)'),
};

const BINARY: Record<string, Expr> = {
  add: 'a + A * b',
  sub: 'a - A * b',
  mul: 'a * b',
  div: 'a / b',
  divTrunc: (d) => (int(d) ? 'ktruncdiv(a, b)' : 'Math.trunc(a / b)'),
  divFloor: (d) => (int(d) ? 'kfloordiv(a, b)' : 'Math.floor(a / b)'),
  pow: (d) => (int(d) ? 'Math.round(kpow(a, b))' : 'kpow(a, b)'),
  maximum: 'kmax(a, b)',
  minimum: 'kmin(a, b)',
  atan2: 'katan2(a, b)',
  remainder: (d) => (int(d) ? 'a - kfloordiv(a, b) * b' : 'a - Math.floor(a / b) * b'),
  fmod: (d) => (int(d) ? 'a - ktruncdiv(a, b) * b' : 'a - Math.trunc(a / b) * b'),
  eq: '(a === b ? 1.0 : 0.0)',
  ne: '(a !== b ? 1.0 : 0.0)',
  lt: '(a < b ? 1.0 : 0.0)',
  le: '(a <= b ? 1.0 : 0.0)',
  gt: '(a > b ? 1.0 : 0.0)',
  ge: '(a >= b ? 1.0 : 0.0)',
  logicalAnd: '((a !== 0.0 ? 1.0 : 0.0) * (b !== 0.0 ? 1.0 : 0.0))',
  logicalOr: '((a !== 0.0 ? 1.0 : 0.0) + (b !== 0.0 ? 1.0 : 0.0))',
  logicalXor: '((a !== 0.0 ? 1.0 : 0.0) !== (b !== 0.0 ? 1.0 : 0.0) ? 1.0 : 0.0)',
  // Integers live in float32 on this device: bit by bit, exact for magnitudes below 2^23.
  bitwiseAnd: (d) => (d === 'bool' ? 'a * b' : int(d) ? 'kbitop(a, b, 0.0)' : null),
  bitwiseOr: (d) => (d === 'bool' ? 'a + b' : int(d) ? 'kbitop(a, b, 1.0)' : null),
  bitwiseXor: (d) => (d === 'bool' ? '(a !== b ? 1.0 : 0.0)' : int(d) ? 'kbitop(a, b, 2.0)' : null),
};

const DTYPES: DType[] = ['float32', 'int32', 'int64', 'uint8', 'bool'];

function exprFor(table: Record<string, Expr>, name: string, d: DType): string | null {
  const e = table[name];
  if (e === undefined) return null;
  return typeof e === 'string' ? e : e(d);
}

// A missing clamp bound is ±Infinity, which arrives as ±FLOAT_MAX (see scalarArg).
const bound = (v: number | undefined, missing: -1 | 1) => scalarArg(v ?? missing * Infinity);

/** Registers every elementwise unary/binary kernel and `where` on device 'gpu'. */
export function registerElementwise(): void {
  for (const [name, def] of listUnaryOps()) {
    for (const d of DTYPES) {
      const expr = exprFor(UNARY, name, d);
      if (expr === null) continue;
      registerKernel<UnaryAttrs>(def, 'gpu', d, ([x], [out], attrs) => {
        const A = name === 'clamp' ? bound(attrs.a, -1) : (attrs.a ?? 0);
        const B = name === 'clamp' ? bound(attrs.b, 1) : (attrs.b ?? 0);
        mapInto(
          out!,
          [x!],
          ([v], [a, b]) => expr.replace(/\bx\b/g, v!).replace(/\bA\b/g, a!).replace(/\bB\b/g, b!),
          [A, B],
        );
      });
    }
  }
  for (const [name, def] of listBinaryOps()) {
    for (const d of DTYPES) {
      const expr = exprFor(BINARY, name, d);
      if (expr === null) continue;
      registerKernel<BinaryAttrs>(def, 'gpu', d, ([a, b], [out], attrs) => {
        mapInto(
          out!,
          [a!, b!],
          ([va, vb], [alpha]) => expr.replace(/\ba\b/g, va!).replace(/\bb\b/g, vb!).replace(/\bA\b/g, alpha!),
          [attrs.alpha ?? 1],
        );
      });
    }
  }
  registerKernel(ops.whereOp, 'gpu', '*', ([c, a, b], [out]) => {
    mapInto(out!, [c!, a!, b!], ([vc, va, vb]) => `(${vc} !== 0.0 ? ${va} : ${vb})`);
  });
}
