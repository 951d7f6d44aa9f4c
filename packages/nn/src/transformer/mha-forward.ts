import { bmm, cat, RuntimeError, type Tensor, zeros, zerosLike } from '@kindling/core';
import { dropoutForward } from '../dropout.js';

/** Keyword arguments of `MultiheadAttention.forward` in camelCase. */
export interface MhaForwardOptions {
  /** `(N, S)` or `(S)`: true (bool) marks keys to ignore; a float mask is added to the scores. */
  keyPaddingMask?: Tensor | null;
  /** Return the attention weights (default true); `null` is returned in their place otherwise. */
  needWeights?: boolean;
  /** `(L, S)` or `(N·numHeads, L, S)`: bool (true = not allowed) or float (added to the scores). */
  attnMask?: Tensor | null;
  /** Average the weights over heads (default true); per-head weights `(N, numHeads, L, S)` otherwise. */
  averageAttnWeights?: boolean;
}

/** The parameters and settings `multiHeadAttentionForward` reads from the module. */
export interface MhaWeights {
  embedDim: number;
  numHeads: number;
  inProjWeight: Tensor | null;
  inProjBias: Tensor | null;
  qProjWeight: Tensor | null;
  kProjWeight: Tensor | null;
  vProjWeight: Tensor | null;
  biasK: Tensor | null;
  biasV: Tensor | null;
  addZeroAttn: boolean;
  dropout: number;
  outProjWeight: Tensor;
  outProjBias: Tensor | null;
  training: boolean;
}

const size = (t: Tensor) => `torch.Size([${t.shape.join(', ')}])`;
const tuple = (...d: number[]) => `(${d.join(', ')})`;

function check(cond: boolean, message: string): void {
  // PyTorch raises AssertionError here; Kindling has no such type, so RuntimeError carries the text.
  if (!cond) throw new RuntimeError(message);
}

const linear = (x: Tensor, w: Tensor, b: Tensor | null) => {
  const y = x.matmul(w.t());
  return b ? y.add(b) : y;
};

/** Appends one zero (false) column on the last dimension, as `F.pad(mask, (0, 1))`. */
const padLast = (mask: Tensor) =>
  cat([mask, zeros([...mask.shape.slice(0, -1), 1], { dtype: mask.dtype })], -1);

function isFloatOrBool(t: Tensor): boolean {
  return t.dtype === 'bool' || t.isFloatingPoint();
}

/** PyTorch's `_mha_shape_check`: validates ranks and says whether the input is batched. */
function shapeCheck(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  kpm: Tensor | null,
  mask: Tensor | null,
  numHeads: number,
): boolean {
  if (q.ndim === 3) {
    check(
      k.ndim === 3 && v.ndim === 3,
      `For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${k.ndim}-D and ${v.ndim}-D tensors respectively`,
    );
    if (kpm)
      check(
        kpm.ndim === 2,
        `For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${kpm.ndim}-D tensor instead`,
      );
    if (mask)
      check(
        mask.ndim === 2 || mask.ndim === 3,
        `For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${mask.ndim}-D tensor instead`,
      );
    return true;
  }
  if (q.ndim === 2) {
    check(
      k.ndim === 2 && v.ndim === 2,
      `For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${k.ndim}-D and ${v.ndim}-D tensors respectively`,
    );
    if (kpm)
      check(
        kpm.ndim === 1,
        `For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${kpm.ndim}-D tensor instead`,
      );
    if (mask) {
      check(
        mask.ndim === 2 || mask.ndim === 3,
        `For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${mask.ndim}-D tensor instead`,
      );
      const want = [numHeads, q.shape[0]!, k.shape[0]!];
      if (mask.ndim === 3)
        check(
          mask.shape.every((d, i) => d === want[i]),
          `Expected \`attn_mask\` shape to be ${tuple(...want)} but got ${size(mask)}`,
        );
    }
    return false;
  }
  throw new RuntimeError(
    `query should be unbatched 2D or batched 3D tensor but received ${q.ndim}-D query tensor`,
  );
}

/** PyTorch's `_in_projection_packed`: one matmul when q, k, v are the same tensor, two when k is v. */
function inProjection(q: Tensor, k: Tensor, v: Tensor, p: MhaWeights): [Tensor, Tensor, Tensor] {
  const E = p.embedDim;
  const b = p.inProjBias;
  if (!p.inProjWeight) {
    const [bq, bk, bv] = b ? b.chunk(3) : [null, null, null];
    return [
      linear(q, p.qProjWeight!, bq ?? null),
      linear(k, p.kProjWeight!, bk ?? null),
      linear(v, p.vProjWeight!, bv ?? null),
    ];
  }
  const w = p.inProjWeight;
  if (k === v) {
    if (q === k) {
      const [a, c, d] = linear(q, w, b).chunk(3, -1);
      return [a!, c!, d!];
    }
    const [wq, wkv] = w.split([E, 2 * E]);
    const [bq, bkv] = b ? b.split([E, 2 * E]) : [null, null];
    const [kk, vv] = linear(k, wkv!, bkv ?? null).chunk(2, -1);
    return [linear(q, wq!, bq ?? null), kk!, vv!];
  }
  const [wq, wk, wv] = w.chunk(3);
  const [bq, bk, bv] = b ? b.chunk(3) : [null, null, null];
  return [linear(q, wq!, bq ?? null), linear(k, wk!, bk ?? null), linear(v, wv!, bv ?? null)];
}

/**
 * Multi-head attention on sequence-first inputs (`torch.nn.functional.multi_head_attention_forward`
 * in PyTorch 1.13, without `static_k`/`static_v`): query `(L, N, E)` or `(L, E)`, key/value
 * `(S, N, Ek|Ev)` or `(S, Ek|Ev)` → `[output (L, N, E) or (L, E), weights | null]`.
 */
export function multiHeadAttentionForward(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  p: MhaWeights,
  opts: MhaForwardOptions = {},
): [Tensor, Tensor | null] {
  let kpm = opts.keyPaddingMask ?? null;
  let mask = opts.attnMask ?? null;
  const needWeights = opts.needWeights ?? true;
  const H = p.numHeads;
  const batched = shapeCheck(query, key, value, kpm, mask, H);
  if (!batched) {
    query = query.unsqueeze(1);
    const sameKV = key === value;
    key = key.unsqueeze(1);
    value = sameKV ? key : value.unsqueeze(1);
    if (kpm) kpm = kpm.unsqueeze(0);
  }
  const [L, N, E] = query.shape as [number, number, number];
  const S0 = key.shape[0]!;
  if (kpm && !isFloatOrBool(kpm))
    throw new RuntimeError('only bool and floating types of key_padding_mask are supported');
  check(E === p.embedDim, `was expecting embedding dimension of ${p.embedDim}, but got ${E}`);
  const headDim = Math.floor(E / H);
  check(headDim * H === E, `embed_dim ${E} not divisible by num_heads ${H}`);
  if (p.inProjWeight) {
    check(
      key.shape.every((d, i) => d === value.shape[i]) && key.ndim === value.ndim,
      `key shape ${size(key)} does not match value shape ${size(value)}`,
    );
  } else {
    check(
      key.shape[0] === value.shape[0] && key.shape[1] === value.shape[1],
      `key's sequence and batch dims torch.Size([${key.shape.slice(0, 2).join(', ')}]) do not match value's torch.Size([${value.shape.slice(0, 2).join(', ')}])`,
    );
  }
  if (mask) {
    if (mask.dtype === 'uint8') mask = mask.to('bool');
    else
      check(
        isFloatOrBool(mask),
        `Only float, byte, and bool types are supported for attn_mask, not torch.${mask.dtype}`,
      );
    if (mask.ndim === 2) {
      if (mask.shape[0] !== L || mask.shape[1] !== S0)
        throw new RuntimeError(
          `The shape of the 2D attn_mask is ${size(mask)}, but should be ${tuple(L, S0)}.`,
        );
      mask = mask.unsqueeze(0);
    } else if (mask.ndim === 3) {
      if (mask.shape[0] !== N * H || mask.shape[1] !== L || mask.shape[2] !== S0)
        throw new RuntimeError(
          `The shape of the 3D attn_mask is ${size(mask)}, but should be ${tuple(N * H, L, S0)}.`,
        );
    } else {
      throw new RuntimeError(`attn_mask's dimension ${mask.ndim} is not supported`);
    }
  }

  let [q, k, v] = inProjection(query, key, value, p);
  if (p.biasK && p.biasV) {
    k = cat([k, p.biasK.repeat(1, N, 1)]);
    v = cat([v, p.biasV.repeat(1, N, 1)]);
    if (mask) mask = padLast(mask);
    if (kpm) kpm = padLast(kpm);
  }
  // (seq, N, E) → (N·H, seq, headDim): heads become batch entries of bmm.
  q = q
    .contiguous()
    .view(L, N * H, headDim)
    .transpose(0, 1);
  k = k
    .contiguous()
    .view(k.shape[0]!, N * H, headDim)
    .transpose(0, 1);
  v = v
    .contiguous()
    .view(v.shape[0]!, N * H, headDim)
    .transpose(0, 1);
  if (p.addZeroAttn) {
    k = cat([k, zeros([N * H, 1, headDim], { dtype: k.dtype })], 1);
    v = cat([v, zeros([N * H, 1, headDim], { dtype: v.dtype })], 1);
    if (mask) mask = padLast(mask);
    if (kpm) kpm = padLast(kpm);
  }
  const S = k.shape[1]!;
  if (kpm) {
    check(
      kpm.shape[0] === N && kpm.shape[1] === S,
      `expecting key_padding_mask shape of ${tuple(N, S)}, but got ${size(kpm)}`,
    );
    kpm = kpm
      .view(N, 1, 1, S)
      .expand(-1, H, -1, -1)
      .reshape(N * H, 1, S);
    if (!mask) mask = kpm;
    else if (mask.dtype === 'bool') mask = mask.logicalOr(kpm);
    else mask = mask.maskedFill(kpm, Number.NEGATIVE_INFINITY);
  }
  if (mask && mask.dtype === 'bool') {
    mask = zerosLike(mask, { dtype: q.dtype }).maskedFill(mask, Number.NEGATIVE_INFINITY);
  }

  // Scaled dot-product attention: softmax(q kᵀ/√d + mask) v.
  const scores = bmm(q.div(Math.sqrt(headDim)), k.transpose(-2, -1));
  let weights = (mask ? scores.add(mask) : scores).softmax(-1);
  weights = dropoutForward(weights, p.dropout, p.training, false);
  let out = bmm(weights, v)
    .transpose(0, 1)
    .contiguous()
    .view(L * N, E);
  out = linear(out, p.outProjWeight, p.outProjBias).view(L, N, E);
  if (!needWeights) return [batched ? out : out.squeeze(1), null];
  weights = weights.view(N, H, L, S);
  if (opts.averageAttnWeights ?? true) weights = weights.sum(1).div(H);
  return batched ? [out, weights] : [out.squeeze(1), weights.squeeze(0)];
}
