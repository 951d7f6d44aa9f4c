import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { decode, type Enc, expectBits, expectBitsF64Libm, fx } from './random-helpers.js';

describe('rand / randn against PyTorch 1.13 bits', () => {
  it('rand float32 and float64', () => {
    torch.manualSeed(0);
    expectBits(torch.rand(5), fx.rand_seed0);
    torch.manualSeed(42);
    expectBits(torch.rand(3, 4), fx.rand_3x4);
    torch.manualSeed(42);
    expectBits(torch.rand([7], { dtype: 'float64' }), fx.rand_f64);
  });

  for (const n of [1, 10, 15, 16, 17, 33, 100, 1000]) {
    it(`randn float32, ${n} elements (${n < 16 ? 'scalar' : 'AVX2'} path)`, () => {
      torch.manualSeed(1);
      expectBits(torch.randn(n), fx[`randn_f32_${n}`]);
    });
  }

  for (const n of [10, 16, 17, 33, 100]) {
    it(`randn float64, ${n} elements`, () => {
      torch.manualSeed(1);
      expectBitsF64Libm(torch.randn([n], { dtype: 'float64' }), fx[`randn_f64_${n}`]);
    });
  }

  it('keeps the cached normal sample across calls on other paths', () => {
    torch.manualSeed(3);
    const m: Enc[] = fx.mixed;
    expectBits(torch.randn(5), m[0]!);
    expectBits(torch.randn(20), m[1]!);
    expectBits(torch.rand(3), m[2]!);
    expectBits(torch.randn(3), m[3]!);
    expectBitsF64Libm(torch.randn([1], { dtype: 'float64' }), m[4]!, 0);
    expectBits(torch.randn(2, 3), m[5]!);
  });

  it('manualSeed resets the stream and clears the cached sample', () => {
    torch.manualSeed(3);
    torch.randn(5); // leaves a cached sample
    torch.manualSeed(3);
    expectBits(torch.randn(5), fx.mixed[0]);
  });
});

describe('integers', () => {
  it('randint: small, negative, 2^40 ranges, int32 and float32 dtypes', () => {
    torch.manualSeed(4);
    const c: Enc[] = fx.randint;
    expectBits(torch.randint(0, 10, [20]), c[0]!);
    expectBits(torch.randint(-5, 5, [2, 3]), c[1]!);
    expectBits(torch.randint(0, 2 ** 40, [5]), c[2]!);
    expectBits(torch.randint(3, [4], { dtype: 'int32' }), c[3]!);
    expectBits(torch.randint(0, 10, [4], { dtype: 'float32' }), c[4]!);
  });

  it('randperm', () => {
    torch.manualSeed(5);
    const c: Enc[] = fx.randperm;
    expectBits(torch.randperm(10), c[0]!);
    expectBits(torch.randperm(1), c[1]!);
    expectBits(torch.randperm(0), c[2]!);
    expectBits(torch.randperm(100), c[3]!);
  });

  it('random_ in place', () => {
    torch.manualSeed(13);
    const c: Enc[] = fx.random_;
    expectBits(torch.empty([5], { dtype: 'int64' }).random_(0, 100), c[0]!);
    expectBits(torch.empty(5).random_(10), c[1]!);
    expectBits(torch.empty([3], { dtype: 'int32' }).random_(-3, 3), c[2]!);
  });

  it('raises PyTorch errors and leaves the generator untouched', () => {
    torch.manualSeed(4);
    expect(() => torch.randint(5, 5, [3])).toThrow(
      "random_ expects 'from' to be less than 'to', but got from=5 >= to=5",
    );
    expect(() => torch.randperm(-1)).toThrow('Trying to create tensor with negative dimension -1: [-1]');
    expect(() => torch.rand([2], { dtype: 'int64' })).toThrow(
      `"check_uniform_bounds" not implemented for 'Long'`,
    );
    expect(() => torch.randn([2], { dtype: 'int64' })).toThrow(
      `"normal_kernel_cpu" not implemented for 'Long'`,
    );
    expect(() => torch.normal(0, -1, [2])).toThrow('normal expects std >= 0.0, but found std -1');
    expect(() => torch.empty(3).uniform_(1, 0)).toThrow(
      'uniform_ expects to return a [from, to) range, but found from=1 > to=0',
    );
    expect(() => torch.empty(3).bernoulli_(1.5)).toThrow(
      'bernoulli_ expects p to be in [0, 1], but got p=1.5',
    );
    expect(() => torch.empty(3).exponential_(-1)).toThrow(
      'exponential_ expects lambda >= 0.0, but found lambda=-1',
    );
    expectBits(torch.randint(0, 10, [20]), fx.randint[0]);
  });
});

describe('normal, bernoulli, exponential', () => {
  it('normal with numbers and with tensor means/stds', () => {
    torch.manualSeed(7);
    const c = fx.normal;
    const meanT = decode(torch, c.mean_t);
    const stdT = decode(torch, c.std_t);
    expectBits(torch.normal(2, 3, [10]), c.out[0]);
    expectBits(torch.normal(2, 3, [20]), c.out[1]);
    expectBitsF64Libm(torch.normal(-1, 0.5, [33], { dtype: 'float64' }), c.out[2]);
    expectBits(torch.normal(meanT, stdT), c.out[3]);
    expectBits(torch.normal(meanT, 0.5), c.out[4]);
    expectBits(torch.normal(0.5, stdT), c.out[5]);
    expectBits(torch.empty(40).normal_(0.25, 1.5), c.out[6]);
  });

  it('bernoulli with float32/float64 probability tensors and a scalar p', () => {
    const c = fx.bernoulli;
    torch.manualSeed(6);
    expectBits(torch.bernoulli(decode(torch, c.p32)), c.out[0]);
    expectBits(torch.bernoulli(decode(torch, c.p64)), c.out[1]);
    expectBits(torch.empty(10).bernoulli_(0.3), c.out[2]);
    expectBits(torch.zeros([2, 3], { dtype: 'int64' }).bernoulli_(0.5), c.out[3]);
  });

  it('exponential_', () => {
    torch.manualSeed(12);
    expectBits(torch.empty(10).exponential_(1.5), fx.exponential[0]);
    expectBitsF64Libm(torch.empty([5], { dtype: 'float64' }).exponential_(), fx.exponential[1], 1);
  });
});

describe('statistics of large draws', () => {
  const stats = (t: torch.Tensor) => {
    const d = t.dataSync();
    let s = 0;
    let s2 = 0;
    for (const v of d) {
      s += v;
      s2 += v * v;
    }
    const mean = s / d.length;
    return { mean, variance: s2 / d.length - mean * mean, min: Math.min(...d), max: Math.max(...d) };
  };

  it('rand is uniform on [0, 1), randn standard normal, in both dtypes', () => {
    torch.manualSeed(2024);
    for (const dtype of ['float32', 'float64'] as const) {
      const u = stats(torch.rand([100000], { dtype }));
      expect(u.min).toBeGreaterThanOrEqual(0);
      expect(u.max).toBeLessThan(1);
      expect(Math.abs(u.mean - 0.5)).toBeLessThan(0.005);
      expect(Math.abs(u.variance - 1 / 12)).toBeLessThan(0.002);
      const z = stats(torch.randn([100000], { dtype }));
      expect(Math.abs(z.mean)).toBeLessThan(0.015);
      expect(Math.abs(z.variance - 1)).toBeLessThan(0.02);
    }
  });

  it('randint covers its range evenly and randperm is a permutation', () => {
    torch.manualSeed(7);
    const counts = new Array(10).fill(0);
    for (const v of torch.randint(0, 10, [50000]).dataSync()) counts[v]++;
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(300);
    const p = Array.from(torch.randperm(1000).dataSync()).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});
