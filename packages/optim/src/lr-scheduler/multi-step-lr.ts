import { parseArgs } from '@kindling/core';
import { type AnyOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions {
  /** Epoch indices (increasing) at which to decay, or switch schedulers. */
  milestones: number[];
  /** Multiplicative factor of the decay. */
  gamma: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Multiplies the learning rate by `gamma` at each milestone (by `gamma^k` at a milestone listed k
 * times), as `torch.optim.lr_scheduler.MultiStepLR`.
 * @example
 * const sched = new optim.lrScheduler.MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** Milestone → how many times it was listed (PyTorch's `Counter`). */
  milestones: Record<number, number>;
  gamma: number;

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<number | number[] | Partial<MultiStepLROptions> | undefined>
  ) {
    const o = parseArgs<MultiStepLROptions>(
      args,
      ['milestones', 'gamma', 'lastEpoch'],
      { milestones: undefined as unknown as number[], gamma: 0.1, lastEpoch: -1 },
      'MultiStepLR',
    );
    requireArg(o.milestones, 'milestones', 'MultiStepLR');
    super(optimizer, o.lastEpoch);
    this.milestones = {};
    for (const m of o.milestones) this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    this.gamma = o.gamma;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones[this.lastEpoch];
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  override closedFormLr(): number[] {
    let passed = 0;
    for (const [m, c] of Object.entries(this.milestones)) if (Number(m) <= this.lastEpoch) passed += c;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }
}
