/**
 * The messages between the DataLoader and its workers.
 * @module
 */

/**
 * Where a worker finds the dataset: a module (path or `file:` URL) and the name of its export. The
 * export is a map-style dataset or a function returning one (sync or async). `collateExport` names an
 * export to collate with instead of `defaultCollate`.
 */
export interface WorkerDatasetSpec {
  /** An absolute path or URL of an ES module; `import.meta.url` of the module defining the dataset works. */
  module: string | URL;
  /** The export holding the dataset or a factory for it (default `'default'`). */
  export?: string;
  /** The export holding the collate function, when not `defaultCollate`. */
  collateExport?: string;
}

/** @internal What a worker is started with. */
export interface WorkerInit {
  module: string;
  exportName: string;
  collateExport: string | undefined;
  id: number;
  numWorkers: number;
  seed: string;
  /** Collate in the worker; when false the worker returns the list of items and the main thread collates. */
  autoCollate: boolean;
  /**
   * For an iterable dataset: the worker iterates its own copy and each task takes the next batch
   * (`batchSize` items, 1 when null; a short last batch unless `dropLast`).
   */
  stream: { batchSize: number | null; dropLast: boolean } | null;
}

/** @internal Main thread → worker: the indices to load (ignored for an iterable dataset). */
export interface TaskMessage {
  task: number;
  indices: number[];
  /** The loader's pass; an iterable dataset's stream restarts when it changes (persistent workers). */
  epoch: number;
}

/** @internal Worker → main thread. */
export type ResultMessage =
  | { task: number; ok: true; data: unknown }
  /** An iterable dataset's worker has no more batches. */
  | { task: number; ok: true; done: true }
  | { task: number; ok: false; index: number | null; name: string; message: string; stack: string };
