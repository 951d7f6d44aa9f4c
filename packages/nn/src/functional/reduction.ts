import type { Tensor } from '@kindling/core';
import { isDType, torchName, ValueError } from '@kindling/core';

/** How a loss reduces its per-element values: PyTorch's `reduction` argument. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Validates a `reduction` string with PyTorch's `_Reduction.get_enum` message. */
export function checkReduction(reduction: string): Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${reduction} is not a valid value for reduction`);
  }
  return reduction;
}

/** PyTorch's `apply_loss_reduction`: mean, sum, or the unreduced tensor. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'mean') return loss.mean();
  if (reduction === 'sum') return loss.sum();
  return loss;
}

/** `torch.Size([2, 3])`, as PyTorch's Python-side messages print shapes. */
export function torchSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** Reads an options object or a bare reduction string given in the options position. */
export function opts<T extends object>(o: T | Reduction | undefined): Partial<T> & { reduction?: Reduction } {
  if (o === undefined) return {};
  if (typeof o === 'string') return { reduction: o } as Partial<T> & { reduction?: Reduction };
  return o as Partial<T> & { reduction?: Reduction };
}

/** PyTorch's C++ scalar-type name of a dtype (`Float`, `Long`, …), as error messages print it. */
export function scalarTypeName(dtype: string): string {
  return isDType(dtype) ? torchName(dtype) : dtype;
}

/** Same length and sizes. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
