import type { DType, TypedArray } from './dtype.js';
import { RuntimeError } from './errors.js';

/**
 * A block of memory on one device. Tensors are views over a storage (shape, strides, offset);
 * several tensors may share one. `refs` counts the tensors and saved-for-backward values that hold
 * it: at 0 the backend may recycle the memory.
 */
export interface Storage<H = unknown> {
  readonly backend: Backend<H>;
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** The backend's handle: a typed array on the CPU, a device buffer elsewhere. */
  readonly handle: H;
  refs: number;
  /** Bumped by every in-place write, so autograd can detect a saved value that changed. */
  version: number;
  freed: boolean;
}

/** What a kernel sees of a tensor: memory plus the strided layout over it. Nothing of autograd. */
export interface TensorView<H = unknown> {
  readonly storage: Storage<H>;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
}

/**
 * A device. Register one with {@link registerBackend}; its kernels go in with `registerKernel`.
 * Only `alloc`, `upload`, `read` and `free` are required; everything computational is a kernel.
 */
export interface Backend<H = unknown> {
  /** The device name tensors report (`'cpu'`, `'gpu'`). */
  readonly name: string;
  /** Memory for `size` elements of `dtype`. Contents are unspecified (kernels write every element). */
  alloc(dtype: DType, size: number): Storage<H>;
  /** Moves host data to the device. The backend may keep `data` itself (callers pass ownership). */
  upload(dtype: DType, data: TypedArray): Storage<H>;
  /** Reads `length` elements from `offset` of a storage (a copy). */
  read(storage: Storage<H>, offset: number, length: number): Promise<TypedArray>;
  /** Synchronous read, where the device allows one. */
  readSync?(storage: Storage<H>, offset: number, length: number): TypedArray;
  /** Gives memory back (called once, when the last holder lets go). */
  free(storage: Storage<H>): void;
  /** Waits for queued work (devices that enqueue). */
  sync?(): Promise<void>;
  /** Free-form facts for `torch.config()`: mode, adapter, pool sizes. */
  info?(): Record<string, unknown>;
}

const backends = new Map<string, Backend>();

/** Makes a device available. Registering a name twice replaces the earlier backend. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

export function getBackend(device: string): Backend {
  const b = backends.get(device);
  if (!b) {
    const known = [...backends.keys()];
    throw new RuntimeError(
      known.length === 0
        ? `no backend is registered for device '${device}': import 'kindling' (or '@kindling/backend-cpu' and call registerBackend)`
        : `Expected one of ${known.join(', ')} device type at start of device string: ${device}`,
    );
  }
  return b;
}

/**
 * Whether values on `device` can be read synchronously (`dataSync`, `item`). Host-side argument checks
 * that need values (index bounds, class targets) run only where this holds — as on CUDA, where they
 * are device-side asserts rather than synchronising reads; `'gpu'` in webgpu mode reads asynchronously.
 */
export function readsSynchronously(device: string): boolean {
  return getBackend(device).readSync !== undefined;
}

export function hasBackend(device: string): boolean {
  return backends.has(device);
}

export function listBackends(): string[] {
  return [...backends.keys()];
}

/**
 * What every registered device says about itself: for `'gpu'` the gpu.js mode, the renderer and
 * whether it is software; for `'cpu'` its buffer pool. PyTorch's nearest is `torch.__config__.show()`.
 * @example
 * torch.config().devices.cpu; // { pooledBytes: 0 }
 */
export function config(): { devices: Record<string, Record<string, unknown>> } {
  const devices: Record<string, Record<string, unknown>> = {};
  for (const [name, b] of backends) devices[name] = b.info?.() ?? {};
  return { devices };
}

/** Bookkeeping for `torch.memory()`: live storages and bytes per device. */
export const memoryStats = {
  storages: new Map<string, { count: number; bytes: number }>(),
  track(storage: Storage, sign: 1 | -1, bytes: number): void {
    const key = storage.backend.name;
    let s = this.storages.get(key);
    if (!s) this.storages.set(key, (s = { count: 0, bytes: 0 }));
    s.count += sign;
    s.bytes += sign * bytes;
  },
};
