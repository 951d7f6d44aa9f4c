import { isGradEnabled } from './autograd/grad-mode.js';
import { OpNode } from './autograd/op-node.js';
import { getBackend, type TensorView } from './backend.js';
import { type DType, isFloatingPoint, torchName } from './dtype.js';
import { NotImplementedError, RuntimeError } from './errors.js';
import type { Kernel, OpDef, OpMeta } from './op.js';
import { broadcastStrides, contiguousStrides, numel, shapesEqual } from './shape.js';
import { allocStorage } from './storage.js';
import { Tensor } from './tensor.js';

type AnyKernel = Kernel<never>;
const kernels = new Map<string, Map<string, Map<DType | '*', AnyKernel>>>();
const ops = new Map<string, OpDef<never>>();

/** Adds an op to the table (done once per op, by the module that declares it). */
export function defineOp<A>(def: OpDef<A>): OpDef<A> {
  if (ops.has(def.name)) throw new RuntimeError(`op '${def.name}' is already defined`);
  ops.set(def.name, def as unknown as OpDef<never>);
  return def;
}

/** Every op in the table, by name (for docs, conformance tests and backend coverage reports). */
export function listOps(): ReadonlyMap<string, OpDef<never>> {
  return ops;
}

/**
 * Registers a backend's kernel for an op on a device, for one dtype or for all (`'*'`).
 * A dtype-specific kernel wins over `'*'`.
 */
export function registerKernel<A>(
  op: OpDef<A> | string,
  device: string,
  dtype: DType | '*',
  kernel: Kernel<A>,
): void {
  const name = typeof op === 'string' ? op : op.name;
  let byDevice = kernels.get(name);
  if (!byDevice) kernels.set(name, (byDevice = new Map()));
  let byDtype = byDevice.get(device);
  if (!byDtype) byDevice.set(device, (byDtype = new Map()));
  byDtype.set(dtype, kernel as unknown as AnyKernel);
}

export function getKernel<A>(op: OpDef<A> | string, device: string, dtype: DType): Kernel<A> | undefined {
  const byDtype = kernels.get(typeof op === 'string' ? op : op.name)?.get(device);
  return (byDtype?.get(dtype) ?? byDtype?.get('*')) as Kernel<A> | undefined;
}

/** The (device, dtype) pairs with a kernel for an op, for error messages and coverage reports. */
export function registeredKernels(op: string): string[] {
  const out: string[] = [];
  for (const [device, m] of kernels.get(op) ?? []) out.push(`${device}[${[...m.keys()].join(', ')}]`);
  return out;
}

function sameDevice(name: string, inputs: readonly Tensor[]): string {
  const device = inputs[0]!.device;
  for (let i = 1; i < inputs.length; i++) {
    const d = inputs[i]!.device;
    // A 0-dim CPU tensor may join any device (as in PyTorch); it is moved below.
    if (d !== device && !(d === 'cpu' && inputs[i]!.shape.length === 0)) {
      throw new RuntimeError(
        `Expected all tensors to be on the same device, but found at least two devices, ${device} and ${d}! (when checking arguments for ${name})`,
      );
    }
  }
  return device;
}

function asView(t: TensorView, shape: readonly number[], broadcast: boolean): TensorView {
  if (!broadcast || shapesEqual(t.shape, shape)) return t;
  return {
    storage: t.storage,
    shape,
    strides: broadcastStrides(t.shape, t.strides, shape),
    offset: t.offset,
    dtype: t.dtype,
  };
}

// Hot path (every op): returns `inputs` itself unless a device move or dtype cast is needed.
function prepareInputs(inputs: readonly Tensor[], meta: OpMeta, device: string): readonly Tensor[] {
  let out: Tensor[] | null = null;
  for (let i = 0; i < inputs.length; i++) {
    let t = inputs[i]!;
    if (t.device !== device) t = t.to(device);
    const want = meta.cast?.[i];
    if (want && t.dtype !== want) t = t.to(want);
    t._checkAlive();
    if (t !== inputs[i]) (out ??= inputs.slice())[i] = t;
  }
  return out ?? inputs;
}

/** Views of `inputs` broadcast to `shape`; `inputs` itself when every shape already matches. */
function broadcastViews(inputs: readonly TensorView[], shape: readonly number[]): readonly TensorView[] {
  let out: TensorView[] | null = null;
  for (let i = 0; i < inputs.length; i++) {
    const v = asView(inputs[i]!, shape, true);
    if (v !== inputs[i]) (out ??= inputs.slice())[i] = v;
  }
  return out ?? inputs;
}

/** Runs an op: meta → kernel (or impl/composite) → autograd record. Returns all outputs. */
export function dispatch<A>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor[] {
  const meta = def.meta(inputs, attrs);
  const device = sameDevice(def.name, inputs);
  const needGrad = isGradEnabled() && anyRequiresGrad(inputs);

  if (def.view) return recordIfNeeded(def, inputs, attrs, [makeView(def, inputs[0]!, attrs)], needGrad);

  const kernel = getKernel(def, device, meta.dtype);
  if (kernel && (!needGrad || def.backward || !def.composite)) {
    const outs = runKernel(def, kernel, prepareInputs(inputs, meta, device), attrs, meta, device);
    return recordIfNeeded(def, inputs, attrs, outs, needGrad);
  }
  if (def.impl && (!needGrad || def.backward)) {
    const r = withoutGrad(() => def.impl!(inputs, attrs));
    return recordIfNeeded(def, inputs, attrs, toList(r), needGrad);
  }
  if (def.composite) {
    return toList(def.composite(inputs, attrs));
  }
  const registered = registeredKernels(def.name);
  throw new NotImplementedError(
    `"${def.name}" not implemented for '${torchName(meta.dtype)}' on device '${device}'` +
      (registered.length ? ` (kernels registered: ${registered.join(', ')})` : ' (no kernels registered)'),
  );
}

/**
 * Runs a single-output kernel op writing into `out` (contiguous, of the output's shape and dtype):
 * the allocation-free path of in-place ops. Returns false (nothing done) when that is not possible.
 * Callers that already ran the op's meta pass it in rather than computing it twice.
 */
export function dispatchInto<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  attrs: A,
  out: Tensor,
  meta: OpMeta = def.meta(inputs, attrs),
): boolean {
  const o = meta.outputs?.[0];
  if (!o || meta.outputs!.length !== 1 || o.dtype !== out.dtype || !shapesEqual(o.shape, out.shape))
    return false;
  if (!out.isContiguous() || out.offset + out.numel() > out.storage.size) return false;
  const device = sameDevice(def.name, inputs);
  if (out.device !== device) return false;
  const kernel = getKernel(def, device, meta.dtype);
  if (!kernel) return false;
  const prepared = prepareInputs(inputs, meta, device);
  const views = meta.broadcast ? broadcastViews(prepared, o.shape) : prepared;
  kernel(views, [out], attrs);
  return true;
}

/** The single-output form of {@link dispatch}. */
export function dispatch1<A>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  return dispatch(def, inputs, attrs)[0]!;
}

function toList(r: Tensor | readonly Tensor[]): Tensor[] {
  return r instanceof Tensor ? [r] : r.slice();
}

function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i]!.requiresGrad) return true;
  return false;
}

let withoutGrad: <T>(fn: () => T) => T = (fn) => fn();
/** Wired by the autograd module (keeps this file free of an import cycle). */
export function _setNoGrad(fn: <T>(f: () => T) => T): void {
  withoutGrad = fn;
}

function makeView<A>(def: OpDef<A>, input: Tensor, attrs: A): Tensor {
  input._checkAlive();
  const g = def.view!(input, attrs);
  const t = new Tensor(input.storage, g.shape, g.strides, g.offset);
  t.base = input.base ?? input;
  return t;
}

function runKernel<A>(
  def: OpDef<A>,
  kernel: Kernel<A>,
  inputs: readonly Tensor[],
  attrs: A,
  meta: OpMeta,
  device: string,
): Tensor[] {
  if (meta.outputs === null) {
    const views = kernel(inputs, [], attrs);
    if (!views) throw new RuntimeError(`kernel for ${def.name} returned no outputs`);
    return views.map((v) => new Tensor(v.storage, v.shape, v.strides, v.offset));
  }
  const backend = getBackend(device);
  const metas = meta.outputs;
  const outs: Tensor[] = new Array(metas.length);
  for (let i = 0; i < metas.length; i++) {
    const o = metas[i]!;
    outs[i] = new Tensor(
      allocStorage(backend, o.dtype, numel(o.shape)),
      o.shape,
      contiguousStrides(o.shape),
      0,
    );
  }
  const views = meta.broadcast ? broadcastViews(inputs, metas[0]!.shape) : inputs;
  kernel(views, outs, attrs);
  return outs;
}

function recordIfNeeded<A>(
  def: OpDef<A>,
  inputs: readonly Tensor[],
  attrs: A,
  outs: Tensor[],
  needGrad: boolean,
): Tensor[] {
  if (!needGrad) return outs;
  const nondiff = def.nondifferentiableOutputs;
  let anyDiff = false;
  for (let i = 0; i < outs.length; i++) {
    if (isFloatingPoint(outs[i]!.dtype) && !nondiff?.includes(i)) anyDiff = true;
  }
  if (!anyDiff) return outs;
  const node = new OpNode(def as unknown as OpDef<unknown>, attrs, inputs, outs);
  for (let i = 0; i < outs.length; i++) {
    if (isFloatingPoint(outs[i]!.dtype) && !nondiff?.includes(i)) outs[i]!._setGradFn(node, i);
  }
  return outs;
}
