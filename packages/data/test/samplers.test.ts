import { Generator, manualSeed, randint, tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import {
  BatchSampler,
  RandomSampler,
  SequentialSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
} from '../src/index.js';
import { drawSeed } from '../src/samplers.js';
import { FIXTURE, range } from './helpers.js';

const gen = (s: number) => new Generator().manualSeed(s);
const after = () => Array.from(randint(1000, [3]).dataSync());

describe('seeds drawn as PyTorch 1.13 does', () => {
  it('int(torch.empty((), dtype=torch.int64).random_()) matches', () => {
    manualSeed(0);
    expect([drawSeed(), drawSeed(), drawSeed()].map(String)).toEqual(FIXTURE.draw_seed);
  });
});

describe('SequentialSampler and BatchSampler', () => {
  it('yields 0..n-1 and groups them, keeping or dropping the short batch', () => {
    const s = new SequentialSampler(range(10));
    expect([...s]).toEqual([...Array(10).keys()]);
    expect(s.length).toBe(10);
    const keep = new BatchSampler(s, 3, false);
    const drop = new BatchSampler(s, 3, true);
    expect([...keep]).toEqual(FIXTURE.batch_sampler.keep);
    expect([...drop]).toEqual(FIXTURE.batch_sampler.drop);
    expect([keep.length, drop.length]).toEqual([4, 3]);
  });
  it('rejects bad arguments with PyTorch messages', () => {
    const s = new SequentialSampler(range(3));
    expect(() => new BatchSampler(s, 0, false)).toThrow(
      'batch_size should be a positive integer value, but got batch_size=0',
    );
  });
});

describe('RandomSampler', () => {
  it('without a generator: seeds a fresh one from the default generator per pass (manualSeed(0))', () => {
    manualSeed(0);
    const s = new RandomSampler(range(10));
    expect([[...s], [...s]]).toEqual(FIXTURE.random_default.passes);
    expect(after()).toEqual(FIXTURE.random_default.after);
  });
  it('with a generator: one randperm per pass (and the trailing one PyTorch draws)', () => {
    const s = new RandomSampler(range(10), { generator: gen(42) });
    expect([[...s], [...s]]).toEqual(FIXTURE.random_gen42);
  });
  it('with replacement draws randint in chunks of 32', () => {
    const s = new RandomSampler(range(7), { replacement: true, numSamples: 70, generator: gen(1) });
    expect(s.length).toBe(70);
    expect([...s]).toEqual(FIXTURE.random_replacement);
  });
  it('numSamples > n without replacement repeats permutations', () => {
    expect([...new RandomSampler(range(10), { numSamples: 25, generator: gen(3) })]).toEqual(
      FIXTURE.random_num_samples,
    );
  });
  it('rejects a non-positive numSamples', () => {
    expect(() => new RandomSampler(range(3), { numSamples: 0 })).toThrow(
      'num_samples should be a positive integer value, but got num_samples=0',
    );
  });
});

describe('SubsetRandomSampler', () => {
  it('permutes the given indices as PyTorch does', () => {
    const s = new SubsetRandomSampler([10, 20, 30, 40, 50], { generator: gen(5) });
    expect([...s]).toEqual(FIXTURE.subset_random);
    expect(s.length).toBe(5);
  });
});

describe('WeightedRandomSampler', () => {
  const w = FIXTURE.weighted.weights;
  it('matches torch.multinomial with and without replacement, and for one sample', () => {
    expect([...new WeightedRandomSampler(w, 20, { generator: gen(7) })]).toEqual(
      FIXTURE.weighted.replacement,
    );
    expect([...new WeightedRandomSampler(w, 5, { replacement: false, generator: gen(7) })]).toEqual(
      FIXTURE.weighted.no_replacement,
    );
    expect([...new WeightedRandomSampler(tensor(w), 1, { generator: gen(9) })]).toEqual(FIXTURE.weighted.one);
  });
  it('draws in proportion to the weights (chi-square on 20000 draws)', () => {
    const weights = [1, 2, 3, 4];
    const counts = [0, 0, 0, 0];
    for (const i of new WeightedRandomSampler(weights, 20000, { generator: gen(11) })) counts[i]! += 1;
    const chi2 = counts.reduce((acc, c, i) => {
      const e = (20000 * weights[i]!) / 10;
      return acc + (c - e) ** 2 / e;
    }, 0);
    expect(chi2).toBeLessThan(16.3); // p = 0.001 for 3 degrees of freedom
  });
  it('without replacement never repeats and never picks a zero weight', () => {
    const picked = [
      ...new WeightedRandomSampler([0, 1, 1, 0, 5], 3, { replacement: false, generator: gen(2) }),
    ];
    expect(new Set(picked).size).toBe(3);
    expect(picked.sort()).toEqual([1, 2, 4]);
  });
  it('same seed, same draws; bad weights throw', () => {
    const a = [...new WeightedRandomSampler(w, 50, { generator: gen(3) })];
    expect([...new WeightedRandomSampler(w, 50, { generator: gen(3) })]).toEqual(a);
    expect(() => [...new WeightedRandomSampler([1, -1], 2)]).toThrow('element < 0');
    expect(() => [...new WeightedRandomSampler([0, 0], 2)]).toThrow('sum of probabilities <= 0');
    expect(() => [...new WeightedRandomSampler([1, 2], 3, { replacement: false })]).toThrow(
      'cannot sample n_sample > prob_dist.size(-1) samples without replacement',
    );
    expect(() => new WeightedRandomSampler(tensor([[1, 2]]), 1)).toThrow(
      'weights should be a 1d sequence but given weights have shape (1, 2)',
    );
  });
});
