import { full, type Tensor, where } from '@kindling/core';
import { dropout } from './dropout.js';

/** Options of `scaledDotProductAttention` (PyTorch 2's keyword arguments, camelCase). */
export type AttentionOptions = {
  attnMask?: Tensor | null;
  dropoutP?: number;
  isCausal?: boolean;
  scale?: number | null;
};

/**
 * `F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None)`:
 * softmax(Q·Kᵀ·scale + bias)·V over [..., L, E] / [..., S, E] / [..., S, Ev] tensors. A bool mask
 * keeps positions where it is true; a float mask is added; `isCausal` masks the upper triangle.
 * PyTorch 1.13 lacks this function: the reference is the math formula in PyTorch 2's docs.
 * Dropout uses the global RNG as `F.dropout` does. Mirrors `torch.nn.functional.scaled_dot_product_attention`.
 * @example F.scaledDotProductAttention(q, k, v, { isCausal: true })
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options: AttentionOptions = {},
): Tensor {
  const l = query.shape[query.shape.length - 2]!;
  const s = key.shape[key.shape.length - 2]!;
  const e = query.shape[query.shape.length - 1]!;
  const scale = options.scale ?? 1 / Math.sqrt(e);
  let bias: Tensor | null = null;
  if (options.isCausal) {
    const keep = full([l, s], true, { dtype: 'bool' }).tril();
    bias = where(keep, 0, Number.NEGATIVE_INFINITY).to(query.dtype);
  }
  const mask = options.attnMask ?? null;
  if (mask) {
    if (mask.dtype === 'bool') {
      const masked = where(mask, 0, Number.NEGATIVE_INFINITY).to(query.dtype);
      bias = bias ? bias.add(masked) : masked;
    } else {
      bias = bias ? mask.add(bias) : mask;
    }
  }
  let w = query.matmul(key.transpose(-2, -1)).mul(scale);
  if (bias) w = w.add(bias);
  w = w.softmax(-1);
  if ((options.dropoutP ?? 0) > 0) w = dropout(w, options.dropoutP, true);
  return w.matmul(value);
}
