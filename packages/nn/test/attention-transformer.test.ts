import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
// nn.LayerNorm lands on another branch; until then the Transformer layers use this private one.
import { LayerNorm } from '../src/normalization.js';
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

const [E, H, F] = [8, 2, 16];
const encLayer = (o: torch.nn.TransformerLayerOptions = {}) =>
  new nn.TransformerEncoderLayer(E, H, { dimFeedforward: F, ...o });
const decLayer = (o: torch.nn.TransformerLayerOptions = {}) =>
  new nn.TransformerDecoderLayer(E, H, { dimFeedforward: F, ...o });

type Call = (...a: unknown[]) => torch.Tensor;
const BUILD: Record<string, () => torch.nn.Module> = {
  'encoder layer': () => encLayer(),
  'encoder layer gelu norm first batch first': () =>
    encLayer({ activation: 'gelu', normFirst: true, batchFirst: true }),
  'encoder layer unbatched': () => encLayer(),
  encoder: () => new nn.TransformerEncoder(encLayer(), 2, new LayerNorm(E)),
  'encoder no norm': () => new nn.TransformerEncoder(encLayer({ normFirst: true }), 2),
  'decoder layer': () => decLayer(),
  'decoder layer gelu norm first': () => decLayer({ activation: 'gelu', normFirst: true }),
  decoder: () => new nn.TransformerDecoder(decLayer({ batchFirst: true }), 2, new LayerNorm(E)),
  transformer: () => new nn.Transformer(E, H, 2, 1, F, 0.1),
};

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('Transformer layers match PyTorch (outputs and gradients, eval mode)', () => {
  for (const c of attnFixture.transformer as AttnCase[]) {
    it(c.name, () => {
      const build = BUILD[c.name];
      if (!build) throw new Error(`no builder for ${c.name}`);
      const m = build();
      loadCase(m, c);
      const masks = Object.fromEntries(Object.entries(c.masks).map(([k, v]) => [camel(k), dec(v)]));
      const { leaves, inputs } = caseInputs(c);
      const out = (m.forward as Call)(...inputs, masks);
      expectNear(out, c.output, 1e-10, 1e-10, 'output');
      checkGrads(m, c, leaves, out, null, 1e-9);
    });
  }

  it('positional masks equal the options form (decoder layer)', () => {
    const c = (attnFixture.transformer as AttnCase[]).find((x) => x.name === 'decoder layer')!;
    const m = decLayer();
    loadCase(m, c);
    const k = c.masks;
    const out = m.forward(
      dec(c.inputs[0]!),
      dec(c.inputs[1]!),
      dec(k.tgt_mask!),
      dec(k.memory_mask!),
      dec(k.tgt_key_padding_mask!),
      dec(k.memory_key_padding_mask!),
    );
    expectNear(out, c.output, 1e-10, 1e-10);
  });
});

interface TrainCase {
  name: string;
  state: Record<string, AttnEnc>;
  inputs: AttnEnc[];
  output: AttnEnc;
  weights?: AttnEnc;
}

describe('training mode draws PyTorch’s dropout masks in PyTorch’s order', () => {
  const BUILD_TRAIN: Record<string, () => torch.nn.Module> = {
    'encoder layer': () => new nn.TransformerEncoderLayer(8, 2, 16, 0.3),
    'decoder layer norm first': () =>
      new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0.3, normFirst: true }),
    'mha weights dropout': () => new nn.MultiheadAttention(8, 2, { dropout: 0.5 }),
  };
  for (const c of attnFixture.train as TrainCase[]) {
    it(c.name, () => {
      const m = BUILD_TRAIN[c.name]!();
      m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, dec(v)])));
      const xs = c.inputs.map(dec);
      const seed = c.weights ? 8 : 7;
      torch.manualSeed(seed);
      if (m instanceof nn.MultiheadAttention) {
        const [out, w] = m.forward(xs[0]!, xs[0]!, xs[0]!);
        expectNear(out, c.output, 1e-5, 1e-5, 'output');
        expectNear(w!, c.weights!, 1e-6, 1e-5, 'weights');
      } else {
        expectNear((m.forward as Call)(...xs), c.output, 1e-5, 1e-5, 'output');
      }
    });
  }
});

describe('Transformer construction', () => {
  const init = attnFixture.init as Record<string, Record<string, AttnEnc> | AttnEnc>;
  const same = (m: torch.nn.Module, want: Record<string, AttnEnc>) => {
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(want));
    for (const [k, e] of Object.entries(want)) {
      expect(Array.from(sd[k]!.contiguous().dataSync() as Float32Array), k).toEqual(e.values);
    }
  };

  it('TransformerEncoder copies its layer without drawing random numbers (manualSeed init is PyTorch’s)', () => {
    torch.manualSeed(3);
    same(
      new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 2),
      init.encoder_8_2_16_x2 as never,
    );
  });

  it('TransformerDecoderLayer init and key names', () => {
    torch.manualSeed(4);
    same(new nn.TransformerDecoderLayer(8, 2, 16), init.decoder_layer_8_2_16 as never);
  });

  it('Transformer re-draws every matrix with xavier_uniform_ in parameter order', () => {
    torch.manualSeed(5);
    same(new nn.Transformer(8, 2, 1, 2, 16), init.transformer_8_2_1_2_16 as never);
    const after = init.after_transformer as AttnEnc;
    expect(Array.from(torch.rand(3).dataSync())).toEqual(after.values);
  });

  it('cloned layers are independent copies with the same dtype and mode', () => {
    const layer = encLayer().double().eval();
    const enc = new nn.TransformerEncoder(layer, 2);
    const [a, b] = [enc.layers.get(0), enc.layers.get(1)];
    expect(a).not.toBe(layer);
    expect(a.linear1.weight).not.toBe(b.linear1.weight);
    expect(a.linear1.weight.dtype).toBe('float64');
    expect(a.training).toBe(false);
    expect(a.dropout.training).toBe(false);
    expect(Array.from(a.linear1.weight.dataSync())).toEqual(Array.from(layer.linear1.weight.dataSync()));
    torch.noGrad(() => a.linear1.weight.fill_(0));
    expect(b.linear1.weight.abs().sum().item()).toBeGreaterThan(0);
  });

  it('generateSquareSubsequentMask(4) equals PyTorch', () => {
    expectNear(nn.Transformer.generateSquareSubsequentMask(4), attnFixture.squareMask as AttnEnc, 0, 0);
  });

  it('prints as PyTorch', () => {
    const repr = attnFixture.repr as Record<string, string>;
    expect(String(new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16), 1))).toBe(repr.decoder);
    expect(String(new nn.MultiheadAttention(8, 2, { kdim: 4, vdim: 4 }))).toBe(repr.mha_kdim);
  });

  it('Transformer checks batch and feature sizes', () => {
    const t = new nn.Transformer({
      dModel: 8,
      nhead: 2,
      numEncoderLayers: 1,
      numDecoderLayers: 1,
      dimFeedforward: 8,
    });
    expect(() => t.forward(torch.randn(4, 2, 8), torch.randn(3, 3, 8))).toThrow(
      'the batch number of src and tgt must be equal',
    );
    expect(() => t.forward(torch.randn(4, 2, 8), torch.randn(3, 2, 6))).toThrow(
      'the feature number of src and tgt must be equal to d_model',
    );
    expect(t.forward(torch.randn(4, 2, 8), torch.randn(3, 2, 8)).shape).toEqual([3, 2, 8]);
  });
});
