import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/indexing.json' with { type: 'json' };

// Every case was run by PyTorch 1.13 (tools/oracle/indexing.py): the same call here must give the
// same values, dtype and shape, the same gradients of sum(out * w), or the same error.

type Dtype = torch.DType;
interface EncTensor {
  t: { id: number; data: number[]; shape: number[]; dtype: Dtype; grad: boolean };
}
type Enc =
  | null
  | number
  | boolean
  | string
  | EncTensor
  | { slice: (number | null)[] }
  | { ellipsis: true }
  | Enc[];
interface EncOut {
  data: (number | boolean)[];
  shape: number[];
  dtype: Dtype;
}
interface Case {
  name: string;
  kind: 'method' | 'func' | 'getitem' | 'setitem';
  fn: string | null;
  self: Enc;
  args: Enc[];
  kwargs: Record<string, unknown>;
  value?: Enc;
  out?: EncOut | EncOut[];
  error?: { type: string; message: string };
  weight?: number[];
  grads?: (number[] | null)[];
}

const cases = (fixtures as unknown as { cases: Case[] }).cases;

function camel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function decode(v: Enc, seen: Map<number, torch.Tensor>, leaves: torch.Tensor[]): unknown {
  if (Array.isArray(v)) return v.map((x) => decode(x, seen, leaves));
  if (v !== null && typeof v === 'object') {
    if ('t' in v) {
      const { id, data, shape, dtype, grad } = v.t;
      let t = seen.get(id);
      if (!t) {
        t = torch.tensor(data, { dtype }).reshape(shape).detach();
        if (grad) {
          t.requiresGrad_(true);
          leaves.push(t);
        }
        seen.set(id, t);
      }
      return t;
    }
    if ('slice' in v) return torch.slice(...(v.slice as [number | null, number | null, number | null]));
    if ('ellipsis' in v) return '...';
  }
  return v;
}

type Callable = (...a: unknown[]) => unknown;

function run(c: Case, self: torch.Tensor | null, args: unknown[], value: unknown): unknown {
  const kw = Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v]));
  const full = Object.keys(kw).length ? [...args, kw] : args;
  switch (c.kind) {
    case 'method':
      return (self as unknown as Record<string, Callable>)[camel(c.fn!)]!.apply(self, full);
    case 'func':
      return (torch as unknown as Record<string, Callable>)[camel(c.fn!)]!(...full);
    case 'getitem':
      return self!.index(...(args as torch.IndexItem[]));
    case 'setitem': {
      const y = self!.clone();
      y.setIndex(...(args as torch.IndexItem[]), value as torch.Tensor | number);
      return y;
    }
  }
}

function expectClose(
  got: ArrayLike<number | boolean>,
  want: readonly (number | boolean)[],
  dtype: Dtype,
): void {
  expect(got.length).toBe(want.length);
  const tol = dtype === 'float32' ? 1e-5 : 1e-10;
  for (let i = 0; i < want.length; i++) {
    const g = Number(got[i]);
    const w = Number(want[i]);
    if (Math.abs(g - w) > tol * (1 + Math.abs(w))) expect.fail(`element ${i}: got ${g}, want ${w}`);
  }
}

function checkOut(got: unknown, want: EncOut | EncOut[]): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got)).toBe(true);
    expect((got as torch.Tensor[]).length).toBe(want.length);
    for (const [i, g] of (got as torch.Tensor[]).entries()) checkOut(g, want[i]!);
    return;
  }
  const t = got as torch.Tensor;
  expect(t.shape).toEqual(want.shape);
  expect(t.dtype).toBe(want.dtype);
  expectClose(Array.from(t.dataSync()), want.data, want.dtype);
}

describe('indexing ops match PyTorch', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const seen = new Map<number, torch.Tensor>();
    const leaves: torch.Tensor[] = [];
    const self = c.self === null ? null : (decode(c.self, seen, leaves) as torch.Tensor);
    const args = decode(c.args, seen, leaves) as unknown[];
    const value = c.value === undefined ? undefined : decode(c.value, seen, leaves);
    if (c.error) {
      let thrown: unknown;
      try {
        run(c, self, args, value);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, 'expected an error').toBeInstanceOf(torch.TorchError);
      expect((thrown as Error).name).toBe(c.error.type);
      expect((thrown as Error).message).toBe(c.error.message);
      return;
    }
    const out = run(c, self, args, value);
    checkOut(out, c.out!);
    if (c.grads) {
      const o = out as torch.Tensor;
      const w = torch.tensor(c.weight!, { dtype: o.dtype }).reshape(o.shape);
      const grads = torch.autograd.grad(o.mul(w).sum(), leaves, null, { allowUnused: true });
      grads.forEach((g, i) => {
        const want = c.grads![i];
        if (want === null || want === undefined) {
          expect(g).toBeNull();
          return;
        }
        expect(g, `gradient ${i}`).not.toBeNull();
        expect(g!.shape).toEqual(leaves[i]!.shape);
        expectClose(Array.from(g!.dataSync()), want, leaves[i]!.dtype);
      });
    }
  });
});
