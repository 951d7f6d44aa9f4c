import {
  type DType,
  isDType,
  isFloatingPoint,
  KeyError,
  noGrad,
  RuntimeError,
  Tensor,
  TorchTypeError,
  ValueError,
} from '@kindling/core';
import { addHook, type RemovableHandle } from './hooks.js';
import { Parameter } from './parameter.js';
import { type LoadStateDictResult, loadStateDict, stateDict } from './state-dict.js';

/**
 * Runs before `forward` with the module and its arguments; may return replacement arguments
 * (always an array: the new argument list), or nothing to keep them.
 */
export type ForwardPreHook<M extends Module = Module> = (
  module: M,
  args: unknown[],
) => unknown[] | undefined | void;
/** Runs after `forward` with the module, its arguments and its output; may return a replacement output. */
export type ForwardHook<M extends Module = Module> = (module: M, args: unknown[], output: unknown) => unknown;

type AnyFn = (...args: never[]) => unknown;

/**
 * Base class for all neural-network modules (`torch.nn.Module`).
 *
 * Subclasses declare parameters and submodules as ordinary fields; they are found in the order of
 * the object's own properties (the order of assignment), including ones assigned later. Buffers are
 * declared with {@link registerBuffer}. Numeric field names (`'0'`, `'1'`) are ordered first by
 * JavaScript itself: use {@link Sequential}/{@link ModuleList} for numbered children.
 *
 * **Calling a module.** JavaScript instances cannot be called, so `model.forward(x)` is Kindling's
 * `model(x)`: the base constructor wraps the subclass's `forward` method on each instance so that
 * forward pre-hooks and hooks always fire, and the type of `forward` stays exactly the one the
 * subclass wrote. Define `forward` as a method (not an arrow-function field); `super.forward(x)`
 * inside an override calls the parent's implementation without firing hooks twice.
 * @example
 * class MLP extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   override forward(x: torch.Tensor): torch.Tensor {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const model = new MLP();
 * model.forward(torch.randn(5, 4)).shape; // [5, 2]
 */
export class Module {
  /** Whether the module is in training mode (changed by {@link train} and {@link eval}). */
  declare training: boolean;
  declare private _bufferNames: Set<string>;
  declare private _nonPersistent: Set<string>;
  declare private _preHooks: Map<number, ForwardPreHook>;
  declare private _hooks: Map<number, ForwardHook>;

  constructor() {
    // Internal state is non-enumerable so that field discovery sees only the user's fields.
    const hidden = (key: string, value: unknown) =>
      Object.defineProperty(this, key, { value, writable: true, enumerable: false, configurable: true });
    hidden('training', true);
    hidden('_bufferNames', new Set<string>());
    hidden('_nonPersistent', new Set<string>());
    hidden('_preHooks', new Map());
    hidden('_hooks', new Map());
    let impl = this.forward as AnyFn;
    const wrapped = (...args: unknown[]) => this._callForward(impl, args);
    Object.defineProperty(this, 'forward', {
      enumerable: false,
      configurable: true,
      get: () => wrapped,
      set: (fn: AnyFn) => {
        impl = fn;
      },
    });
  }

  /**
   * The computation of this module, defined by every subclass. Call it directly: hooks fire.
   * The base implementation throws, as PyTorch's does for a module without `forward`.
   */
  forward(..._args: never[]): unknown {
    throw new RuntimeError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  private _callForward(impl: AnyFn, args: unknown[]): unknown {
    for (const hook of this._preHooks.values()) {
      const r = hook(this, args);
      if (r !== undefined) args = Array.isArray(r) ? r : [r];
    }
    let out = impl.apply(this, args as never[]);
    for (const hook of this._hooks.values()) {
      const r = hook(this, args, out);
      if (r !== undefined) out = r;
    }
    return out;
  }

  /** Registers a hook run before every `forward` (`register_forward_pre_hook`). */
  registerForwardPreHook(hook: ForwardPreHook<this>): RemovableHandle {
    return addHook(this._preHooks, hook as ForwardPreHook);
  }

  /** Registers a hook run after every `forward` (`register_forward_hook`). */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    return addHook(this._hooks, hook as ForwardHook);
  }

  // ---- members -------------------------------------------------------------------------------

  /** This module's own `[name, value]` slots in order; containers override it. */
  _slots(): [string, unknown][] {
    return Object.entries(this);
  }

  /** Own parameters (not recursing), in order. */
  _ownParameters(): [string, Parameter][] {
    return this._slots().filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  /** Own buffers (not recursing), in order; `persistentOnly` leaves out non-persistent ones. */
  _ownBuffers(persistentOnly = false): [string, Tensor][] {
    return this._slots().filter(
      (e): e is [string, Tensor] =>
        e[1] instanceof Tensor &&
        this._bufferNames.has(e[0]) &&
        !(persistentOnly && this._nonPersistent.has(e[0])),
    );
  }

  /** Sets an own slot; containers override it to write their own storage. */
  protected _setSlot(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  private _checkName(name: string, kind: string): void {
    if (typeof name !== 'string') {
      throw new TorchTypeError(`${kind} name should be a string. Got ${typeof name}`);
    }
    if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`);
    if (name === '') throw new KeyError(`${kind} name can't be empty string ""`);
  }

  /**
   * Adds a parameter under `name` (`register_parameter`); `null` declares an absent one (like a
   * bias turned off), which {@link parameters} skips.
   */
  registerParameter(name: string, param: Parameter | null): void {
    this._checkName(name, 'parameter');
    if (param !== null && !(param instanceof Parameter)) {
      throw new TorchTypeError(
        `cannot assign '${describe(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    if (name in this && !Object.hasOwn(this, name)) throw new KeyError(`attribute '${name}' already exists`);
    this._bufferNames.delete(name);
    this._setSlot(name, param);
  }

  /**
   * Adds a buffer (`register_buffer`): a tensor that is state but not a parameter, such as
   * BatchNorm's running mean. Persistent buffers are part of {@link stateDict}. Declare the field
   * with `declare name: Tensor` to type it.
   */
  registerBuffer(
    name: string,
    tensor: Tensor | null,
    { persistent = true }: { persistent?: boolean } = {},
  ): void {
    this._checkName(name, 'buffer');
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TorchTypeError(
        `cannot assign '${describe(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    if (name in this && !this._bufferNames.has(name))
      throw new KeyError(`attribute '${name}' already exists`);
    this._bufferNames.add(name);
    if (persistent) this._nonPersistent.delete(name);
    else this._nonPersistent.add(name);
    this._setSlot(name, tensor);
  }

  /** Adds a child module under `name` (`add_module`). */
  addModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) {
      throw new TorchTypeError(`${describe(module)} is not a Module subclass`);
    }
    this._checkName(name, 'module');
    if (name in this && !Object.hasOwn(this, name)) throw new KeyError(`attribute '${name}' already exists`);
    this._setSlot(name, module);
  }

  /** Alias of {@link addModule} (`register_module`). */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /** Immediate children as `[name, module]` pairs (`named_children`), each module once. */
  *namedChildren(): Generator<[string, Module]> {
    const seen = new Set<Module>();
    for (const [name, v] of this._slots()) {
      if (v instanceof Module && !seen.has(v)) {
        seen.add(v);
        yield [name, v];
      }
    }
  }

  /** Immediate children (`children`). */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }

  /** This module and all below it, depth first, with dotted names (`named_modules`); each once. */
  *namedModules(prefix = '', memo: Set<Module> = new Set()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [name, child] of this._slots()) {
      if (child instanceof Module) yield* child.namedModules(prefix ? `${prefix}.${name}` : name, memo);
    }
  }

  /** This module and all below it (`modules`). */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** Parameters with dotted names (`named_parameters`); each tensor once unless `removeDuplicate` is false. */
  *namedParameters(prefix = '', recurse = true, removeDuplicate = true): Generator<[string, Parameter]> {
    yield* this._namedMembers((m) => m._ownParameters(), prefix, recurse, removeDuplicate);
  }

  /** All parameters, what an optimizer takes (`parameters`). */
  *parameters(recurse = true): Generator<Parameter> {
    for (const [, p] of this.namedParameters('', recurse)) yield p;
  }

  /** Buffers with dotted names (`named_buffers`). */
  *namedBuffers(prefix = '', recurse = true, removeDuplicate = true): Generator<[string, Tensor]> {
    yield* this._namedMembers((m) => m._ownBuffers(), prefix, recurse, removeDuplicate);
  }

  /** All buffers (`buffers`). */
  *buffers(recurse = true): Generator<Tensor> {
    for (const [, b] of this.namedBuffers('', recurse)) yield b;
  }

  private *_namedMembers<T>(
    get: (m: Module) => [string, T][],
    prefix: string,
    recurse: boolean,
    removeDuplicate: boolean,
  ): Generator<[string, T]> {
    const seen = new Set<T>();
    const mods: Iterable<[string, Module]> = recurse
      ? this.namedModules(prefix, removeDuplicate ? new Set() : new DummySet())
      : [[prefix, this]];
    for (const [modPrefix, m] of mods) {
      for (const [name, v] of get(m)) {
        if (removeDuplicate) {
          if (seen.has(v)) continue;
          seen.add(v);
        }
        yield [modPrefix ? `${modPrefix}.${name}` : name, v];
      }
    }
  }

  // ---- modes and bulk changes ------------------------------------------------------------------

  /** Sets training mode on this module and all below it (`train`). */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean');
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode, `train(false)` (`eval`): Dropout passes through, BatchNorm uses running stats. */
  eval(): this {
    return this.train(false);
  }

  /** Calls `fn` on every submodule (children first) and then on this module (`apply`). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Resets parameter gradients (`zero_grad`): to `null` by default, or to zeros in place. */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (!p.grad) continue;
      if (setToNone) p.grad = null;
      else {
        if (p.grad.gradFn) p.grad = p.grad.detach();
        p.grad.zero_();
      }
    }
  }

  /** Sets `requiresGrad` on every parameter (`requires_grad_`), e.g. to freeze a model. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /**
   * Moves parameters and buffers to a device and/or casts floating-point ones to a dtype, in place
   * (`Module.to`): each parameter stays the same object (its memory is swapped, as
   * `param.data = ...` does in PyTorch), so optimizers built earlier keep working.
   */
  to(target: DType | string | { dtype?: DType; device?: string }): this {
    const spec =
      typeof target === 'string' ? (isDType(target) ? { dtype: target } : { device: target }) : target;
    if (spec.dtype && !isFloatingPoint(spec.dtype)) {
      throw new TorchTypeError(
        `nn.Module.to only accepts floating point dtypes, but got desired dtype=${spec.dtype}`,
      );
    }
    const convert = (t: Tensor): Tensor =>
      t.to({ device: spec.device, dtype: t.isFloatingPoint() ? spec.dtype : undefined });
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [, p] of m._ownParameters()) {
          const next = convert(p);
          if (next !== p) p.set_(next);
          if (p.grad) {
            const g = convert(p.grad);
            if (g !== p.grad) p.grad = g;
          }
        }
        for (const [name, b] of m._ownBuffers()) {
          const next = convert(b);
          if (next !== b) m._setSlot(name, next);
        }
      }
    });
    return this;
  }

  /** Casts floating-point parameters and buffers to float64 (`double`). */
  double(): this {
    return this.to('float64');
  }

  /** Casts floating-point parameters and buffers to float32 (`float`). */
  float(): this {
    return this.to('float32');
  }

  // ---- state ------------------------------------------------------------------------------------

  /**
   * Parameters and persistent buffers by PyTorch's dotted names (`state_dict`), detached unless
   * `keepVars`. Save it with `torch.save(model.stateDict(), path)`.
   */
  stateDict({
    prefix = '',
    keepVars = false,
  }: {
    prefix?: string;
    keepVars?: boolean;
  } = {}): Record<string, Tensor> {
    return stateDict(this, prefix, keepVars);
  }

  /**
   * Copies values from a state dict into parameters and buffers (`load_state_dict`). With `strict`
   * (the default) missing or unexpected keys are errors; shape mismatches always are. Errors carry
   * PyTorch's text; unlike PyTorch, nothing is copied when any error is raised.
   */
  loadStateDict(
    sd: Record<string, Tensor>,
    { strict = true }: { strict?: boolean } = {},
  ): LoadStateDictResult {
    return loadStateDict(this, sd, strict);
  }

  // ---- printing ---------------------------------------------------------------------------------

  /** The text inside this module's parentheses in {@link toString} (`extra_repr`). */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's `repr(module)`: the class name, {@link extraRepr} and the children, indented. */
  toString(): string {
    const lines: string[] = [];
    const extra = this.extraRepr();
    if (extra) lines.push(...extra.split('\n'));
    for (const [name, child] of this._slots()) {
      if (!(child instanceof Module)) continue;
      lines.push(`(${name}): ${indent(child.toString(), 2)}`);
    }
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && extra && !extra.includes('\n') && lines[0] === extra)
      return `${name}(${extra})`;
    return `${name}(\n  ${lines.join('\n  ')}\n)`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

class DummySet<T> extends Set<T> {
  override has(): boolean {
    return false;
  }
}

function indent(s: string, n: number): string {
  return s.split('\n').join(`\n${' '.repeat(n)}`);
}

function describe(x: unknown): string {
  if (x instanceof Tensor) return `torch.${x.dtype} Tensor`;
  return x === null ? 'NoneType' : typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
}
