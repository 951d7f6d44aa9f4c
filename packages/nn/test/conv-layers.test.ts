import { readFileSync } from 'node:fs';
import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { type Enc, expectClose, expectExact, fromEnc } from './helpers.js';

const { nn } = torch;
const fx = JSON.parse(readFileSync(new URL('./fixtures/nn-conv.json', import.meta.url), 'utf8'));

function stateOf(m: torch.nn.Module): Record<string, torch.Tensor> {
  return m.stateDict() as Record<string, torch.Tensor>;
}

describe('conv layers: PyTorch default init, bit-exact under manualSeed', () => {
  const ctors: Record<string, () => torch.nn.Module> = {
    'Conv2d(3, 4, 3)': () => new nn.Conv2d(3, 4, 3),
    'Conv2d(4, 6, (3, 2), groups=2, bias=False)': () =>
      new nn.Conv2d(4, 6, [3, 2], { groups: 2, bias: false }),
    'Conv1d(2, 3, 5)': () => new nn.Conv1d(2, 3, 5),
    'ConvTranspose2d(4, 6, 3, groups=2)': () => new nn.ConvTranspose2d(4, 6, 3, { groups: 2 }),
  };
  for (const c of fx.init as { name: string; state: Record<string, Enc> }[]) {
    it(c.name, () => {
      torch.manualSeed(0);
      const state = stateOf(ctors[c.name]!());
      expect(Object.keys(state)).toEqual(Object.keys(c.state));
      for (const [k, v] of Object.entries(c.state)) expectExact(state[k]!, v);
    });
  }

  it('computes what the functional form computes, and trains its parameters', () => {
    torch.manualSeed(0);
    const conv = new nn.Conv2d(3, 4, 3, { padding: 'same' });
    const x = torch.randn(2, 3, 5, 5);
    const y = conv.forward(x);
    expect(torch.equal(y, torch.conv2d(x, conv.weight, conv.bias, 1, 'same'))).toBe(true);
    y.sum().backward();
    expect(conv.weight.grad!.shape).toEqual([4, 3, 3, 3]);
    expect(conv.bias!.grad!.shape).toEqual([4]);
  });

  it('rejects bad arguments in PyTorch words', () => {
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
    expect(() => new nn.Conv2d(4, 3, 3, { groups: 2 })).toThrow('out_channels must be divisible by groups');
    expect(() => new nn.Conv2d(4, 4, 3, { stride: 2, padding: 'same' })).toThrow(
      "padding='same' is not supported for strided convolutions",
    );
  });
});

describe('layer reprs read as PyTorch', () => {
  const mods: Record<string, () => torch.nn.Module> = {
    conv: () => new nn.Conv2d(3, 8, 3, 2, 1, 2, 1, false),
    convSame: () => new nn.Conv2d(3, 8, 3, { padding: 'same' }),
    conv1: () => new nn.Conv1d(2, 4, 3, { groups: 2 }),
    convT: () => new nn.ConvTranspose2d(4, 2, 3, { stride: 2, outputPadding: 1 }),
    max: () => new nn.MaxPool2d(2),
    max3: () => new nn.MaxPool2d([3, 2], { stride: 1, padding: 1, dilation: 2, ceilMode: true }),
    max1: () => new nn.MaxPool1d(3),
    avg: () => new nn.AvgPool2d(3, 2, 1),
    aavg: () => new nn.AdaptiveAvgPool2d([5, 7]),
    aavgNone: () => new nn.AdaptiveAvgPool2d([null, 7]),
    amax: () => new nn.AdaptiveMaxPool2d(1),
    bn: () => new nn.BatchNorm2d(16),
    bn1: () => new nn.BatchNorm1d(4, { eps: 1e-3, momentum: null, affine: false }),
    bnNoTrack: () => new nn.BatchNorm1d(4, { trackRunningStats: false }),
    ln: () => new nn.LayerNorm([4, 5]),
    ln1: () => new nn.LayerNorm(8, { elementwiseAffine: false }),
    gn: () => new nn.GroupNorm(2, 6, { eps: 1e-3 }),
  };
  for (const [k, want] of Object.entries(fx.repr as Record<string, string>)) {
    it(k, () => expect(String(mods[k]!())).toBe(want));
  }
});

describe('pooling layers', () => {
  it('return indices when asked, and adaptive sizes keep None dims', () => {
    const x = torch.randn(2, 3, 6, 9);
    const r = new nn.MaxPool2d<true>(2, { returnIndices: true }).forward(x);
    expect(r.indices.dtype).toBe('int64');
    expect(torch.equal(r.values, torch.maxPool2d(x, 2))).toBe(true);
    expect(new nn.AdaptiveAvgPool2d([null, 7]).forward(x).shape).toEqual([2, 3, 6, 7]);
    expect(new nn.AdaptiveMaxPool2d<true>(1, true).forward(x).values.shape).toEqual([2, 3, 1, 1]);
  });
});

describe('BatchNorm: running stats, momentum (incl. None), eval mode, state dict', () => {
  for (const c of fx.batchnorm) {
    it(`BatchNorm${c.kind} momentum=${c.momentum} affine=${c.affine}`, () => {
      const Ctor = c.kind === '2d' ? nn.BatchNorm2d : nn.BatchNorm1d;
      const bn = new Ctor(3, { momentum: c.momentum, affine: c.affine });
      for (const s of c.steps) {
        expectClose(bn.forward(fromEnc(s.x)), s.y, 1e-5, 1e-5);
        const state = stateOf(bn);
        expect(Object.keys(state)).toEqual(Object.keys(s.state));
        for (const [k, v] of Object.entries(s.state as Record<string, Enc>)) {
          if (k === 'num_batches_tracked') expectExact(state[k]!, v);
          else expectClose(state[k]!, v, 1e-6, 1e-5);
        }
      }
      bn.eval();
      expectClose(bn.forward(fromEnc(c.evalX)), c.evalY, 1e-5, 1e-5);
      expect(bn.numBatchesTracked!.item()).toBe(3);
    });
  }

  it('without trackRunningStats uses batch statistics in eval mode and has no buffers', () => {
    const bn = new nn.BatchNorm1d(3, { trackRunningStats: false, affine: false });
    expect(Object.keys(stateOf(bn))).toEqual([]);
    bn.eval();
    const x = torch.randn(6, 3);
    const y = bn.forward(x);
    expect(Math.abs(y.mean(0).abs().max().item() as number)).toBeLessThan(1e-5);
  });

  it('checks the input rank', () => {
    expect(() => new nn.BatchNorm2d(3).forward(torch.randn(2, 3, 4))).toThrow(
      'expected 4D input (got 3D input)',
    );
    expect(() => new nn.BatchNorm1d(3).forward(torch.randn(2, 3, 4, 4))).toThrow(
      'expected 2D or 3D input (got 4D input)',
    );
  });

  it('LayerNorm and GroupNorm layers match the functional forms', () => {
    const x = torch.randn(2, 6, 4, 5);
    const ln = new nn.LayerNorm([4, 5]);
    expect(torch.equal(ln.forward(x), torch.layerNorm(x, [4, 5], ln.weight, ln.bias))).toBe(true);
    const gn = new nn.GroupNorm(3, 6);
    expect(torch.equal(gn.forward(x), torch.groupNorm(x, 3, gn.weight, gn.bias))).toBe(true);
    expect(() => new nn.GroupNorm(4, 6)).toThrow('num_channels must be divisible by num_groups');
  });
});

describe('Upsample', () => {
  for (const c of fx.upsample) {
    it(c.repr, () => {
      const up = new nn.Upsample(c.args);
      expect(String(up)).toBe(c.repr);
      const x = torch.arange(12, { dtype: 'float32' }).reshape(1, 1, 3, 4);
      expectClose(up.forward(x), c.y, 1e-6, 1e-6);
    });
  }
});
