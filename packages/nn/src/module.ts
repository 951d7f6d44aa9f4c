import {
  type DType,
  disposeWithScope,
  KeyError,
  RuntimeError,
  Tensor,
  TorchTypeError,
  ValueError,
} from '@kindling/core';
import { addHook, type RemovableHandle } from './hooks.js';
import { checkMemberName, type MemberOptions, memberOptions } from './members.js';
import { moveModule } from './module-to.js';
import { Parameter } from './parameter.js';
import { describeValue, formatModule } from './repr.js';
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
    this._checkForwardIsMethod();
    return addHook(this._preHooks, hook as ForwardPreHook);
  }

  /** Registers a hook run after every `forward` (`register_forward_hook`). */
  registerForwardHook(hook: ForwardHook<this>): RemovableHandle {
    this._checkForwardIsMethod();
    return addHook(this._hooks, hook as ForwardHook);
  }

  /** A `forward = (x) => …` field replaces the hooked wrapper: say so rather than skip hooks silently. */
  private _checkForwardIsMethod(): void {
    if (Object.getOwnPropertyDescriptor(this, 'forward')?.get === undefined) {
      throw new RuntimeError(
        `${this.constructor.name}.forward is a field, so hooks cannot wrap it: define forward as a method`,
      );
    }
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
  _setSlot(name: string, value: unknown): void {
    Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Adds a parameter under `name` (`register_parameter`); `null` declares an absent one (like a
   * bias turned off), which {@link parameters} skips.
   */
  registerParameter(name: string, param: Parameter | null): void {
    checkMemberName(name, 'parameter');
    if (param !== null && !(param instanceof Parameter)) {
      throw new TorchTypeError(
        `cannot assign '${describeValue(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
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
    checkMemberName(name, 'buffer');
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TorchTypeError(
        `cannot assign '${describeValue(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
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
      throw new TorchTypeError(`${describeValue(module)} is not a Module subclass`);
    }
    checkMemberName(name, 'module');
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

  /**
   * Parameters with dotted names (`named_parameters`), each tensor once unless `removeDuplicate` is
   * false. Positional `(prefix, recurse, removeDuplicate)` or one options object.
   */
  *namedParameters(
    prefix: string | MemberOptions = '',
    recurse = true,
    removeDuplicate = true,
  ): Generator<[string, Parameter]> {
    const o = memberOptions(prefix, recurse, removeDuplicate);
    yield* this._namedMembers((m) => m._ownParameters(), o.prefix, o.recurse, o.removeDuplicate);
  }

  /** All parameters, what an optimizer takes (`parameters`). */
  *parameters(recurse: boolean | { recurse?: boolean } = true): Generator<Parameter> {
    const r = typeof recurse === 'object' ? (recurse.recurse ?? true) : recurse;
    for (const [, p] of this.namedParameters('', r)) yield p;
  }

  /** Buffers with dotted names (`named_buffers`), same arguments as {@link namedParameters}. */
  *namedBuffers(
    prefix: string | MemberOptions = '',
    recurse = true,
    removeDuplicate = true,
  ): Generator<[string, Tensor]> {
    const o = memberOptions(prefix, recurse, removeDuplicate);
    yield* this._namedMembers((m) => m._ownBuffers(), o.prefix, o.recurse, o.removeDuplicate);
  }

  /** All buffers (`buffers`). */
  *buffers(recurse: boolean | { recurse?: boolean } = true): Generator<Tensor> {
    const r = typeof recurse === 'object' ? (recurse.recurse ?? true) : recurse;
    for (const [, b] of this.namedBuffers('', r)) yield b;
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
      if (setToNone) {
        disposeWithScope(p.grad);
        p.grad = null;
      } else {
        if (p.grad.gradFn) p.grad.detach_();
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
    moveModule(this, target);
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
    const children = this._slots().filter((e): e is [string, Module] => e[1] instanceof Module);
    return formatModule(this.constructor.name, this.extraRepr(), children);
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
