import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

// The packed GEMM has distinct paths for full tiles, right/bottom edge tiles, several K blocks
// (K > 256), several M blocks (M > 128) and strided (transposed, sliced, broadcast) operands. Each
// case is checked against a plain triple loop in float64 over the same values: independent math.

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function randn(shape: number[], seed: number, dtype: torch.DType = 'float32', int = false): torch.Tensor {
  const r = lcg(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new torch.ARRAY_TYPE[dtype](n);
  for (let i = 0; i < n; i++) data[i] = int ? Math.round(r() * 20) : r();
  return torch.fromTypedArray(data, shape, dtype);
}

/** Reference A·B over the last two dims (2-D or 3-D), read through tolist so strides are honoured. */
function reference(a: torch.Tensor, b: torch.Tensor): number[] {
  const A = (a.ndim === 2 ? [a.tolist()] : a.tolist()) as number[][][];
  const B = (b.ndim === 2 ? [b.tolist()] : b.tolist()) as number[][][];
  const out: number[] = [];
  for (let p = 0; p < A.length; p++) {
    const M = A[p]!.length;
    const K = B[p]!.length;
    const N = K ? B[p]![0]!.length : 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += A[p]![i]![k]! * B[p]![k]![j]!;
        out.push(s);
      }
    }
  }
  return out;
}

function expectClose(got: torch.Tensor, want: number[], tol: number): void {
  const g = Array.from(got.contiguous().dataSync() as ArrayLike<number>);
  expect(g.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < g.length; i++) worst = Math.max(worst, Math.abs(g[i]! - want[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('CPU matmul kernel (packed GEMM)', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [4, 6, 3], // exact 4×3 tiles
    [5, 7, 2], // edge tiles on both sides
    [37, 300, 29], // two K blocks
    [130, 9, 31], // two M blocks
    [129, 513, 65], // everything at once
  ];
  for (const [M, K, N] of shapes) {
    it(`matches a triple loop for [${M}, ${K}] @ [${K}, ${N}]`, () => {
      const a = randn([M, K], M * 31 + K);
      const b = randn([K, N], N * 17 + K);
      expectClose(a.matmul(b), reference(a, b), 1e-4 * Math.sqrt(K));
    });
  }

  it('reads transposed operands through their strides', () => {
    const a = randn([300, 37], 1); // a.t() is [37, 300] with strides [1, 37]
    const b = randn([29, 300], 2);
    expectClose(a.t().matmul(b.t()), reference(a.t(), b.t()), 1e-3);
  });

  it('reads sliced and batch-broadcast operands', () => {
    const a = randn([3, 10, 24], 3).slice(2, 1, 23, 2); // [3, 10, 11], inner stride 2
    const b = randn([11, 6], 4).unsqueeze(0).expand(3, 11, 6); // batch stride 0
    expectClose(a.matmul(b), reference(a, b), 1e-4);
  });

  it('accumulates float64 at full precision and integers exactly', () => {
    const a = randn([33, 270], 5, 'float64');
    const b = randn([270, 14], 6, 'float64');
    expectClose(a.matmul(b), reference(a, b), 1e-12);
    for (const dtype of ['int32', 'int64'] as const) {
      const x = randn([9, 300], 7, dtype, true);
      const y = randn([300, 5], 8, dtype, true);
      const r = x.matmul(y);
      expect(r.dtype).toBe(dtype);
      expectClose(r, reference(x, y), 0);
    }
  });

  it('overwrites a reused (pooled) output buffer instead of adding to it', () => {
    const a = randn([128, 300], 9);
    const b = randn([300, 128], 10);
    const want = reference(a, b);
    for (let i = 0; i < 3; i++) {
      const r = a.matmul(b);
      expectClose(r, want, 1e-3);
      r.dispose(); // its 64 KB buffer goes back to the pool and is handed to the next call
    }
  });

  it('fills zeros when K is 0', () => {
    const r = torch.zeros(3, 0).matmul(torch.zeros(0, 4));
    expect(r.tolist()).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});
