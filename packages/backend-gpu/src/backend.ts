import { ARRAY_TYPE, type Backend, type DType, type Storage, type TypedArray } from '@kindling/core';
import { gpuInfo, gpuState, synchronize } from './device.js';
import {
  checkSize,
  compiledKernels,
  freeBuffer,
  type GpuBuffer,
  liveBuffers,
  readBuffer,
  readBufferAsync,
  uploadBuffer,
} from './program.js';

/**
 * A GPU storage. Every dtype is held as float32 (gpu.js has no other storage): integers and bools are
 * exact up to 2^24. Kernels never write into a buffer: they return a fresh one, and the storage's
 * handle moves to it (in-place ops included), so `handle` is mutable. `null` means never written.
 */
export class GpuStorage implements Storage<GpuBuffer | null> {
  refs = 0;
  version = 0;
  freed = false;
  constructor(
    readonly backend: GpuBackend,
    readonly dtype: DType,
    readonly size: number,
    public handle: GpuBuffer | null,
  ) {}

  /** Replaces the contents with a new buffer (the old one is freed). */
  replace(buffer: GpuBuffer): void {
    if (this.handle && this.handle !== buffer) freeBuffer(this.handle);
    this.handle = buffer;
  }
}

function checkDtype(dtype: DType): void {
  if (dtype === 'float64') {
    // PyTorch's MPS device says the same for the same reason.
    throw new TypeError(
      "Cannot convert a GPU tensor to float64 dtype as device 'gpu' (gpu.js) stores float32 only. Please use float32 instead.",
    );
  }
}

/** Device `'gpu'`: storages live in gpu.js buffers (textures in GL modes). */
export class GpuBackend implements Backend<GpuBuffer | null> {
  readonly name = 'gpu';

  alloc(dtype: DType, size: number): GpuStorage {
    checkDtype(dtype);
    checkSize(size);
    return new GpuStorage(this, dtype, size, null);
  }

  upload(dtype: DType, data: TypedArray): GpuStorage {
    checkDtype(dtype);
    checkSize(data.length);
    const f = data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    return new GpuStorage(this, dtype, f.length, f.length === 0 ? null : uploadBuffer(f));
  }

  /** Synchronous reads exist in every mode but webgpu (where core then asks for `await t.data()`). */
  get readSync(): ((s: Storage<GpuBuffer | null>, offset: number, length: number) => TypedArray) | undefined {
    return gpuState().info.syncReads ? this.readNow : undefined;
  }

  private readonly readNow = (
    storage: Storage<GpuBuffer | null>,
    offset: number,
    length: number,
  ): TypedArray => {
    const out = new ARRAY_TYPE[storage.dtype](length);
    if (length === 0) return out;
    const h = storage.handle;
    if (h === null) return out; // never written: zeros
    const all = readBuffer(h);
    for (let i = 0; i < length; i++) out[i] = all[offset + i]!;
    return out;
  };

  async read(storage: Storage<GpuBuffer | null>, offset: number, length: number): Promise<TypedArray> {
    const out = new ARRAY_TYPE[storage.dtype](length);
    const h = storage.handle;
    if (length === 0 || h === null) return out;
    const all = await readBufferAsync(h);
    for (let i = 0; i < length; i++) out[i] = all[offset + i]!;
    return out;
  }

  free(storage: Storage<GpuBuffer | null>): void {
    const s = storage as GpuStorage;
    if (s.handle) freeBuffer(s.handle);
    s.handle = null;
  }

  async sync(): Promise<void> {
    await synchronize();
  }

  info(): Record<string, unknown> {
    return { ...gpuInfo(), liveBuffers: liveBuffers(), compiledKernels: compiledKernels() };
  }
}

export const gpuBackend = new GpuBackend();
