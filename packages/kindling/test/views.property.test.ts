import fc from 'fast-check';
import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// Reference semantics by explicit index math over a flat row-major array.
function indexOf(idx: number[], shape: number[]): number {
  let off = 0;
  for (let d = 0; d < shape.length; d++) off = off * shape[d]! + idx[d]!;
  return off;
}

function* indices(shape: number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    yield idx.slice();
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });

function filled(shape: number[]): { t: torch.Tensor; data: number[] } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n }, (_, i) => i * 1.5 - 7);
  return { t: torch.tensor(Float64Array.from(data)).reshape(shape), data };
}

describe('views agree with index math (property)', () => {
  it('permute', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 0, max: 1000 }), (shape, seed) => {
        const { t, data } = filled(shape);
        const perm = shape
          .map((_, i) => i)
          .sort((a, b) => ((a * 7919 + seed) % 13) - ((b * 7919 + seed) % 13));
        const p = t.permute(perm);
        const outShape = perm.map((d) => shape[d]!);
        const got = Array.from(p.contiguous().dataSync());
        const want = [...indices(outShape)].map((oi) => {
          const src = new Array(shape.length);
          perm.forEach((d, i) => {
            src[d] = oi[i];
          });
          return data[indexOf(src, shape)];
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('slice with steps, then broadcast add', () => {
    fc.assert(
      fc.property(shapeArb, fc.nat(), fc.integer({ min: 1, max: 3 }), (shape, s, step) => {
        const { t, data } = filled(shape);
        const dim = s % shape.length;
        const start = s % shape[dim]!;
        const sl = t.slice(dim, start, null, step);
        const outShape = shape.slice();
        outShape[dim] = Math.ceil((shape[dim]! - start) / step);
        expect(sl.shape).toEqual(outShape);
        const ones = torch.ones(outShape[outShape.length - 1]!, { dtype: 'float64' });
        const got = Array.from(sl.add(ones).dataSync());
        const want = [...indices(outShape)].map((oi) => {
          const src = oi.slice();
          src[dim] = start + oi[dim]! * step;
          return data[indexOf(src, shape)]! + 1;
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('broadcasting binary ops match explicit expansion', () => {
    fc.assert(
      fc.property(shapeArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (shape, ones) => {
        const other = shape.map((s, i) => (ones[i] ? 1 : s));
        const a = filled(shape);
        const b = filled(other);
        const got = Array.from(a.t.mul(b.t.transpose(0, -1).contiguous().transpose(0, -1)).dataSync());
        const want = [...indices(shape)].map((i) => {
          const j = i.map((v, d) => (other[d] === 1 ? 0 : v));
          return a.data[indexOf(i, shape)]! * b.data[indexOf(j, other)]!;
        });
        expect(got).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('reshape of a non-contiguous view copies correctly', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        if (shape.length < 2) return;
        const { t } = filled(shape);
        const tr = t.transpose(0, 1);
        const r = tr.reshape(-1);
        expect(Array.from(r.dataSync())).toEqual(Array.from(tr.contiguous().dataSync()));
      }),
      { numRuns: 40 },
    );
  });
});
