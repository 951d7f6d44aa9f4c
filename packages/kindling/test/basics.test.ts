import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

describe('tensor basics', () => {
  it('infers int64 for integers and float32 for fractions', () => {
    expect(torch.tensor([1, 2]).dtype).toBe('int64');
    expect(torch.tensor([1, 2.5]).dtype).toBe('float32');
    expect(torch.tensor([true, false]).dtype).toBe('bool');
  });

  it('promotes a float scalar with an int tensor to the default float', () => {
    const r = torch.tensor([1, 2], { dtype: 'int32' }).mul(2.5);
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([2.5, 5]);
  });

  it('computes gradients through mul/add/sum', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    x.mul(x).add(1).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
  });
});

describe('torch.where', () => {
  it('with one argument returns the indices of true elements per dim', () => {
    const [r, c] = torch.where(
      torch.tensor([
        [true, false],
        [false, true],
      ]),
    );
    expect(r!.tolist()).toEqual([0, 1]);
    expect(c!.tolist()).toEqual([0, 1]);
  });

  it('with three selects and promotes', () => {
    const r = torch.where(torch.tensor([true, false]), torch.tensor([1, 2]), 0.5);
    expect(r.dtype).toBe('float32');
    expect(r.tolist()).toEqual([1, 0.5]);
  });
});
