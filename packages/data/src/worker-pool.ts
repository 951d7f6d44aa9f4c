/**
 * The DataLoader's worker threads: starts them, hands out tasks, and turns their replies (batches or
 * errors) into settled promises. A worker that dies fails its pending tasks instead of leaving the
 * loop waiting forever.
 * @module
 */
import type { Worker } from 'node:worker_threads';
import { RuntimeError } from '@kindling/core';
import { nodeModule, nodeUrl, workerThreads } from './node.js';
import { decode } from './transfer.js';
import type { ResultMessage, TaskMessage, WorkerInit } from './worker-protocol.js';

let live = 0;

/** What a task resolves to when an iterable dataset's worker has run out. */
export const STREAM_DONE: unique symbol = Symbol('kindling.data.streamDone');

/**
 * How many DataLoader worker threads are running in this process (started and not yet exited);
 * for tests and for checking that loaders were closed.
 */
export function activeWorkerCount(): number {
  return live;
}

/**
 * An error raised in a DataLoader worker, re-thrown in the training loop (PyTorch's
 * "Caught X in DataLoader worker process N"). `index` is the dataset index being loaded (null when
 * the error came from collating or from loading the dataset module); `workerStack` is the stack
 * inside the worker.
 */
export class WorkerError extends RuntimeError {
  override name = 'WorkerError';
  constructor(
    message: string,
    /** The worker's index. */
    readonly workerId: number,
    /** The dataset index whose `getItem` threw, if any. */
    readonly index: number | null,
    /** The class name of the original error. */
    readonly originalName: string,
    /** The stack of the original error, inside the worker. */
    readonly workerStack: string,
  ) {
    super(message);
  }
}

/**
 * How to start the worker script next to this file: the built `worker.js` directly; from source
 * (`.ts`), a small bootstrap that registers tsx's loader first (a `--import tsx` flag does not reach
 * the worker's own entry module) and runs with the source export condition.
 */
function workerStart(): { script: string | URL; eval: boolean; execArgv: string[] | undefined } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx's ESM API (dist/esm/api/index.mjs); `require.resolve` finds its CommonJS twin.
    const api = nodeUrl().pathToFileURL(
      nodeModule()
        .createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL('./worker.ts', here).href;
    return {
      script: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true,
      execArgv: ['--conditions=kindling-source'],
    };
  }
  // The ES module worker even from the CommonJS build: it imports the dataset module with import(),
  // so an ES dataset module and the worker share one copy of @kindling/core (one Tensor class).
  const entry = new URL('./worker.js', here);
  return { script: entry, eval: false, execArgv: undefined };
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

/** One started set of workers. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly pending: Map<number, Pending>[] = [];
  private nextTask = 0;
  private closed = false;

  constructor(init: Omit<WorkerInit, 'id' | 'seed'>, baseSeed: bigint) {
    const start = workerStart();
    for (let id = 0; id < init.numWorkers; id++) {
      const seed = ((baseSeed + BigInt(id)) % (1n << 64n)).toString();
      const data: WorkerInit = { ...init, id, seed };
      const w = new (workerThreads().Worker)(start.script, {
        eval: start.eval,
        workerData: data,
        execArgv: start.execArgv,
      });
      live++;
      const pending = new Map<number, Pending>();
      this.workers.push(w);
      this.pending.push(pending);
      w.on('message', (m: ResultMessage) => this.settle(id, m));
      w.on('error', (e) => this.failAll(id, e));
      w.on('exit', (code) => {
        live--;
        if (!this.closed)
          this.failAll(id, new RuntimeError(`DataLoader worker ${id} exited unexpectedly with code ${code}`));
      });
    }
  }

  /** Runs `indices` on worker `id`; resolves with the (decoded) batch. */
  submit(id: number, indices: number[], epoch: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new RuntimeError('DataLoader workers have been shut down'));
    const task = this.nextTask++;
    const p = new Promise<unknown>((resolve, reject) => this.pending[id]!.set(task, { resolve, reject }));
    const msg: TaskMessage = { task, indices, epoch };
    this.workers[id]!.postMessage(msg);
    return p;
  }

  /** Lets the process exit while idle (persistent workers between epochs), or not. */
  setRef(ref: boolean): void {
    for (const w of this.workers) {
      if (ref) w.ref();
      else w.unref();
    }
  }

  /** Stops every worker; pending tasks fail. Resolves once the threads have exited. */
  async terminate(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (let id = 0; id < this.workers.length; id++) {
      this.failAll(id, new RuntimeError('DataLoader workers have been shut down'));
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(id: number, m: ResultMessage): void {
    const p = this.pending[id]!.get(m.task);
    if (!p) return;
    this.pending[id]!.delete(m.task);
    if (m.ok) {
      if ('done' in m) {
        p.resolve(STREAM_DONE);
        return;
      }
      try {
        p.resolve(decode(m.data));
      } catch (e) {
        p.reject(e instanceof Error ? e : new RuntimeError(String(e)));
      }
      return;
    }
    const where = m.index === null ? '' : ` while loading index ${m.index}`;
    p.reject(
      new WorkerError(
        `Caught ${m.name} in DataLoader worker ${id}${where}.\nOriginal ${m.stack}`,
        id,
        m.index,
        m.name,
        m.stack,
      ),
    );
  }

  private failAll(id: number, e: Error): void {
    const pending = this.pending[id]!;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  }
}
