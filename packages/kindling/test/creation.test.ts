import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import golden from './fixtures/creation.json';

// Each case's Kindling expression, keyed by the name tools/oracle/creation.py gives it.
const make: Record<string, () => torch.Tensor> = {
  'arange(5)': () => torch.arange(5),
  'arange(1, 4)': () => torch.arange(1, 4),
  'arange(0, 1, 0.1)': () => torch.arange(0, 1, 0.1),
  'arange(10, 0, -3)': () => torch.arange(10, 0, -3),
  'arange(0.5, 3)': () => torch.arange(0.5, 3),
  'arange(-2.5, 2.5, 0.7) f64': () => torch.arange(-2.5, 2.5, 0.7, { dtype: 'float64' }),
  'linspace(-1.3, 2.7, 7)': () => torch.linspace(-1.3, 2.7, 7),
  'linspace(0, 1, 11)': () => torch.linspace(0, 1, 11),
  'linspace(3, -7, 9) f64': () => torch.linspace(3, -7, 9, { dtype: 'float64' }),
  'linspace(0, 10, 4) int64': () => torch.linspace(0, 10, 4, { dtype: 'int64' }),
  'linspace(2, 5, 1)': () => torch.linspace(2, 5, 1),
  'linspace(2, 5, 0)': () => torch.linspace(2, 5, 0),
  'eye(3)': () => torch.eye(3),
  'eye(2, 4)': () => torch.eye(2, 4),
  'full([2], 7)': () => torch.full([2], 7),
  'full([2], 7.5)': () => torch.full([2], 7.5),
  'full([2], True)': () => torch.full([2], true),
  'tensor([1, 2])': () => torch.tensor([1, 2]),
  'tensor([1, 2.5])': () => torch.tensor([1, 2.5]),
  'tensor([True, False])': () => torch.tensor([true, false]),
  'tensor([[1, 2], [3, 4]])': () =>
    torch.tensor([
      [1, 2],
      [3, 4],
    ]),
  'tensor(3.5)': () => torch.tensor(3.5),
  'tensor([]) ': () => torch.tensor([]),
  'tensor([2.7, -2.7]) int32': () => torch.tensor([2.7, -2.7]).to('int32'),
  'tensor([300, -1]) uint8': () => torch.tensor([300, -1]).to('uint8'),
  'tensor([0.5, 0, -2]) bool': () => torch.tensor([0.5, 0, -2]).to('bool'),
};

describe('creation matches PyTorch', () => {
  for (const c of golden as {
    name: string;
    dtype: string;
    shape: number[];
    values: (number | boolean)[];
  }[]) {
    it(c.name, () => {
      const t = make[c.name]!();
      expect(t.dtype).toBe(c.dtype);
      expect(t.shape).toEqual(c.shape);
      const got = t.reshape(-1).tolist() as (number | boolean)[];
      expect(got).toEqual(c.values);
    });
  }

  it('rejects negative sizes and bad steps as PyTorch does', () => {
    expect(() => torch.zeros(2, -1)).toThrow('Trying to create tensor with negative dimension -1: [2, -1]');
    expect(() => torch.arange(0, 5, 0)).toThrow('step must be nonzero');
    expect(() => torch.arange(5, 0, 1)).toThrow('upper bound and larger bound inconsistent with step sign');
    expect(() => torch.tensor([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)');
  });

  it('keeps typed arrays and like-variants', () => {
    expect(torch.tensor(new Float64Array([1, 2])).dtype).toBe('float64');
    expect(torch.tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    const x = torch.ones(2, 3, { dtype: 'float64' });
    expect(torch.zerosLike(x).dtype).toBe('float64');
    expect(torch.fullLike(x, 2).tolist()).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
  });
});
