import type { Tensor } from '@kindling/core';
import { Module } from './module.js';
import { pyTuple } from './repr.js';

/**
 * Flattens dims `startDim`..`endDim` into one (`torch.nn.Flatten`); by default every dim but the
 * batch dim: `(N, *dims)` → `(N, ∏dims)`.
 * @example
 * new nn.Flatten().forward(torch.zeros(2, 3, 4)).shape; // [2, 12]
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim: number | { startDim?: number; endDim?: number } = 1, endDim = -1) {
    super();
    if (typeof startDim === 'object') {
      endDim = startDim.endDim ?? -1;
      startDim = startDim.startDim ?? 1;
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dim `dim` into `unflattenedSize` (`torch.nn.Unflatten`), the inverse of {@link Flatten}.
 * @example
 * new nn.Unflatten(1, [2, 3]).forward(torch.zeros(4, 6)).shape; // [4, 2, 3]
 */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: readonly number[];

  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }

  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
