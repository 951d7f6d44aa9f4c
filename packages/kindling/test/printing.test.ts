import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as torch from 'kindling';
import { afterEach, describe, expect, it } from 'vitest';
import { formatExp, formatFixed } from '../../core/src/format-number.js';

// Golden reprs from tools/oracle/printing.py (real PyTorch): each case is a recipe both sides follow.
interface Case {
  name: string;
  values: (number | boolean | string)[];
  shape: number[];
  dtype: torch.DType;
  requires_grad: boolean;
  op: string | null;
  opts: {
    precision?: number;
    threshold?: number;
    edgeitems?: number;
    linewidth?: number;
    sci_mode?: boolean;
  };
  repr: string;
}
interface NumberCase {
  value: number;
  f0: string;
  f4: string;
  e4: string;
  e0: string;
  e8: string;
}
const { cases, numbers } = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'printing.json'), 'utf8')) as {
  cases: Case[];
  numbers: NumberCase[];
};

const num = (v: number | boolean | string) =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v);

const OPS: Record<string, (t: torch.Tensor) => torch.Tensor> = {
  mul2: (t) => t.mul(2),
  add1: (t) => t.add(1),
  exp: (t) => t.exp(),
  neg: (t) => t.neg(),
  sum: (t) => t.sum(),
  mean: (t) => t.mean(),
  transpose: (t) => t.t(),
};

// Where Kindling's graph differs from PyTorch's, the formatting is still checked with the node name swapped.
const KNOWN_NODE_NAMES: Record<string, [string, string]> = {};

function build(c: Case): torch.Tensor {
  let t = torch.tensor(Float64Array.from(c.values, num), { dtype: c.dtype }).reshape(c.shape);
  if (c.requires_grad) t.requiresGrad_(true);
  if (c.op) t = OPS[c.op]!(t);
  return t;
}

describe('printing matches PyTorch repr()', () => {
  afterEach(() => torch.setPrintOptions({ profile: 'default' }));

  for (const c of cases) {
    it(c.name, () => {
      const t = build(c);
      const { precision, threshold, edgeitems, linewidth, sci_mode } = c.opts;
      torch.setPrintOptions({ profile: 'default' });
      torch.setPrintOptions({ precision, threshold, edgeitems, linewidth, sciMode: sci_mode });
      const swap = KNOWN_NODE_NAMES[c.name];
      expect(String(t)).toBe(swap ? c.repr.replace(...swap) : c.repr);
    });
  }

  it('util.inspect prints the same', () => {
    const c = cases.find((x) => x.name === '3-D float')!;
    expect(inspect(build(c))).toBe(c.repr);
  });

  it('a setPrintOptions call without sciMode resets it to automatic, as in PyTorch', () => {
    torch.setPrintOptions({ sciMode: true });
    expect(String(torch.tensor([1.5]))).toBe('tensor([1.5000e+00])');
    torch.setPrintOptions({ precision: 4 });
    expect(String(torch.tensor([1.5]))).toBe('tensor([1.5000])');
  });
});

describe("Python's float formatting", () => {
  for (const n of numbers) {
    it(`${n.value}`, () => {
      const v = n.value; // JSON.parse keeps the generator's -0.0 as -0
      expect([
        formatFixed(v, 0),
        formatFixed(v, 4),
        formatExp(v, 4),
        formatExp(v, 0),
        formatExp(v, 8),
      ]).toEqual([n.f0, n.f4, n.e4, n.e0, n.e8]);
    });
  }
});
