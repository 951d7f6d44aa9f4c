import { TorchTypeError, ValueError } from '@kindling/core';
import { camelToSnake, snakeToCamel } from '../keys.js';
import { Optimizer } from '../optimizer.js';

/** Any optimizer, whatever its options. */
export type AnyOptimizer = Optimizer<object>;

/** A scheduler's state dict: its fields under PyTorch's names (`last_epoch`, `base_lrs`, `T_max`, …). */
export type SchedulerStateDict = Record<string, unknown>;

const SPECIAL: Record<string, string> = {
  TMax: 'T_max',
  T0: 'T_0',
  Ti: 'T_i',
  TMult: 'T_mult',
  TCur: 'T_cur',
};
const SPECIAL_BACK = Object.fromEntries(Object.entries(SPECIAL).map(([k, v]) => [v, k]));

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyValue(x)]));
  }
  return v;
}

/** `scheduler.state_dict()`: every own field but the optimizer (and functions), keys in PyTorch's spelling. */
export function schedulerState(obj: object, skip: readonly string[] = []): SchedulerStateDict {
  const out: SchedulerStateDict = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'optimizer' || skip.includes(k) || typeof v === 'function') continue;
    out[SPECIAL[k] ?? camelToSnake(k)] = copyValue(v);
  }
  return out;
}

/** `scheduler.load_state_dict(sd)`: `__dict__.update` with the keys mapped back. */
export function loadSchedulerState(obj: object, sd: SchedulerStateDict, skip: readonly string[] = []): void {
  for (const [k, v] of Object.entries(sd)) {
    const name = SPECIAL_BACK[k] ?? snakeToCamel(k);
    if (!skip.includes(name)) (obj as Record<string, unknown>)[name] = copyValue(v);
  }
}

/** Throws Python's missing-argument TypeError when a required option was not given. */
export function requireArg(value: unknown, pyName: string, cls: string): void {
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) {
    throw new TorchTypeError(`${cls}.__init__() missing 1 required positional argument: '${pyName}'`);
  }
}

/** Throws PyTorch's TypeError unless `optimizer` is an {@link Optimizer}. */
export function checkOptimizer(optimizer: unknown): void {
  if (!(optimizer instanceof Optimizer)) {
    const name =
      typeof optimizer === 'object' && optimizer !== null ? optimizer.constructor.name : typeof optimizer;
    throw new TorchTypeError(`${name} is not an Optimizer`);
  }
}

/**
 * Base class of the epoch-based learning-rate schedulers, as `torch.optim.lr_scheduler._LRScheduler`
 * (`LRScheduler` in PyTorch 2). Construction records `initialLr` in every group (or requires it
 * when resuming with `lastEpoch >= 0`) and then — in each subclass's constructor, once its own
 * fields are set, since JS cannot touch `this` before `super()` — takes the initial step
 * (`initialStep()`), which sets the epoch-0 learning rates.
 *
 * Subclasses implement {@link getLr} (the chainable form, from the groups' current `lr`) and may
 * implement {@link closedFormLr} (used by `step(epoch)`).
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** Each group's `initialLr` when the scheduler was made (`base_lrs`). */
  baseLrs: number[];
  /** The index of the last epoch (`last_epoch`); -1 before the initial step. */
  lastEpoch: number;
  protected _stepCount = 0;
  protected _lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, lastEpoch = -1) {
    checkOptimizer(optimizer);
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) g.initialLr ??= g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new ValueError(
            `"param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer"`,
          );
        }
      });
    }
    this.optimizer = optimizer;
    this.baseLrs = groups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /** The first step, taken by every constructor (`_initial_step`). */
  initialStep(): void {
    this._stepCount = 0;
    this.step();
  }

  /** The learning rates the last `step()` set, one per group (`get_last_lr()`). */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** The learning rates for the current `lastEpoch`, chainable form (`get_lr()`). */
  abstract getLr(): number[];

  /** The closed-form learning rates for `lastEpoch`, where one exists (`_get_closed_form_lr`). */
  closedFormLr?(): number[];

  /**
   * Advances one epoch and writes the new learning rates into the groups (`scheduler.step()`).
   * `step(epoch)` jumps to `epoch` and uses the closed form where there is one (deprecated in PyTorch).
   */
  step(epoch?: number): void {
    this._stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr ? this.closedFormLr() : this.getLr();
    }
    this.optimizer.paramGroups.forEach((g, i) => {
      g.lr = values[i]!;
    });
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's fields, as `state_dict()` (keys as PyTorch's: `last_epoch`, `base_lrs`, `_step_count`, …). */
  stateDict(): SchedulerStateDict {
    return schedulerState(this);
  }

  /** Restores fields from {@link stateDict}, as `load_state_dict()`. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadSchedulerState(this, stateDict);
  }
}
