import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// The example of docs/guides/extending.md, run as written.
describe('the public registration API', () => {
  it('adds an op with its gradient and a CPU kernel', () => {
    const cubeOp = torch.defineOp<Record<string, never>>({
      name: 'testCube',
      meta([x]) {
        return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
      },
      saves: { inputs: true, outputs: false },
      backward(ctx, [g]) {
        const x = ctx.inputs[0]!;
        return [g!.mul(x.square()).mul(3)];
      },
    });
    torch.registerKernel(cubeOp, 'cpu', '*', ([x], [out]) => {
      const src = x!.storage.handle as Float32Array;
      const dst = out!.storage.handle as Float32Array;
      const n = out!.shape.reduce((a, b) => a * b, 1);
      for (let i = 0; i < n; i++) dst[i] = src[x!.offset + i]! ** 3;
    });
    const t = torch.tensor([1, 2], { dtype: 'float32', requiresGrad: true });
    const y = torch.dispatch1(cubeOp, [t], {});
    expect(y.tolist()).toEqual([1, 8]);
    y.sum().backward();
    expect(t.grad!.tolist()).toEqual([3, 12]);
    expect(torch.registeredKernels('testCube')).toEqual(['cpu[*]']);
  });

  it('names the op, device and dtype when no kernel exists', () => {
    const op = torch.defineOp<Record<string, never>>({
      name: 'testNoKernel',
      meta([x]) {
        return { outputs: [{ shape: x!.shape, dtype: x!.dtype }], dtype: x!.dtype };
      },
    });
    expect(() => torch.dispatch1(op, [torch.ones(2)], {})).toThrow(
      `"testNoKernel" not implemented for 'Float' on device 'cpu' (no kernels registered)`,
    );
  });
});
