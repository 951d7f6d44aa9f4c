import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { type Enc, expectClose, expectExact, fixture } from './helpers.js';

const { nn } = torch;
const I = nn.init;
const F = fixture.init;

describe('default initialisation equals PyTorch bit for bit', () => {
  it('Linear', () => {
    torch.manualSeed(0);
    const lin = new nn.Linear(4, 3);
    expectExact(lin.weight, F.linear_4_3.weight);
    expectExact(lin.bias!, F.linear_4_3.bias);
    torch.manualSeed(0);
    const ps = [...new nn.Linear(20, 7).parameters(), ...new nn.Linear(3, 5, false).parameters()];
    for (const [i, p] of ps.entries()) expectExact(p, F.linear_seq[i]);
  });

  it('Bilinear', () => {
    torch.manualSeed(1);
    const bl = new nn.Bilinear(2, 3, 4);
    expectExact(bl.weight, F.bilinear_2_3_4.weight);
    expectExact(bl.bias!, F.bilinear_2_3_4.bias);
  });

  it('Embedding (scalar and vectorised normal paths, padding row zeroed)', () => {
    torch.manualSeed(2);
    expectExact(new nn.Embedding(5, 3).weight, F.embedding_5_3);
    const e = new nn.Embedding(10, 4, { paddingIdx: -2 });
    expect(e.paddingIdx).toBe(8);
    expectExact(e.weight, F.embedding_10_4_pad);
  });
});

describe('nn.init', () => {
  it('fills like PyTorch in sequence from one seed', () => {
    torch.manualSeed(3);
    expectExact(I.xavierUniform_(torch.empty(5, 7), 2.0), F.xavier_uniform);
    expectExact(I.xavierNormal_(torch.empty(4, 6, 3)), F.xavier_normal);
    expectExact(I.kaimingUniform_(torch.empty(3, 5)), F.kaiming_uniform);
    expectExact(
      I.kaimingNormal_(torch.empty(8, 4, 3), { mode: 'fan_out', nonlinearity: 'relu' }),
      F.kaiming_normal,
    );
    expectExact(I.uniform_(torch.empty(3, 6), -2, 0.5), F.uniform);
    expectExact(I.normal_(torch.empty(20), 1, 0.3), F.normal);
    // erfinv and QR run in float64 here (float32 in PyTorch): equal to float32 rounding.
    expectClose(I.truncNormal_(torch.empty(40), 0.5, 2, -1, 3), F.trunc_normal, 2e-6, 2e-6);
    expectClose(I.orthogonal_(torch.empty(3, 5)), F.orthogonal_3_5, 2e-6, 2e-6);
    expectClose(I.orthogonal_(torch.empty(6, 2, 2), 1.5), F.orthogonal_6_2_2, 2e-6, 2e-6);
    // Same number of draws consumed as PyTorch.
    expectExact(torch.rand(3), F.after_all);
  });

  it('calculateGain, fans, constant fills and eye_', () => {
    const gains = [
      I.calculateGain('linear'),
      I.calculateGain('tanh'),
      I.calculateGain('relu'),
      I.calculateGain('leaky_relu'),
      I.calculateGain('leaky_relu', 0.2),
      I.calculateGain('selu'),
      I.calculateGain('conv2d'),
    ];
    expect(gains).toEqual(F.gains);
    const { fanIn, fanOut } = I.calculateFanInAndFanOut(torch.empty(8, 4, 3, 2));
    expect([fanIn, fanOut]).toEqual(F.fans);
    expect(() => I.calculateFanInAndFanOut(torch.empty(3))).toThrow(
      'Fan in and fan out can not be computed for tensor with fewer than 2 dimensions',
    );
    expect(() => I.calculateGain('swish' as never)).toThrow('Unsupported nonlinearity swish');
    expect(I.eye_(torch.empty(2, 3)).tolist()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(I.constant_(torch.empty(2), 0.5).tolist()).toEqual([0.5, 0.5]);
    expect(I.ones_(torch.empty(2)).tolist()).toEqual([1, 1]);
    expect(I.zeros_(torch.ones(2)).tolist()).toEqual([0, 0]);
  });

  it('works on parameters without recording history', () => {
    const p = new nn.Parameter(torch.empty(3, 3));
    I.orthogonal_(p);
    expect(p.isLeaf && p.requiresGrad).toBe(true);
    const q = p.detach();
    const qtq = q.t().matmul(q);
    const eye: Enc = { shape: [3, 3], dtype: 'float32', values: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
    expectClose(qtq, eye, 1e-6, 0);
  });
});
