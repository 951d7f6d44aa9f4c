import { parseArgs } from '@kindling/core';
import { type AnyOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link ExponentialLR}. */
export interface ExponentialLROptions {
  /** Multiplicative factor of the decay. */
  gamma: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Multiplies the learning rate by `gamma` every epoch, as `torch.optim.lr_scheduler.ExponentialLR`.
 * @example
 * const sched = new optim.lrScheduler.ExponentialLR(opt, 0.9);
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: AnyOptimizer, ...args: Array<number | Partial<ExponentialLROptions> | undefined>) {
    const o = parseArgs<ExponentialLROptions>(
      args,
      ['gamma', 'lastEpoch'],
      { gamma: Number.NaN, lastEpoch: -1 },
      'ExponentialLR',
    );
    requireArg(o.gamma, 'gamma', 'ExponentialLR');
    super(optimizer, o.lastEpoch);
    this.gamma = o.gamma;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}
