import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import golden from './fixtures/conv.json';

// The same deterministic inputs as tools/oracle/conv.py: sin(i * scale + shift), float64.
function det(shape: number[], scale: number, shift: number): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return torch.arange(n, { dtype: 'float64' }).mul(scale).add(shift).sin().reshape(shape);
}

function expectClose(got: torch.Tensor, want: number[], tol = 1e-10): void {
  const g = Array.from(got.contiguous().dataSync() as ArrayLike<number>);
  expect(g.length).toBe(want.length);
  let worst = 0;
  g.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - want[i]!));
  });
  expect(worst).toBeLessThan(tol);
}

type Case = (typeof golden.cases)[number] & {
  indices?: number[];
  runningMean?: number[];
  runningVar?: number[];
  runningMeanAfter?: number[];
  runningVarAfter?: number[];
};
type Kw = Record<string, unknown>;

/** Calls the Kindling functional a case names; returns the output and (for max pools) the indices. */
function call(c: Case, ts: Record<string, torch.Tensor>, state: Record<string, torch.Tensor>) {
  const { kernelSize, outputSize, normalizedShape, numGroups, returnIndices, ...kw } = c.kwargs as Kw;
  const x = ts.input!;
  const bias = ts.bias ?? null;
  switch (c.fn) {
    case 'conv2d':
      return { out: torch.conv2d(x, ts.weight!, { ...kw, bias }) };
    case 'conv1d':
      return { out: torch.conv1d(x, ts.weight!, { ...kw, bias }) };
    case 'convTranspose2d':
      return { out: torch.convTranspose2d(x, ts.weight!, { ...kw, bias }) };
    case 'maxPool2d': {
      const r = torch.maxPool2d(x, kernelSize as number, { ...kw, returnIndices: true });
      return { out: r.values, indices: r.indices };
    }
    case 'maxPool1d': {
      const r = torch.maxPool1d(x, kernelSize as number, { ...kw, returnIndices: true });
      return { out: r.values, indices: r.indices };
    }
    case 'avgPool2d':
      return { out: torch.avgPool2d(x, kernelSize as number, kw) };
    case 'adaptiveAvgPool2d':
      return { out: torch.adaptiveAvgPool2d(x, outputSize as number) };
    case 'adaptiveMaxPool2d': {
      void returnIndices;
      const r = torch.adaptiveMaxPool2d(x, outputSize as number, true);
      return { out: r.values, indices: r.indices };
    }
    case 'batchNorm':
      return {
        out: torch.batchNorm(x, state.rm, state.rv, { ...kw, weight: ts.weight ?? null, bias }),
      };
    case 'layerNorm':
      return { out: torch.layerNorm(x, normalizedShape as number[], { weight: ts.weight ?? null, bias }) };
    case 'groupNorm':
      return { out: torch.groupNorm(x, numGroups as number, { weight: ts.weight ?? null, bias }) };
    default:
      throw new Error(`unknown case ${c.fn}`);
  }
}

describe('conv / pool / norm functionals match PyTorch (forward and gradients, float64)', () => {
  (golden.cases as Case[]).forEach((c, n) => {
    const shapes = c.inputs.map((i) => JSON.stringify(i.shape)).join(' ');
    it(`#${n} ${c.fn} ${shapes} ${JSON.stringify(c.kwargs)}`, () => {
      const ts: Record<string, torch.Tensor> = {};
      for (const i of c.inputs) ts[i.name] = det(i.shape, i.scale, i.shift).requiresGrad_();
      const state: Record<string, torch.Tensor> = {};
      if (c.runningMean) state.rm = torch.tensor(c.runningMean, { dtype: 'float64' });
      if (c.runningVar) state.rv = torch.tensor(c.runningVar, { dtype: 'float64' });
      const { out, indices } = call(c, ts, state);
      expect(out.shape).toEqual(c.shape);
      expectClose(out, c.out);
      if (c.indices) {
        expect(indices!.dtype).toBe('int64');
        expect(Array.from(indices!.contiguous().dataSync() as ArrayLike<number>)).toEqual(c.indices);
      }
      if (c.runningMeanAfter) expectClose(state.rm!, c.runningMeanAfter, 1e-12);
      if (c.runningVarAfter) expectClose(state.rv!, c.runningVarAfter, 1e-12);
      out
        .mul(det(c.shape, 0.37, 1.0))
        .sum()
        .backward();
      c.inputs.forEach((inp, k) => {
        expectClose(ts[inp.name]!.grad!, c.grads[k]!);
      });
    });
  });
});
