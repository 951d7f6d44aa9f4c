import { readFileSync } from 'node:fs';
import * as torch from 'kindling';
import { expect } from 'vitest';
import { type Enc, fromEnc } from './helpers.js';

const { nn } = torch;

/** One forward/backward case from tools/oracle/nn_rnn.py. */
export interface RNNCase {
  name: string;
  kind: 'RNN' | 'LSTM' | 'GRU' | 'RNNCell' | 'LSTMCell' | 'GRUCell';
  options: Record<string, unknown> & { inputSize: number; hiddenSize: number };
  state: Record<string, Enc>;
  input: Enc;
  hx: Enc[] | null;
  outputs: Enc[];
  lossWeights: Enc[];
  inputGrad: Enc;
  hxGrads: Enc[];
  paramGrads: Record<string, Enc>;
}

export const rnnFixture = JSON.parse(
  readFileSync(new URL('./fixtures/nn-rnn.json', import.meta.url), 'utf8'),
);

/** Builds a module from the oracle's options (camelCase keys), through the options-object form. */
export function build(kind: RNNCase['kind'], options: Record<string, unknown>): torch.nn.Module {
  const { inputSize, hiddenSize, ...rest } = options as { inputSize: number; hiddenSize: number };
  switch (kind) {
    case 'RNN':
      return new nn.RNN(inputSize, hiddenSize, rest);
    case 'LSTM':
      return new nn.LSTM({ inputSize, hiddenSize, ...rest });
    case 'GRU':
      return new nn.GRU(inputSize, hiddenSize, rest);
    case 'RNNCell':
      return new nn.RNNCell(inputSize, hiddenSize, rest);
    case 'LSTMCell':
      return new nn.LSTMCell(inputSize, hiddenSize, rest);
    case 'GRUCell':
      return new nn.GRUCell(inputSize, hiddenSize, rest);
  }
}

/** Runs a module on input and optional states; returns the flat list [output, h, c?] (or cell outputs). */
export function run(m: torch.nn.Module, kind: RNNCase['kind'], x: torch.Tensor, hx: torch.Tensor[] | null) {
  const lstmState = hx ? ([hx[0]!, hx[1]!] as [torch.Tensor, torch.Tensor]) : null;
  if (m instanceof nn.LSTM) {
    const [out, [h, c]] = m.forward(x, lstmState);
    return [out, h, c];
  }
  if (m instanceof nn.RNN || m instanceof nn.GRU) {
    const [out, h] = m.forward(x, hx ? hx[0] : null);
    return [out, h];
  }
  if (m instanceof nn.LSTMCell) return m.forward(x, lstmState);
  if (m instanceof nn.RNNCell || m instanceof nn.GRUCell) return [m.forward(x, hx ? hx[0] : null)];
  throw new Error(`not a recurrent module: ${kind}`);
}

/** The fixture state dict as tensors. */
export function stateOf(c: { state: Record<string, Enc> }): Record<string, torch.Tensor> {
  return Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, fromEnc(v)]));
}

/**
 * Bit-for-bit equality with a tensor from nn_rnn.py, whose float32 values are written in their
 * shortest round-trip decimal form: rounding them to float32 gives PyTorch's exact bits.
 */
export function expectBits(t: torch.Tensor, e: Enc): void {
  expect(t.shape).toEqual(e.shape);
  expect(t.dtype).toBe(e.dtype);
  const want = e.dtype === 'float32' ? e.values.map(Math.fround) : e.values;
  expect(Array.from(t.contiguous().dataSync())).toEqual(want);
}
