import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const f64 = (data: number[] | number[][], requiresGrad = true) =>
  torch.tensor(data, { dtype: 'float64', requiresGrad });
const round = (t: torch.Tensor) =>
  JSON.parse(JSON.stringify(t.tolist(), (_k, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));

// In-place ops on views of tensors with history (PyTorch's CopySlices). Expected values from
// PyTorch 1.13 (the same statements run in Python).
describe('in-place ops on views with autograd', () => {
  it('rebases the base: y[0].mul_(3)', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(2);
    y.select(0, 0).mul_(3);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 2, 2]);
    expect(y.tolist()).toEqual([6, 4, 6]);
  });

  it('a buffer that does not require grad takes the history of what is copied into it', () => {
    const w = f64([0.5, -1]);
    const buf = torch.zeros(3, { dtype: 'float64' });
    buf.narrow(0, 0, 2).copy_(w);
    expect(buf.requiresGrad).toBe(true);
    buf
      .mul(torch.tensor([1, 2, 3], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(w.grad!.tolist()).toEqual([1, 2]);
  });

  it('strided views: y[:, ::2].relu_()', () => {
    const x = f64([
      [1, -2, 3],
      [-4, 5, -6],
    ]);
    const y = x.clone();
    y.slice(1, 0, null, 2).relu_();
    y.mul(y).sum().backward();
    expect(x.grad!.tolist()).toEqual([
      [2, -4, 6],
      [0, 10, 0],
    ]);
  });

  it('another tensor of the graph multiplied into a view', () => {
    const x = f64([1, 2, 3]);
    const y = x.mul(1);
    y.narrow(0, 1, 2).mul_(x.narrow(0, 1, 2));
    y.mul(torch.tensor([1, 10, 100], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(round(x.grad!)).toEqual([1, 40, 600]);
  });

  it('fill_ on a view: gradients stop at the filled window', () => {
    const x = f64([
      [1, 2],
      [3, 4],
    ]);
    const y = x.mul(x);
    y.select(0, 1).fill_(0);
    expect(y.tolist()).toEqual([
      [1, 4],
      [0, 0],
    ]);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([
      [2, 4],
      [0, 0],
    ]);
  });

  it('detects a saved output changed through a view, as PyTorch does', () => {
    const x = f64([
      [1, 2],
      [3, 4],
    ]);
    const y = x.exp(); // exp's backward reads its output
    y.select(0, 1).fill_(0);
    expect(() => y.sum().backward()).toThrow(/modified by an inplace operation/);
  });

  it('refuses views of leaves that require grad, in PyTorch words', () => {
    const x = f64([1, 2, 3]);
    expect(() => x.select(0, 0).add_(1)).toThrow(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
    expect(x.tolist()).toEqual([1, 2, 3]);
  });

  it('double backward through a rebased view', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    y.select(0, 0).mul_(x.select(0, 0));
    const [g] = torch.autograd.grad(y.sum(), x, null, { createGraph: true });
    expect(g!.tolist()).toEqual([2, 1]);
    const [gg] = torch.autograd.grad(g!.sum(), x);
    expect(gg!.tolist()).toEqual([2, 0]);
  });
});
