import { parseArgs, ValueError } from '@kindling/core';
import type { ParamGroup } from '../optimizer.js';
import { pyNum } from '../validate.js';
import { type AnyOptimizer, checkOptimizer, LRScheduler, requireArg } from './base.js';

/** Options of {@link OneCycleLR}. */
export interface OneCycleLROptions {
  /** Peak learning rate, one for all groups or one per group. */
  maxLr: number | number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps: number | null;
  epochs: number | null;
  stepsPerEpoch: number | null;
  /** Fraction of the cycle spent increasing the learning rate (default 0.3). */
  pctStart: number;
  /** `'cos'` (default) or `'linear'`. */
  annealStrategy: 'cos' | 'linear';
  /** Cycle momentum (SGD/RMSprop `momentum`, or β1 of Adam-family `betas`) inversely (default true). */
  cycleMomentum: boolean;
  baseMomentum: number | number[];
  maxMomentum: number | number[];
  /** `initialLr = maxLr / divFactor` (default 25). */
  divFactor: number;
  /** `minLr = initialLr / finalDivFactor` (default 1e4). */
  finalDivFactor: number;
  /** Three phases (up, down to `initialLr`, annihilate) instead of two (default false). */
  threePhase: boolean;
  lastEpoch: number;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

function formatParam(name: string, optimizer: AnyOptimizer, param: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) throw new ValueError(`expected ${n} values for ${name}, got ${param.length}`);
    return [...param];
  }
  return new Array<number>(n).fill(param);
}

function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

/**
 * The 1cycle policy, as `torch.optim.lr_scheduler.OneCycleLR`: the learning rate rises from
 * `maxLr/divFactor` to `maxLr` over `pctStart` of the steps, then anneals to
 * `initialLr/finalDivFactor` (cosine or linear); momentum (or Adam's β1) moves the opposite way
 * between `maxMomentum` and `baseMomentum`. Call `step()` after every batch; stepping past
 * `totalSteps` throws.
 * @example
 * const sched = new optim.lrScheduler.OneCycleLR(opt, { maxLr: 0.1, totalSteps: 1000 });
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  useBeta1: boolean;
  private _schedulePhases: Phase[];

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<number | number[] | string | boolean | null | Partial<OneCycleLROptions> | undefined>
  ) {
    const o = parseArgs<OneCycleLROptions>(
      args,
      [
        'maxLr',
        'totalSteps',
        'epochs',
        'stepsPerEpoch',
        'pctStart',
        'annealStrategy',
        'cycleMomentum',
        'baseMomentum',
        'maxMomentum',
        'divFactor',
        'finalDivFactor',
        'threePhase',
        'lastEpoch',
      ],
      {
        maxLr: Number.NaN,
        totalSteps: null,
        epochs: null,
        stepsPerEpoch: null,
        pctStart: 0.3,
        annealStrategy: 'cos',
        cycleMomentum: true,
        baseMomentum: 0.85,
        maxMomentum: 0.95,
        divFactor: 25,
        finalDivFactor: 1e4,
        threePhase: false,
        lastEpoch: -1,
      },
      'OneCycleLR',
    );
    requireArg(o.maxLr, 'max_lr', 'OneCycleLR');
    checkOptimizer(optimizer);
    let totalSteps: number;
    if (o.totalSteps === null && o.epochs === null && o.stepsPerEpoch === null) {
      throw new ValueError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    } else if (o.totalSteps !== null) {
      if (o.totalSteps <= 0 || !Number.isInteger(o.totalSteps)) {
        throw new ValueError(`Expected positive integer total_steps, but got ${pyNum(o.totalSteps)}`);
      }
      totalSteps = o.totalSteps;
    } else {
      const epochs = o.epochs ?? Number.NaN;
      const spe = o.stepsPerEpoch ?? Number.NaN;
      if (!(epochs > 0) || !Number.isInteger(epochs)) {
        throw new ValueError(
          `Expected positive integer epochs, but got ${o.epochs === null ? 'None' : pyNum(epochs)}`,
        );
      }
      if (!(spe > 0) || !Number.isInteger(spe)) {
        throw new ValueError(
          `Expected positive integer steps_per_epoch, but got ${o.stepsPerEpoch === null ? 'None' : pyNum(spe)}`,
        );
      }
      totalSteps = epochs * spe;
    }
    const pct = o.pctStart;
    const phases: Phase[] = o.threePhase
      ? [
          {
            endStep: pct * totalSteps - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: 2 * pct * totalSteps - 2,
            startLr: 'maxLr',
            endLr: 'initialLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
          {
            endStep: totalSteps - 1,
            startLr: 'initialLr',
            endLr: 'minLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'maxMomentum',
          },
        ]
      : [
          {
            endStep: pct * totalSteps - 1,
            startLr: 'initialLr',
            endLr: 'maxLr',
            startMomentum: 'maxMomentum',
            endMomentum: 'baseMomentum',
          },
          {
            endStep: totalSteps - 1,
            startLr: 'maxLr',
            endLr: 'minLr',
            startMomentum: 'baseMomentum',
            endMomentum: 'maxMomentum',
          },
        ];
    if (pct < 0 || pct > 1)
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pyNum(pct)}`);
    if (o.annealStrategy !== 'cos' && o.annealStrategy !== 'linear') {
      throw new ValueError(
        `anneal_strategy must by one of 'cos' or 'linear', instead got ${String(o.annealStrategy)}`,
      );
    }
    const groups = optimizer.paramGroups;
    const maxLrs = formatParam('max_lr', optimizer, o.maxLr);
    let momenta: { max: number[]; base: number[] } | null = null;
    let useBeta1 = false;
    if (o.cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
        throw new ValueError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      useBeta1 = 'betas' in optimizer.defaults;
      momenta = {
        max: formatParam('max_momentum', optimizer, o.maxMomentum),
        base: formatParam('base_momentum', optimizer, o.baseMomentum),
      };
    }
    // Validated: now the groups may change.
    if (o.lastEpoch === -1) {
      groups.forEach((g, i) => {
        const initialLr = maxLrs[i]! / o.divFactor;
        g.initialLr = initialLr;
        g.maxLr = maxLrs[i]!;
        g.minLr = initialLr / o.finalDivFactor;
      });
      if (momenta !== null) {
        groups.forEach((g, i) => {
          setMomentum(g, useBeta1, momenta.max[i]!);
          g.maxMomentum = momenta.max[i]!;
          g.baseMomentum = momenta.base[i]!;
        });
      }
    }
    super(optimizer, o.lastEpoch);
    this.totalSteps = totalSteps;
    this._schedulePhases = phases;
    this.annealStrategy = o.annealStrategy;
    this.cycleMomentum = o.cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    const anneal = this.annealStrategy === 'cos' ? annealCos : annealLinear;
    return this.optimizer.paramGroups.map((group) => {
      let startStep = 0;
      let lr = Number.NaN;
      let momentum = Number.NaN;
      const phases = this._schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i]!;
        const endStep = phase.endStep;
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = anneal(group[phase.startLr] as number, group[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            momentum = anneal(group[phase.startMomentum] as number, group[phase.endMomentum] as number, pct);
          }
          break;
        }
        startStep = phase.endStep;
      }
      if (this.cycleMomentum) setMomentum(group, this.useBeta1, momentum);
      return lr;
    });
  }

  override step(epoch?: number): void {
    // A failed step (past totalSteps) leaves the epoch count as it was.
    const [last, count] = [this.lastEpoch, this._stepCount];
    try {
      super.step(epoch);
    } catch (e) {
      this.lastEpoch = last;
      this._stepCount = count;
      throw e;
    }
  }
}

function setMomentum(group: ParamGroup, useBeta1: boolean, m: number): void {
  if (useBeta1) group.betas = [m, ...(group.betas as number[]).slice(1)];
  else group.momentum = m;
}
