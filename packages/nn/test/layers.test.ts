import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { type Enc, expectClose, expectExact, fixture, fromEnc } from './helpers.js';

const { nn } = torch;

interface LayerCase {
  name: string;
  state: Record<string, Enc>;
  inputs: Enc[];
  output: Enc;
  lossWeight: Enc;
  inputGrads: (Enc | null)[];
  paramGrads: Record<string, Enc>;
}

const BUILD: Record<string, () => torch.nn.Module> = {
  'Linear(4,3)': () => new nn.Linear(4, 3),
  'Linear(4,2,bias=False) 3d': () => new nn.Linear(4, 2, { bias: false }),
  'Bilinear(4,2,3)': () => new nn.Bilinear(4, 2, 3),
  Identity: () => new nn.Identity(),
  Flatten: () => new nn.Flatten(),
  'Flatten(0,1)': () => new nn.Flatten(0, 1),
  'Unflatten(1,[2,3])': () => new nn.Unflatten(1, [2, 3]),
  'Embedding(6,3,paddingIdx=1)': () => new nn.Embedding(6, 3, 1),
  'Embedding(6,3,maxNorm=1)': () => new nn.Embedding(6, 3, { maxNorm: 1 }),
  ReLU: () => new nn.ReLU(),
  'LeakyReLU(0.2)': () => new nn.LeakyReLU(0.2),
  GELU: () => new nn.GELU(),
  "GELU('tanh')": () => new nn.GELU('tanh'),
  SiLU: () => new nn.SiLU(),
  Sigmoid: () => new nn.Sigmoid(),
  Tanh: () => new nn.Tanh(),
  'Softmax(1)': () => new nn.Softmax(1),
  'LogSoftmax(0)': () => new nn.LogSoftmax({ dim: 0 }),
  'ELU(0.5)': () => new nn.ELU(0.5),
  'Hardtanh(-1,2)': () => new nn.Hardtanh(-1, 2),
  'Softplus(2,10)': () => new nn.Softplus({ beta: 2, threshold: 10 }),
  Mish: () => new nn.Mish(),
  'Hardtanh bounds': () => new nn.Hardtanh(),
};

describe('layers match PyTorch (forward and gradients)', () => {
  for (const c of fixture.layers as LayerCase[]) {
    it(c.name, () => {
      const build = BUILD[c.name];
      if (!build) throw new Error(`no builder for ${c.name}`);
      const m = build();
      m.loadStateDict(Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromEnc(v)])));
      const xs = c.inputs.map((e) => {
        const t = fromEnc(e);
        return t.isFloatingPoint() ? t.requiresGrad_() : t;
      });
      const y = (m.forward as (...a: torch.Tensor[]) => torch.Tensor)(...xs);
      expectClose(y, c.output, 1e-6, 2e-6);
      y.mul(fromEnc(c.lossWeight)).sum().backward();
      c.inputGrads.forEach((g, i) => {
        if (g) expectClose(xs[i]!.grad!, g, 1e-6, 2e-6);
      });
      const params = Object.fromEntries(m.namedParameters());
      expect(Object.keys(params)).toEqual(Object.keys(c.paramGrads));
      for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params[k]!.grad!, g, 1e-5, 2e-6);
      if (c.name.includes('maxNorm')) {
        // embedding_renorm_ rewrote the looked-up rows in place, as in PyTorch.
        const w = params.weight!.detach();
        const rowNorms = w.norm(2, 1).tolist() as number[];
        for (const i of [0, 3, 4]) expect(rowNorms[i]!).toBeLessThanOrEqual(1 + 1e-6);
      }
    });
  }
});

describe('Dropout', () => {
  it('draws PyTorch 1.13 CPU masks bit for bit', () => {
    for (const c of fixture.dropout) {
      torch.manualSeed(c.seed);
      const x = fromEnc(c.input).requiresGrad_();
      const y = new nn.Dropout(c.p).forward(x);
      expectExact(y, c.output);
      y.sum().backward();
      expectExact(x.grad!, c.grad);
    }
  });

  it('is the identity in eval mode and for p = 0; zeros for p = 1; validates p', () => {
    const x = torch.randn(3, 4);
    const d = new nn.Dropout(0.5);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(new nn.Dropout(0).forward(x)).toBe(x);
    expect(new nn.Dropout(1).forward(x).abs().sum().item()).toBe(0);
    expect(() => new nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
  });
});

describe('layer details', () => {
  it('Linear error for a wrong input size uses PyTorch words', () => {
    expect(() => new nn.Linear(4, 3).forward(torch.zeros(5, 3))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (5x3 and 4x3)',
    );
  });

  it('Embedding rejects float indices; fromPretrained freezes', () => {
    const e = nn.Embedding.fromPretrained(
      torch.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float32' },
      ),
    );
    expect(e.weight.requiresGrad).toBe(false);
    expect(e.forward(torch.tensor([1, 0])).tolist()).toEqual([
      [3, 4],
      [1, 2],
    ]);
    expect(() => e.forward(torch.tensor([1], { dtype: 'float32' }))).toThrow(
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int",
    );
  });

  it('activations with inplace write into their input', () => {
    const x = torch.tensor([-1, 2], { dtype: 'float32' });
    const y = new nn.ReLU(true).forward(x);
    expect(y).toBe(x);
    expect(x.tolist()).toEqual([0, 2]);
    const z = torch.tensor([-2, 0.5], { dtype: 'float32' });
    new nn.Hardtanh({ inplace: true }).forward(z);
    expect(z.tolist()).toEqual([-1, 0.5]);
  });

  it('Softmax without dim uses the legacy choice', () => {
    const x = torch.randn(2, 3);
    expect(new nn.Softmax().forward(x).sum(1).tolist()).toEqual([1, 1].map((v) => expect.closeTo(v, 6)));
  });
});

describe('reprs match PyTorch', () => {
  const cases: [torch.nn.Module, string][] = [
    [new nn.Identity(), 'Identity()'],
    [new nn.Linear(2, 3, false), 'Linear(in_features=2, out_features=3, bias=False)'],
    [new nn.Bilinear(2, 3, 4), 'Bilinear(in1_features=2, in2_features=3, out_features=4, bias=True)'],
    [new nn.Flatten(), 'Flatten(start_dim=1, end_dim=-1)'],
    [new nn.Unflatten(1, [2, 3]), 'Unflatten(dim=1, unflattened_size=(2, 3))'],
    [new nn.Dropout(), 'Dropout(p=0.5, inplace=False)'],
    [new nn.Dropout(0.2, true), 'Dropout(p=0.2, inplace=True)'],
    [new nn.Embedding(3, 4), 'Embedding(3, 4)'],
    [new nn.Embedding(3, 4, { paddingIdx: 0, maxNorm: 1 }), 'Embedding(3, 4, padding_idx=0, max_norm=1.0)'],
    [new nn.ReLU(), 'ReLU()'],
    [new nn.ReLU(true), 'ReLU(inplace=True)'],
    [new nn.LeakyReLU(), 'LeakyReLU(negative_slope=0.01)'],
    [new nn.GELU('tanh'), "GELU(approximate='tanh')"],
    [new nn.SiLU(), 'SiLU()'],
    [new nn.Softmax(1), 'Softmax(dim=1)'],
    [new nn.LogSoftmax(-1), 'LogSoftmax(dim=-1)'],
    [new nn.Softmax(), 'Softmax(dim=None)'],
    [new nn.ELU(), 'ELU(alpha=1.0)'],
    [new nn.Hardtanh(), 'Hardtanh(min_val=-1.0, max_val=1.0)'],
    [new nn.Softplus(), 'Softplus(beta=1, threshold=20)'],
    [new nn.Mish(), 'Mish()'],
  ];
  for (const [m, text] of cases) it(text, () => expect(String(m)).toBe(text));
});

describe('gradcheck in float64 (finite differences, double backward paths included)', () => {
  const x = () =>
    torch.tensor([-2.5, -0.7, -0.1, 0.3, 0.9, 1.7], { dtype: 'float64' }).reshape(2, 3).requiresGrad_();
  const acts: [string, torch.nn.Module][] = [
    ['LeakyReLU', new nn.LeakyReLU(0.3)],
    ['GELU', new nn.GELU()],
    ['ELU', new nn.ELU(0.7)],
    ['Hardtanh', new nn.Hardtanh(-1, 1.5)],
    ['Softplus', new nn.Softplus(2)],
    ['Mish', new nn.Mish()],
    ['Softmax', new nn.Softmax(1)],
    ['LogSoftmax', new nn.LogSoftmax(0)],
  ];
  for (const [name, m] of acts) {
    it(name, () => {
      const f = m.forward as (t: torch.Tensor) => torch.Tensor;
      expect(torch.autograd.gradcheck((t) => f(t), [x()])).toBe(true);
    });
  }

  it('Linear and Bilinear with respect to their inputs', () => {
    const lin = new nn.Linear(3, 2).double();
    expect(torch.autograd.gradcheck((t) => lin.forward(t), [x()])).toBe(true);
    const bl = new nn.Bilinear(3, 2, 2).double();
    const x2 = torch.tensor([0.4, -1.2, 0.8, 0.1], { dtype: 'float64' }).reshape(2, 2).requiresGrad_();
    expect(torch.autograd.gradcheck((a, b) => bl.forward(a, b), [x(), x2])).toBe(true);
  });
});
