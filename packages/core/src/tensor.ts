import { AccumulateGrad } from './autograd/accumulate.js';
import { backward as runBackward } from './autograd/engine.js';
import { isGradEnabled } from './autograd/grad-mode.js';
import type { GradHook, Node } from './autograd/node.js';
import type { Storage } from './backend.js';
import { type DType, ITEM_SIZE, isFloatingPoint, type TypedArray } from './dtype.js';
import { RuntimeError } from './errors.js';
import { formatTensor } from './format.js';
import { trackInScope } from './memory.js';
import { isContiguous, normalizeDim, numel } from './shape.js';
import { claimStorage, releaseClaim, type StorageClaim } from './storage.js';

/** Nested arrays of numbers/booleans, as `tolist()` returns and `tensor()` accepts. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * A multi-dimensional array with autograd, as `torch.Tensor`. A tensor is a view — shape, strides
 * and offset — over a {@link Storage} that other tensors may share.
 *
 * Ops are methods (`x.add(y)`) and functions (`torch.add(x, y)`); both come from the op table.
 */
export class Tensor {
  readonly storage: Storage;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  /** Autograd: the node that made this tensor (null for leaves). */
  gradFn: Node | null = null;
  /** Which output of `gradFn` this tensor is. */
  outputNr = 0;
  /** The gradient accumulated by `backward()` (leaves and `retainGrad()` tensors). */
  grad: Tensor | null = null;
  /** The tensor this one is a view of (PyTorch's `_base`). */
  base: Tensor | null = null;
  /** Set when a longer-lived owner took this tensor (a leaf's `.grad`, `torch.keep`): scopes leave it alone. */
  escapedScope = false;
  /** A 0-dim tensor made from a JS number by an op (PyTorch's wrapped number): weakest in promotion. */
  wrappedNumber = false;
  private _requiresGrad = false;
  private _accumulator: AccumulateGrad | null = null;
  private _retainsGrad = false;
  private _disposed = false;
  private _claim: StorageClaim;

  constructor(storage: Storage, shape: readonly number[], strides: readonly number[], offset = 0) {
    this.storage = storage;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this._claim = claimStorage(storage, this);
    trackInScope(this);
  }

  get dtype(): DType {
    return this.storage.dtype;
  }

  get device(): string {
    return this.storage.backend.name;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** `True` for tensors made by the user rather than by an op that records history. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(value: boolean) {
    this.requiresGrad_(value);
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** The version counter bumped by in-place writes (PyTorch's `_version`). */
  get version(): number {
    return this.storage.version;
  }

  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  dim(): number {
    return this.shape.length;
  }

  /** `x.size()` is the shape; `x.size(d)` one dim (negative counts from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[normalizeDim(dim, this.shape.length)]!;
  }

  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    if (dim === undefined) return this.strides.slice();
    return this.strides[normalizeDim(dim, this.shape.length)]!;
  }

  numel(): number {
    return numel(this.shape);
  }

  elementSize(): number {
    return ITEM_SIZE[this.dtype];
  }

  storageOffset(): number {
    return this.offset;
  }

  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  isFloatingPoint(): boolean {
    return isFloatingPoint(this.dtype);
  }

  /** Sets `requiresGrad` on a leaf; only floating-point tensors can require gradients. */
  requiresGrad_(value = true): this {
    if (value === this._requiresGrad) return this;
    if (!this.isLeaf) {
      throw new RuntimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (value && !isFloatingPoint(this.dtype)) {
      throw new RuntimeError('only Tensors of floating point dtype can require gradients');
    }
    this._requiresGrad = value;
    return this;
  }

  /** Marks an op output as carrying history (used by the dispatcher; not for leaves). */
  _setGradFn(node: Node, outputNr: number): void {
    this.gradFn = node;
    this.outputNr = outputNr;
    this._requiresGrad = true;
  }

  /** The node gradients flow into for this tensor: its `gradFn`, or its accumulator if a leaf. */
  _gradEdgeNode(): Node | null {
    if (this.gradFn) return this.gradFn;
    if (!this._requiresGrad) return null;
    this._accumulator ??= new AccumulateGrad(this);
    return this._accumulator;
  }

  /** Keeps `.grad` on a non-leaf after `backward()`. */
  retainGrad(): this {
    if (!this._requiresGrad)
      throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf || this._retainsGrad) return this;
    this._retainsGrad = true;
    this.gradFn!.addPreHook(this.outputNr, (g) => {
      this.grad = this.grad ? this.grad.add(g) : g.detach();
    });
    return this;
  }

  /** Registers a hook on this tensor's gradient; it may return a replacement gradient. */
  registerHook(hook: GradHook): { remove(): void } {
    if (!this._requiresGrad) {
      throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    }
    const node = this._gradEdgeNode()!;
    const nr = this.gradFn ? this.outputNr : 0;
    node.addPreHook(nr, hook);
    return {
      remove: () => {
        const list = node.preHooks?.get(nr);
        if (list) list.splice(list.indexOf(hook) >>> 0, 1);
      },
    };
  }

  /**
   * Computes the gradient of this tensor with respect to graph leaves (`tensor.backward()`).
   * A non-scalar tensor needs `gradient` (the vector in the vector-Jacobian product).
   */
  backward(
    gradient?: Tensor | null | { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] },
    options: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {},
  ): void {
    if (gradient && !(gradient instanceof Tensor)) {
      options = gradient;
      gradient = null;
    }
    runBackward([this], gradient ? [gradient] : null, options);
  }

  /** A tensor sharing this storage, cut out of the autograd graph. */
  detach(): Tensor {
    const t = new Tensor(this.storage, this.shape, this.strides, this.offset);
    return t;
  }

  /**
   * Makes this tensor a view of `source`'s memory — storage, shape, strides and offset — keeping
   * its identity (PyTorch's `Tensor.set_(source)`, and what `param.data = t` does). `nn.Module.to()`
   * uses it so parameters stay the same objects when they change dtype or device.
   */
  set_(source: Tensor): this {
    source._checkAlive();
    if (this.requiresGrad && this.isLeaf && isGradEnabled()) {
      throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
    }
    const self = this as {
      storage: Storage;
      shape: readonly number[];
      strides: readonly number[];
      offset: number;
    };
    const old = this._claim;
    self.storage = source.storage;
    self.shape = source.shape;
    self.strides = source.strides;
    self.offset = source.offset;
    this._claim = claimStorage(source.storage, this);
    releaseClaim(old);
    if (this._requiresGrad && !isFloatingPoint(this.dtype)) this._requiresGrad = false;
    return this;
  }

  /** Cuts this tensor out of the graph in place. */
  detach_(): this {
    this.gradFn = null;
    this._requiresGrad = false;
    return this;
  }

  /** Frees the memory now (device memory is not garbage collected). Safe to call twice. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    releaseClaim(this._claim);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  _checkAlive(): void {
    if (this._disposed && this.storage.freed) {
      throw new RuntimeError('Tensor is disposed: its memory was freed by dispose() or a scope');
    }
  }

  /** The elements in row-major order, as a new typed array (works on every device). */
  async data(): Promise<TypedArray> {
    const c = this.contiguous();
    return c.storage.backend.read(c.storage, c.offset, c.numel());
  }

  /** Synchronous {@link data}; throws on devices that can only read asynchronously. */
  dataSync(): TypedArray {
    const c = this.contiguous();
    const b = c.storage.backend;
    if (!b.readSync) {
      throw new RuntimeError(
        `device '${b.name}' cannot be read synchronously: use \`await t.data()\` or \`await t.tolistAsync()\``,
      );
    }
    return b.readSync(c.storage, c.offset, c.numel());
  }

  /** The single value of a one-element tensor as a JS number (or boolean for bool tensors). */
  item(): number | boolean {
    const n = this.numel();
    if (n !== 1) throw new RuntimeError(`a Tensor with ${n} elements cannot be converted to Scalar`);
    const v = this.dataSync()[0]!;
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /** Nested arrays with this tensor's values, as `tensor.tolist()`. */
  tolist(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype === 'bool');
  }

  async tolistAsync(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype === 'bool');
  }

  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }
}

function nest(data: TypedArray, shape: readonly number[], asBool: boolean): NestedArray {
  const at = (i: number): number | boolean => (asBool ? data[i] !== 0 : data[i]!);
  if (shape.length === 0) return at(0);
  const build = (d: number, off: number): NestedArray[] => {
    const n = shape[d]!;
    const out: NestedArray[] = new Array(n);
    if (d === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = at(off + i);
      return out;
    }
    const step = numel(shape.slice(d + 1));
    for (let i = 0; i < n; i++) out[i] = build(d + 1, off + i * step);
    return out;
  };
  return build(0, 0);
}
