import { type Backend, memoryStats, type Storage } from './backend.js';
import { type DType, ITEM_SIZE, type TypedArray } from './dtype.js';

// Tensors the program dropped without dispose() give their storage back when collected.
const finalizer =
  typeof FinalizationRegistry === 'undefined'
    ? undefined
    : new FinalizationRegistry<Storage>((s) => releaseStorage(s));

export function allocStorage(backend: Backend, dtype: DType, size: number): Storage {
  const s = backend.alloc(dtype, size);
  memoryStats.track(s, 1, size * ITEM_SIZE[dtype]);
  return s;
}

export function uploadStorage(backend: Backend, dtype: DType, data: TypedArray): Storage {
  const s = backend.upload(dtype, data);
  memoryStats.track(s, 1, data.length * ITEM_SIZE[dtype]);
  return s;
}

/** A new holder of `s` (a tensor or a saved value). */
export function retainStorage(s: Storage, holder?: object): void {
  s.refs++;
  if (holder && finalizer) finalizer.register(holder, s, holder);
}

/** One holder let go; the last one frees the memory. */
export function releaseStorage(s: Storage, holder?: object): void {
  if (holder && finalizer) finalizer.unregister(holder);
  if (s.freed) return;
  if (--s.refs <= 0) {
    s.freed = true;
    memoryStats.track(s, -1, s.size * ITEM_SIZE[s.dtype]);
    s.backend.free(s);
  }
}
