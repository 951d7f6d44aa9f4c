import { parseArgs } from '@kindling/core';
import { type AnyOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Epochs in a half cosine period (required). */
  TMax: number;
  /** Minimum learning rate (default 0). */
  etaMin: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Cosine annealing from the base learning rate towards `etaMin` over `TMax` epochs, as
 * `torch.optim.lr_scheduler.CosineAnnealingLR`. Like PyTorch, `step()` uses the recursive form
 * `η_t = (1 + cos(πt/T)) / (1 + cos(π(t−1)/T)) · (η_{t−1} − η_min) + η_min` (with a special case
 * every `2·TMax` epochs), which follows changes other code makes to `lr` and keeps rising again
 * after `TMax`; it differs (in rounding, and after outside changes) from the closed form
 * `η_min + (η_0 − η_min)(1 + cos(πt/T))/2`, which `step(epoch)` uses.
 * @example
 * const sched = new optim.lrScheduler.CosineAnnealingLR(opt, { TMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<number | Partial<CosineAnnealingLROptions> | undefined>
  ) {
    const o = parseArgs<CosineAnnealingLROptions>(
      args,
      ['TMax', 'etaMin', 'lastEpoch'],
      { TMax: Number.NaN, etaMin: 0, lastEpoch: -1 },
      'CosineAnnealingLR',
    );
    requireArg(o.TMax, 'T_max', 'CosineAnnealingLR');
    super(optimizer, o.lastEpoch);
    this.TMax = o.TMax;
    this.etaMin = o.etaMin;
    this.initialStep();
  }

  getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { lastEpoch: t, TMax: T, etaMin } = this;
    if (t === 0) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && t > 0) {
      return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((t * Math.PI) / T))) / 2);
    }
    if ((((t - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T))) * (g.lr - etaMin) +
        etaMin,
    );
  }

  override closedFormLr(): number[] {
    const { lastEpoch: t, TMax: T, etaMin } = this;
    return this.baseLrs.map((b) => etaMin + ((b - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2);
  }
}
