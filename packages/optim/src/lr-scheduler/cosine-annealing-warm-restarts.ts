import { parseArgs, ValueError } from '@kindling/core';
import { pyNum } from '../validate.js';
import { type AnyOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link CosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart (a positive integer, required). */
  T0: number;
  /** Period growth factor after each restart (an integer >= 1, default 1). */
  TMult: number;
  /** Minimum learning rate (default 0). */
  etaMin: number;
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Cosine annealing with warm restarts (SGDR), as
 * `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`: `η = η_min + (η_0 − η_min)(1 + cos(π·T_cur/T_i))/2`,
 * restarting when `T_cur` reaches `T_i`; each period is `TMult` times the previous one.
 * `step(epoch)` accepts fractional epochs (e.g. `epoch + i / iters`).
 * @example
 * const sched = new optim.lrScheduler.CosineAnnealingWarmRestarts(opt, { T0: 10, TMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  T0: number;
  Ti: number;
  TMult: number;
  etaMin: number;
  TCur: number;

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<number | Partial<CosineAnnealingWarmRestartsOptions> | undefined>
  ) {
    const o = parseArgs<CosineAnnealingWarmRestartsOptions>(
      args,
      ['T0', 'TMult', 'etaMin', 'lastEpoch'],
      { T0: Number.NaN, TMult: 1, etaMin: 0, lastEpoch: -1 },
      'CosineAnnealingWarmRestarts',
    );
    requireArg(o.T0, 'T_0', 'CosineAnnealingWarmRestarts');
    if (!(o.T0 > 0) || !Number.isInteger(o.T0)) {
      throw new ValueError(`Expected positive integer T_0, but got ${pyNum(o.T0)}`);
    }
    if (o.TMult < 1 || !Number.isInteger(o.TMult)) {
      throw new ValueError(`Expected integer T_mult >= 1, but got ${pyNum(o.TMult)}`);
    }
    super(optimizer, o.lastEpoch);
    this.T0 = o.T0;
    this.Ti = o.T0;
    this.TMult = o.TMult;
    this.etaMin = o.etaMin;
    this.TCur = o.lastEpoch;
    this.initialStep();
  }

  getLr(): number[] {
    return this.baseLrs.map(
      (b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.TCur) / this.Ti))) / 2,
    );
  }

  override step(epoch?: number): void {
    let e = epoch;
    if (e === undefined && this.lastEpoch < 0) e = 0;
    if (e === undefined) {
      e = this.lastEpoch + 1;
      this.TCur += 1;
      if (this.TCur >= this.Ti) {
        this.TCur -= this.Ti;
        this.Ti *= this.TMult;
      }
    } else {
      if (e < 0) throw new ValueError(`Expected non-negative epoch, but got ${pyNum(e)}`);
      if (e >= this.T0) {
        if (this.TMult === 1) {
          this.TCur = e % this.T0;
        } else {
          const n = Math.trunc(Math.log((e / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.TCur = e - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.TCur = e;
      }
    }
    this.lastEpoch = Math.floor(e);
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
}
