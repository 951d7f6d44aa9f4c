import { TorchTypeError } from './errors.js';

/** Element types, named as in PyTorch. `float32` is the default float, `int64` the default integer. */
export type DType = 'float32' | 'float64' | 'int32' | 'int64' | 'uint8' | 'bool';

/**
 * The typed array that holds each dtype's elements on the CPU.
 *
 * int64 is stored in a Float64Array: exact for |x| ≤ 2^53 (every index and count in practice) and as
 * fast as float64 in kernels, where BigInt64Array would make every kernel branch on BigInt. Results
 * past 2^53 lose precision instead of wrapping — the documented trade-off (docs/guides/dtypes.md).
 */
export interface TypedArrayOf {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: Float64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}
export type TypedArray = TypedArrayOf[DType];

export type TypedArrayCtor =
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

export const ARRAY_TYPE: Record<DType, TypedArrayCtor> = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: Float64Array,
  uint8: Uint8Array,
  bool: Uint8Array,
};

export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'int64', 'float32', 'float64'];

/** Bytes per element as PyTorch stores them (what `elementSize()` and safetensors report). */
export const ITEM_SIZE: Record<DType, number> = {
  float32: 4,
  float64: 8,
  int32: 4,
  int64: 8,
  uint8: 1,
  bool: 1,
};

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && x in ARRAY_TYPE;
}

export function isFloatingPoint(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}

export function isIntegral(d: DType, includeBool = false): boolean {
  return d === 'int32' || d === 'int64' || d === 'uint8' || (includeBool && d === 'bool');
}

let defaultFloat: DType = 'float32';

/** `torch.get_default_dtype()` */
export function getDefaultDtype(): DType {
  return defaultFloat;
}

/** `torch.set_default_dtype(d)`: only float32 and float64 are allowed, as in PyTorch. */
export function setDefaultDtype(d: DType): void {
  if (!isFloatingPoint(d)) {
    throw new TorchTypeError(`only floating-point types are supported as the default type, got ${d}`);
  }
  defaultFloat = d;
}

// Category: bool < integer < float. Within a category the wider type wins.
const CATEGORY: Record<DType, number> = { bool: 0, uint8: 1, int32: 1, int64: 1, float32: 2, float64: 2 };
const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, float32: 4, float64: 5 };

/** `torch.promote_types(a, b)`: the smallest dtype both convert to without losing their category. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  return RANK[a] >= RANK[b] ? a : b;
}

/** One participant of `torch.result_type`: a tensor (with its dim) or a JS scalar. */
export type PromotionOperand =
  | { readonly dtype: DType; readonly shape: readonly number[] }
  | number
  | boolean;

function scalarDtype(x: number | boolean): DType {
  if (typeof x === 'boolean') return 'bool';
  return Number.isInteger(x) ? 'int64' : defaultFloat;
}

/**
 * PyTorch's `result_type`: tensors with dims outrank zero-dim tensors, which outrank JS scalars,
 * unless a lower-priority operand is of a higher category (bool < int < float); then that category's
 * type is taken (a scalar brings the default type of its category). Mirrors
 * `c10::update_result_type_state` + `combine_categories`.
 */
export function resultType(...operands: PromotionOperand[]): DType {
  let dimResult: DType | undefined;
  let zeroResult: DType | undefined;
  let wrappedResult: DType | undefined;
  for (const op of operands) {
    if (typeof op === 'number' || typeof op === 'boolean') {
      const d = scalarDtype(op);
      wrappedResult = wrappedResult === undefined ? d : promoteTypes(wrappedResult, d);
    } else if (op.shape.length === 0) {
      zeroResult = zeroResult === undefined ? op.dtype : promoteTypes(zeroResult, op.dtype);
    } else {
      dimResult = dimResult === undefined ? op.dtype : promoteTypes(dimResult, op.dtype);
    }
  }
  return combineCategories(dimResult, combineCategories(zeroResult, wrappedResult)) ?? defaultFloat;
}

function combineCategories(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (isFloatingPoint(higher)) return higher;
  if (higher === 'bool' || isFloatingPoint(lower)) {
    // A float scalar joining integer tensors brings the *default* float, not float64.
    return promoteTypes(higher, lower);
  }
  return higher;
}

/** True when a value of dtype `from` may be written into `to` (PyTorch's `can_cast`). */
export function canCast(from: DType, to: DType): boolean {
  return CATEGORY[from] <= CATEGORY[to];
}

/** Converts a JS number to what a dtype would hold (truncation toward zero, wrap-around, 0/1 for bool). */
export function castScalar(x: number, d: DType): number {
  switch (d) {
    case 'float32':
      return Math.fround(x);
    case 'float64':
      return x;
    case 'int32':
      return Number.isFinite(x) ? Math.trunc(x) | 0 : 0;
    case 'int64':
      return Number.isFinite(x) ? Math.trunc(x) : 0;
    case 'uint8':
      return Number.isFinite(x) ? Math.trunc(x) & 255 : 0;
    case 'bool':
      return x !== 0 ? 1 : 0;
  }
}

/** The floating type a unary float op (exp, sqrt, …) computes in for an input of dtype `d`. */
export function toFloatingType(d: DType): DType {
  return isFloatingPoint(d) ? d : defaultFloat;
}

const TORCH_TYPE_NAME: Record<DType, string> = {
  float32: 'Float',
  float64: 'Double',
  int32: 'Int',
  int64: 'Long',
  uint8: 'Byte',
  bool: 'Bool',
};

/** PyTorch's C++ scalar-type name (`'Float'`, `'Long'`), as its error messages print dtypes. */
export function torchName(d: DType): string {
  return TORCH_TYPE_NAME[d];
}
