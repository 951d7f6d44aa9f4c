import { isFloatingPoint, promoteTypes, RuntimeError, type Tensor } from '@kindling/core';
import { scalarTypeName } from './reduction.js';

/** Options of `normalize`. */
export type NormalizeOptions = { p?: number; dim?: number; eps?: number };

/**
 * `F.normalize(input, p=2.0, dim=1, eps=1e-12)`: x / max(‖x‖_p, eps) along `dim`.
 * Mirrors `torch.nn.functional.normalize`.
 */
export function normalize(input: Tensor, p: number | NormalizeOptions = 2, dim = 1, eps = 1e-12): Tensor {
  const o: NormalizeOptions = typeof p === 'object' ? p : { p, dim, eps };
  const denom = input.norm(o.p ?? 2, o.dim ?? 1, true).clampMin(o.eps ?? 1e-12);
  return input.div(denom.expandAs(input));
}

/** Options of `cosineSimilarity`. */
export type CosineSimilarityOptions = { dim?: number; eps?: number };

/**
 * `F.cosine_similarity(x1, x2, dim=1, eps=1e-8)`: ⟨x1, x2⟩ / (max(‖x1‖, eps)·max(‖x2‖, eps)),
 * computed as PyTorch 1.13 does — each input divided by its clamped norm, then summed products —
 * over broadcast inputs. Mirrors `torch.nn.functional.cosine_similarity`.
 */
export function cosineSimilarity(
  x1: Tensor,
  x2: Tensor,
  dim: number | CosineSimilarityOptions = 1,
  eps = 1e-8,
): Tensor {
  const o: CosineSimilarityOptions = typeof dim === 'object' ? dim : { dim, eps };
  const d = o.dim ?? 1;
  const e = o.eps ?? 1e-8;
  const common = promoteTypes(x1.dtype, x2.dtype);
  if (!isFloatingPoint(common)) {
    throw new RuntimeError(
      `expected common dtype to be floating point, yet common dtype is ${scalarTypeName(common)}`,
    );
  }
  const a = x1.to(common);
  const b = x2.to(common);
  const n1 = a.norm(2, d, true).clampMin(e);
  const n2 = b.norm(2, d, true).clampMin(e);
  return a.div(n1).mul(b.div(n2)).sum(d);
}

/** Options of `pairwiseDistance`. */
export type PairwiseDistanceOptions = { p?: number; eps?: number; keepdim?: boolean };

/**
 * `F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False)`: ‖x1 − x2 + eps‖_p over the last dim.
 * Mirrors `torch.nn.functional.pairwise_distance`.
 */
export function pairwiseDistance(
  x1: Tensor,
  x2: Tensor,
  p: number | PairwiseDistanceOptions = 2,
  eps = 1e-6,
  keepdim = false,
): Tensor {
  const o: PairwiseDistanceOptions = typeof p === 'object' ? p : { p, eps, keepdim };
  const nd = Math.max(x1.shape.length, x2.shape.length);
  return x1
    .sub(x2)
    .add(o.eps ?? 1e-6)
    .norm(o.p ?? 2, nd - 1, o.keepdim ?? false);
}
