import {
  IndexError,
  isFloatingPoint,
  RuntimeError,
  readsSynchronously,
  type Tensor,
  ValueError,
  where,
} from '@kindling/core';
import { logSoftmax } from './activation.js';
import { checkReduction, opts, type Reduction, sameShape, scalarTypeName } from './reduction.js';

/** Options of `nllLoss` and `crossEntropy` (PyTorch's keyword arguments, camelCase). */
export type NllLossOptions = {
  weight?: Tensor | null;
  ignoreIndex?: number;
  reduction?: Reduction;
};

/** Options of `crossEntropy`: `nllLoss`'s plus `labelSmoothing`. */
export type CrossEntropyOptions = NllLossOptions & { labelSmoothing?: number };

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;

// The shape and dtype checks of PyTorch's nll_loss_nd / nll_loss / nll_loss2d, in their order.
function checkNll(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): void {
  const nd = input.shape.length;
  const ts = target.shape;
  if (nd < 1) throw new ValueError(`Expected 1 or more dimensions (got ${nd})`);
  if (nd !== 1 && input.shape[0] !== ts[0]) {
    throw new ValueError(
      `Expected input batch_size (${input.shape[0]}) to match target batch_size (${ts[0]}).`,
    );
  }
  if (target.dtype !== 'int64') {
    throw new RuntimeError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`);
  }
  if (nd <= 2) {
    if (ts.length > 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
    if (!(nd === 1 && ts.length === 0) && input.shape[0] !== ts[0]) {
      throw new RuntimeError(`size mismatch (got input: ${fmt(input.shape)}, target: ${fmt(ts)})`);
    }
  } else if (nd === 4) {
    if (ts.length !== 3) {
      throw new RuntimeError(
        `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${ts.length}`,
      );
    }
    if (!sameShape(ts.slice(1), input.shape.slice(2))) {
      throw new RuntimeError(`size mismatch (got input: ${fmt(input.shape)} , target: ${fmt(ts)}`);
    }
  } else if (!sameShape(ts.slice(1), input.shape.slice(2))) {
    throw new RuntimeError(
      `Expected target size ${fmt([input.shape[0]!, ...input.shape.slice(2)])}, got ${fmt(ts)}`,
    );
  }
  const c = input.shape[nd === 1 ? 0 : 1]!;
  if (weight && (weight.shape.length !== 1 || weight.numel() !== c)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: ${fmt(weight.shape)}`,
    );
  }
  if (!readsSynchronously(target.device)) return;
  const values = target.contiguous().dataSync();
  for (const t of values) {
    if (t !== ignoreIndex && (t < 0 || t >= c)) throw new IndexError(`Target ${t} is out of bounds.`);
  }
}

/**
 * The per-target losses −w[t]·x[t] (0 where ignored) and the weights w[t] (0 where ignored) whose
 * sum divides the 'mean' reduction.
 */
function nllParts(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number) {
  const keep = target.ne(ignoreIndex);
  const safe = where(keep, target, 0);
  const picked =
    input.shape.length === 1
      ? input.gather(0, safe.reshape([1])).reshape([])
      : input.gather(1, safe.unsqueeze(1)).squeeze(1);
  const w = weight
    ? weight.indexSelect(0, safe.flatten()).reshape(safe.shape).mul(keep)
    : keep.to(input.dtype);
  return { loss: picked.mul(w).neg(), w, keep };
}

function reduceNll(loss: Tensor, w: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.sum().div(w.sum());
  return reduction === 'sum' ? loss.sum() : loss;
}

/**
 * `F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean')`: the negative
 * log-likelihood of int64 class `target`s given log-probabilities `input` of shape [C], [N, C] or
 * [N, C, d1, …]. 'mean' divides by the summed weights of the non-ignored targets.
 * Mirrors `torch.nn.functional.nll_loss`.
 */
export function nllLoss(input: Tensor, target: Tensor, options?: NllLossOptions | Reduction): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const weight = o.weight ?? null;
  const ignoreIndex = o.ignoreIndex ?? -100;
  checkNll(input, target, weight, ignoreIndex);
  const { loss, w } = nllParts(input, target, weight, ignoreIndex);
  return reduceNll(loss, w, r);
}

// weight viewed as [1, C, 1, …] (or [C] unbatched) to broadcast along the class dim.
function classView(weight: Tensor, nd: number, classDim: number): Tensor {
  if (nd <= 1) return weight;
  const shape = new Array<number>(nd).fill(1);
  shape[classDim] = weight.shape[0]!;
  return weight.view(shape);
}

function checkSmoothing(ls: number): void {
  if (ls > 1) throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${ls}`);
}

// PyTorch's cross_entropy_loss_prob_target: target holds class probabilities.
function probTarget(input: Tensor, target: Tensor, weight: Tensor | null, r: Reduction, ls: number): Tensor {
  const nd = input.shape.length;
  const classDim = nd === 1 ? 0 : 1;
  const c = input.shape[classDim]!;
  if (weight && (weight.shape.length !== 1 || weight.numel() !== c)) {
    throw new RuntimeError(
      `cross_entropy: weight tensor should be defined either for all ${c} classes or no classes but got weight tensor of shape: ${fmt(weight.shape)}`,
    );
  }
  const logp = logSoftmax(input, classDim);
  let t = target;
  if (ls > 0) {
    checkSmoothing(ls);
    t = target.mul(1 - ls).add(ls / c);
  }
  let prod = logp.mul(t);
  if (weight) prod = prod.mul(classView(weight, nd, classDim));
  if (r === 'none') return prod.sum(classDim).neg();
  if (r === 'sum') return prod.sum().neg();
  if (input.numel() === 0) return prod.sum().neg().mul(Number.NaN);
  return prod
    .sum()
    .neg()
    .div(Math.trunc(input.numel() / c));
}

// PyTorch's cross_entropy_loss_label_smoothing for class-index targets.
function smoothedIndices(input: Tensor, target: Tensor, o: Required<NllLossOptions>, ls: number): Tensor {
  checkSmoothing(ls);
  const nd = input.shape.length;
  const classDim = nd === 1 ? 0 : 1;
  const c = input.shape[classDim]!;
  const logp = logSoftmax(input, classDim);
  checkNll(logp, target, o.weight, o.ignoreIndex);
  const { loss, w, keep } = nllParts(logp, target, o.weight, o.ignoreIndex);
  const nll = reduceNll(loss, w, o.reduction);
  const smooth = (o.weight ? logp.mul(classView(o.weight, nd, classDim)) : logp)
    .sum(classDim)
    .neg()
    .mul(keep);
  let ret: Tensor;
  if (o.reduction === 'mean') ret = smooth.sum().div(o.weight ? w.sum() : keep.sum());
  else ret = o.reduction === 'sum' ? smooth.sum() : smooth;
  return nll.mul(1 - ls).add(ret.mul(ls / c));
}

/**
 * `F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0)`:
 * log_softmax over the class dim (dim 1, or 0 for an unbatched [C] input) followed by the NLL loss.
 * `target` is either int64 class indices ([N], [N, d1, …] or []) or, when it has the input's shape,
 * float class probabilities. Mirrors `torch.nn.functional.cross_entropy`.
 * @example F.crossEntropy(logits, labels, { labelSmoothing: 0.1, ignoreIndex: 0 })
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options?: CrossEntropyOptions | Reduction,
): Tensor {
  const o = opts(options);
  const r = checkReduction(o.reduction ?? 'mean');
  const weight = o.weight ?? null;
  const ignoreIndex = o.ignoreIndex ?? -100;
  const ls = o.labelSmoothing ?? 0;
  if (sameShape(input.shape, target.shape)) {
    if (!isFloatingPoint(target.dtype)) {
      throw new RuntimeError(
        `Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`,
      );
    }
    if (ignoreIndex >= 0) throw new RuntimeError('ignore_index is not supported for floating point target');
    return probTarget(input, target, weight, r, ls);
  }
  if (ls > 0) return smoothedIndices(input, target, { weight, ignoreIndex, reduction: r }, ls);
  const nd = input.shape.length;
  if (nd < 1) throw new ValueError(`Expected 1 or more dimensions (got ${nd})`);
  return nllLoss(logSoftmax(input, nd === 1 ? 0 : 1), target, { weight, ignoreIndex, reduction: r });
}
