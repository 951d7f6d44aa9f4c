import { parseArgs, Tensor, ValueError } from '@kindling/core';
import {
  type AnyOptimizer,
  checkOptimizer,
  loadSchedulerState,
  type SchedulerStateDict,
  schedulerState,
} from './base.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** `'min'` (default): the metric should fall; `'max'`: it should rise. */
  mode: 'min' | 'max';
  /** Multiplier applied on a plateau (default 0.1; must be < 1). */
  factor: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience: number;
  /** Minimum change that counts as an improvement (default 1e-4). */
  threshold: number;
  /** `'rel'` (default): relative to the best; `'abs'`: absolute. */
  thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown: number;
  /** Lower bound on the learning rate, one for all groups or one per group (default 0). */
  minLr: number | number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps: number;
}

/**
 * Reduces the learning rate when a metric stops improving, as
 * `torch.optim.lr_scheduler.ReduceLROnPlateau`. Call `step(metric)` once per epoch with the
 * validation metric (a number or a one-element tensor).
 * @example
 * const sched = new optim.lrScheduler.ReduceLROnPlateau(opt, { mode: 'min', patience: 5 });
 * sched.step(valLoss);
 */
export class ReduceLROnPlateau {
  readonly optimizer: AnyOptimizer;
  factor: number;
  minLrs: number[];
  patience: number;
  cooldown: number;
  cooldownCounter = 0;
  mode: 'min' | 'max';
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  best = Number.POSITIVE_INFINITY;
  numBadEpochs = 0;
  modeWorse = Number.POSITIVE_INFINITY;
  eps: number;
  lastEpoch = 0;
  private _lastLr: number[];

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<number | number[] | string | Partial<ReduceLROnPlateauOptions> | undefined>
  ) {
    const o = parseArgs<ReduceLROnPlateauOptions>(
      args,
      ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'],
      {
        mode: 'min',
        factor: 0.1,
        patience: 10,
        threshold: 1e-4,
        thresholdMode: 'rel',
        cooldown: 0,
        minLr: 0,
        eps: 1e-8,
      },
      'ReduceLROnPlateau',
    );
    if (o.factor >= 1.0) throw new ValueError('Factor should be < 1.0.');
    checkOptimizer(optimizer);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(o.minLr)) {
      if (o.minLr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${o.minLr.length}`);
      this.minLrs = [...o.minLr];
    } else {
      this.minLrs = new Array<number>(n).fill(o.minLr);
    }
    checkModes(o.mode, o.thresholdMode);
    this.optimizer = optimizer;
    this.factor = o.factor;
    this.patience = o.patience;
    this.cooldown = o.cooldown;
    this.mode = o.mode;
    this.threshold = o.threshold;
    this.thresholdMode = o.thresholdMode;
    this.eps = o.eps;
    this.modeWorse = o.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.best = this.modeWorse;
    this._lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** True while waiting out the cooldown after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Records one epoch's metric and reduces the learning rates after `patience` bad epochs. */
  step(metrics: number | Tensor): void {
    const current = metrics instanceof Tensor ? Number(metrics.item()) : Number(metrics);
    const epoch = this.lastEpoch + 1;
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  /** The groups' learning rates after the last `step` (as `_last_lr`). */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** The scheduler's fields (`state_dict()`; `best` may be ±Infinity, which JSON cannot hold). */
  stateDict(): SchedulerStateDict {
    return schedulerState(this);
  }

  /** Restores fields from {@link stateDict} (`load_state_dict()`), re-validating the modes. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict);
    checkModes(this.mode, this.thresholdMode);
    this.modeWorse = this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
}

function checkModes(mode: string, thresholdMode: string): void {
  if (mode !== 'min' && mode !== 'max') throw new ValueError(`mode ${mode} is unknown!`);
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
    throw new ValueError(`threshold mode ${thresholdMode} is unknown!`);
  }
}
