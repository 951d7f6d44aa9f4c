import { arange, Generator, tensor, zeros } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { ConcatDataset, randomSplit, Subset, TensorDataset } from '../src/index.js';
import { FIXTURE, range } from './helpers.js';

const gen = (s: number) => new Generator().manualSeed(s);

describe('TensorDataset', () => {
  it('items are the rows of each tensor', () => {
    const ds = new TensorDataset(arange(12).reshape([4, 3]), tensor([5, 6, 7, 8]));
    expect(ds.length).toBe(4);
    const [x, y] = ds.getItem(2);
    expect(x.tolist()).toEqual([6, 7, 8]);
    expect(y.item()).toBe(7);
    expect(ds.getItem(-1)[1].item()).toBe(8);
    expect(() => ds.getItem(4)).toThrow('index 4 is out of bounds for dimension 0 with size 4');
  });
  it('rejects tensors of different lengths', () => {
    expect(() => new TensorDataset(zeros(3, 2), zeros(4))).toThrow('Size mismatch between tensors');
  });
});

describe('Subset and ConcatDataset', () => {
  it('Subset maps indices', () => {
    const s = new Subset(range(10), [7, 2, 5]);
    expect([s.length, s.getItem(0), s.getItem(2), s.getItem(-1)]).toEqual([3, 7, 5, 5]);
    expect(() => s.getItem(3)).toThrow('list index out of range');
  });
  it('ConcatDataset chains datasets and accepts negative indices', () => {
    const c = new ConcatDataset([range(3), range(0), range(2)]);
    expect(c.length).toBe(5);
    expect(c.cumulativeSizes).toEqual([3, 3, 5]);
    expect([0, 1, 2, 3, 4].map((i) => c.getItem(i))).toEqual([0, 1, 2, 0, 1]);
    expect(c.getItem(-2)).toBe(0);
    expect(() => c.getItem(-6)).toThrow('absolute value of index should not exceed dataset length');
    expect(() => new ConcatDataset([])).toThrow('datasets should not be an empty iterable');
  });
});

describe('randomSplit', () => {
  it('lengths: PyTorch splits of range(10) with seed 42', () => {
    const parts = randomSplit(range(10), [3, 7], { generator: gen(42) });
    expect(parts.map((p) => p.indices)).toEqual(FIXTURE.random_split.ints);
  });
  it('fractions: floor, then the remainder round-robin', () => {
    expect(randomSplit(range(30), [0.3, 0.3, 0.4], gen(42)).map((p) => p.indices)).toEqual(
      FIXTURE.random_split.fractions,
    );
    const parts = randomSplit(range(11), [0.5, 0.25, 0.25], gen(1));
    expect(parts.map((p) => p.length)).toEqual([6, 3, 2]);
    expect(parts.map((p) => p.indices)).toEqual(FIXTURE.random_split.remainder);
  });
  it('rejects lengths that do not add up', () => {
    expect(() => randomSplit(range(10), [3, 6])).toThrow(
      'Sum of input lengths does not equal the length of the input dataset!',
    );
    expect(() => randomSplit(range(10), [1.5, -0.5])).toThrow('Fraction at index 0 is not between 0 and 1');
  });
});
