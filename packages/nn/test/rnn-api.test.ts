import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { build, rnnFixture } from './rnn-helpers.js';

const { nn } = torch;

type ErrorCase = { type: string; message: string };
const errors = rnnFixture.errors as Record<string, ErrorCase>;
const z = (...shape: number[]) => torch.zeros(shape);

describe("errors carry PyTorch's messages", () => {
  const rnn = new nn.RNN(4, 5, 2);
  const lstm = new nn.LSTM(4, 5, { bidirectional: true });
  const lstmp = new nn.LSTM(4, 5, { projSize: 2 });
  const cell = new nn.GRUCell(4, 5);
  const lcell = new nn.LSTMCell(4, 5);
  const calls: Record<string, () => unknown> = {
    'input size': () => rnn.forward(z(3, 2, 5)),
    'input dims 4': () => rnn.forward(z(3, 2, 4, 1)),
    'input dims 1': () => rnn.forward(z(4)),
    'hidden size': () => rnn.forward(z(3, 2, 4), z(2, 2, 4)),
    'hidden batch': () => rnn.forward(z(3, 2, 4), z(2, 3, 5)),
    'hidden dims batched': () => rnn.forward(z(3, 2, 4), z(2, 5)),
    'hidden dims unbatched': () => rnn.forward(z(3, 4), z(2, 1, 5)),
    'lstm hidden0 size': () => lstm.forward(z(3, 2, 4), [z(1, 2, 5), z(2, 2, 5)]),
    'lstm hidden1 size': () => lstm.forward(z(3, 2, 4), [z(2, 2, 5), z(2, 2, 4)]),
    'lstm proj hidden0 size': () => lstmp.forward(z(3, 2, 4), [z(1, 2, 5), z(1, 2, 5)]),
    'lstm dims batched': () => lstm.forward(z(3, 2, 4), [z(2, 5), z(2, 2, 5)]),
    'lstm dims unbatched': () => lstm.forward(z(3, 4), [z(2, 5), z(2, 1, 5)]),
    'empty sequence': () => lstm.forward(z(0, 2, 4)),
    'empty sequence batchFirst': () => new nn.GRU(4, 5, { batchFirst: true }).forward(z(2, 0, 4)),
    'dropout range': () => new nn.GRU(4, 5, { dropout: 1.5 }),
    'proj negative': () => new nn.LSTM(4, 5, { projSize: -1 }),
    'proj too big': () => new nn.LSTM(4, 5, { projSize: 5 }),
    'proj on rnn': () => new nn.RNN(4, 5, { projSize: 2 } as torch.nn.RNNOptions),
    nonlinearity: () => new nn.RNN(4, 5, { nonlinearity: 'gelu' as 'relu' }),
    'cell dims': () => cell.forward(z(2, 3, 4)),
    'lstm cell dims': () => lcell.forward(z(2, 3, 4)),
    'cell input size': () => cell.forward(z(2, 3)),
    'cell hidden batch': () => cell.forward(z(2, 4), z(3, 5)),
    'cell hidden size': () => cell.forward(z(2, 4), z(2, 4)),
    'lstm cell c batch': () => lcell.forward(z(2, 4), [z(2, 5), z(3, 5)]),
  };
  it('covers every case in the fixture', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(errors).sort());
  });
  for (const [name, e] of Object.entries(errors)) {
    it(name, () => {
      // PyTorch asserts on the cells' input rank; Kindling has no AssertionError and raises RuntimeError.
      const type = e.type === 'AssertionError' ? 'RuntimeError' : e.type;
      const Err = { RuntimeError: torch.RuntimeError, ValueError: torch.ValueError }[type]!;
      expect(calls[name]!).toThrow(Err);
      expect(calls[name]!).toThrow(e.message);
    });
  }
});

describe('construction', () => {
  it('positional, options and mixed forms agree', () => {
    const a = new nn.GRU(3, 4, 2, false, true, 0.25, true);
    const b = new nn.GRU({
      inputSize: 3,
      hiddenSize: 4,
      numLayers: 2,
      bias: false,
      batchFirst: true,
      dropout: 0.25,
      bidirectional: true,
    });
    const c = new nn.GRU(3, 4, 2, { bias: false, batchFirst: true, dropout: 0.25, bidirectional: true });
    for (const m of [a, b, c]) {
      expect([m.numLayers, m.bias, m.batchFirst, m.dropout, m.bidirectional]).toEqual([
        2,
        false,
        true,
        0.25,
        true,
      ]);
      expect(Object.keys(m.stateDict())).toEqual([
        'weight_ih_l0',
        'weight_hh_l0',
        'weight_ih_l0_reverse',
        'weight_hh_l0_reverse',
        'weight_ih_l1',
        'weight_hh_l1',
        'weight_ih_l1_reverse',
        'weight_hh_l1_reverse',
      ]);
    }
    expect(a.allWeights[2]![0]!.shape).toEqual([12, 8]);
  });

  it('rejects unknown options and missing sizes', () => {
    expect(() => new nn.LSTM(3, 4, { nonlinearity: 'relu' } as torch.nn.LSTMOptions)).toThrow(
      "LSTM.__init__() got an unexpected keyword argument 'nonlinearity'",
    );
    expect(() => new nn.GRU({ inputSize: 3 })).toThrow(torch.TorchTypeError);
    expect(() => new nn.GRUCell(3, 4, { nonlinearity: 'relu' } as torch.nn.RNNCellOptions)).toThrow(
      "GRUCell.__init__() got an unexpected keyword argument 'nonlinearity'",
    );
  });

  it('allWeights groups parameters per layer and direction; the config is not a member', () => {
    const m = new nn.LSTM(3, 6, { numLayers: 2, projSize: 2, bidirectional: true });
    expect(m.allWeights.map((ws) => ws.map((w) => w.shape))).toEqual([
      [[24, 3], [24, 2], [24], [24], [2, 6]],
      [[24, 3], [24, 2], [24], [24], [2, 6]],
      [[24, 4], [24, 2], [24], [24], [2, 6]],
      [[24, 4], [24, 2], [24], [24], [2, 6]],
    ]);
    expect(m.allWeights[0]![0]).toBe(m.weight_ih_l0);
    expect([...m.parameters()].length).toBe(20);
    expect([...m.children()].length).toBe(0);
  });

  it('cells take bias and nonlinearity positionally or as options', () => {
    const a = new nn.RNNCell(3, 4, false, 'relu');
    const b = new nn.RNNCell(3, 4, { bias: false, nonlinearity: 'relu' });
    for (const m of [a, b]) {
      expect(m.nonlinearity).toBe('relu');
      expect(m.bias_ih).toBeNull();
      expect(Object.keys(m.stateDict())).toEqual(['weight_ih', 'weight_hh']);
    }
  });

  it('dtype option and Module.to', () => {
    const m = new nn.LSTM(3, 4, { dtype: 'float64' });
    expect(m.weight_hh_l0.dtype).toBe('float64');
    const [y, [h, c]] = m.forward(torch.randn(2, 3, { dtype: 'float64' }));
    expect([y.dtype, h.dtype, c.dtype]).toEqual(['float64', 'float64', 'float64']);
    m.float();
    expect(m.forward(torch.randn(2, 3))[0].dtype).toBe('float32');
  });
});

describe('printing', () => {
  const reprs = rnnFixture.reprs as Record<string, string>;
  const mods: Record<string, torch.nn.Module> = {
    RNN: new nn.RNN(3, 4),
    'RNN relu': new nn.RNN(3, 4, 2, false, true, 0.5, true, { nonlinearity: 'relu' }),
    'LSTM proj': new nn.LSTM(3, 4, { projSize: 2 }),
    GRU: new nn.GRU(3, 4, { numLayers: 2 }),
    'RNNCell relu': new nn.RNNCell(3, 4, { nonlinearity: 'relu' }),
    LSTMCell: new nn.LSTMCell(3, 4, false),
    GRUCell: new nn.GRUCell(3, 4),
  };
  for (const [name, text] of Object.entries(reprs)) {
    it(name, () => expect(mods[name]!.toString()).toBe(text));
  }
});

describe('module behaviour', () => {
  it('an empty batch gives empty outputs, as in PyTorch', () => {
    const [y, [h, c]] = new nn.LSTM(3, 4, { numLayers: 2 }).forward(torch.zeros(3, 0, 3));
    expect([y.shape, h.shape, c.shape]).toEqual([
      [3, 0, 4],
      [2, 0, 4],
      [2, 0, 4],
    ]);
  });

  it('forward hooks fire and see the [output, hN] pair', () => {
    const m = new nn.GRU(3, 4);
    const seen: unknown[] = [];
    m.registerForwardHook((_mod, _args, out) => {
      seen.push(out);
    });
    const r = m.forward(torch.randn(5, 2, 3));
    expect(seen).toEqual([r]);
  });

  it('a reassigned parameter is used by the next forward', () => {
    const m = build('RNN', { inputSize: 2, hiddenSize: 3, bias: false }) as torch.nn.RNN;
    m.registerParameter('weight_hh_l0', new nn.Parameter(torch.zeros(3, 3)));
    m.registerParameter('weight_ih_l0', new nn.Parameter(torch.ones(3, 2)));
    const [y] = m.forward(
      torch.tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'float32' },
      ),
    );
    // Without recurrence each step is tanh(sum(x_t)).
    expect(Array.from(y.dataSync())).toEqual([3, 3, 3, 7, 7, 7].map((v) => Math.fround(Math.tanh(v))));
  });

  it('gradients are correct to second order (float64 gradcheck and gradgradcheck)', () => {
    torch.manualSeed(0);
    const mods = [
      new nn.LSTM(2, 3, { projSize: 1, bidirectional: true, dtype: 'float64' }),
      new nn.GRU(2, 2, { numLayers: 2, dtype: 'float64' }),
      new nn.RNN(2, 2, { nonlinearity: 'tanh', dtype: 'float64' }),
    ];
    for (const m of mods) {
      const x = torch.randn(3, 2, { dtype: 'float64' }).requiresGrad_();
      const f = (xi: torch.Tensor) => (m.forward as (a: torch.Tensor) => [torch.Tensor, unknown])(xi)[0];
      expect(torch.autograd.gradcheck(f, [x])).toBe(true);
      expect(torch.autograd.gradgradcheck(f, [x])).toBe(true);
    }
  });
});
