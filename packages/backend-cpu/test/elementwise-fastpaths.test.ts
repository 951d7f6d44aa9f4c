import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// The generated contiguous loops are unrolled by 4 (with a tail), fold non-zero offsets into a
// subarray, and are cached per dtype; `sum` has an unrolled path for contiguous runs; relu uses a
// branch-free formula with a guard. Each is checked against plain JS math on the same values.

function values(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.round((s / 4294967296 - 0.5) * 2000) / 100);
  }
  return out;
}

function read(t: torch.Tensor): number[] {
  return Array.from(t.contiguous().dataSync() as ArrayLike<number>);
}

describe('CPU elementwise fast paths', () => {
  it('handles every tail length of the unrolled loop, at offset 0 and past it', () => {
    for (let n = 0; n <= 9; n++) {
      const a = values(n + 3, n);
      const b = values(n + 3, n + 100);
      const ta = torch.tensor(a, { dtype: 'float64' });
      const tb = torch.tensor(b, { dtype: 'float64' });
      expect(read(ta.narrow(0, 0, n).add(tb.narrow(0, 0, n)))).toEqual(
        a.slice(0, n).map((x, i) => x + b[i]!),
      );
      // Offsets 3 and 1: both inputs are contiguous views that start inside their storage.
      const got = read(ta.narrow(0, 3, n).sub(tb.narrow(0, 1, n), { alpha: 2 }));
      expect(got).toEqual(a.slice(3, 3 + n).map((x, i) => x - 2 * b[1 + i]!));
    }
  });

  it('writes in place through an offset view without touching the rest of the storage', () => {
    const base = values(12, 7);
    const t = torch.tensor(base, { dtype: 'float64' });
    t.narrow(0, 5, 6).relu_();
    expect(read(t)).toEqual(base.map((x, i) => (i >= 5 && i < 11 ? Math.max(x, 0) : x)));
  });

  it('keeps one expression correct across dtypes (loops are cached per dtype)', () => {
    const a = values(11, 3);
    const b = values(11, 4);
    const f64 = read(torch.tensor(a, { dtype: 'float64' }).mul(torch.tensor(b, { dtype: 'float64' })));
    expect(f64).toEqual(a.map((x, i) => x * b[i]!));
    const f32 = read(torch.tensor(a, { dtype: 'float32' }).mul(torch.tensor(b, { dtype: 'float32' })));
    expect(f32).toEqual(a.map((x, i) => Math.fround(Math.fround(x) * Math.fround(b[i]!))));
    const ia = a.map((x) => Math.trunc(x * 100));
    const ib = b.map((x) => Math.trunc(x * 100));
    const i32 = read(torch.tensor(ia, { dtype: 'int32' }).mul(torch.tensor(ib, { dtype: 'int32' })));
    expect(i32).toEqual(ia.map((x, i) => Math.imul(x, ib[i]!)));
  });

  it('relu matches max(x, 0) on special values, subnormals and huge float64', () => {
    const special = [Number.NaN, -Infinity, Infinity, -0, 0, 5e-324, -5e-324, 1.7e308, -1.7e308, 3.25, -3.25];
    const got = read(torch.tensor(special, { dtype: 'float64' }).relu());
    expect(got).toEqual(special.map((x) => Math.max(x, 0)));
    const ints = [-7, 0, 7, -2147483648, 2147483647];
    expect(read(torch.tensor(ints, { dtype: 'int32' }).relu())).toEqual(ints.map((x) => Math.max(x, 0)));
  });

  it('sums contiguous runs like a sequential float64 loop', () => {
    const v = values(4 * 13 + 3, 11);
    const t = torch.tensor(v, { dtype: 'float64' });
    const plain = v.reduce((s, x) => s + x, 0);
    expect(t.sum().item()).toBeCloseTo(plain, 10);
    const rows = t.narrow(0, 0, 52).view(4, 13).sum(1);
    const r = read(rows);
    for (let i = 0; i < 4; i++)
      expect(r[i]).toBeCloseTo(
        v.slice(13 * i, 13 * i + 13).reduce((s, y) => s + y, 0),
        10,
      );
    expect(torch.tensor([1, 2, 3, 4, 5], { dtype: 'int32' }).sum().item()).toBe(15);
    expect(torch.tensor([1, Number.NaN, 3, 4, 5]).sum().item()).toBeNaN();
    expect(torch.zeros(3, 0).sum(1).tolist()).toEqual([0, 0, 0]);
  });
});
