import { type Backend, memoryStats, type Storage } from './backend.js';
import { type DType, ITEM_SIZE, type TypedArray } from './dtype.js';

/**
 * One holder's reference on a storage, given back exactly once: by `dispose()` or, for a tensor the
 * program dropped without disposing, by the garbage-collection safety net below.
 */
export interface StorageClaim {
  readonly storage: Storage;
  live: boolean;
}

// Registering without an unregister token and checking `live` in the callback costs ~0.1 µs per
// tensor; registering with the tensor as unregister token (so dispose() could unregister) cost
// 0.3-1.5 µs, most of the per-op overhead of small ops.
const finalizer =
  typeof FinalizationRegistry === 'undefined'
    ? undefined
    : new FinalizationRegistry<StorageClaim>((c) => releaseClaim(c));

// Claims of holders that use the generic retain/release(s, holder) form (tensors keep their own).
const claims = new WeakMap<object, StorageClaim>();

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

/** Takes a reference on `s` for `holder`, released by {@link releaseClaim} or when `holder` is collected. */
export function claimStorage(s: Storage, holder: object): StorageClaim {
  s.refs++;
  const claim: StorageClaim = { storage: s, live: true };
  finalizer?.register(holder, claim);
  return claim;
}

/** Gives a claim's reference back (once; later calls do nothing). */
export function releaseClaim(c: StorageClaim): void {
  if (!c.live) return;
  c.live = false;
  releaseStorage(c.storage);
}

/** A new holder of `s` (a tensor or a saved value). */
export function retainStorage(s: Storage, holder?: object): void {
  if (holder) claims.set(holder, claimStorage(s, holder));
  else s.refs++;
}

/** One holder let go; the last one frees the memory. */
export function releaseStorage(s: Storage, holder?: object): void {
  if (holder) {
    const c = claims.get(holder);
    if (c) {
      claims.delete(holder);
      releaseClaim(c);
    }
    return;
  }
  if (s.freed) return;
  if (--s.refs <= 0) {
    s.freed = true;
    memoryStats.track(s, -1, s.size * ITEM_SIZE[s.dtype]);
    s.backend.free(s);
  }
}
