import { parseArgs, ValueError } from '@kindling/core';
import { type AnyOptimizer, LRScheduler } from './base.js';

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** Factor applied in the first epoch (default 1/3). */
  startFactor: number;
  /** Factor reached after `totalIters` epochs (default 1). */
  endFactor: number;
  /** Epochs over which the factor applies (default 5). */
  totalIters: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Scales the learning rate by a factor moving linearly from `startFactor` to `endFactor` over
 * `totalIters` epochs (a warm-up), as `torch.optim.lr_scheduler.LinearLR`.
 * @example
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;

  constructor(optimizer: AnyOptimizer, ...args: Array<number | Partial<LinearLROptions> | undefined>) {
    const o = parseArgs<LinearLROptions>(
      args,
      ['startFactor', 'endFactor', 'totalIters', 'lastEpoch'],
      { startFactor: 1 / 3, endFactor: 1, totalIters: 5, lastEpoch: -1 },
      'LinearLR',
    );
    if (o.startFactor > 1 || o.startFactor < 0) {
      throw new ValueError('Starting multiplicative factor expected to be between 0 and 1.');
    }
    if (o.endFactor > 1 || o.endFactor < 0) {
      throw new ValueError('Ending multiplicative factor expected to be between 0 and 1.');
    }
    super(optimizer, o.lastEpoch);
    this.startFactor = o.startFactor;
    this.endFactor = o.endFactor;
    this.totalIters = o.totalIters;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return groups.map((g) => g.lr * s);
    if (t > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, t)) / n));
  }
}
