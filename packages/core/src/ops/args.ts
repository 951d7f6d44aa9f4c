import type { DType } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { Tensor } from '../tensor.js';

/** A number, a boolean or a tensor: what binary ops accept as their second operand. */
export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | Scalar;

/** True for a trailing `{ dim, keepdim, ... }` keyword object (not a tensor, array or null). */
export function isOptions(x: unknown): x is Record<string, unknown> {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    !(x instanceof Tensor) &&
    !ArrayBuffer.isView(x)
  );
}

/**
 * Reads PyTorch-style arguments: positional in `names` order, or a trailing options object keyed by
 * the same names (camelCase). Positional and keyword forms may mix, as in Python.
 */
export function parseArgs<T extends object>(
  args: readonly unknown[],
  names: readonly (keyof T & string)[],
  defaults: T,
  fn = 'op',
): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  let positional = args;
  const last = args[args.length - 1];
  if (args.length > 0 && isOptions(last)) {
    positional = args.slice(0, -1);
    for (const [k, v] of Object.entries(last)) {
      if (!(names as readonly string[]).includes(k)) {
        throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${k}'`);
      }
      if (v !== undefined) out[k] = v;
    }
  }
  if (positional.length > names.length) {
    throw new TorchTypeError(
      `${fn}() takes at most ${names.length} arguments beyond the tensor (${positional.length} given)`,
    );
  }
  positional.forEach((v, i) => {
    if (v !== undefined) out[names[i]!] = v;
  });
  return out as T;
}

/** `zeros(2, 3)`, `zeros([2, 3])` and `zeros([2, 3], { dtype })`: the shape part of varargs. */
export function parseShape(
  args: readonly unknown[],
  fn: string,
  allowInfer = false,
): { shape: number[]; rest: unknown[] } {
  if (args.length > 0 && (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))) {
    return {
      shape: checkShape(Array.from(args[0] as ArrayLike<number>), fn, allowInfer),
      rest: args.slice(1),
    };
  }
  let i = 0;
  while (i < args.length && typeof args[i] === 'number') i++;
  return { shape: checkShape(args.slice(0, i) as number[], fn, allowInfer), rest: args.slice(i) };
}

// `allowInfer`: view/reshape accept one -1 (resolved later by inferSize).
function checkShape(shape: number[], fn: string, allowInfer: boolean): number[] {
  for (const s of shape) {
    if (typeof s !== 'number' || !Number.isInteger(s)) {
      throw new TorchTypeError(`${fn}(): argument 'size' must be a sequence of ints, but got ${String(s)}`);
    }
    if (s < 0 && !(allowInfer && s === -1)) {
      throw new RuntimeError(
        `${fn}(): Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`,
      );
    }
  }
  return shape;
}

/** Options shared by creation functions (`dtype`, `device`, `requiresGrad`). */
export interface TensorOptions {
  dtype?: DType;
  device?: string;
  requiresGrad?: boolean;
}

/** Dims given as a number, an array, or nothing (all dims). */
export function dimList(dim: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (dim === undefined || dim === null) return Array.from({ length: ndim }, (_, i) => i);
  return typeof dim === 'number' ? [dim] : [...dim];
}

/**
 * Lets a positional-only method also take PyTorch's keyword names as a trailing options object:
 * `x.transpose({ dim0: 0, dim1: 1 })` ≡ `x.transpose(0, 1)`. Positional and keyword forms may mix.
 */
export function acceptKeywords(target: object, method: string, names: readonly string[]): void {
  const proto = target as Record<string, (...args: unknown[]) => unknown>;
  const inner = proto[method]!;
  proto[method] = function (this: unknown, ...args: unknown[]) {
    if (args.length === 0 || !isOptions(args[args.length - 1])) return inner.apply(this, args);
    const opts = args[args.length - 1] as Record<string, unknown>;
    const positional = args.slice(0, -1);
    for (const [k, v] of Object.entries(opts)) {
      const i = names.indexOf(k);
      if (i < 0) throw new TorchTypeError(`${method}() got an unexpected keyword argument '${k}'`);
      if (i < positional.length && positional[i] !== undefined) {
        throw new TorchTypeError(`${method}() got multiple values for argument '${k}'`);
      }
      positional[i] = v;
    }
    return inner.apply(this, positional);
  };
}
