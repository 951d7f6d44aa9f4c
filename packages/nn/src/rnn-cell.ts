import {
  type DType,
  empty,
  RuntimeError,
  type Tensor,
  TorchTypeError,
  ValueError,
  zeros,
} from '@kindling/core';
import { uniform_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyBool } from './repr.js';
import { cellStep, linear, type RNNMode } from './rnn-step.js';

/** Options of the recurrent cells, in PyTorch's names. */
export interface RNNCellOptions {
  /** Whether to use `bias_ih`/`bias_hh` (default true). */
  bias?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: DType;
}

/**
 * A single recurrent step, shared by the cells (`torch.nn.RNNCellBase`). Parameters, in order:
 * `weight_ih` `[G·H, inputSize]`, `weight_hh` `[G·H, H]`, `bias_ih` `[G·H]`, `bias_hh` `[G·H]` (null
 * without bias), all from U(−1/√H, 1/√H) as PyTorch draws them.
 */
export class RNNCellBase extends Module {
  declare readonly inputSize: number;
  declare readonly hiddenSize: number;
  declare readonly bias: boolean;
  declare weight_ih: Parameter;
  declare weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(inputSize: number, hiddenSize: number, bias: boolean, numChunks: number, dtype: DType) {
    super();
    for (const [k, v] of Object.entries({ inputSize, hiddenSize, bias })) {
      Object.defineProperty(this, k, { value: v, enumerable: false, configurable: true });
    }
    const opts = { dtype };
    this.registerParameter('weight_ih', new Parameter(empty([numChunks * hiddenSize, inputSize], opts)));
    this.registerParameter('weight_hh', new Parameter(empty([numChunks * hiddenSize, hiddenSize], opts)));
    this.registerParameter('bias_ih', bias ? new Parameter(empty([numChunks * hiddenSize], opts)) : null);
    this.registerParameter('bias_hh', bias ? new Parameter(empty([numChunks * hiddenSize], opts)) : null);
    this.resetParameters();
  }

  /** Re-draws every parameter from U(−1/√H, 1/√H), in registration order (`reset_parameters`). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }

  /**
   * Adds a batch dim to unbatched input and states, defaults the states to zeros and checks sizes
   * with ATen's messages, then runs one step of `mode`.
   */
  protected _step(mode: RNNMode, input: Tensor, h: Tensor | null, c: Tensor | null): [Tensor, Tensor | null] {
    if (input.ndim !== 1 && input.ndim !== 2) {
      // PyTorch asserts here (AssertionError); Kindling has no such type.
      throw new RuntimeError(
        `${this.constructor.name}: Expected input to be 1-D or 2-D but received ${input.ndim}-D tensor`,
      );
    }
    const isBatched = input.ndim === 2;
    const lstm = mode === 'LSTM';
    if (!isBatched) {
      input = input.unsqueeze(0);
      h = h ? h.unsqueeze(0) : null;
      c = c ? c.unsqueeze(0) : null;
    }
    const n = input.shape[0]!;
    h ??= zeros([n, this.hiddenSize], { dtype: input.dtype, device: input.device });
    if (lstm) c ??= zeros([n, this.hiddenSize], { dtype: input.dtype, device: input.device });
    if (input.shape[1] !== this.inputSize) {
      throw new RuntimeError(
        `input has inconsistent input_size: got ${input.shape[1]} expected ${this.inputSize}`,
      );
    }
    // ATen labels both LSTM states "hidden0".
    for (const s of lstm ? [h, c!] : [h]) checkCellHidden(input, s, this.hiddenSize);
    const gi = linear(input, this.weight_ih, this.bias_ih);
    const w = { wIh: this.weight_ih, wHh: this.weight_hh, bIh: this.bias_ih, bHh: this.bias_hh, wHr: null };
    const r = cellStep(mode, gi, { h, c }, w);
    return isBatched ? [r.h, r.c] : [r.h.squeeze(0), r.c ? r.c.squeeze(0) : null];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    return s;
  }
}

function checkCellHidden(input: Tensor, hx: Tensor, hiddenSize: number): void {
  if (input.shape[0] !== hx.shape[0]) {
    throw new RuntimeError(
      `Input batch size ${input.shape[0]} doesn't match hidden0 batch size ${hx.shape[0]}`,
    );
  }
  if (hx.shape[1] !== hiddenSize) {
    throw new RuntimeError(
      `hidden0 has inconsistent hidden_size: got ${hx.shape[1]}, expected ${hiddenSize}`,
    );
  }
}

function cellArgs<O extends RNNCellOptions>(
  cls: string,
  bias: boolean | O | undefined,
  extra: readonly string[],
): { bias: boolean; dtype: DType; o: O } {
  const o = (typeof bias === 'object' ? bias : {}) as O;
  for (const k of Object.keys(o)) {
    if (k !== 'bias' && k !== 'dtype' && !extra.includes(k)) {
      throw new TorchTypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
    }
  }
  const b = typeof bias === 'boolean' ? bias : (o.bias ?? true);
  return { bias: b, dtype: o.dtype ?? 'float32', o };
}

/** Options of {@link RNNCell}. */
export interface RNNCellNonlinearityOptions extends RNNCellOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: 'tanh' | 'relu';
}

/**
 * One Elman RNN step (`torch.nn.RNNCell`): h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or ReLU).
 * Shapes: input `[N, inputSize]` or `[inputSize]`; `hx` `[N, H]` or `[H]` (zeros if omitted) → `[N, H]`
 * or `[H]`. Constructor: `(inputSize, hiddenSize, bias, nonlinearity)` or an options object.
 * @example
 * const cell = new nn.RNNCell(10, 20);
 * let h = torch.zeros(3, 20);
 * for (const x of torch.randn(6, 3, 10).unbind(0)) h = cell.forward(x, h);
 */
export class RNNCell extends RNNCellBase {
  declare readonly nonlinearity: 'tanh' | 'relu';

  constructor(
    inputSize: number,
    hiddenSize: number,
    bias: boolean | RNNCellNonlinearityOptions = true,
    nonlinearity: 'tanh' | 'relu' = 'tanh',
  ) {
    const a = cellArgs<RNNCellNonlinearityOptions>('RNNCell', bias, ['nonlinearity']);
    super(inputSize, hiddenSize, a.bias, 1, a.dtype);
    const nl = a.o.nonlinearity ?? nonlinearity;
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`Unknown nonlinearity: ${String(nl)}`);
    Object.defineProperty(this, 'nonlinearity', { value: nl, enumerable: false });
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this._step(this.nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', input, hx, null)[0];
  }

  override extraRepr(): string {
    const s = super.extraRepr();
    return this.nonlinearity === 'tanh' ? s : `${s}, nonlinearity=${this.nonlinearity}`;
  }
}

/**
 * One LSTM step (`torch.nn.LSTMCell`), gates i, f, g, o as in {@link LSTM}:
 * c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c').
 * Shapes: input `[N, inputSize]` or `[inputSize]`; `hx = [h, c]`, each `[N, H]` or `[H]` (zeros if
 * omitted). Returns `[h', c']`. Constructor: `(inputSize, hiddenSize, bias)` or an options object.
 * @example
 * const cell = new nn.LSTMCell(10, 20);
 * const [h, c] = cell.forward(torch.randn(3, 10));
 */
export class LSTMCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, bias: boolean | RNNCellOptions = true) {
    const a = cellArgs('LSTMCell', bias, []);
    super(inputSize, hiddenSize, a.bias, 4, a.dtype);
  }

  override forward(input: Tensor, hx: [h: Tensor, c: Tensor] | null = null): [h: Tensor, c: Tensor] {
    const [h, c] = this._step('LSTM', input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [h, c!];
  }
}

/**
 * One GRU step (`torch.nn.GRUCell`), gates r, z, n as in {@link GRU}:
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 * Shapes as {@link RNNCell}. Constructor: `(inputSize, hiddenSize, bias)` or an options object.
 * @example
 * const cell = new nn.GRUCell(10, 20);
 * const h = cell.forward(torch.randn(3, 10));
 */
export class GRUCell extends RNNCellBase {
  constructor(inputSize: number, hiddenSize: number, bias: boolean | RNNCellOptions = true) {
    const a = cellArgs('GRUCell', bias, []);
    super(inputSize, hiddenSize, a.bias, 3, a.dtype);
  }

  override forward(input: Tensor, hx: Tensor | null = null): Tensor {
    return this._step('GRU', input, hx, null)[0];
  }
}
