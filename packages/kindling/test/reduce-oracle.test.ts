import { readFileSync } from 'node:fs';
import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { expectTensor, fromFixture, type TensorFixture } from './reduce-helpers.js';

interface Case {
  name: string;
  call: string;
  kind: 'method' | 'fn';
  first: unknown[];
  inputs: TensorFixture[];
  args: unknown[];
  kwargs: Record<string, unknown>;
  outputs?: TensorFixture[];
  error?: { type: string; message: string };
  weights?: TensorFixture[];
  grads?: (TensorFixture | null)[];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/reduce.json', import.meta.url), 'utf8')) as {
  torch: string;
  cases: Case[];
};

// Where our message is worded differently from PyTorch's (argument-parser messages), only the type and start are compared.
const MESSAGE_PREFIX: Record<string, string> = {
  'prod dims keepdim': 'prod() received an invalid combination of arguments',
};

function arg(v: unknown): unknown {
  if (v === 'inf') return Number.POSITIVE_INFINITY;
  if (v === '-inf') return Number.NEGATIVE_INFINITY;
  return v;
}

type Fn = (...a: unknown[]) => unknown;

/** Calls Kindling the way the case names it: positional args, then the keywords as an options object. */
function invoke(c: Case, inputs: torch.Tensor[]): torch.Tensor[] {
  const args = c.args.map(arg);
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [k, arg(v)]));
  const rest = Object.keys(kw).length ? [...args, kw] : args;
  let out: unknown;
  if (c.kind === 'method') {
    const self = inputs[0]!;
    out = ((self as unknown as Record<string, Fn>)[c.call] as Fn).apply(self, rest);
  } else {
    out = ((torch as unknown as Record<string, Fn>)[c.call] as Fn)(...c.first, ...inputs, ...rest);
  }
  if (out instanceof torch.Tensor) return [out];
  if (Array.isArray(out)) return out as torch.Tensor[];
  const vi = out as { values: torch.Tensor; indices: torch.Tensor };
  return [vi.values, vi.indices];
}

describe(`reductions, scans, sorting, softmax and einsum against PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const wantGrad = !!c.grads;
      const inputs = c.inputs.map((f) => fromFixture(f, wantGrad));
      if (c.error) {
        let thrown: unknown;
        try {
          invoke(c, inputs);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, 'expected an error').toBeInstanceOf(torch.TorchError);
        const err = thrown as Error;
        expect(err.name).toBe(c.error.type);
        const prefix = MESSAGE_PREFIX[c.name];
        if (prefix) expect(err.message.startsWith(prefix)).toBe(true);
        else expect(err.message).toBe(c.error.message);
        return;
      }
      const outs = invoke(c, inputs);
      expect(outs.length).toBe(c.outputs!.length);
      for (let i = 0; i < outs.length; i++) expectTensor(outs[i]!, c.outputs![i]!, `output ${i}`);
      if (!wantGrad) return;
      const floats = outs.filter((o) => o.isFloatingPoint() && o.requiresGrad);
      let loss = floats[0]!.mul(fromFixture(c.weights![0]!)).sum();
      for (let i = 1; i < floats.length; i++)
        loss = loss.add(floats[i]!.mul(fromFixture(c.weights![i]!)).sum());
      const grads = torch.autograd.grad(loss, inputs, null, { allowUnused: true });
      grads.forEach((g, i) => {
        const want = c.grads![i];
        // PyTorch leaves a constant gradient (e.g. the 0-"norm") unconnected; zeros are the same value.
        if (!want) expect(g === null || g.eq(0).all().item()).toBe(true);
        else expectTensor(g!, want, `grad ${i}`, 1e-4, 1e-5);
      });
    });
  }
});
