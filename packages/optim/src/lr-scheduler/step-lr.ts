import { parseArgs } from '@kindling/core';
import { type AnyOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays (required). */
  stepSize: number;
  /** Multiplicative factor of the decay. */
  gamma: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs, as
 * `torch.optim.lr_scheduler.StepLR`: `lr_t = lr_{t-1}·γ` when `t % stepSize == 0` (t > 0).
 * @example
 * const sched = new optim.lrScheduler.StepLR(opt, { stepSize: 30, gamma: 0.1 });
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: AnyOptimizer, ...args: Array<number | Partial<StepLROptions> | undefined>) {
    const o = parseArgs<StepLROptions>(
      args,
      ['stepSize', 'gamma', 'lastEpoch'],
      { stepSize: Number.NaN, gamma: 0.1, lastEpoch: -1 },
      'StepLR',
    );
    requireArg(o.stepSize, 'step_size', 'StepLR');
    super(optimizer, o.lastEpoch);
    this.stepSize = o.stepSize;
    this.gamma = o.gamma;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
