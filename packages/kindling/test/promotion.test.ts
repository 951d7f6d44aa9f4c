import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import golden from './fixtures/promotion.json';

type Case = {
  op: string;
  a: torch.DType;
  b: torch.DType | number | boolean;
  kind: 'tt' | 't0' | 'ts';
  dtype?: string;
  values?: (number | boolean)[];
  error?: string;
};

const A = [3, 1, 0, 2];
const B = [2, 1, 1, 3];
const make = (vals: number[], d: torch.DType) => torch.tensor(Float64Array.from(vals)).to(d);

function call(op: string, a: torch.Tensor, b: torch.Tensor | number | boolean): torch.Tensor {
  const m = (a as unknown as Record<string, (x: unknown) => torch.Tensor>)[op]!;
  return m.call(a, b);
}

function close(got: (number | boolean)[], want: (number | boolean)[], dtype: string): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (typeof w === 'number' && Number.isNaN(w)) expect(Number.isNaN(g as number)).toBe(true);
    else if (dtype === 'float32' && typeof w === 'number') expect(g as number).toBeCloseTo(w, 5);
    // JS's Math.pow may be 1 ulp off the correctly rounded result.
    else if (dtype === 'float64' && typeof w === 'number')
      expect(Math.abs((g as number) - w)).toBeLessThanOrEqual(4e-16 * Math.abs(w));
    else expect(g).toEqual(w);
  });
}

// Every binary op over every dtype pair (and 0-dim tensors and JS scalars) against real PyTorch:
// result dtype, values, or PyTorch's error.
describe('type promotion of binary ops matches PyTorch', () => {
  const byOp = new Map<string, Case[]>();
  for (const c of golden as Case[]) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
  for (const [op, cases] of byOp) {
    it(op, () => {
      for (const c of cases) {
        const a = make(A, c.a);
        const b =
          c.kind === 'ts'
            ? (c.b as number | boolean)
            : c.kind === 't0'
              ? make(B, c.b as torch.DType).select(0, 0)
              : make(B, c.b as torch.DType);
        const label = `${op}(${c.a}, ${c.kind}:${String(c.b)})`;
        if (c.error !== undefined) {
          expect(() => call(op, a, b), label).toThrow(c.error);
          continue;
        }
        let r: torch.Tensor;
        try {
          r = call(op, a, b);
        } catch (e) {
          throw new Error(`${label} threw ${(e as Error).message}; PyTorch gives ${c.dtype}`);
        }
        expect(r.dtype, label).toBe(c.dtype);
        close(r.tolist() as (number | boolean)[], c.values!, c.dtype!);
      }
    });
  }
});
