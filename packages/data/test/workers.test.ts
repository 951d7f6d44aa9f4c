import { manualSeed } from '@kindling/core';
import { afterAll, describe, expect, it } from 'vitest';
import { activeWorkerCount, DataLoader, getWorkerInfo, WorkerError } from '../src/index.js';
import type { Item } from './fixtures/worker-dataset.js';
import { failing, noisy, sharded, slow, squares } from './fixtures/worker-dataset.js';
import { FIXTURE } from './helpers.js';

const MODULE = new URL('./fixtures/worker-dataset.ts', import.meta.url);
const spec = (name: string, collateExport?: string) => ({ module: MODULE, export: name, collateExport });

async function waitForNoWorkers(): Promise<void> {
  for (let i = 0; i < 200 && activeWorkerCount() > 0; i++) await new Promise((r) => setTimeout(r, 10));
}

afterAll(waitForNoWorkers);

describe('DataLoader with worker threads', () => {
  it('shuffled batches arrive in order, as PyTorch 1.13 orders them with 2 persistent workers', async () => {
    manualSeed(1);
    const loader = new DataLoader<Item>(squares, {
      batchSize: 4,
      shuffle: true,
      numWorkers: 2,
      prefetchFactor: 2,
      persistentWorkers: true,
      workerDataset: spec('makeSquares'),
    });
    expect(loader.length).toBe(6);
    const epochs: number[][][] = [];
    for (let e = 0; e < 2; e++) {
      const batches: number[][] = [];
      for await (const b of loader) {
        const ys = b.y.tolist() as number[];
        expect(b.x.dtype).toBe('float32');
        expect(b.x.tolist()).toEqual(ys.map((i) => [i, i * i]));
        expect(b.tag).toEqual(ys.map((i) => `#${i}`));
        batches.push(ys);
      }
      epochs.push(batches);
      expect(activeWorkerCount()).toBe(2); // persistent: still alive between epochs
    }
    // Persistent workers keep one iterator, so the second epoch draws no new base seed (as in PyTorch).
    expect(epochs).toEqual(FIXTURE.loader_workers.persistent);
    await loader.close();
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it('non-persistent workers: a new base seed per epoch, as PyTorch', async () => {
    manualSeed(1);
    const loader = new DataLoader<Item>(squares, {
      batchSize: 4,
      shuffle: true,
      numWorkers: 2,
      workerDataset: spec('squares'),
    });
    const epochs: number[][][] = [];
    for (let e = 0; e < 2; e++) {
      const batches: number[][] = [];
      for await (const b of loader) batches.push(b.y.tolist() as number[]);
      epochs.push(batches);
    }
    expect(epochs).toEqual(FIXTURE.loader_workers.fresh);
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it("a worker's error surfaces in the loop with the index and the worker's stack, and the workers stop", async () => {
    const loader = new DataLoader(failing, { batchSize: 5, numWorkers: 2, workerDataset: spec('failing') });
    const seen: number[] = [];
    let caught: unknown;
    try {
      for await (const b of loader) seen.push(...(b.tolist() as number[]));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WorkerError);
    const err = caught as WorkerError;
    expect(err.index).toBe(13);
    expect(err.originalName).toBe('ValueError');
    expect(err.message).toContain('Caught ValueError in DataLoader worker 0 while loading index 13');
    expect(err.message).toContain('item 13 is corrupt');
    expect(err.workerStack).toContain('worker-dataset.ts');
    expect(seen).toEqual([...Array(10).keys()]); // the batches before the bad one arrived, in order
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it('breaking out early terminates the workers; a worker-side collate export is used', async () => {
    const loader = new DataLoader<number, number>(slow, {
      batchSize: 3,
      numWorkers: 2,
      workerDataset: spec('slow', 'sumCollate'),
    });
    expect(loader.length).toBe(3334);
    const sums: number[] = [];
    for await (const s of loader) {
      sums.push(s);
      if (sums.length === 3) break;
    }
    expect(sums).toEqual([0 + 1 + 2, 3 + 4 + 5, 6 + 7 + 8]);
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it('workers are seeded baseSeed + id: the same manualSeed gives the same random items', async () => {
    const run = async () => {
      manualSeed(5);
      const loader = new DataLoader(noisy, { batchSize: 2, numWorkers: 2, workerDataset: spec('noisy') });
      const out: number[][] = [];
      for await (const b of loader) {
        const { r, worker } = b;
        out.push([...(r.flatten().tolist() as number[]), ...(worker.tolist() as number[])]);
      }
      return out;
    };
    const a = await run();
    expect(a.map((row) => row.slice(2))).toEqual([
      [0, 0],
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
    expect(await run()).toEqual(a);
    expect(new Set(a.flatMap((row) => row.slice(0, 2))).size).toBe(8);
  });

  it('a worker thread that dies fails the loop (no hang); toWorker() describes the dataset', async () => {
    const ds = {
      length: 10,
      getItem: (i: number) => i,
      toWorker: () => ({ module: MODULE, export: 'exiting' }),
    };
    expect(getWorkerInfo()).toBeNull();
    const loader = new DataLoader(ds, { batchSize: 2, numWorkers: 2 });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const b of loader) seen.push(...(b.tolist() as number[]));
      })(),
    ).rejects.toThrow('DataLoader worker 0 exited unexpectedly with code 3');
    expect(seen).toEqual([0, 1, 2, 3]);
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it('a main-thread collateFn gets the items the worker loaded (tensors rebuilt)', async () => {
    const loader = new DataLoader(squares, {
      batchSize: 3,
      numWorkers: 1,
      collateFn: (items: Item[]) => items.map((it) => [it.y, (it.x.tolist() as number[])[1]!, it.tag]),
      workerDataset: spec('squares'),
    });
    const got: (number | string)[][][] = [];
    for await (const b of loader) {
      got.push(b);
      if (got.length === 2) break;
    }
    expect(got).toEqual([
      [
        [0, 0, '#0'],
        [1, 1, '#1'],
        [2, 4, '#2'],
      ],
      [
        [3, 9, '#3'],
        [4, 16, '#4'],
        [5, 25, '#5'],
      ],
    ]);
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });

  it('an iterable dataset: each worker streams its shard, batches interleave as in PyTorch', async () => {
    const dropping = new DataLoader(sharded, {
      batchSize: 2,
      dropLast: true,
      numWorkers: 2,
      workerDataset: spec('sharded'),
    });
    const dropped: number[][] = [];
    for await (const b of dropping) dropped.push(b.tolist() as number[]);
    expect(dropped).toEqual(FIXTURE.loader_workers.iterable.drop);
    // Persistent workers restart their streams at every pass.
    const loader = new DataLoader(sharded, {
      batchSize: 2,
      numWorkers: 2,
      persistentWorkers: true,
      workerDataset: spec('sharded'),
    });
    for (let e = 0; e < 2; e++) {
      const out: number[][] = [];
      for await (const b of loader) out.push(b.tolist() as number[]);
      expect(out).toEqual(FIXTURE.loader_workers.iterable.keep);
    }
    await loader.close();
    await waitForNoWorkers();
    expect(activeWorkerCount()).toBe(0);
  });
});
