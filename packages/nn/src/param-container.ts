import { IndexError, KeyError, Tensor, TorchTypeError } from '@kindling/core';
import { Module } from './module.js';
import { Parameter } from './parameter.js';

function asParameter(t: Tensor): Parameter {
  if (t instanceof Parameter) return t;
  if (t instanceof Tensor) return new Parameter(t);
  throw new TorchTypeError(
    `cannot assign '${typeof t}' object to parameter (torch.nn.Parameter or None required)`,
  );
}

const LEGACY_TYPE: Record<string, string> = {
  float16: 'HalfTensor',
  float32: 'FloatTensor',
  float64: 'DoubleTensor',
};

function describeParam(p: Parameter, legacy: boolean): string {
  const size = p.shape.join('x');
  const type = legacy ? `torch.${LEGACY_TYPE[p.dtype] ?? p.dtype}` : `torch.${p.dtype}`;
  return `Parameter containing: [${type} of size ${size}]`;
}

/** Shared by ParameterList and ParameterDict: parameters kept in a Map, found by `parameters()`. */
abstract class ParamMap extends Module {
  protected readonly _items = new Map<string, Parameter>();

  override _slots(): [string, unknown][] {
    return [...this._items];
  }

  override _setSlot(name: string, value: unknown): void {
    if (value === null) this._items.delete(name);
    else this._items.set(name, value as Parameter);
  }

  get length(): number {
    return this._items.size;
  }

  protected _repr(legacy: boolean): string {
    const lines = [...this._items].map(([k, p]) => `    (${k}): ${describeParam(p, legacy)}`);
    return lines.length ? `${this.constructor.name}(\n${lines.join('\n')}\n)` : `${this.constructor.name}()`;
  }
}

/**
 * A list of parameters (`torch.nn.ParameterList`); plain tensors are wrapped as Parameters.
 * @example
 * const ps = new nn.ParameterList([torch.randn(3), torch.randn(4)]);
 * [...model.parameters()].length; // includes both when ps is a field of model
 */
export class ParameterList extends ParamMap {
  constructor(values: Iterable<Tensor> = []) {
    super();
    this.extend(values);
  }

  private _index(idx: number): number {
    const n = this._items.size;
    if (!Number.isInteger(idx) || idx < -n || idx >= n) throw new IndexError(`index ${idx} is out of range`);
    return idx < 0 ? idx + n : idx;
  }

  /** The parameter at `idx` (negative counts from the end). */
  get(idx: number): Parameter {
    return this._items.get(String(this._index(idx)))!;
  }

  /** Replaces the parameter at `idx`. */
  set(idx: number, value: Tensor): void {
    this._items.set(String(this._index(idx)), asParameter(value));
  }

  /** Adds a parameter at the end (`append`). */
  append(value: Tensor): this {
    this._items.set(String(this._items.size), asParameter(value));
    return this;
  }

  /** Appends every tensor of an iterable (`extend`). */
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  [Symbol.iterator](): Iterator<Parameter> {
    return this._items.values();
  }

  override toString(): string {
    return this._repr(false);
  }
}

/**
 * Parameters by name (`torch.nn.ParameterDict`), in insertion order; plain tensors are wrapped.
 * @example
 * const pd = new nn.ParameterDict({ scale: torch.ones(4), shift: torch.zeros(4) });
 * pd.get('scale');
 */
export class ParameterDict extends ParamMap {
  constructor(values: Record<string, Tensor> | Iterable<[string, Tensor]> = {}) {
    super();
    this.update(values);
  }

  /** The parameter under `key`; throws KeyError when absent. */
  get(key: string): Parameter {
    const p = this._items.get(key);
    if (!p) throw new KeyError(`'${key}'`);
    return p;
  }

  /** Adds or replaces the parameter under `key`. */
  set(key: string, value: Tensor): void {
    this.registerParameter(key, asParameter(value));
  }

  has(key: string): boolean {
    return this._items.has(key);
  }

  /** Removes `key` and returns its parameter (`pop`). */
  pop(key: string): Parameter {
    const p = this.get(key);
    this._items.delete(key);
    return p;
  }

  /** Adds every `[key, tensor]` pair (`update`). */
  update(values: Record<string, Tensor> | Iterable<[string, Tensor]>): void {
    const entries = Symbol.iterator in values ? values : Object.entries(values);
    for (const [k, v] of entries as Iterable<[string, Tensor]>) this.set(k, v);
  }

  keys(): IterableIterator<string> {
    return this._items.keys();
  }

  values(): IterableIterator<Parameter> {
    return this._items.values();
  }

  entries(): IterableIterator<[string, Parameter]> {
    return this._items.entries();
  }

  [Symbol.iterator](): Iterator<string> {
    return this._items.keys();
  }

  override toString(): string {
    return this._repr(true);
  }
}
