import { ARRAY_TYPE, type Backend, type DType, type Storage, type TypedArray } from '@kindling/core';

/** A CPU storage's handle is the typed array itself. */
export type CpuStorage = Storage<TypedArray>;

// Buffers of at least this many bytes are pooled on free: allocating (and zeroing) a fresh 64 MB
// typed array costs more than the elementwise op that fills it.
const POOL_MIN_BYTES = 64 * 1024;
const POOL_MAX_BYTES = 512 * 1024 * 1024;

/** Free lists of large buffers by byte size, bounded in total. */
export class BufferPool {
  private readonly free = new Map<string, ArrayBuffer[]>();
  private bytes = 0;

  take(bytes: number): ArrayBuffer | undefined {
    const list = this.free.get(String(bytes));
    const buf = list?.pop();
    if (buf) this.bytes -= bytes;
    return buf;
  }

  give(buf: ArrayBuffer): void {
    if (buf.byteLength < POOL_MIN_BYTES || this.bytes + buf.byteLength > POOL_MAX_BYTES) return;
    const key = String(buf.byteLength);
    let list = this.free.get(key);
    if (!list) this.free.set(key, (list = []));
    list.push(buf);
    this.bytes += buf.byteLength;
  }

  get pooledBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.free.clear();
    this.bytes = 0;
  }
}

/** The CPU device: storages are typed arrays, reads are synchronous. */
export class CpuBackend implements Backend<TypedArray> {
  readonly name = 'cpu';
  readonly pool = new BufferPool();

  alloc(dtype: DType, size: number): CpuStorage {
    const Ctor = ARRAY_TYPE[dtype];
    const bytes = size * Ctor.BYTES_PER_ELEMENT;
    const buf = this.pool.take(bytes);
    const handle = buf ? new Ctor(buf) : new Ctor(size);
    return { backend: this, dtype, size, handle, refs: 0, version: 0, freed: false };
  }

  upload(dtype: DType, data: TypedArray): CpuStorage {
    const Ctor = ARRAY_TYPE[dtype];
    const handle = data instanceof Ctor ? data : Ctor.from(data as ArrayLike<number>);
    return { backend: this, dtype, size: handle.length, handle, refs: 0, version: 0, freed: false };
  }

  readSync(storage: CpuStorage, offset: number, length: number): TypedArray {
    return storage.handle.slice(offset, offset + length);
  }

  async read(storage: CpuStorage, offset: number, length: number): Promise<TypedArray> {
    return this.readSync(storage, offset, length);
  }

  free(storage: CpuStorage): void {
    const h = storage.handle;
    // Small arrays are never pooled: test the size before touching `.buffer`, which makes V8 move a
    // small on-heap typed array's data off-heap into a new ArrayBuffer (a third of the cost of a
    // 1-element op when done for every freed tensor).
    if (h.byteLength < POOL_MIN_BYTES) return;
    // Only whole buffers we own can be reused (not views into someone else's ArrayBuffer).
    if (h.byteOffset === 0 && h.byteLength === h.buffer.byteLength && h.buffer instanceof ArrayBuffer) {
      this.pool.give(h.buffer);
    }
  }

  info(): Record<string, unknown> {
    return { device: 'cpu', pooledBytes: this.pool.pooledBytes };
  }
}

export const cpuBackend = new CpuBackend();
