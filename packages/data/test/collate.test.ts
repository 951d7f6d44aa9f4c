import { tensor, zeros } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { defaultCollate } from '../src/index.js';
import './helpers.js';

describe('defaultCollate (PyTorch default_collate)', () => {
  it('stacks tensors along a new first dimension', () => {
    const out = defaultCollate([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])]);
    expect(out).toBeInstanceOf(Object);
    const t = out as ReturnType<typeof tensor>;
    expect(t.shape).toEqual([3, 2]);
    expect(t.tolist()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });
  it('numbers: integers give int64 (Python int), fractions float64 (Python float); bools give bool', () => {
    const ints = defaultCollate([0, 1, 2]) as ReturnType<typeof tensor>;
    expect([ints.dtype, ints.tolist()]).toEqual(['int64', [0, 1, 2]]);
    const floats = defaultCollate([0.5, 1, 2]) as ReturnType<typeof tensor>;
    expect([floats.dtype, floats.tolist()]).toEqual(['float64', [0.5, 1, 2]]);
    const bools = defaultCollate([true, false]) as ReturnType<typeof tensor>;
    expect([bools.dtype, bools.tolist()]).toEqual(['bool', [true, false]]);
  });
  it('strings stay a list', () => {
    expect(defaultCollate(['a', 'b'])).toEqual(['a', 'b']);
  });
  it('nested structures: tuples transposed, objects and Maps key-wise', () => {
    const batch = [
      { img: zeros(2, 2), meta: { id: 1, name: 'a' }, pair: [0.5, tensor([1])] },
      { img: zeros(2, 2).add(1), meta: { id: 2, name: 'b' }, pair: [1.5, tensor([2])] },
    ];
    const out = defaultCollate(batch) as {
      img: ReturnType<typeof tensor>;
      meta: { id: ReturnType<typeof tensor>; name: string[] };
      pair: [ReturnType<typeof tensor>, ReturnType<typeof tensor>];
    };
    expect(out.img.shape).toEqual([2, 2, 2]);
    expect(out.img.sum().item()).toBe(4);
    expect([out.meta.id.dtype, out.meta.id.tolist()]).toEqual(['int64', [1, 2]]);
    expect(out.meta.name).toEqual(['a', 'b']);
    expect([out.pair[0].dtype, out.pair[0].tolist()]).toEqual(['float64', [0.5, 1.5]]);
    expect(out.pair[1].tolist()).toEqual([[1], [2]]);
    const m = defaultCollate([new Map([['k', 1]]), new Map([['k', 2]])]) as Map<
      string,
      ReturnType<typeof tensor>
    >;
    expect(m.get('k')?.tolist()).toEqual([1, 2]);
  });
  it('errors: unequal sequence lengths, unequal tensor shapes, unsupported types', () => {
    expect(() => defaultCollate([[1, 2], [3]])).toThrow(
      'each element in list of batch should be of equal size',
    );
    expect(() => defaultCollate([zeros(2), zeros(3)])).toThrow('stack expects each tensor to be equal size');
    expect(() => defaultCollate([null, null])).toThrow(
      'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found null',
    );
  });
});
