import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// The double backward of a strided view (stridedScatter's backward) must honour the offset of the
// incoming gradient: a window of a contiguous view that itself starts at an offset (select, narrow).
describe('double backward through a view of a view at an offset', () => {
  const cases: Record<string, (x: torch.Tensor) => torch.Tensor> = {
    'select then chunk': (x) => {
      const [a, b] = x.select(0, 1).chunk(2, 1);
      return a!.mul(b!);
    },
    'unbind then narrow': (x) => {
      const s = x.unbind(0)[2]!;
      return s
        .narrow(1, 0, 2)
        .mul(s.narrow(1, 2, 2))
        .tanh();
    },
  };
  for (const [name, f] of Object.entries(cases)) {
    it(name, () => {
      torch.manualSeed(0);
      const x = torch.randn(3, 2, 4, { dtype: 'float64' }).requiresGrad_();
      expect(torch.autograd.gradgradcheck(f, [x])).toBe(true);
    });
  }
});
