import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const { gradcheck, gradgradcheck } = torch.autograd;
const f64 = (data: number[]) => torch.tensor(data, { dtype: 'float64', requiresGrad: true });

describe('autograd.gradcheck', () => {
  it('accepts correct gradients of a composite function of two inputs', () => {
    const a = f64([0.3, -1.2, 2.1]);
    const b = f64([1.5, 0.7, -0.4]);
    expect(gradcheck((x, y) => x.sin().mul(y).add(y.exp()), [a, b])).toBe(true);
  });

  it('reports a wrong gradient as a Jacobian mismatch', () => {
    const wrong = (x: torch.Tensor) => {
      const y = x.mul(2);
      y.registerHook((g) => g.mul(3));
      return y;
    };
    expect(() => gradcheck(wrong, [f64([1, 2])])).toThrow(
      /Jacobian mismatch for output 0 with respect to input 0/,
    );
    expect(gradcheck(wrong, [f64([1, 2])], { raiseException: false })).toBe(false);
  });

  it('checks every output of a multi-output function', () => {
    expect(gradcheck((x) => x.split(1), [f64([0.5, 1.5, -2])])).toBe(true);
  });

  it('needs an input that requires grad', () => {
    expect(() => gradcheck((x) => x.sin(), [torch.tensor([1], { dtype: 'float64' })])).toThrow(
      /requires_grad=True/,
    );
  });
});

describe('autograd.gradgradcheck', () => {
  it('accepts correct second derivatives', () => {
    expect(gradgradcheck((x) => x.pow(3).mul(x.sin()), [f64([0.4, -1.1, 2])])).toBe(true);
  });

  it('accepts prod through a single exact zero', () => {
    expect(gradgradcheck((x) => x.prod(), [f64([1.5, 2, 0, -3])])).toBe(true);
  });

  it('reports a backward that is not differentiable', () => {
    const cut = (x: torch.Tensor) => {
      const y = x.square();
      y.registerHook((g) => g.detach());
      return y;
    };
    expect(() => gradgradcheck(cut, [f64([0.5, -1])])).toThrow(/Jacobian mismatch/);
  });
});
