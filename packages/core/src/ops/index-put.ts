import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import type { OpDef } from '../op.js';
import { numel } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { emptyOn, rawCopy } from './copy.js';
import { scalarTensor } from './creation.js';

// Advanced indexing reduces to two primitives over "leading" indices: k int64 index tensors of one
// shape B that index a tensor's first k dims. Reads go through index_select on the flattened
// leading dims; writes through the index_put kernel. `indexing.ts` moves any dims into that layout.

/**
 * The in-place index_put kernel: `self[i0, i1, ...] = values` (or `+=`). Inputs
 * `[self, values, ...indices]`: indices int64 of one shape B (negatives count from the end), values
 * of shape B ++ self.shape[k:]. No outputs; `self` may be any strided view.
 */
export const indexPutInplaceOp = defineOp<{ accumulate: boolean }>({
  name: 'indexPut_',
  meta([self]) {
    return { outputs: [], dtype: self!.dtype, cast: [null, self!.dtype] };
  },
});

/** Out-of-place index_put over leading indices (the differentiable form). Inputs as {@link indexPutInplaceOp}. */
export const indexPutOp: OpDef<{ accumulate: boolean }> = defineOp<{ accumulate: boolean }>({
  name: 'indexPut',
  meta([self]) {
    return { outputs: [{ shape: self!.shape, dtype: self!.dtype }], dtype: self!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([self, ...rest], attrs) {
    const out = emptyOn(self!.device, self!.shape, self!.dtype);
    rawCopy(out, self!);
    dispatch(indexPutInplaceOp, [out, ...rest], attrs);
    return out;
  },
  backward(ctx, [g]) {
    const [, values, ...indices] = ctx.inputs;
    let gSelf: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      if (ctx.attrs.accumulate) gSelf = g!;
      else {
        const zero = scalarTensor(0, g!.dtype, g!.device).expand(values!.shape as number[]);
        gSelf = dispatch1(indexPutOp, [g!, zero, ...indices], { accumulate: false });
      }
    }
    const gValues = ctx.needsInputGrad[1] ? readLeading(g!, indices) : null;
    return [gSelf, gValues, ...indices.map(() => null)];
  },
});

/** `nonzero()`: int64 [n, ndim] coordinates of the non-zero elements. Its shape depends on the data. */
export const nonzeroOp = defineOp<Record<string, never>>({
  name: 'nonzero',
  meta() {
    return { outputs: null, dtype: 'bool', cast: ['bool'] };
  },
});

/**
 * `x[i0, ..., ik-1]` for int64 indices (already in range, non-negative) of one shape B over x's
 * first k dims: shape B ++ x.shape[k:]. Differentiable (through index_select).
 */
export function readLeading(x: Tensor, indices: readonly Tensor[]): Tensor {
  const k = indices.length;
  const lead = x.shape.slice(0, k);
  const rest = x.shape.slice(k);
  const bshape = indices[0]!.shape as number[];
  if (k === 1) return x.indexSelect(0, indices[0]!.flatten()).reshape([...bshape, ...rest]);
  let linear = indices[k - 1]!;
  let mult = lead[k - 1]!;
  for (let i = k - 2; i >= 0; i--) {
    linear = indices[i]!.mul(mult).add(linear);
    mult *= lead[i]!;
  }
  const flat = x.reshape([numel(lead), ...rest]);
  return flat.indexSelect(0, linear.expand(bshape).flatten()).reshape([...bshape, ...rest]);
}

/**
 * Writes `values` (shape B ++ x.shape[k:]) at leading indices into `x` in place, without autograd
 * (the kernel checks bounds before writing).
 */
export function writeLeading(
  x: Tensor,
  indices: readonly Tensor[],
  values: Tensor,
  accumulate: boolean,
): void {
  dispatch(indexPutInplaceOp, [x, values, ...indices], { accumulate });
}

/** The differentiable out-of-place form of {@link writeLeading}. */
export function putLeading(
  x: Tensor,
  indices: readonly Tensor[],
  values: Tensor,
  accumulate: boolean,
): Tensor {
  return dispatch1(indexPutOp, [x, values, ...indices], { accumulate });
}
