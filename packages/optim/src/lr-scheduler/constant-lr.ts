import { parseArgs, ValueError } from '@kindling/core';
import { type AnyOptimizer, LRScheduler } from './base.js';

/** Options of {@link ConstantLR}. */
export interface ConstantLROptions {
  /** Factor applied until `totalIters` (default 1/3). */
  factor: number;
  /** Epochs over which the factor applies (default 5). */
  totalIters: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Scales the learning rate by `factor` for the first `totalIters` epochs, then restores it, as
 * `torch.optim.lr_scheduler.ConstantLR`.
 * @example
 * const sched = new optim.lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  factor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, ...args: Array<number | Partial<ConstantLROptions> | undefined>) {
    const o = parseArgs<ConstantLROptions>(
      args,
      ['factor', 'totalIters', 'lastEpoch'],
      { factor: 1 / 3, totalIters: 5, lastEpoch: -1 },
      'ConstantLR',
    );
    if (o.factor > 1 || o.factor < 0) {
      throw new ValueError('Constant multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, o.lastEpoch);
    this.factor = o.factor;
    this.totalIters = o.totalIters;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }

  override closedFormLr(): number[] {
    const reached = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((b) => b * (this.factor + reached * (1 - this.factor)));
  }
}
