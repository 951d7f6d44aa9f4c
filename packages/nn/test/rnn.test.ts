import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';
import { expectClose, fromEnc } from './helpers.js';
import { build, expectBits, type RNNCase, rnnFixture, run, stateOf } from './rnn-helpers.js';

// float32 recurrences accumulate rounding over steps and layers; float64 cases are held tighter.
function tol(c: RNNCase): [number, number] {
  return c.input.dtype === 'float64' ? [1e-12, 1e-10] : [2e-6, 2e-5];
}

function checkCase(c: RNNCase): void {
  const m = build(c.kind, c.options);
  // Keys and shapes must match PyTorch's for a strict load to succeed.
  expect(Object.keys(m.stateDict())).toEqual(Object.keys(c.state));
  m.loadStateDict(stateOf(c));
  const x = fromEnc(c.input).requiresGrad_();
  const hx = c.hx ? c.hx.map((e) => fromEnc(e).requiresGrad_()) : null;
  const outs = run(m, c.kind, x, hx);
  const [atol, rtol] = tol(c);
  expect(outs.length).toBe(c.outputs.length);
  outs.forEach((o, i) => {
    expect(o.dtype).toBe(c.outputs[i]!.dtype);
    expectClose(o, c.outputs[i]!, atol, rtol);
  });
  let loss = outs[0]!.mul(fromEnc(c.lossWeights[0]!)).sum();
  for (let i = 1; i < outs.length; i++) loss = loss.add(outs[i]!.mul(fromEnc(c.lossWeights[i]!)).sum());
  loss.backward();
  expectClose(x.grad!, c.inputGrad, atol, rtol);
  hx?.forEach((h, i) => {
    expectClose(h.grad!, c.hxGrads[i]!, atol, rtol);
  });
  const params = Object.fromEntries(m.namedParameters());
  expect(Object.keys(params)).toEqual(Object.keys(c.paramGrads));
  for (const [k, g] of Object.entries(c.paramGrads)) expectClose(params[k]!.grad!, g, atol, rtol);
}

describe('RNN / LSTM / GRU match PyTorch (outputs, final states, gradients)', () => {
  for (const c of rnnFixture.layers as RNNCase[]) it(c.name, () => checkCase(c));
});

describe('RNNCell / LSTMCell / GRUCell match PyTorch', () => {
  for (const c of rnnFixture.cells as RNNCase[]) it(c.name, () => checkCase(c));
});

interface InitCase {
  kind: RNNCase['kind'];
  options: Record<string, unknown> & { inputSize: number; hiddenSize: number };
  seed: number;
  state: Record<string, { shape: number[]; dtype: string; values: number[] }>;
}

describe('default initialisation', () => {
  for (const c of rnnFixture.init as InitCase[]) {
    it(`${c.kind} ${JSON.stringify(c.options)} equals PyTorch's under manualSeed(${c.seed})`, () => {
      torch.manualSeed(c.seed);
      const sd = build(c.kind, c.options).stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(c.state));
      for (const [k, e] of Object.entries(c.state)) expectBits(sd[k]!, e);
    });
  }

  it('resetParameters redraws in the same order', () => {
    const c = (rnnFixture.init as InitCase[])[2]!;
    const m = build(c.kind, c.options) as torch.nn.LSTM;
    torch.manualSeed(c.seed);
    m.resetParameters();
    for (const [k, e] of Object.entries(c.state)) expectBits(m.stateDict()[k]!, e);
  });
});

interface DropoutCase {
  kind: 'RNN' | 'LSTM' | 'GRU';
  state: Record<string, { shape: number[]; dtype: string; values: number[] }>;
  input: { shape: number[]; dtype: string; values: number[] };
  seed: number;
  output: { shape: number[]; dtype: string; values: number[] };
}

describe('dropout between layers', () => {
  for (const c of rnnFixture.dropout as DropoutCase[]) {
    it(`${c.kind}: training masks equal PyTorch's under manualSeed; eval skips dropout`, () => {
      const m = build(c.kind, {
        inputSize: 3,
        hiddenSize: 4,
        numLayers: 3,
        dropout: 0.4,
        bidirectional: true,
      }) as torch.nn.RNN;
      m.loadStateDict(stateOf(c));
      const x = fromEnc(c.input);
      torch.manualSeed(c.seed);
      const [y] = m.forward(x);
      expectClose(y, c.output, 2e-6, 2e-5);
      // Without dropout, the same weights give a different (deterministic) result.
      const [a] = m.eval().forward(x);
      const [b] = m.forward(x);
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(Array.from(a.dataSync())).not.toEqual(Array.from(y.dataSync()));
    });
  }
});
