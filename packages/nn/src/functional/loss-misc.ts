import { RuntimeError, type Tensor, where } from '@kindling/core';
import { applyReduction, checkReduction, opts, type Reduction, torchSize } from './reduction.js';

/** Options of `klDiv`: `reduction` also takes 'batchmean' (sum / batch size). */
export type KLDivOptions = { reduction?: Reduction | 'batchmean'; logTarget?: boolean };

/**
 * `F.kl_div(input, target, reduction='mean', log_target=False)`: pointwise KL divergence
 * t·(log t − x) with `input` in log space (0 where t = 0, like `xlogy`); with `logTarget`,
 * exp(t)·(t − x). 'batchmean' divides the sum by the batch size — the mathematically correct KL.
 * Mirrors `torch.nn.functional.kl_div`.
 */
export function klDiv(
  input: Tensor,
  target: Tensor,
  options?: KLDivOptions | Reduction | 'batchmean',
): Tensor {
  const o: KLDivOptions = typeof options === 'string' ? { reduction: options } : (options ?? {});
  const red = o.reduction ?? 'mean';
  const r = red === 'batchmean' ? 'sum' : checkReduction(red);
  let out: Tensor;
  if (o.logTarget) {
    out = target.exp().mul(target.sub(input));
  } else {
    // xlogy(t, t) − t·x; log reads 1 where t = 0 so neither value nor gradient becomes NaN there.
    const zero = target.eq(0);
    const xlogy = target.mul(where(zero, 1, target).log());
    out = xlogy.sub(target.mul(input));
  }
  const reduced = applyReduction(out, r);
  return red === 'batchmean' && input.shape.length !== 0 ? reduced.div(input.shape[0]!) : reduced;
}

/** Options of the margin losses. */
export type MarginOptions = { margin?: number; reduction?: Reduction };

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * `F.cosine_embedding_loss(x1, x2, target, margin=0, reduction='mean')`: 1 − cos(x1, x2) where
 * target = 1, max(0, cos − margin) where target = −1 (cos with PyTorch's ε = 1e-12 on the squared
 * magnitudes). Mirrors `torch.nn.functional.cosine_embedding_loss`.
 */
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options?: MarginOptions | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const td = target.shape.length;
  if (td !== 0 && td !== 1) {
    throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
  }
  const want = td === 1 ? 2 : 1;
  if (input1.shape.length !== want || input2.shape.length !== want) {
    throw new RuntimeError(
      `${td}D target tensor expects ${want}D input tensors, but found inputs with sizes ${fmt(input1.shape)} and ${fmt(input2.shape)}.`,
    );
  }
  const EPS = 1e-12;
  const prod = input1.mul(input2).sum(td);
  const mag1 = input1.mul(input1).sum(td).add(EPS);
  const mag2 = input2.mul(input2).sum(td).add(EPS);
  const cos = prod.div(mag1.mul(mag2).sqrt());
  const zeros = cos.zerosLike();
  const pos = cos.neg().add(1);
  const neg = cos.sub(o.margin ?? 0).clampMin(0);
  const out = where(target.eq(1), pos, zeros).add(where(target.eq(-1), neg, zeros));
  return applyReduction(out, r);
}

/**
 * `F.margin_ranking_loss(x1, x2, target, margin=0, reduction='mean')`: max(0, −y·(x1 − x2) + margin).
 * Mirrors `torch.nn.functional.margin_ranking_loss`.
 */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  options?: MarginOptions | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const d = input1.shape.length;
  if (d !== input2.shape.length || d !== target.shape.length) {
    throw new RuntimeError(
      `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: ${torchSize(input1.shape)}, input2: ${torchSize(input2.shape)}, target: ${torchSize(target.shape)} `,
    );
  }
  return applyReduction(
    target
      .neg()
      .mul(input1.sub(input2))
      .add(o.margin ?? 0)
      .clampMin(0),
    r,
  );
}
