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
import { elementwise } from '../codegen.js';
import { HELPERS } from '../scalar-math.js';

type Expr = string | ((dtype: DType) => string | null);

// Unary expressions in `x`; `A`/`B` are the op's attributes (clamp bounds, softplus beta/threshold).
// Outputs are typed arrays, so int32/uint8 results wrap and float32 results round on store.
const UNARY: Record<string, Expr> = {
  neg: '-x',
  abs: 'Math.abs(x)',
  sign: (d) => (d === 'bool' ? 'x' : '(x > 0) - (x < 0)'),
  exp: 'Math.exp(x)',
  exp2: 'Math.pow(2, x)',
  expm1: 'Math.expm1(x)',
  log: 'Math.log(x)',
  log2: 'Math.log2(x)',
  log10: 'Math.log10(x)',
  log1p: 'Math.log1p(x)',
  sqrt: 'Math.sqrt(x)',
  rsqrt: '1 / Math.sqrt(x)',
  sin: 'Math.sin(x)',
  cos: 'Math.cos(x)',
  tan: 'Math.tan(x)',
  asin: 'Math.asin(x)',
  acos: 'Math.acos(x)',
  atan: 'Math.atan(x)',
  sinh: 'Math.sinh(x)',
  cosh: 'Math.cosh(x)',
  tanh: 'Math.tanh(x)',
  sigmoid: '1 / (1 + Math.exp(-x))',
  // Math.max(x, 0) and `x > 0 ? x : 0` both compile to sign-dependent branches in V8 that mispredict
  // on random signs (~9 ns/element). (x + |x|) / 2 is branch-free and exact for finite |x| < 2^1023
  // (subnormals and -0 included); the rarely-taken guard handles NaN, ±inf and huge float64 values.
  relu: 'x > -Infinity && x < 8e307 ? (x + Math.abs(x)) * 0.5 : x > 0 || x !== x ? x : 0',
  erf: 'h.erf(x)',
  erfc: 'h.erfc(x)',
  gelu: 'A === 1 ? 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) : 0.5 * x * (1 + h.erf(x * 0.7071067811865476))',
  silu: 'x / (1 + Math.exp(-x))',
  softplus: 'x * A > B ? x : Math.log1p(Math.exp(x * A)) / A',
  floor: (d) => (isFloatingPoint(d) ? 'Math.floor(x)' : 'x'),
  ceil: (d) => (isFloatingPoint(d) ? 'Math.ceil(x)' : 'x'),
  round: (d) => (isFloatingPoint(d) ? 'h.rint(x)' : 'x'),
  trunc: (d) => (isFloatingPoint(d) ? 'Math.trunc(x)' : 'x'),
  frac: (d) => (isFloatingPoint(d) ? 'x - Math.trunc(x)' : '0'),
  reciprocal: '1 / x',
  square: (d) => (d === 'bool' ? 'x' : 'x * x'),
  logicalNot: '+(x === 0)',
  bitwiseNot: (d) => (d === 'bool' ? 'x ^ 1' : d === 'int64' ? '-x - 1' : '~x'),
  isnan: '+(x !== x)',
  isinf: '+(x === Infinity || x === -Infinity)',
  isfinite: '+(x - x === 0)',
  clamp: 'Math.min(Math.max(x, A), B)',
  powScalar: 'Math.pow(x, A)',
};

const intDiv = (d: DType, expr: string) =>
  isFloatingPoint(d) ? null : `(b === 0 ? h.zeroDivision() : ${expr})`;

// Binary expressions in `a`, `b`; `A` is alpha for add/sub.
const BINARY: Record<string, Expr> = {
  add: (d) => (d === 'bool' ? 'a | b' : 'a + A * b'),
  sub: 'a - A * b',
  mul: (d) => (d === 'bool' ? 'a & b' : 'a * b'),
  div: 'a / b',
  divTrunc: (d) => intDiv(d, 'Math.trunc(a / b)') ?? 'Math.trunc(a / b)',
  divFloor: (d) => intDiv(d, 'Math.floor(a / b)') ?? 'h.divFloor(a, b)',
  pow: 'Math.pow(a, b)',
  maximum: 'Math.max(a, b)',
  minimum: 'Math.min(a, b)',
  atan2: 'Math.atan2(a, b)',
  remainder: (d) => intDiv(d, 'h.remainder(a, b)') ?? 'h.remainder(a, b)',
  fmod: (d) => intDiv(d, 'a % b') ?? 'a % b',
  eq: '+(a === b)',
  ne: '+(a !== b)',
  lt: '+(a < b)',
  le: '+(a <= b)',
  gt: '+(a > b)',
  ge: '+(a >= b)',
  logicalAnd: '+(a !== 0 && b !== 0)',
  logicalOr: '+(a !== 0 || b !== 0)',
  logicalXor: '+((a !== 0) !== (b !== 0))',
  // int64 lives in doubles: JS bit operators would cut it to 32 bits, so go through BigInt.
  bitwiseAnd: (d) => (d === 'int64' ? 'Number(BigInt(a) & BigInt(b))' : 'a & b'),
  bitwiseOr: (d) => (d === 'int64' ? 'Number(BigInt(a) | BigInt(b))' : 'a | b'),
  bitwiseXor: (d) => (d === 'int64' ? 'Number(BigInt(a) ^ BigInt(b))' : 'a ^ b'),
};

const ALL: DType[] = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool'];

function exprFor(table: Record<string, Expr>, name: string, d: DType): string | null {
  const e = table[name];
  if (e === undefined) return null;
  return typeof e === 'string' ? e : e(d);
}

/** Registers every elementwise unary/binary kernel and `where`. */
export function registerElementwise(): void {
  for (const [name, def] of listUnaryOps()) {
    for (const d of ALL) {
      const expr = exprFor(UNARY, name, d);
      if (expr === null) continue;
      registerKernel<UnaryAttrs>(def, 'cpu', d, ([x], [out], attrs) => {
        elementwise(expr, ['x'], [x!], out!, attrs.a ?? -Infinity, attrs.b ?? Infinity, HELPERS);
      });
    }
  }
  for (const [name, def] of listBinaryOps()) {
    for (const d of ALL) {
      const expr = exprFor(BINARY, name, d);
      if (expr === null) continue;
      registerKernel<BinaryAttrs>(def, 'cpu', d, ([a, b], [out], attrs) => {
        elementwise(expr, ['a', 'b'], [a!, b!], out!, attrs.alpha ?? 1, 0, HELPERS);
      });
    }
  }
  registerKernel(ops.whereOp, 'cpu', '*', ([c, a, b], [out]) => {
    elementwise('c !== 0 ? a : b', ['c', 'a', 'b'], [c!, a!, b!], out!);
  });
}
