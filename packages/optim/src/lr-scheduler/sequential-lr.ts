import { parseArgs, ValueError } from '@kindling/core';
import {
  type AnyOptimizer,
  LRScheduler,
  loadSchedulerState,
  type SchedulerStateDict,
  schedulerState,
} from './base.js';

/** Options of {@link SequentialLR}. */
export interface SequentialLROptions {
  /** The schedulers to run in turn (all on this optimizer). */
  schedulers: LRScheduler[];
  /** Epoch indices (increasing) at which to decay, or switch schedulers. */
  milestones: number[];
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Runs schedulers one after another, switching at the milestones, as
 * `torch.optim.lr_scheduler.SequentialLR`. At a milestone the next scheduler restarts from epoch 0
 * (its closed form, where it has one).
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new ExponentialLR(opt, 0.9);
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] });
 */
export class SequentialLR extends LRScheduler {
  private _schedulers: LRScheduler[];
  private _milestones: number[];

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<LRScheduler[] | number[] | number | Partial<SequentialLROptions> | undefined>
  ) {
    const o = parseArgs<SequentialLROptions>(
      args,
      ['schedulers', 'milestones', 'lastEpoch'],
      { schedulers: [], milestones: [], lastEpoch: -1 },
      'SequentialLR',
    );
    const s = o.schedulers;
    s.forEach((sch, i) => {
      if (sch.optimizer !== optimizer) {
        throw new ValueError(
          `Sequential Schedulers expects all schedulers to belong to the same optimizer, but got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (o.milestones.length !== s.length - 1) {
      throw new ValueError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${s.length} and the number of milestones to be equal to ${o.milestones.length}`,
      );
    }
    super(optimizer, -1);
    this._schedulers = [...s];
    this._milestones = [...o.milestones];
    this.lastEpoch = o.lastEpoch + 1;
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const sch of s) sch.lastEpoch -= 1;
    s[0]!.initialStep();
    this._lastLr = s[0]!.getLastLr();
  }

  getLr(): number[] {
    return this.getLastLr();
  }

  override step(): void {
    this.lastEpoch += 1;
    let idx = 0;
    while (idx < this._milestones.length && this._milestones[idx]! <= this.lastEpoch) idx++;
    const sch = this._schedulers[idx]!;
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) sch.step(0);
    else sch.step();
    this._lastLr = sch.getLastLr();
  }

  override stateDict(): SchedulerStateDict {
    return {
      ...schedulerState(this, ['_schedulers']),
      _schedulers: this._schedulers.map((s) => s.stateDict()),
    };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    const { _schedulers, ...rest } = stateDict;
    loadSchedulerState(this, rest, ['_schedulers']);
    (_schedulers as SchedulerStateDict[]).forEach((sd, i) => {
      this._schedulers[i]!.loadStateDict(sd);
    });
  }
}
