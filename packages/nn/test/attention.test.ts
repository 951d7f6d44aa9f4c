import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import {
  type AttnCase,
  type AttnEnc,
  attnFixture,
  caseInputs,
  checkGrads,
  dec,
  expectNear,
  loadCase,
} from './attention-helpers.js';

const { nn } = torch;

const E = 8;
const H = 2;
const BUILD: Record<string, () => torch.nn.MultiheadAttention> = {
  'batch first': () => new nn.MultiheadAttention(E, H, { batchFirst: true }),
  'kdim vdim': () => new nn.MultiheadAttention(E, H, { kdim: 5, vdim: 6 }),
  'no bias': () => new nn.MultiheadAttention(E, H, 0, false),
  'bias kv + zero attn': () => new nn.MultiheadAttention(E, H, { addBiasKV: true, addZeroAttn: true }),
};
const FLAGS: Record<string, torch.nn.MhaForwardOptions> = {
  'per-head weights': { averageAttnWeights: false },
  'no weights': { needWeights: false },
};

function masks(c: AttnCase): torch.nn.MhaForwardOptions {
  const get = (k: string) => (c.masks[k] ? dec(c.masks[k]) : null);
  return { attnMask: get('attn_mask'), keyPaddingMask: get('key_padding_mask'), ...FLAGS[c.name] };
}

describe('MultiheadAttention matches PyTorch (outputs, weights, gradients)', () => {
  for (const c of attnFixture.mha as AttnCase[]) {
    it(c.name, () => {
      const m = (BUILD[c.name] ?? (() => new nn.MultiheadAttention(E, H)))();
      loadCase(m, c);
      const tol = c.output.dtype === 'float32' ? 2e-5 : 1e-10;
      const { leaves, inputs } = caseInputs(c);
      const [out, weights] = m.forward(inputs[0]!, inputs[1]!, inputs[2]!, masks(c));
      expectNear(out, c.output, tol, tol, 'output');
      if (c.weights) expectNear(weights!, c.weights, tol, tol, 'weights');
      else expect(weights).toBeNull();
      checkGrads(m, c, leaves, out, weights, tol);
    });
  }

  it('positional forward arguments equal the options form', () => {
    const c = (attnFixture.mha as AttnCase[]).find((x) => x.name === 'attn bool + kpm bool')!;
    const m = new nn.MultiheadAttention(E, H);
    loadCase(m, c);
    const { inputs } = caseInputs(c);
    const [out, w] = m.forward(
      inputs[0]!,
      inputs[1]!,
      inputs[2]!,
      dec(c.masks.key_padding_mask!),
      true,
      dec(c.masks.attn_mask!),
    );
    expectNear(out, c.output, 1e-10, 1e-10);
    expectNear(w!, c.weights!, 1e-10, 1e-10);
  });
});

describe('MultiheadAttention initialisation and errors', () => {
  const init = attnFixture.init as Record<string, Record<string, AttnEnc>>;
  const same = (m: torch.nn.Module, want: Record<string, AttnEnc>) => {
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(want));
    for (const [k, e] of Object.entries(want)) {
      expect(Array.from(sd[k]!.contiguous().dataSync() as Float32Array), k).toEqual(e.values);
    }
  };

  it('manualSeed(0); new MultiheadAttention(8, 2) equals PyTorch bit for bit', () => {
    torch.manualSeed(0);
    same(new nn.MultiheadAttention(8, 2), init.mha_8_2!);
  });

  it('kdim/vdim and addBiasKV: separate projections, xavier_normal_ bias_k/bias_v', () => {
    torch.manualSeed(1);
    same(
      new nn.MultiheadAttention(6, 3, { kdim: 4, vdim: 5, addBiasKV: true }),
      init.mha_6_3_kdim_vdim_biaskv!,
    );
  });

  it('bias=false has no in_proj_bias nor out_proj.bias', () => {
    torch.manualSeed(2);
    same(new nn.MultiheadAttention(4, 1, { bias: false }), init.mha_4_1_nobias!);
  });

  it('rejects bad shapes with PyTorch messages and stays usable', () => {
    const m = new nn.MultiheadAttention(8, 2);
    const q = torch.randn(3, 2, 8);
    const k = torch.randn(4, 2, 8);
    expect(() => m.forward(q, k, k, { attnMask: torch.zeros(3, 5) })).toThrow(
      'The shape of the 2D attn_mask is torch.Size([3, 5]), but should be (3, 4).',
    );
    expect(() => m.forward(q, k, k, { attnMask: torch.zeros(3, 3, 4) })).toThrow(
      'The shape of the 3D attn_mask is torch.Size([3, 3, 4]), but should be (4, 3, 4).',
    );
    expect(() => m.forward(q, k, k, { keyPaddingMask: torch.zeros([2, 4], { dtype: 'int64' }) })).toThrow(
      'only bool and floating types of key_padding_mask are supported',
    );
    expect(() => m.forward(q, k, k, { keyPaddingMask: torch.zeros([2, 3], { dtype: 'bool' }) })).toThrow(
      'expecting key_padding_mask shape of (2, 4), but got torch.Size([2, 3])',
    );
    expect(() => m.forward(torch.randn(3, 2, 6), k, k)).toThrow(
      'was expecting embedding dimension of 8, but got 6',
    );
    expect(() => m.forward(torch.randn(2, 3, 2, 8), k, k)).toThrow(
      'query should be unbatched 2D or batched 3D tensor but received 4-D query tensor',
    );
    expect(() => m.forward(q, k, k, { attnMask: torch.zeros([3, 4], { dtype: 'int64' }) })).toThrow(
      'Only float, byte, and bool types are supported for attn_mask, not torch.int64',
    );
    expect(() => m.forward(q, k, torch.randn(5, 2, 8))).toThrow(
      'key shape torch.Size([4, 2, 8]) does not match value shape torch.Size([5, 2, 8])',
    );
    expect(() => new nn.MultiheadAttention(8, 3)).toThrow('embed_dim must be divisible by num_heads');
    expect(m.forward(q, k, k)[0].shape).toEqual([3, 2, 8]);
  });

  it('first and second derivatives agree with finite differences (masks, padding, bias_k/v, zero attn)', () => {
    torch.manualSeed(11);
    const m = new nn.MultiheadAttention(4, 2, { addBiasKV: true, addZeroAttn: true }).double();
    const q = torch.randn([2, 2, 4], { dtype: 'float64' }).requiresGrad_();
    const k = torch.randn([3, 2, 4], { dtype: 'float64' }).requiresGrad_();
    const v = torch.randn([3, 2, 4], { dtype: 'float64' }).requiresGrad_();
    const attnMask = torch.tensor(
      [
        [0, -1, 0.5],
        [0.25, 0, -Infinity],
      ],
      { dtype: 'float64' },
    );
    const keyPaddingMask = torch.tensor([
      [false, false, true],
      [false, true, false],
    ]);
    const f = (a: torch.Tensor, b: torch.Tensor, c: torch.Tensor) => {
      const [out, w] = m.forward(a, b, c, { attnMask, keyPaddingMask });
      return [out, w!];
    };
    expect(torch.autograd.gradcheck(f, [q, k, v])).toBe(true);
    expect(torch.autograd.gradgradcheck(f, [q, k, v])).toBe(true);
  });

  it('a uint8 attn_mask acts as the bool mask (PyTorch converts it)', () => {
    const m = new nn.MultiheadAttention(8, 2).eval();
    const q = torch.randn(3, 2, 8);
    const k = torch.randn(4, 2, 8);
    const b = torch.tensor([
      [false, true, false, true],
      [false, false, true, true],
      [false, true, true, true],
    ]);
    const [ob, wb] = m.forward(q, k, k, { attnMask: b });
    const [ou, wu] = m.forward(q, k, k, { attnMask: b.to('uint8') });
    expect(Array.from(ou.dataSync())).toEqual(Array.from(ob.dataSync()));
    expect(Array.from(wu!.dataSync())).toEqual(Array.from(wb!.dataSync()));
    expect(wb!.select(1, 2).select(1, 3).sum().item()).toBe(0);
  });

  it('dropout on the weights is active in training and off in eval', () => {
    const m = new nn.MultiheadAttention(8, 2, { dropout: 0.5 });
    const x = torch.randn(5, 1, 8);
    const [, w] = m.forward(x, x, x, { averageAttnWeights: false });
    const zeros = w!.eq(0).sum().item() as number;
    expect(zeros).toBeGreaterThan(0);
    const [, we] = m.eval().forward(x, x, x);
    expectNear(we!.sum(-1), { shape: [1, 5], dtype: 'float32', values: [1, 1, 1, 1, 1] }, 1e-6, 1e-6);
  });
});
