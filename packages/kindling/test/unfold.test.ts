import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import golden from './fixtures/unfold.json';

// The same deterministic inputs as tools/oracle/unfold.py: sin(i * scale + shift), float64.
function det(shape: number[], scale = 0.1, shift = 0): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.arange(n, { dtype: 'float64' }).mul(scale).add(shift).sin().reshape(shape);
}

function expectClose(got: torch.Tensor, want: number[], shape?: number[]): void {
  if (shape) expect(got.shape).toEqual(shape);
  const g = Array.from(got.contiguous().dataSync());
  expect(g.length).toBe(want.length);
  g.forEach((v, i) => {
    expect(Math.abs(v - want[i]!)).toBeLessThan(1e-12);
  });
}

describe('unfold / fold (im2col / col2im) match PyTorch', () => {
  for (const c of golden.cases) {
    it(`input ${JSON.stringify(c.input)} k=${JSON.stringify(c.kernel)} d=${JSON.stringify(c.dilation)} p=${JSON.stringify(c.padding)} s=${JSON.stringify(c.stride)}`, () => {
      const opts = { dilation: c.dilation, padding: c.padding, stride: c.stride };
      const x = det(c.input).requiresGrad_();
      const u = torch.unfold(x, c.kernel, opts);
      expectClose(u, c.unfold, c.unfoldShape);
      const w = det(c.unfoldShape, 0.37, 1.0);
      u.mul(w).sum().backward();
      expectClose(x.grad!, c.grad);
      expectClose(torch.fold(w, c.input.slice(-2), c.kernel, opts), c.fold, c.foldShape);
    });
  }

  it('builds a conv2d from unfold + matmul that equals F.conv2d', () => {
    const x = det([2, 3, 8, 7], 0.05);
    const w = det([4, 3, 3, 3], 0.11, 0.5);
    const cols = torch.unfold(x, 3, { padding: 1, stride: 2 }); // [2, 27, L]
    const out = w.reshape(4, -1).matmul(cols); // [2, 4, L]
    const [oh, ow] = golden.conv.shape.slice(2) as [number, number];
    expectClose(out.reshape(2, 4, oh, ow), golden.conv.out, golden.conv.shape);
  });

  it('rejects windows that do not fit, in PyTorch words', () => {
    expect(() => torch.unfold(torch.zeros(1, 1, 2, 2), 3)).toThrow(
      /calculated shape of the array of sliding blocks as \(0, 0\)/,
    );
  });
});
