import { parseArgs, ValueError } from '@kindling/core';
import {
  type AnyOptimizer,
  LRScheduler,
  loadSchedulerState,
  type SchedulerStateDict,
  schedulerState,
} from './base.js';

/** A function from the epoch to a multiplicative factor. */
export type LrLambda = (epoch: number) => number;

/** Options of {@link LambdaLR}. */
export interface LambdaLROptions {
  /** A function of the epoch, or one per group. */
  lrLambda: LrLambda | LrLambda[];
  /** The index of the last epoch when resuming (default -1: start fresh). */
  lastEpoch: number;
}

/**
 * Sets each group's learning rate to `initialLr · lrLambda(epoch)`, as
 * `torch.optim.lr_scheduler.LambdaLR` (one function, or one per group). The functions are not part
 * of the state dict (PyTorch stores only the attributes of callable objects; here `lr_lambdas`
 * holds nulls).
 * @example
 * const sched = new optim.lrScheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch);
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(
    optimizer: AnyOptimizer,
    ...args: Array<LrLambda | LrLambda[] | number | Partial<LambdaLROptions> | undefined>
  ) {
    // A lone function is positional, not an options object.
    const o =
      typeof args[0] === 'function'
        ? {
            ...parseArgs<Omit<LambdaLROptions, 'lrLambda'>>(
              args.slice(1),
              ['lastEpoch'],
              { lastEpoch: -1 },
              'LambdaLR',
            ),
            lrLambda: args[0],
          }
        : parseArgs<LambdaLROptions>(
            args,
            ['lrLambda', 'lastEpoch'],
            { lrLambda: [], lastEpoch: -1 },
            'LambdaLR',
          );
    const n = optimizer.paramGroups.length;
    let lambdas: LrLambda[];
    if (Array.isArray(o.lrLambda)) {
      if (o.lrLambda.length !== n)
        throw new ValueError(`Expected ${n} lr_lambdas, but got ${o.lrLambda.length}`);
      lambdas = [...o.lrLambda];
    } else {
      lambdas = new Array<LrLambda>(n).fill(o.lrLambda);
    }
    super(optimizer, o.lastEpoch);
    this.lrLambdas = lambdas;
    this.initialStep();
  }

  getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }

  override stateDict(): SchedulerStateDict {
    return { ...schedulerState(this, ['lrLambdas']), lr_lambdas: this.lrLambdas.map(() => null) };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict, ['lrLambdas']);
  }
}
