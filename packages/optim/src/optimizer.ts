import {
  disposeWithScope,
  enableGrad,
  keep,
  noGrad,
  RuntimeError,
  scope,
  Tensor,
  TorchTypeError,
  ValueError,
} from '@kindling/core';
import { camelToSnake, snakeToCamel } from './keys.js';

/** One value in an optimizer's per-parameter state: a tensor, a number (`step`), or null (SGD without momentum). */
export type StateValue = Tensor | number | null;

/** Per-parameter state, keyed by PyTorch's names (`exp_avg`, `exp_avg_sq`, `step`, `momentum_buffer`, …). */
export type ParamState = Record<string, StateValue>;

/**
 * A parameter group: its tensors plus every option of the optimizer (camelCase: `lr`, `weightDecay`,
 * `betas`, …). Schedulers add their own keys (`initialLr`, `maxLr`, …), as PyTorch's do.
 */
export type ParamGroup<O extends object = Record<string, unknown>> = O & {
  params: Tensor[];
  lr: number;
  [key: string]: unknown;
};

/** What a caller may pass as a group: `params` plus any options overriding the optimizer's defaults. */
export type ParamGroupInput<O extends object = Record<string, unknown>> = Partial<O> & {
  params: Tensor | Iterable<Tensor>;
  [key: string]: unknown;
};

/** The parameters an optimizer is built from: tensors, or groups of tensors with their own options. */
export type ParamsInput<O extends object = Record<string, unknown>> =
  | Iterable<Tensor>
  | Iterable<ParamGroupInput<O>>;

/**
 * PyTorch's `optimizer.state_dict()` structure, keys as in PyTorch: `state` maps the parameter's
 * index (counting through the groups in order) to its state; `param_groups` hold the options in
 * snake_case with `params` as index lists. `step` is a number here (PyTorch 1.13 keeps a 0-dim
 * float32 tensor; {@link Optimizer.loadStateDict} accepts both).
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

/** A closure for {@link Optimizer.step}: re-evaluates the model and returns the loss. */
export type Closure<L> = () => L;

function typeName(x: unknown): string {
  if (x === null) return 'NoneType';
  if (Array.isArray(x)) return 'list';
  return typeof x === 'object' ? ((x as object).constructor?.name ?? 'object') : typeof x;
}

/**
 * Base class of all optimizers, as `torch.optim.Optimizer`. Subclasses implement {@link update}
 * (one group at a time); `step` runs it under `noGrad` inside a scope, so temporaries are freed and
 * only the state tensors (made with `keep`) outlive the step.
 */
export abstract class Optimizer<O extends object = Record<string, unknown>> {
  /** The options every group starts from (camelCase), as `optimizer.defaults`. */
  readonly defaults: O;
  /** The parameter groups, as `optimizer.param_groups`. */
  paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, keyed by the parameter tensor (`optimizer.state`). */
  state: Map<Tensor, ParamState> = new Map();

  constructor(params: ParamsInput<O>, defaults: O) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TorchTypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${tensorTypeName(params)}`,
      );
    }
    const list = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups: ParamGroupInput<O>[] =
      list[0] instanceof Tensor || !isGroup(list[0])
        ? [{ params: list as Tensor[] } as Partial<O> & { params: Tensor[] }]
        : (list as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /**
   * Adds a group of parameters with its own options (missing options come from `defaults`), as
   * `add_param_group`. Useful to unfreeze layers while training.
   */
  addParamGroup(paramGroup: ParamGroupInput<O>): void {
    if (!isGroup(paramGroup)) throw new TorchTypeError('param group must be a dict');
    const raw = paramGroup.params;
    if (raw instanceof Set) {
      throw new TorchTypeError(
        'optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.',
      );
    }
    const params: unknown[] = raw instanceof Tensor ? [raw] : [...(raw as Iterable<unknown>)];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TorchTypeError(
          `optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`,
        );
      }
      if (!(p.isLeaf || p.retainsGrad)) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const group: Record<string, unknown> = { ...paramGroup, params };
    for (const [name, value] of Object.entries(this.defaults as Record<string, unknown>)) {
      if (value === undefined && group[name] === undefined) {
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${name}`,
        );
      }
      if (group[name] === undefined) group[name] = value;
    }
    if (new Set(params).size !== params.length) {
      console.warn(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (params.includes(p))
          throw new ValueError('some parameters appear in more than one parameter group');
      }
    }
    this.paramGroups.push(group as ParamGroup<O>);
  }

  /**
   * Clears the gradients of every parameter, as `zero_grad`. With `setToNone` (the default, as in
   * PyTorch 2) `.grad` becomes null; otherwise it is detached and filled with zeros in place.
   * Accepts `zeroGrad(false)` positionally too.
   */
  zeroGrad(setToNoneOrOpts: boolean | { setToNone?: boolean } = {}): void {
    const setToNone =
      typeof setToNoneOrOpts === 'boolean' ? setToNoneOrOpts : (setToNoneOrOpts.setToNone ?? true);
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (p.grad === null) continue;
        if (setToNone) {
          // Freed when the enclosing scope (the training step) closes: device memory is not collected.
          disposeWithScope(p.grad);
          p.grad = null;
        } else {
          if (p.grad.gradFn !== null) p.grad = keep(p.grad.detach());
          else if (p.grad.requiresGrad) p.grad.requiresGrad_(false);
          noGrad(() => p.grad!.zero_());
        }
      }
    }
  }

  /**
   * One optimization step over every parameter that has a gradient, as `optimizer.step(closure)`.
   * The closure, if given, runs first with gradients enabled (it should zero the gradients, compute
   * the loss and call `backward()`); its result is returned.
   */
  step(): undefined;
  step<L>(closure: Closure<L>): L;
  step<L>(closure?: Closure<L>): L | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    scope(() =>
      noGrad(() => {
        for (const group of this.paramGroups) this.update(group);
      }),
    );
    return loss;
  }

  /** Applies the algorithm to one group (parameters without a gradient are skipped). */
  protected abstract update(group: ParamGroup<O>): void;

  /** The state of `p`, created empty on first use (PyTorch's `defaultdict(dict)`). */
  protected stateOf(p: Tensor): ParamState {
    let s = this.state.get(p);
    if (s === undefined) {
      s = {};
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * The optimizer's state in PyTorch's `state_dict()` structure (see {@link OptimizerStateDict}).
   * Tensors are the live state tensors, as in PyTorch; `loadStateDict` copies them.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) {
        if (k !== 'params') packed[camelToSnake(k)] = Array.isArray(v) ? [...v] : v;
      }
      const ids: number[] = [];
      for (const p of g.params) {
        if (!index.has(p)) index.set(p, next++);
        ids.push(index.get(p)!);
      }
      return Object.assign(packed, { params: ids });
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[i] = { ...s };
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * Loads a state dict from {@link stateDict} (or PyTorch's, converted to these types), as
   * `load_state_dict`: the group options are replaced, state tensors are copied and cast to their
   * parameter's dtype (except `step`). Validates everything before changing anything.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const saved = stateDict.param_groups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups');
    }
    if (saved.some((g, i) => g.params.length !== this.paramGroups[i]!.params.length)) {
      throw new ValueError(
        "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
      );
    }
    const idMap = new Map<number, Tensor>();
    saved.forEach((g, i) => {
      g.params.forEach((id, j) => {
        idMap.set(id, this.paramGroups[i]!.params[j]!);
      });
    });
    const state = new Map<Tensor, ParamState>();
    for (const [k, entry] of Object.entries(stateDict.state)) {
      const p = idMap.get(Number(k));
      if (p === undefined) continue;
      const copy: ParamState = {};
      for (const [name, v] of Object.entries(entry)) copy[name] = castState(p, name, v);
      state.set(p, copy);
    }
    this.paramGroups = saved.map((g, i) => {
      const group: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) {
        if (k !== 'params') group[snakeToCamel(k)] = Array.isArray(v) ? [...v] : v;
      }
      group.params = this.paramGroups[i]!.params;
      return group as ParamGroup<O>;
    });
    this.state = state;
  }

  /** Like PyTorch's repr: the class name and each group's options. */
  toString(): string {
    let s = `${this.constructor.name} (`;
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      for (const k of Object.keys(g).sort()) {
        if (k !== 'params') s += `    ${camelToSnake(k)}: ${formatOption(g[k])}\n`;
      }
    });
    return `${s})`;
  }
}

const TYPE_NAMES: Record<string, string> = {
  float32: 'FloatTensor',
  float64: 'DoubleTensor',
  int64: 'LongTensor',
  int32: 'IntTensor',
  uint8: 'ByteTensor',
  bool: 'BoolTensor',
};

function tensorTypeName(t: Tensor): string {
  return `torch.${TYPE_NAMES[t.dtype] ?? 'Tensor'}`;
}

function isGroup(x: unknown): x is Record<string, unknown> & { params: unknown } {
  return typeof x === 'object' && x !== null && !(x instanceof Tensor) && 'params' in x;
}

function formatOption(v: unknown): string {
  if (Array.isArray(v)) return `(${v.join(', ')})`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return v === null || v === undefined ? 'None' : String(v);
}

function castState(p: Tensor, key: string, v: unknown): StateValue {
  if (v instanceof Tensor) {
    // PyTorch keeps these counters in 0-dim tensors; here they are numbers.
    if (key === 'step' || key === 'mu_product') {
      if (v.numel() !== 1) {
        throw new RuntimeError(`state '${key}' must hold one value, got shape [${v.shape.join(', ')}]`);
      }
      return Number(v.item());
    }
    const dtype = p.isFloatingPoint() ? p.dtype : v.dtype;
    return keep(v.detach().to({ dtype, device: p.device, copy: true }));
  }
  if (typeof v === 'number' || v === null) return v;
  throw new TorchTypeError(`optimizer state '${key}' must be a Tensor, a number or null, got ${typeName(v)}`);
}
