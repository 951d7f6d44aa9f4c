/**
 * The entry point of a DataLoader worker thread: imports the dataset module named by the loader,
 * then for each task loads the items, collates them and posts the batch back with its buffers
 * transferred. Tasks run one at a time, in the order they arrive.
 * @module
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import {
  type Dataset,
  type IterableDataset,
  isIterableDataset,
  isMapDataset,
  manualSeed,
} from '@kindling/core';
import { defaultCollate } from './collate.js';
import { encode } from './transfer.js';
import { setWorkerInfo } from './worker-info.js';
import type { ResultMessage, TaskMessage, WorkerInit } from './worker-protocol.js';

type Collate = (batch: unknown[]) => unknown;

const init = workerData as WorkerInit;
function needPort(): MessagePort {
  throw new Error('@kindling/data/worker must run in a DataLoader worker thread');
}
const port: MessagePort = parentPort ?? needPort();

const seed = BigInt(init.seed);
setWorkerInfo({ id: init.id, numWorkers: init.numWorkers, seed });
manualSeed(seed);

type AnyDataset = Dataset<unknown> | IterableDataset<unknown>;

async function load(): Promise<{ dataset: AnyDataset; collate: Collate }> {
  const mod = (await import(init.module)) as Record<string, unknown>;
  let dataset = mod[init.exportName];
  if (dataset === undefined) throw new Error(`module ${init.module} has no export '${init.exportName}'`);
  if (typeof dataset === 'function' && !isMapDataset(dataset)) dataset = await (dataset as () => unknown)();
  const ok = init.stream ? isIterableDataset(dataset) : isMapDataset(dataset);
  if (!ok) {
    const want = init.stream
      ? 'an iterable dataset (Symbol.asyncIterator)'
      : 'a map-style dataset (length, getItem)';
    throw new Error(`export '${init.exportName}' of ${init.module} is not ${want}`);
  }
  let collate: Collate = defaultCollate;
  if (init.collateExport !== undefined) {
    const c = mod[init.collateExport];
    if (typeof c !== 'function')
      throw new Error(`module ${init.module} has no function '${init.collateExport}'`);
    collate = c as Collate;
  }
  return { dataset: dataset as AnyDataset, collate };
}

const ready = load();
// Reported per task instead; this only keeps a failed import from being an unhandled rejection.
ready.catch(() => {});
let queue: Promise<void> = Promise.resolve();

function fail(task: number, index: number | null, e: unknown): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const msg: ResultMessage = {
    task,
    ok: false,
    index,
    name: err.name,
    message: err.message,
    stack: err.stack ?? `${err.name}: ${err.message}`,
  };
  port.postMessage(msg);
}

let stream: AsyncIterator<unknown> | null = null;
let streamDone = false;
let streamEpoch = -1;

/** The next batch of an iterable dataset's items, or null when there is none. */
async function nextFromStream(dataset: IterableDataset<unknown>): Promise<unknown[] | null> {
  const { batchSize, dropLast } = init.stream!;
  const size = batchSize ?? 1;
  stream ??= dataset[Symbol.asyncIterator]();
  const items: unknown[] = [];
  while (!streamDone && items.length < size) {
    const r = await stream.next();
    if (r.done) streamDone = true;
    else items.push(r.value);
  }
  if (items.length === 0 || (items.length < size && dropLast)) return null;
  return items;
}

async function run({ task, indices, epoch }: TaskMessage): Promise<void> {
  if (epoch !== streamEpoch) {
    // A new pass of a persistent loader: an iterable dataset starts over (PyTorch's _ResumeIteration).
    streamEpoch = epoch;
    stream = null;
    streamDone = false;
  }
  let current: number | null = null;
  try {
    const { dataset, collate } = await ready;
    let items: unknown[] = [];
    if (init.stream === null) {
      const ds = dataset as Dataset<unknown>;
      for (const i of indices) {
        current = i;
        items.push(await ds.getItem(i));
      }
      current = null;
    } else {
      const next = await nextFromStream(dataset as IterableDataset<unknown>);
      if (next === null) {
        port.postMessage({ task, ok: true, done: true } satisfies ResultMessage);
        return;
      }
      items = next;
    }
    const data = init.autoCollate ? collate(items) : items;
    const transfer: ArrayBuffer[] = [];
    const msg: ResultMessage = { task, ok: true, data: encode(data, transfer) };
    port.postMessage(msg, transfer);
  } catch (e) {
    fail(task, current, e);
  }
}

port.on('message', (m: TaskMessage) => {
  queue = queue.then(() => run(m));
});
