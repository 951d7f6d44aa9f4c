/**
 * `getWorkerInfo()` (`torch.utils.data.get_worker_info`). Kept on `globalThis` under a registered
 * symbol so that every copy of this package loaded in a worker (bundled or not) sees the same value.
 * @module
 */

/** What a DataLoader worker knows about itself (`torch.utils.data.WorkerInfo`). */
export interface WorkerInfo {
  /** This worker's index, in `[0, numWorkers)`. */
  readonly id: number;
  /** How many workers the loader runs. */
  readonly numWorkers: number;
  /** The seed this worker's default generator was seeded with (`base_seed + id`). */
  readonly seed: bigint;
}

const KEY = Symbol.for('kindling.data.workerInfo');

/**
 * In a DataLoader worker, its {@link WorkerInfo}; `null` in the main thread
 * (`torch.utils.data.get_worker_info`).
 */
export function getWorkerInfo(): WorkerInfo | null {
  return ((globalThis as Record<symbol, unknown>)[KEY] as WorkerInfo | undefined) ?? null;
}

/** @internal Set once by the worker entry. */
export function setWorkerInfo(info: WorkerInfo): void {
  (globalThis as Record<symbol, unknown>)[KEY] = Object.freeze(info);
}
