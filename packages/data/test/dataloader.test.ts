import { arange, Generator, manualSeed, randint, type Tensor, tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { BatchSampler, DataLoader, SequentialSampler, TensorDataset } from '../src/index.js';
import { FIXTURE, range } from './helpers.js';

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

const lists = async (loader: AsyncIterable<Tensor>) => (await collect(loader)).map((b) => b.tolist());
const after = () => Array.from(randint(1000, [3]).dataSync());

describe('DataLoader in the main thread', () => {
  it('batches in order, with the short last batch unless dropLast; length counts batches', async () => {
    const keep = new DataLoader(range(10), { batchSize: 4 });
    expect(keep.length).toBe(3);
    expect(await lists(keep)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    const drop = new DataLoader(range(10), { batchSize: 4, dropLast: true });
    expect(drop.length).toBe(2);
    expect(await lists(drop)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect((await lists(new DataLoader(range(3)))).length).toBe(3); // batchSize defaults to 1
  });
  it('shuffle without a generator follows manualSeed as PyTorch does, epoch after epoch', async () => {
    manualSeed(0);
    const loader = new DataLoader(range(10), { batchSize: 3, shuffle: true });
    expect([await lists(loader), await lists(loader)]).toEqual(FIXTURE.loader_shuffle_default.epochs);
    expect(after()).toEqual(FIXTURE.loader_shuffle_default.after);
  });
  it('shuffle with a generator (and dropLast) matches PyTorch and leaves both generators in step', async () => {
    manualSeed(0);
    const g = new Generator().manualSeed(7);
    const loader = new DataLoader(range(10), { batchSize: 4, shuffle: true, dropLast: true, generator: g });
    expect([await lists(loader), await lists(loader)]).toEqual(FIXTURE.loader_shuffle_gen.epochs);
    expect(Array.from(randint(1000, [3], { generator: g }).dataSync())).toEqual(
      FIXTURE.loader_shuffle_gen.after_gen,
    );
    expect(after()).toEqual(FIXTURE.loader_shuffle_gen.after);
  });
  it('same seed, same order', async () => {
    const run = () =>
      lists(
        new DataLoader(range(50), { batchSize: 7, shuffle: true, generator: new Generator().manualSeed(3) }),
      );
    expect(await run()).toEqual(await run());
  });
  it('TensorDataset batches destructure as [x, y]', async () => {
    const ds = new TensorDataset(arange(20).reshape([10, 2]), arange(10));
    const seen: number[] = [];
    for await (const [x, y] of new DataLoader(ds, { batchSize: 4 })) {
      expect(x.shape[1]).toBe(2);
      expect(x.shape[0]).toBe(y.shape[0]);
      seen.push(...(y.tolist() as number[]));
    }
    expect(seen).toEqual([...Array(10).keys()]);
  });
  it('sampler, batchSampler, collateFn, batchSize null', async () => {
    const sampler = [9, 0, 4];
    expect(await lists(new DataLoader(range(10), { sampler, batchSize: 2 }))).toEqual([[9, 0], [4]]);
    const bs = new BatchSampler(new SequentialSampler(range(5)), 2, true);
    const viaBs = new DataLoader(range(5), { batchSampler: bs });
    expect(viaBs.length).toBe(2);
    expect(await lists(viaBs)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const sums = new DataLoader(range(6), {
      batchSize: 3,
      collateFn: (b: number[]) => b.reduce((a, c) => a + c, 0),
    });
    expect(await collect(sums)).toEqual([3, 12]);
    expect(await collect(new DataLoader(range(3), { batchSize: null }))).toEqual([0, 1, 2]);
  });
  it('async getItem and IterableDataset', async () => {
    const asyncDs = { length: 4, getItem: async (i: number) => tensor([i, -i]) };
    expect(await lists(new DataLoader(asyncDs, { batchSize: 3 }))).toEqual([
      [
        [0, -0],
        [1, -1],
        [2, -2],
      ],
      [[3, -3]],
    ]);
    const stream = {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < 5; i++) yield i;
      },
    };
    expect(await lists(new DataLoader(stream, { batchSize: 2 }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(await lists(new DataLoader(stream, { batchSize: 2, dropLast: true }))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(() => new DataLoader(stream, { shuffle: true })).toThrow(
      'DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=true',
    );
  });
  it('rejects conflicting options with PyTorch messages', () => {
    expect(() => new DataLoader(range(3), { sampler: [0], shuffle: true })).toThrow(
      'sampler option is mutually exclusive with shuffle',
    );
    expect(() => new DataLoader(range(3), { batchSampler: [[0]], batchSize: 2 })).toThrow(
      'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
    );
    expect(() => new DataLoader(range(3), { batchSize: null, dropLast: true })).toThrow(
      'batch_size=None option disables auto-batching and is mutually exclusive with drop_last',
    );
    expect(() => new DataLoader(range(3), { numWorkers: -1 })).toThrow(
      'num_workers option should be non-negative',
    );
    expect(() => new DataLoader(range(3), { prefetchFactor: 4 })).toThrow(
      'prefetch_factor option could only be specified in multiprocessing',
    );
    expect(() => new DataLoader(range(3), { persistentWorkers: true })).toThrow(
      'persistent_workers option needs num_workers > 0',
    );
    expect(() => new DataLoader(range(3), { numWorkers: 2 })).toThrow(
      'needs a dataset the workers can rebuild',
    );
  });
});
