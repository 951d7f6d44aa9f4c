import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import cases from './fixtures/conv-padding-modes.json';

const { nn } = torch;
type Arr = { shape: number[]; values: number[] };
const t = (a: Arr) => torch.tensor(Float64Array.from(a.values)).reshape(a.shape);

function close(got: torch.Tensor, want: number[]): void {
  const g = Array.from(got.contiguous().dataSync());
  expect(g.length).toBe(want.length);
  g.forEach((v, i) => {
    expect(Math.abs(v - want[i]!)).toBeLessThan(1e-10);
  });
}

// padding_mode 'reflect' | 'replicate' | 'circular' (PyTorch pads with F.pad, then convolves unpadded).
describe('Conv padding modes match PyTorch', () => {
  for (const c of cases) {
    it(`${c.nd}d ${c.mode} padding=${JSON.stringify(c.padding)}`, () => {
      const opts = {
        stride: c.stride as number | number[],
        padding: c.padding as number | number[] | 'same',
        dilation: c.dilation,
        paddingMode: c.mode as 'reflect' | 'replicate' | 'circular',
      };
      const m =
        c.nd === 2
          ? new nn.Conv2d(2, 3, c.kernel as number, opts)
          : new nn.Conv1d(2, 3, c.kernel as number, opts);
      m.double();
      m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, t(v as Arr)])));
      expect(String(m)).toBe(c.repr);
      const x = t(c.x).requiresGrad_();
      const y = m.forward(x);
      expect(y.shape).toEqual(c.y.shape);
      close(y, c.y.values);
      y.mul(torch.tensor(Float64Array.from(c.w)).reshape(c.y.shape))
        .sum()
        .backward();
      close(x.grad!, c.gx);
      close(m.weight.grad!, c.gweight);
    });
  }

  it('rejects unknown modes and non-zero modes for transposed convs, in PyTorch words', () => {
    expect(() => new nn.Conv2d(1, 1, 3, { paddingMode: 'mirror' as 'reflect' })).toThrow(
      "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='mirror'",
    );
  });
});

describe('ConvTranspose2d with outputSize', () => {
  it('picks the output padding that reaches the requested size (values from PyTorch)', () => {
    torch.manualSeed(0);
    const m = new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1 }).double();
    const x = torch.randn(1, 2, 4, 5, { dtype: 'float64' });
    const y = m.forward(x, [8, 10]);
    expect(y.shape).toEqual([1, 3, 8, 10]);
    expect(y.sum().item() as number).toBeCloseTo(3.2167869980191597, 9);
    expect(m.forward(x, [1, 3, 7, 9]).shape).toEqual([1, 3, 7, 9]);
    expect(() => m.forward(x, [10, 10])).toThrow(
      'requested an output size of [10, 10], but valid sizes range from [7, 9] to [8, 10] (for an input of torch.Size([4, 5]))',
    );
  });
});
