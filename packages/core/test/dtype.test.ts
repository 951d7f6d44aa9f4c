import { describe, expect, it } from 'vitest';
import { promoteTypes, resultType } from '../src/dtype.js';
import { broadcastShapes, viewStrides } from '../src/shape.js';

// Expected values from torch.promote_types / torch.result_type (PyTorch 1.13).
describe('type promotion', () => {
  it('promotes within and across categories', () => {
    expect(promoteTypes('uint8', 'int32')).toBe('int32');
    expect(promoteTypes('bool', 'uint8')).toBe('uint8');
    expect(promoteTypes('int64', 'float32')).toBe('float32');
    expect(promoteTypes('float32', 'float64')).toBe('float64');
  });

  it('lets zero-dim tensors and scalars promote only across categories', () => {
    const f32 = { dtype: 'float32' as const, shape: [3] };
    const i32 = { dtype: 'int32' as const, shape: [3] };
    const f64scalar = { dtype: 'float64' as const, shape: [] };
    expect(resultType(f32, f64scalar)).toBe('float32');
    expect(resultType(i32, f64scalar)).toBe('float64');
    expect(resultType(i32, 2.5)).toBe('float32');
    expect(resultType(i32, 2)).toBe('int32');
    expect(resultType({ dtype: 'bool', shape: [2] }, 2)).toBe('int64');
    expect(resultType({ dtype: 'uint8', shape: [2] }, 300)).toBe('uint8');
  });
});

describe('shapes', () => {
  it('broadcasts with PyTorch messages', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(() => broadcastShapes([3], [4])).toThrow(
      'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0',
    );
  });

  it('computes view strides or refuses', () => {
    expect(viewStrides([2, 3], [3, 1], [3, 2])).toEqual([2, 1]);
    expect(viewStrides([2, 3], [1, 2], [6])).toBeNull();
    expect(viewStrides([], [], [1, 1])).toEqual([1, 1]);
  });
});
