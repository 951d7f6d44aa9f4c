/**
 * `DataLoader` (`torch.utils.data.DataLoader`): batches from a dataset, in the main thread or in
 * worker threads.
 *
 * Workers. JavaScript cannot send a dataset object (its class and closures) to another thread, so
 * each worker rebuilds it: the loader names an ES module and one of its exports
 * (`workerDataset: { module: import.meta.url, export: 'train' }`), or the dataset describes itself
 * with `toWorker()`. Each worker imports that module, seeds its default generator with
 * `baseSeed + id` (as PyTorch seeds `torch` in each worker, so random transforms are reproducible),
 * loads and collates whole batches, and posts them back with tensors as transferred typed arrays.
 * Batches go to the workers round-robin, at most `prefetchFactor` per worker ahead, and are yielded
 * in sampler order (an iterable dataset is streamed by every worker, batches taken in turn). An
 * error in a worker is re-thrown in the loop as a {@link WorkerError} naming the
 * index and carrying the worker's stack; leaving the loop early (`break`, an exception) terminates
 * the workers unless `persistentWorkers`, in which case they live until {@link DataLoader.close}.
 * @module
 */
import {
  type Dataset,
  defaultGenerator,
  type Generator,
  type IterableDataset,
  isMapDataset,
  TorchTypeError,
  ValueError,
} from '@kindling/core';
import { defaultCollate } from './collate.js';
import type { Collated } from './collated.js';
import { nodeUrl } from './node.js';
import { BatchSampler, drawSeed, RandomSampler, SequentialSampler, type Sized } from './samplers.js';
import { STREAM_DONE, WorkerPool } from './worker-pool.js';
import type { WorkerDatasetSpec } from './worker-protocol.js';

/** A dataset that can tell a worker thread how to rebuild it. */
export interface WorkerReconstructible {
  /** The module and export a worker imports to get an equal dataset. */
  toWorker(): WorkerDatasetSpec;
}

/** Options of {@link DataLoader}, PyTorch's keyword arguments in camelCase. */
export interface DataLoaderOptions<T, B> {
  /** Items per batch (default 1); `null` turns batching off and yields items one by one. */
  batchSize?: number | null;
  /** Reshuffle at every epoch (a {@link RandomSampler}). */
  shuffle?: boolean;
  /** Where indices come from (exclusive with `shuffle`). */
  sampler?: Iterable<number> & Partial<Sized>;
  /** Where batches of indices come from (exclusive with `batchSize`, `shuffle`, `sampler`, `dropLast`). */
  batchSampler?: Iterable<number[]> & Partial<Sized>;
  /** Worker threads (default 0: load in the main thread). */
  numWorkers?: number;
  /** Merges a list of items into a batch (default {@link defaultCollate}). */
  collateFn?: (batch: T[]) => B;
  /** Drop the last batch when shorter than `batchSize`. */
  dropLast?: boolean;
  /** The generator for shuffling and for the workers' base seed (default: the default generator). */
  generator?: Generator;
  /** Batches each worker prepares ahead (default 2). */
  prefetchFactor?: number;
  /** Keep the workers alive between epochs (until `close()`). */
  persistentWorkers?: boolean;
  /** How workers rebuild the dataset (default: the dataset's `toWorker()`). */
  workerDataset?: WorkerDatasetSpec;
}

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : nodeUrl().pathToFileURL(m).href;
}

/**
 * Iterates over a dataset in batches (`torch.utils.data.DataLoader`).
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true });
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for await (const [xb, yb] of loader) {
 *     // train step
 *   }
 * }
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B> {
  /** The dataset read from. */
  readonly dataset: Dataset<T> | IterableDataset<T>;
  /** Items per batch, or null without automatic batching. */
  readonly batchSize: number | null;
  /** Whether a short last batch is dropped. */
  readonly dropLast: boolean;
  /** The number of worker threads. */
  readonly numWorkers: number;
  /** Batches prepared ahead per worker. */
  readonly prefetchFactor: number;
  /** Whether workers outlive an epoch. */
  readonly persistentWorkers: boolean;
  /** The generator for shuffling and worker seeds, if given. */
  readonly generator: Generator | undefined;
  /** The index sampler (null for an iterable dataset). */
  readonly sampler: (Iterable<number> & Partial<Sized>) | null;
  /** The batch sampler (null without automatic batching or for an iterable dataset). */
  readonly batchSampler: (Iterable<number[]> & Partial<Sized>) | null;
  private readonly collateFn: ((batch: T[]) => B) | undefined;
  private readonly workerSpec: WorkerDatasetSpec | undefined;
  private pool: WorkerPool | null = null;
  private epoch = 0;

  constructor(dataset: Dataset<T> | IterableDataset<T>, opts: DataLoaderOptions<T, B> = {}) {
    const numWorkers = opts.numWorkers ?? 0;
    if (!Number.isInteger(numWorkers) || numWorkers < 0) {
      throw new ValueError(
        'num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.',
      );
    }
    if (numWorkers === 0 && opts.prefetchFactor !== undefined && opts.prefetchFactor !== 2) {
      throw new ValueError(
        'prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.',
      );
    }
    const prefetchFactor = opts.prefetchFactor ?? 2;
    if (!Number.isInteger(prefetchFactor) || prefetchFactor <= 0) {
      throw new ValueError(
        `prefetch_factor should be a positive integer, but got prefetch_factor=${prefetchFactor}`,
      );
    }
    if (opts.persistentWorkers && numWorkers === 0) {
      throw new ValueError('persistent_workers option needs num_workers > 0');
    }
    const batchSize = opts.batchSize === undefined ? 1 : opts.batchSize;
    const dropLast = opts.dropLast ?? false;
    this.dataset = dataset;
    this.numWorkers = numWorkers;
    this.prefetchFactor = prefetchFactor;
    this.persistentWorkers = opts.persistentWorkers ?? false;
    this.generator = opts.generator;
    this.collateFn = opts.collateFn;

    if (!isMapDataset(dataset)) {
      for (const [k, v] of [
        ['shuffle', opts.shuffle],
        ['sampler', opts.sampler],
        ['batch_sampler', opts.batchSampler],
      ] as const) {
        if (v !== undefined && v !== false) {
          throw new ValueError(
            `DataLoader with IterableDataset: expected unspecified ${k} option, but got ${k}=${String(v)}`,
          );
        }
      }
      this.batchSize = batchSize;
      this.dropLast = dropLast;
      this.sampler = null;
      this.batchSampler = null;
      this.workerSpec = this.findWorkerSpec(opts.workerDataset);
      return;
    }

    if (opts.sampler !== undefined && opts.shuffle) {
      throw new ValueError('sampler option is mutually exclusive with shuffle');
    }
    let bs: number | null = batchSize;
    if (opts.batchSampler !== undefined) {
      if (batchSize !== 1 || opts.shuffle || opts.sampler !== undefined || dropLast) {
        throw new ValueError(
          'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
        );
      }
      bs = null;
    } else if (batchSize === null && dropLast) {
      throw new ValueError(
        'batch_size=None option disables auto-batching and is mutually exclusive with drop_last',
      );
    }
    this.batchSize = bs;
    this.dropLast = dropLast;
    this.sampler =
      opts.sampler ??
      (opts.shuffle
        ? new RandomSampler(dataset, { generator: opts.generator })
        : new SequentialSampler(dataset));
    this.batchSampler =
      opts.batchSampler ?? (bs === null ? null : new BatchSampler(this.sampler, bs, dropLast));
    this.workerSpec = this.findWorkerSpec(opts.workerDataset);
  }

  private findWorkerSpec(given: WorkerDatasetSpec | undefined): WorkerDatasetSpec | undefined {
    const self = this.dataset as Partial<WorkerReconstructible>;
    const spec = given ?? (typeof self.toWorker === 'function' ? self.toWorker() : undefined);
    if (this.numWorkers > 0 && spec === undefined) {
      throw new ValueError(
        'DataLoader with numWorkers > 0 needs a dataset the workers can rebuild: pass ' +
          "{ workerDataset: { module: import.meta.url, export: 'name' } } or give the dataset a toWorker() method",
      );
    }
    return spec;
  }

  /** Whether items are batched and collated (PyTorch's `_auto_collation`). */
  private get autoCollation(): boolean {
    return this.batchSampler !== null;
  }

  /** The number of batches per epoch (`len(loader)`); for an iterable dataset, from its `length`. */
  get length(): number {
    const src = this.batchSampler ?? this.sampler;
    if (src === null) {
      const n = (this.dataset as Partial<Sized>).length;
      if (n === undefined) throw new TorchTypeError("object of type 'IterableDataset' has no len()");
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    if (src.length === undefined) throw new TorchTypeError('the sampler has no length');
    return src.length;
  }

  /** One pass over the data: `for await (const batch of loader)`. */
  [Symbol.asyncIterator](): AsyncGenerator<B> {
    if (this.numWorkers > 0) return this.iterateWorkers();
    if (!isMapDataset<T>(this.dataset)) return this.iterateStream(this.dataset);
    return this.iterateMain(this.dataset);
  }

  /** Stops persistent workers (no-op otherwise); the loader can still be iterated afterwards. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.terminate();
  }

  private finish(items: T[]): B {
    if (this.collateFn) return this.collateFn(items);
    return defaultCollate(items) as B;
  }

  private indexBatches(): Iterator<number[]> {
    if (this.batchSampler) return this.batchSampler[Symbol.iterator]();
    const it = this.sampler![Symbol.iterator]();
    return {
      next: () => {
        const r = it.next();
        return r.done ? { done: true, value: undefined } : { done: false, value: [r.value] };
      },
    };
  }

  private async *iterateMain(dataset: Dataset<T>): AsyncGenerator<B> {
    const batches = this.indexBatches();
    // PyTorch draws the workers' base seed for every iterator, workers or not; drawing it keeps the
    // generator in step with PyTorch's.
    drawSeed(this.generator ?? defaultGenerator);
    for (let r = batches.next(); !r.done; r = batches.next()) {
      const items = await Promise.all(r.value.map((i) => dataset.getItem(i)));
      if (this.autoCollation) yield this.finish(items);
      else yield this.collateFn ? this.collateFn(items) : (items[0] as unknown as B);
    }
  }

  private async *iterateStream(dataset: IterableDataset<T>): AsyncGenerator<B> {
    drawSeed(this.generator ?? defaultGenerator);
    let batch: T[] = [];
    for await (const item of dataset) {
      if (this.batchSize === null) {
        yield this.collateFn ? this.collateFn([item]) : (item as unknown as B);
        continue;
      }
      batch.push(item);
      if (batch.length === this.batchSize) {
        yield this.finish(batch);
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast && this.batchSize !== null) yield this.finish(batch);
  }

  private startPool(): WorkerPool {
    const spec = this.workerSpec!;
    return new WorkerPool(
      {
        module: moduleUrl(spec.module),
        exportName: spec.export ?? 'default',
        collateExport: spec.collateExport,
        numWorkers: this.numWorkers,
        autoCollate: this.collatesInWorker(),
        stream: this.sampler === null ? { batchSize: this.batchSize, dropLast: this.dropLast } : null,
      },
      drawSeed(this.generator ?? defaultGenerator),
    );
  }

  /** Whether workers collate (batched items, and the default collate or a named collate export). */
  private collatesInWorker(): boolean {
    const batched = this.sampler === null ? this.batchSize !== null : this.autoCollation;
    return batched && (this.collateFn === undefined || this.workerSpec?.collateExport !== undefined);
  }

  private async *iterateWorkers(): AsyncGenerator<B> {
    // An iterable dataset has no indices: each worker streams its own copy (shard it with
    // getWorkerInfo()), and a worker that runs out is skipped, as in PyTorch.
    const batches = this.sampler === null ? null : this.indexBatches();
    const pool = this.pool ?? this.startPool();
    if (this.persistentWorkers) this.pool = pool;
    const epoch = this.epoch++;
    pool.setRef(true);
    const collatedInWorker = this.collatesInWorker();
    const batched = this.sampler === null ? this.batchSize !== null : this.autoCollation;
    const n = this.numWorkers;
    const exhausted = new Set<number>();
    const inflight: { worker: number; result: Promise<unknown> }[] = [];
    const max = this.prefetchFactor * n;
    let next = 0;
    const nextTask = (): [number, number[]] | null => {
      if (batches === null) {
        if (exhausted.size === n) return null;
        while (exhausted.has(next)) next = (next + 1) % n;
      } else {
        const r = batches.next();
        if (r.done) return null;
        const w = next;
        next = (next + 1) % n;
        return [w, r.value];
      }
      const w = next;
      next = (next + 1) % n;
      return [w, []];
    };
    const fill = (): void => {
      while (inflight.length < max) {
        const t = nextTask();
        if (t === null) return;
        const result = pool.submit(t[0], t[1], epoch);
        // Failures are re-thrown where the batch is awaited; this keeps early ones from being unhandled.
        result.catch(() => {});
        inflight.push({ worker: t[0], result });
      }
    };
    try {
      fill();
      while (inflight.length > 0) {
        const { worker, result } = inflight.shift()!;
        const data = await result;
        if (data === STREAM_DONE) {
          exhausted.add(worker);
          // Tasks already queued on this worker will come back empty too; drop them now.
          for (let i = inflight.length - 1; i >= 0; i--)
            if (inflight[i]!.worker === worker) inflight.splice(i, 1);
          fill();
          continue;
        }
        fill();
        if (collatedInWorker) yield data as B;
        else {
          const items = data as T[];
          if (batched) yield this.finish(items);
          else yield this.collateFn ? this.collateFn(items) : (items[0] as unknown as B);
        }
      }
    } finally {
      if (this.persistentWorkers && this.pool === pool) pool.setRef(false);
      else await pool.terminate();
    }
  }
}
