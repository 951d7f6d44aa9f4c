import { Tensor } from '../tensor.js';

/** The method names of Tensor whose value is a function (for lifting methods to `torch.x(t, …)`). */
type MethodKey = {
  [K in keyof Tensor]: Tensor[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Tensor];

/**
 * `torch.exp(x)` is `x.exp()`: PyTorch's functional forms are the methods with the tensor first.
 * Lifting keeps one implementation and one set of docs per op.
 */
function lift<K extends MethodKey>(name: K) {
  type M = Tensor[K] extends (...args: infer P) => infer R ? [P, R] : never;
  return (input: Tensor, ...args: M[0]): M[1] => (input[name] as (...a: M[0]) => M[1])(...args);
}

// Elementwise
export const neg = lift('neg');
export const negative = lift('neg');
export const abs = lift('abs');
export const absolute = lift('abs');
export const sign = lift('sign');
export const exp = lift('exp');
export const exp2 = lift('exp2');
export const expm1 = lift('expm1');
export const log = lift('log');
export const log2 = lift('log2');
export const log10 = lift('log10');
export const log1p = lift('log1p');
export const sqrt = lift('sqrt');
export const rsqrt = lift('rsqrt');
export const sin = lift('sin');
export const cos = lift('cos');
export const tan = lift('tan');
export const asin = lift('asin');
export const acos = lift('acos');
export const atan = lift('atan');
export const sinh = lift('sinh');
export const cosh = lift('cosh');
export const tanh = lift('tanh');
export const sigmoid = lift('sigmoid');
export const relu = lift('relu');
export const erf = lift('erf');
export const erfc = lift('erfc');
export const silu = lift('silu');
export const gelu = lift('gelu');
export const softplus = lift('softplus');
export const floor = lift('floor');
export const ceil = lift('ceil');
export const round = lift('round');
export const trunc = lift('trunc');
export const frac = lift('frac');
export const reciprocal = lift('reciprocal');
export const square = lift('square');
export const logicalNot = lift('logicalNot');
export const bitwiseNot = lift('bitwiseNot');
export const isnan = lift('isnan');
export const isinf = lift('isinf');
export const isfinite = lift('isfinite');
export const clamp = lift('clamp');
export const clip = lift('clamp');
export const add = lift('add');
export const sub = lift('sub');
export const subtract = lift('sub');
export const rsub = lift('rsub');
export const mul = lift('mul');
export const multiply = lift('mul');
export const div = lift('div');
export const divide = lift('div');
export const trueDivide = lift('trueDivide');
export const floorDivide = lift('floorDivide');
export const pow = lift('pow');
export const maximum = lift('maximum');
export const minimum = lift('minimum');
export const atan2 = lift('atan2');
export const remainder = lift('remainder');
export const fmod = lift('fmod');
export const eq = lift('eq');
export const ne = lift('ne');
export const lt = lift('lt');
export const le = lift('le');
export const gt = lift('gt');
export const ge = lift('ge');
export const logicalAnd = lift('logicalAnd');
export const logicalOr = lift('logicalOr');
export const logicalXor = lift('logicalXor');
export const bitwiseAnd = lift('bitwiseAnd');
export const bitwiseOr = lift('bitwiseOr');
export const bitwiseXor = lift('bitwiseXor');
export const isclose = lift('isclose');
export const allclose = lift('allclose');
export const equal = lift('equal');

// Reductions
export const sum = lift('sum');
export const prod = lift('prod');
export const mean = lift('mean');
export const amax = lift('amax');
export const amin = lift('amin');
export const argmax = lift('argmax');
export const argmin = lift('argmin');
export const all = lift('all');
export const any = lift('any');

/** `torch.max(x)`, `torch.max(x, dim)` → `{ values, indices }`, `torch.max(x, other)`. */
export function max(input: Tensor): Tensor;
export function max(
  input: Tensor,
  dim: number | { dim: number; keepdim?: boolean },
  keepdim?: boolean,
): { values: Tensor; indices: Tensor };
export function max(input: Tensor, other: Tensor): Tensor;
export function max(input: Tensor, ...args: unknown[]): unknown {
  return (input.max as (...a: unknown[]) => unknown)(...args);
}

/** `torch.min(x)`, `torch.min(x, dim)` → `{ values, indices }`, `torch.min(x, other)`. */
export function min(input: Tensor): Tensor;
export function min(
  input: Tensor,
  dim: number | { dim: number; keepdim?: boolean },
  keepdim?: boolean,
): { values: Tensor; indices: Tensor };
export function min(input: Tensor, other: Tensor): Tensor;
export function min(input: Tensor, ...args: unknown[]): unknown {
  return (input.min as (...a: unknown[]) => unknown)(...args);
}

// Views and shape
export const reshape = lift('reshape');
export const permute = lift('permute');
export const transpose = lift('transpose');
export const swapaxes = lift('transpose');
export const t = lift('t');
export const squeeze = lift('squeeze');
export const unsqueeze = lift('unsqueeze');
export const flatten = lift('flatten');
export const unflatten = lift('unflatten');
export const narrow = lift('narrow');
export const select = lift('select');
export const movedim = lift('movedim');
export const unbind = lift('unbind');
export const split = lift('split');
export const chunk = lift('chunk');
export const diagonal = lift('diagonal');
export const broadcastTo = lift('broadcastTo');
export const clone = lift('clone');

/** `torch.is_tensor(x)`. */
export function isTensor(x: unknown): x is Tensor {
  return x instanceof Tensor;
}

/** `torch.numel(x)`: elements of a tensor (or of a shape). */
export function numel(x: Tensor | readonly number[]): number {
  if (x instanceof Tensor) return x.numel();
  let n = 1;
  for (const s of x) n *= s;
  return n;
}
