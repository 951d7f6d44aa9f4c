import { defineOp, dispatch } from '../dispatcher.js';
import { resultType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { formatShape, normalizeDim, numel, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyOn, rawCopy } from './copy.js';

/** PyTorch still accepts 1-d empty tensors of shape [0] in any cat and skips them (legacy behaviour). */
function skipped(t: Tensor): boolean {
  return t.ndim === 1 && t.shape[0] === 0;
}

function catShape(tensors: readonly Tensor[], dim: number): number[] {
  const ref = tensors.find((t) => !skipped(t));
  if (!ref) return [0];
  const shape = ref.shape.slice();
  shape[dim] = 0;
  tensors.forEach((t, i) => {
    if (skipped(t)) return;
    if (t.ndim !== ref.ndim)
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${ref.ndim} and ${t.ndim}`);
    for (let d = 0; d < ref.ndim; d++) {
      if (d !== dim && t.shape[d] !== ref.shape[d]) {
        throw new RuntimeError(
          `Sizes of tensors must match except in dimension ${dim}. Expected size ${ref.shape[d]} but got size ${t.shape[d]} for tensor number ${i} in the list.`,
        );
      }
    }
    shape[dim]! += t.shape[dim]!;
  });
  return shape;
}

/**
 * `cat(tensors, dim)`: allocates the result once and copies each input into its slice (converting
 * to the promoted dtype). Backward: the gradient's slices. Inputs: the tensors.
 */
export const catOp = defineOp<{ dim: number }>({
  name: 'cat',
  meta(tensors, { dim }) {
    const dtype = resultType(...tensors);
    return { outputs: [{ shape: catShape(tensors, dim), dtype }], dtype };
  },
  saves: { inputs: true, outputs: false },
  impl(tensors, { dim }) {
    const t0 = tensors[0]!;
    const shape = catShape(tensors, dim);
    const out = emptyOn(t0.device, shape, resultType(...tensors));
    if (numel(shape) === 0) return out;
    let at = 0;
    for (const t of tensors) {
      if (skipped(t)) continue;
      const len = t.shape[dim]!;
      if (len > 0) rawCopy(out.narrow(dim, at, len), t);
      at += len;
    }
    return out;
  },
  backward(ctx, [g]) {
    const { dim } = ctx.attrs;
    let at = 0;
    return ctx.inputs.map((t, i) => {
      if (skipped(t)) return null;
      const len = t.shape[dim]!;
      at += len;
      return ctx.needsInputGrad[i] ? g!.narrow(dim, at - len, len) : null;
    });
  },
});

function catDim(tensors: readonly Tensor[], dim: number): number {
  if (tensors.length === 0) throw new RuntimeError('torch.cat(): expected a non-empty list of Tensors');
  tensors.forEach((t, i) => {
    if (t.ndim === 0)
      throw new RuntimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const ref = tensors.find((t) => !skipped(t)) ?? tensors[0]!;
  return normalizeDim(dim, ref.ndim);
}

/**
 * `torch.cat(tensors, dim=0)`: joins tensors along an existing dim. Inputs are promoted to a common
 * dtype; all sizes but `dim`'s must match. Also named `concat` and `concatenate`.
 * @example
 * torch.cat([torch.ones(2, 3), torch.zeros(1, 3)]); // shape [3, 3]
 */
export function cat(tensors: readonly Tensor[], dim: number | { dim?: number } = 0): Tensor {
  const d = typeof dim === 'number' ? dim : (dim.dim ?? 0);
  return dispatch(catOp, tensors, { dim: catDim(tensors, d) })[0]!;
}

/** Alias of {@link cat} (`torch.concat`). */
export const concat = cat;
/** Alias of {@link cat} (`torch.concatenate`). */
export const concatenate = cat;

/**
 * `torch.stack(tensors, dim=0)`: joins equally shaped tensors along a new dim.
 * @example
 * torch.stack([torch.ones(3), torch.zeros(3)], 1); // shape [3, 2]
 */
export function stack(tensors: readonly Tensor[], dim: number | { dim?: number } = 0): Tensor {
  if (tensors.length === 0) throw new RuntimeError('stack expects a non-empty TensorList');
  const t0 = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, t0.shape)) {
      throw new RuntimeError(
        `stack expects each tensor to be equal size, but got ${formatShape(t0.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${i}`,
      );
    }
  });
  const d = normalizeDim(typeof dim === 'number' ? dim : (dim.dim ?? 0), t0.ndim + 1);
  return cat(
    tensors.map((t) => t.unsqueeze(d)),
    d,
  );
}

function atleast1d(t: Tensor): Tensor {
  return t.ndim === 0 ? t.reshape([1]) : t;
}

function atleast2d(t: Tensor): Tensor {
  return t.ndim === 0 ? t.reshape([1, 1]) : t.ndim === 1 ? t.unsqueeze(0) : t;
}

/** `torch.hstack(tensors)`: column-wise join (along dim 0 for 1-d inputs, else dim 1). */
export function hstack(tensors: readonly Tensor[]): Tensor {
  const ts = tensors.map(atleast1d);
  return cat(ts, ts.length > 0 && ts[0]!.ndim === 1 ? 0 : 1);
}

/** `torch.vstack(tensors)`: row-wise join (1-d inputs become rows). */
export function vstack(tensors: readonly Tensor[]): Tensor {
  return cat(tensors.map(atleast2d), 0);
}
