import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

const f64 = (data: number[] | number[][], requiresGrad = true) =>
  torch.tensor(data, { dtype: 'float64', requiresGrad });

describe('backward', () => {
  it('accumulates into leaves across calls', () => {
    const x = f64([1, 2]);
    x.mul(3).sum().backward();
    x.mul(3).sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 6]);
  });

  it('sums broadcast gradients down to each input shape', () => {
    const a = f64([[1, 2, 3]]);
    const b = f64([[1], [2]]);
    a.mul(b).sum().backward();
    expect(a.grad!.tolist()).toEqual([[3, 3, 3]]);
    expect(b.grad!.tolist()).toEqual([[6], [6]]);
  });

  it('needs a gradient for non-scalar outputs', () => {
    const x = f64([1, 2]);
    expect(() => x.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
    x.mul(2).backward(torch.tensor([1, 0.5], { dtype: 'float64' }));
    expect(x.grad!.tolist()).toEqual([2, 1]);
  });

  it('frees the graph unless retainGraph', () => {
    const x = f64([1, 2]);
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow('Trying to backward through the graph a second time');
    const z = x.mul(x).sum();
    z.backward(null, { retainGraph: true });
    z.backward();
    expect(x.grad!.tolist()).toEqual([2 + 4, 4 + 8]);
  });

  it('detects a saved tensor modified in place', () => {
    const x = f64([1, 2]);
    const y = x.mul(1);
    const z = y.mul(y);
    y.add_(1);
    expect(() => z.sum().backward()).toThrow(
      /modified by an inplace operation.*is at version 1; expected version 0/,
    );
  });

  it('refuses in-place ops on leaves that require grad', () => {
    const x = f64([1, 2]);
    expect(() => x.add_(1)).toThrow(
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
    torch.noGrad(() => x.add_(1));
    expect(x.tolist()).toEqual([2, 3]);
  });

  it('records in-place ops on non-leaves', () => {
    const x = f64([1, 2]);
    const y = x.mul(2);
    y.mul_(y);
    y.sum().backward();
    // y = (2x)^2 → dy/dx = 8x
    expect(x.grad!.tolist()).toEqual([8, 16]);
  });
});

describe('autograd.grad and higher order', () => {
  it('computes second derivatives with createGraph', () => {
    const x = f64([2]);
    const y = x.pow(3).sum();
    const [g] = torch.autograd.grad(y, x, null, { createGraph: true });
    expect(g!.tolist()).toEqual([12]);
    const [gg] = torch.autograd.grad(g!.sum(), x);
    expect(gg!.tolist()).toEqual([12]);
    expect(x.grad).toBeNull();
  });

  it('double backward through tanh matches the closed form', () => {
    const v = 0.3;
    const x = f64([v]);
    const [g] = torch.autograd.grad(x.tanh().sum(), x, null, { createGraph: true });
    g!.sum().backward();
    const t = Math.tanh(v);
    expect((x.grad!.tolist() as number[])[0]).toBeCloseTo(-2 * t * (1 - t * t), 12);
  });

  it('reports unused inputs', () => {
    const x = f64([1]);
    const y = f64([1]);
    expect(() => torch.autograd.grad(x.mul(2).sum(), [x, y])).toThrow(/appears to not have been used/);
    const r = torch.autograd.grad(x.mul(2).sum(), [x, y], null, { allowUnused: true });
    expect(r[1]).toBeNull();
  });
});

describe('grad mode, detach, hooks', () => {
  it('noGrad records nothing', () => {
    const x = f64([1]);
    const y = torch.noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('detach shares memory and cuts history', () => {
    const x = f64([1, 2]);
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    torch.noGrad(() => d.add_(1));
    expect(x.tolist()).toEqual([2, 3]);
  });

  it('tensor hooks see and may replace gradients; retainGrad keeps non-leaf grads', () => {
    const x = f64([1, 2]);
    const y = x.mul(2);
    y.retainGrad();
    const seen: number[][] = [];
    y.registerHook((g) => {
      seen.push(g.tolist() as number[]);
      return g.mul(10);
    });
    y.sum().backward();
    expect(seen).toEqual([[1, 1]]);
    expect(x.grad!.tolist()).toEqual([20, 20]);
    expect(y.grad!.tolist()).toEqual([1, 1]);
  });

  it('names gradient functions like PyTorch', () => {
    const x = f64([1]);
    expect(x.mul(2).gradFn!.name).toBe('MulBackward0');
    expect(x.sum().gradFn!.name).toBe('SumBackward0');
  });

  it('anomaly mode names the node that produced NaN', () => {
    const x = f64([0]);
    expect(() => torch.autograd.detectAnomaly(() => x.sqrt().mul(0).sum().backward())).toThrow(
      "Function 'SqrtBackward0' returned nan values in its 0th output.",
    );
  });
});

describe('custom autograd.Function', () => {
  class Cube extends torch.autograd.Function {
    static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor, scale: number): torch.Tensor {
      ctx.saveForBackward(x);
      ctx.scale = scale;
      return x.pow(3).mul(scale);
    }
    static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
      const [x] = ctx.savedTensors;
      return [g.mul(x!.square()).mul(3 * (ctx.scale as number)), null];
    }
  }

  it('uses the user backward', () => {
    const x = f64([1, 2]);
    const y = Cube.apply(x, 2);
    expect(y.gradFn!.name).toBe('CubeBackward');
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([6, 24]);
  });

  it('checks the number of gradients', () => {
    class Bad extends torch.autograd.Function {
      static override forward(_ctx: torch.autograd.FunctionCtx, x: torch.Tensor, _k: number) {
        return x.mul(2);
      }
      static override backward(_ctx: torch.autograd.FunctionCtx, g: torch.Tensor) {
        return g;
      }
    }
    const x = f64([1]);
    expect(() => Bad.apply(x, 1).sum().backward()).toThrow(
      'function BadBackward returned an incorrect number of gradients (expected 2, got 1)',
    );
  });
});

describe('memory', () => {
  it('scope disposes intermediates and keeps results', () => {
    const before = torch.memory().storages;
    const a = torch.ones(1000);
    const kept = torch.scope(() => a.add(1).mul(2).sub(1));
    expect(kept.tolist()).toHaveLength(1000);
    expect(torch.memory().storages - before).toBe(2);
    kept.dispose();
    a.dispose();
    expect(torch.memory().storages).toBe(before);
  });

  it('works with using', () => {
    const before = torch.memory().storages;
    {
      using t = torch.zeros(10);
      expect(t.numel()).toBe(10);
    }
    expect(torch.memory().storages).toBe(before);
  });
});

describe('memory and autograd together', () => {
  it('a training step in a scope keeps parameter gradients for the optimizer', () => {
    const w = torch.ones(3, { requiresGrad: true });
    torch.scope(() => {
      w.mul(2).sum().backward();
    });
    expect(w.grad!.isDisposed).toBe(false);
    expect(w.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it('graphs that backward never reaches give their saved memory back when collected', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (packages/kindling/vitest.config.ts)').toBeTypeOf('function');
    if (!gc) return;
    const x = torch.ones(64, 64, { requiresGrad: true });
    gc();
    await new Promise((r) => setTimeout(r, 0));
    const before = torch.memory().storages;
    for (let i = 0; i < 20; i++) torch.scope(() => x.mul(3).amax(1, true).detach());
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(torch.memory().storages - before).toBeLessThanOrEqual(1);
  });
});
