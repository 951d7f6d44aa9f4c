import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { normalizeDim, normalizeDims, numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { emptyOn, rawCopy } from './copy.js';
import { arange, scalarTensor } from './creation.js';
import { where } from './where.js';

/** `flip(dims)`: reverses the order along each of `dims` (a copy, as in PyTorch). */
export const flipOp: OpDef<{ dims: readonly number[] }> = defineOp<{ dims: readonly number[] }>({
  name: 'flip',
  meta([x]) {
    return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([x], { dims }) {
    // One strided copy from a reversed (negative-stride) window; the window never leaves this function.
    const strides = x!.strides.slice();
    let offset = x!.offset;
    for (const d of dims) {
      if (x!.shape[d]! > 0) offset += (x!.shape[d]! - 1) * strides[d]!;
      strides[d] = -strides[d]!;
    }
    const out = emptyOn(x!.device, x!.shape, x!.dtype);
    if (numel(x!.shape) > 0) rawCopy(out, new Tensor(x!.storage, x!.shape, strides, offset));
    return out;
  },
  backward(ctx, [g]) {
    return [dispatch1(flipOp, [g!], ctx.attrs)];
  },
});

/** Rolls one dim by `shift` into `out` (two slice copies). */
function rollInto(out: Tensor, x: Tensor, dim: number, shift: number): void {
  const n = x.shape[dim]!;
  const s = n === 0 ? 0 : ((shift % n) + n) % n;
  if (s === 0) {
    rawCopy(out, x);
    return;
  }
  rawCopy(out.narrow(dim, s, n - s), x.narrow(dim, 0, n - s));
  rawCopy(out.narrow(dim, 0, s), x.narrow(dim, n - s, s));
}

export type RollAttrs = { shifts: readonly number[]; dims: readonly number[] };

/** `roll(shifts, dims)`: elements shifted cyclically; no `dims` rolls the flattened tensor. */
export const rollOp: OpDef<RollAttrs> = defineOp<RollAttrs>({
  name: 'roll',
  meta([x]) {
    return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([x], { shifts, dims }) {
    const src = x!;
    if (dims.length === 0) {
      const out = emptyOn(src.device, [src.numel()], src.dtype);
      rollInto(out, src.flatten(), 0, shifts[0]!);
      return out.view(src.shape as number[]);
    }
    let cur = src;
    dims.forEach((d, i) => {
      const out = emptyOn(src.device, src.shape, src.dtype);
      rollInto(out, cur, d, shifts[i]!);
      cur = out;
    });
    return cur;
  },
  backward(ctx, [g]) {
    const { shifts, dims } = ctx.attrs;
    return [dispatch1(rollOp, [g!], { shifts: shifts.map((s) => -s), dims })];
  },
});

export type TriAttrs = { diagonal: number };

function defineTri(name: 'tril' | 'triu') {
  const upper = name === 'triu';
  const def: OpDef<TriAttrs> = defineOp<TriAttrs>({
    name,
    meta([x]) {
      return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
    },
    saves: { inputs: false, outputs: false },
    impl([x], { diagonal }) {
      return where(triMask(x!, diagonal, upper), x!, scalarTensor(0, x!.dtype, x!.device));
    },
    backward(ctx, [g]) {
      return [dispatch1(def, [g!], ctx.attrs)];
    },
  });
  return def;
}

/** `tril(diagonal)`: zeros above the `diagonal`-th diagonal of the last two dims. */
export const trilOp = defineTri('tril');
/** `triu(diagonal)`: zeros below the `diagonal`-th diagonal of the last two dims. */
export const triuOp = defineTri('triu');

/** True where `tril`/`triu` keeps the element (broadcasts over the batch dims). */
function triMask(x: Tensor, diagonal: number, upper: boolean): Tensor {
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  const opts = { dtype: 'int64' as const, device: x.device };
  const offset = arange(cols, opts).sub(arange(rows, opts).view(rows, 1));
  return upper ? offset.ge(diagonal) : offset.le(diagonal);
}

function intList(args: readonly unknown[], fn: string, what: string): number[] {
  const list = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[];
  for (const v of list) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new TorchTypeError(
        `${fn}(): argument '${what}' must be tuple of ints, but found element of type ${typeof v}`,
      );
    }
  }
  return list as number[];
}

/** `x.repeat(r0, r1, ...)` as expand + reshape: gradients sum back over the copies. */
function repeat(x: Tensor, reps: readonly number[]): Tensor {
  if (reps.length < x.ndim) {
    throw new RuntimeError(
      'Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor',
    );
  }
  const padded = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  const target = reps.map((r, i) => r * padded[i]!);
  if (reps.some((r) => r < 0)) {
    throw new RuntimeError(
      `Trying to create tensor with negative dimension ${target.find((t) => t < 0)}: [${target.join(', ')}]`,
    );
  }
  const split = padded.flatMap((s) => [1, s]);
  const expanded = reps.flatMap((r, i) => [r, padded[i]!]);
  return x.reshape(split).expand(expanded).reshape(target);
}

/**
 * `torch.flip(input, dims)`: reverses the order of elements along `dims`.
 * @example
 * torch.flip(torch.tensor([[1, 2], [3, 4]]), [1]); // [[2, 1], [4, 3]]
 */
export function flip(input: Tensor, dims: readonly number[]): Tensor {
  return input.flip(dims);
}

/** `torch.roll(input, shifts, dims)`: cyclic shift along `dims` (or of the flattened tensor). */
export function roll(
  input: Tensor,
  shifts: number | readonly number[],
  dims?: number | readonly number[] | null,
): Tensor {
  return input.roll(shifts, dims);
}

/** `torch.tril(input, diagonal=0)`: the lower triangle of the last two dims, zeros elsewhere. */
export function tril(input: Tensor, diagonal = 0): Tensor {
  return input.tril(diagonal);
}

/** `torch.triu(input, diagonal=0)`: the upper triangle of the last two dims, zeros elsewhere. */
export function triu(input: Tensor, diagonal = 0): Tensor {
  return input.triu(diagonal);
}

/** `torch.tile(input, dims)`: `repeat`, with missing leading repetitions taken as 1. */
export function tile(input: Tensor, dims: readonly number[]): Tensor {
  return input.tile(dims);
}

declare module '../tensor.js' {
  interface Tensor {
    /** `x.flip(dims)` or `x.flip(0, 1)`: PyTorch's `flip`. */
    flip(...dims: number[] | [readonly number[]]): Tensor;
    /** `x.roll(shifts, dims?)`: PyTorch's `roll`. */
    roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor;
    /** `x.repeat(2, 1)` or `x.repeat([2, 1])`: tiles the tensor (PyTorch's `repeat`, not NumPy's). */
    repeat(...repeats: number[] | [readonly number[]]): Tensor;
    /** `x.tile(dims)`: PyTorch's `tile`. */
    tile(...dims: number[] | [readonly number[]]): Tensor;
    /** `x.tril(diagonal=0)`: PyTorch's `tril`. */
    tril(diagonal?: number): Tensor;
    /** `x.triu(diagonal=0)`: PyTorch's `triu`. */
    triu(diagonal?: number): Tensor;
  }
}

const T = Tensor.prototype;

T.flip = function (this: Tensor, ...args: unknown[]) {
  const dims = normalizeDims(intList(args, 'flip', 'dims'), this.ndim);
  return dispatch1(flipOp, [this], { dims });
};
T.roll = function (this: Tensor, shifts, dims) {
  const s = typeof shifts === 'number' ? [shifts] : [...shifts];
  const d = dims === undefined || dims === null ? [] : typeof dims === 'number' ? [dims] : [...dims];
  if (d.length === 0 ? s.length !== 1 : s.length !== d.length) {
    throw new RuntimeError(`shifts and dimensions must align. shifts: ${s.length}, dims:${d.length}`);
  }
  return dispatch1(rollOp, [this], { shifts: s, dims: d.map((x) => normalizeDim(x, this.ndim)) });
};
T.repeat = function (this: Tensor, ...args: unknown[]) {
  return repeat(this, intList(args, 'repeat', 'repeats'));
};
T.tile = function (this: Tensor, ...args: unknown[]) {
  const reps = intList(args, 'tile', 'dims');
  return repeat(this, [...new Array<number>(Math.max(0, this.ndim - reps.length)).fill(1), ...reps]);
};
T.tril = function (this: Tensor, diagonal = 0) {
  normalizeDim(-2, this.ndim);
  return dispatch1(trilOp, [this], { diagonal });
};
T.triu = function (this: Tensor, diagonal = 0) {
  normalizeDim(-2, this.ndim);
  return dispatch1(triuOp, [this], { diagonal });
};
