import { IndexError, KeyError, type Tensor, TorchTypeError } from '@kindling/core';
import { Module } from './module.js';

/** Calls any module's `forward` with one argument (containers do not know their children's types). */
export function callModule(m: Module, input: unknown): unknown {
  return (m.forward as (x: unknown) => unknown)(input);
}

function checkModule(m: unknown): Module {
  if (!(m instanceof Module)) {
    const name =
      m === null ? 'NoneType' : typeof m === 'object' ? (m.constructor?.name ?? 'object') : typeof m;
    throw new TorchTypeError(`${name} is not a Module subclass`);
  }
  return m;
}

/** Shared storage of the numbered containers: children under the keys '0', '1', … in order. */
abstract class ModuleMap<M extends Module> extends Module {
  protected readonly _items = new Map<string, M>();

  override _slots(): [string, unknown][] {
    return [...this._items];
  }

  override _setSlot(name: string, value: unknown): void {
    if (value === null) this._items.delete(name);
    else this._items.set(name, value as M);
  }

  protected _index(idx: number): number {
    const n = this._items.size;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new IndexError(`index ${idx} is out of range`);
    return idx < 0 ? idx + n : idx;
  }

  protected _renumber(list: M[]): void {
    this._items.clear();
    for (const [i, m] of list.entries()) this._items.set(String(i), m);
  }

  /** The number of children (`len(container)`). */
  get length(): number {
    return this._items.size;
  }

  /** The child at `idx` (negative counts from the end), as `container[idx]`. */
  get(idx: number): M {
    return [...this._items.values()][this._index(idx)]!;
  }

  /** Replaces the child at `idx` (`container[idx] = module`). */
  set(idx: number, module: M): void {
    checkModule(module);
    const key = [...this._items.keys()][this._index(idx)]!;
    this._items.set(key, module);
  }

  /** Adds a module at the end (`append`). */
  append(module: M): this {
    checkModule(module);
    this._items.set(String(this._items.size), module);
    return this;
  }

  /** Appends every module of an iterable (`extend`). */
  extend(modules: Iterable<M>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts a module before `index` and renumbers (`insert`). */
  insert(index: number, module: M): void {
    checkModule(module);
    const list = [...this._items.values()];
    const n = list.length;
    if (!Number.isInteger(index) || index < -n || index > n)
      throw new IndexError(`Index out of range: ${index}`);
    list.splice(index < 0 ? index + n : index, 0, module);
    this._renumber(list);
  }

  /** Removes the child at `idx` and renumbers (`del container[idx]`). */
  delete(idx: number): void {
    const list = [...this._items.values()];
    list.splice(this._index(idx), 1);
    this._renumber(list);
  }

  [Symbol.iterator](): Iterator<M> {
    return this._items.values();
  }
}

/**
 * A chain of modules applied in order (`torch.nn.Sequential`): `forward(x)` feeds each child's
 * output to the next. Build it from modules (named '0', '1', …) or from a record of named modules
 * (PyTorch's `OrderedDict` form).
 * @example
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * model.forward(torch.randn(5, 4)).shape; // [5, 2]
 * const named = new nn.Sequential({ fc: new nn.Linear(4, 2), act: new nn.Tanh() });
 */
export class Sequential extends ModuleMap<Module> {
  constructor(...args: Module[] | [Record<string, Module>]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module)) {
      for (const [k, m] of Object.entries(args[0]!)) this.addModule(k, checkModule(m));
    } else {
      for (const m of args) this.append(m as Module);
    }
  }

  /** Children `start` to `end` (exclusive) as a new Sequential with the same names (`seq[a:b]`). */
  slice(start?: number, end?: number): Sequential {
    const entries = [...this._items].slice(start, end);
    return new Sequential(Object.fromEntries(entries));
  }

  override forward(input: Tensor): Tensor {
    let x: unknown = input;
    for (const m of this._items.values()) x = callModule(m, x);
    return x as Tensor;
  }
}

/**
 * A list of submodules (`torch.nn.ModuleList`): registered (so their parameters are found) but not
 * called by the list itself — it has no `forward`.
 * @example
 * const layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * for (const layer of layers) x = layer.forward(x);
 */
export class ModuleList<M extends Module = Module> extends ModuleMap<M> {
  constructor(modules: Iterable<M> = []) {
    super();
    this.extend(modules);
  }

  /** Children `start` to `end` (exclusive) as a new ModuleList (`list[a:b]`). */
  slice(start?: number, end?: number): ModuleList<M> {
    return new ModuleList([...this._items.values()].slice(start, end));
  }
}

/**
 * Submodules by name (`torch.nn.ModuleDict`), in insertion order. Like ModuleList, it has no
 * `forward`.
 * @example
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * heads.get('cls').forward(h);
 */
export class ModuleDict<M extends Module = Module> extends Module {
  protected readonly _items = new Map<string, M>();

  constructor(modules: Record<string, M> | Iterable<[string, M]> = {}) {
    super();
    this.update(modules);
  }

  override _slots(): [string, unknown][] {
    return [...this._items];
  }

  override _setSlot(name: string, value: unknown): void {
    if (value === null) this._items.delete(name);
    else this._items.set(name, value as M);
  }

  /** The module under `key` (`dict[key]`); throws KeyError when absent. */
  get(key: string): M {
    const m = this._items.get(key);
    if (!m) throw new KeyError(`'${key}'`);
    return m;
  }

  /** Adds or replaces the module under `key` (`dict[key] = module`). */
  set(key: string, module: M): void {
    this.addModule(key, checkModule(module));
  }

  /** Whether `key` is present (`key in dict`). */
  has(key: string): boolean {
    return this._items.has(key);
  }

  /** Removes `key` and returns its module (`pop`). */
  pop(key: string): M {
    const m = this.get(key);
    this._items.delete(key);
    return m;
  }

  /** Removes every module (`clear`). */
  clear(): void {
    this._items.clear();
  }

  /** Adds every `[key, module]` pair (`update`). */
  update(modules: Record<string, M> | Iterable<[string, M]>): void {
    const entries = Symbol.iterator in modules ? modules : Object.entries(modules);
    for (const [k, m] of entries as Iterable<[string, M]>) this.set(k, m);
  }

  get length(): number {
    return this._items.size;
  }

  keys(): IterableIterator<string> {
    return this._items.keys();
  }

  values(): IterableIterator<M> {
    return this._items.values();
  }

  entries(): IterableIterator<[string, M]> {
    return this._items.entries();
  }

  /** Iterates over the keys, as a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return this._items.keys();
  }
}
