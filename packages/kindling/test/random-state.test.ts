import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { type Enc, expectBits, fx } from './random-helpers.js';

/** kaiming_uniform_(w, a=sqrt(5))'s bound, computed in doubles exactly as torch/nn/init.py does. */
function kaimingBound(fanIn: number): number {
  const a = Math.sqrt(5);
  const gain = Math.sqrt(2.0 / (1 + a ** 2));
  return Math.sqrt(3.0) * (gain / Math.sqrt(fanIn));
}

/** nn.Linear / nn.Conv2d's reset_parameters: weight then bias, from the default generator. */
function initLayer(weightShape: number[]): [torch.Tensor, torch.Tensor] {
  const fanIn = weightShape.slice(1).reduce((a, b) => a * b, 1);
  const b = kaimingBound(fanIn);
  const w = torch.empty(weightShape).uniform_(-b, b);
  const bb = 1 / Math.sqrt(fanIn);
  const bias = torch.empty(weightShape[0]!).uniform_(-bb, bb);
  return [w, bias];
}

describe('module initialisation (uniform_ with the fused multiply-add)', () => {
  it('computes the kaiming bound as PyTorch does', () => {
    expect(kaimingBound(4)).toBe(fx.init.linear_bound);
    expect(kaimingBound(4)).toBe(0.49999999999999994);
  });

  it('nn.Linear(4, 3)', () => {
    torch.manualSeed(8);
    const [w, b] = initLayer([3, 4]);
    expectBits(w, fx.init.linear[0]);
    expectBits(b, fx.init.linear[1]);
  });

  it('nn.Conv2d(3, 8, 3) and nn.Conv2d(16, 32, 3)', () => {
    torch.manualSeed(9);
    const [w, b] = initLayer([8, 3, 3, 3]);
    expectBits(w, fx.init.conv[0]);
    expectBits(b, fx.init.conv[1]);
    torch.manualSeed(10);
    const [w2, b2] = initLayer([32, 16, 3, 3]);
    expectBits(w2, fx.init.conv2[0]);
    expectBits(b2, fx.init.conv2[1]);
  });

  it('uniform_ in float64 (fused in double)', () => {
    torch.manualSeed(8);
    const b = kaimingBound(4);
    expectBits(torch.empty([3, 4], { dtype: 'float64' }).uniform_(-b, b), fx.init.uniform_f64);
  });
});

describe('generators and state', () => {
  it('separate Generator objects do not touch the default one', () => {
    const g = new torch.Generator().manualSeed(123);
    torch.manualSeed(0);
    const c: Enc[] = fx.generators;
    expectBits(torch.rand(3, { generator: g }), c[0]!);
    expectBits(torch.rand(3), c[1]!);
    expectBits(torch.randn(4, { generator: g }), c[2]!);
    expectBits(torch.randperm(5, { generator: g }), c[3]!);
    expectBits(torch.randn(3), c[4]!);
  });

  it('getRngState matches PyTorch byte for byte, cached normal sample included', () => {
    torch.manualSeed(10);
    torch.randn(5);
    const state = torch.getRngState();
    expect(state.dtype).toBe('uint8');
    expect(Buffer.from(state.dataSync()).toString('hex')).toBe(fx.state.bytes);
    expectBits(torch.randn(3), fx.state.after[0]);
    expectBits(torch.rand(4), fx.state.after[1]);
  });

  it('setRngState restores a state saved by PyTorch', () => {
    torch.manualSeed(999);
    const bytes = Uint8Array.from(Buffer.from(fx.state.bytes, 'hex'));
    torch.setRngState(torch.tensor(bytes));
    expectBits(torch.randn(3), fx.state.after[0]);
    expectBits(torch.rand(4), fx.state.after[1]);
  });

  it('setState round-trips and rejects bad states without changing the generator', () => {
    const g = new torch.Generator().manualSeed(5);
    g.seed();
    g.manualSeed(77);
    const saved = g.getState();
    const a = torch.randn(7, { generator: g }).tolist();
    expect(() => g.setState(torch.zeros([3], { dtype: 'uint8' }))).toThrow(
      'Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 3',
    );
    expect(() => g.setState(torch.zeros(5056))).toThrow('RNG state must be a torch.ByteTensor');
    g.setState(saved);
    expect(torch.randn(7, { generator: g }).tolist()).toEqual(a);
    expect(g.initialSeed()).toBe(77);
  });

  it('uses only the low 32 bits of the seed; negative seeds wrap to uint64', () => {
    torch.manualSeed(2 ** 40 + 5);
    expectBits(torch.rand(2), fx.seeds.high_bits);
    expect(torch.initialSeed()).toBe(2 ** 40 + 5);
    torch.manualSeed(-1);
    expect(String(torch.initialSeed())).toBe(fx.seeds.neg_initial);
    expectBits(torch.rand(2), fx.seeds.neg_rand);
    expect(() => torch.manualSeed(2n ** 64n)).toThrow('Overflow when unpacking long');
  });

  it('starts from PyTorch default seed', () => {
    expect(new torch.Generator().initialSeed()).toBe(67280421310721);
  });
});

describe('in-place fills on non-contiguous tensors', () => {
  it('fill in memory order; normal_ takes the scalar path', () => {
    torch.manualSeed(11);
    const c: Enc[] = fx.noncontiguous;
    const x = torch.empty(4, 5).t();
    x.uniform_(-1, 1);
    expectBits(x, c[0]!);
    const y = torch.empty(4, 5).t();
    y.normal_();
    expectBits(y, c[1]!);
    const z = torch.empty(6, 8).slice(1, 0, null, 2);
    z.normal_(1, 2);
    expectBits(z, c[2]!);
    const w = torch.empty(3, 4, 5).permute(2, 0, 1);
    w.bernoulli_(torch.rand(5, 1, 1));
    expectBits(w, c[3]!);
  });

  it('refuses a leaf that requires grad, unless grad mode is off', () => {
    const p = torch.zeros([3], { requiresGrad: true });
    expect(() => p.uniform_()).toThrow(
      'a leaf Variable that requires grad is being used in an in-place operation.',
    );
    torch.noGrad(() => p.normal_());
    expect(p.requiresGrad).toBe(true);
  });

  it('accepts keyword options', () => {
    const g = new torch.Generator().manualSeed(8);
    const b = kaimingBound(4);
    const w = torch.empty(3, 4).uniform_({ from: -b, to: b, generator: g });
    expectBits(w, fx.init.linear[0]);
    g.manualSeed(12);
    expectBits(torch.empty(10).exponential_({ lambd: 1.5, generator: g }), fx.exponential[0]);
  });
});
