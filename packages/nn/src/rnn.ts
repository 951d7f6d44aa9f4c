import { type Tensor, ValueError } from '@kindling/core';
import { parseRNNArgs, type RNNArgs, RNNBase, type RNNBaseOptions } from './rnn-base.js';

/** Options of {@link RNN}: the shared ones plus the keyword-only `nonlinearity`. */
export interface RNNOptions extends RNNBaseOptions {
  /** `'tanh'` (default) or `'relu'`. Keyword-only, as in PyTorch 1.13. */
  nonlinearity?: 'tanh' | 'relu';
}

/** Options of {@link LSTM}: the shared ones plus the keyword-only `projSize`. */
export interface LSTMOptions extends RNNBaseOptions {
  /** If > 0, each step's hidden state is projected to this size by `weight_hr_l{k}` (default 0). */
  projSize?: number;
}

/** Options of {@link GRU}. */
export type GRUOptions = RNNBaseOptions;

function rejectProj(o: object): void {
  if ('projSize' in o) throw new ValueError('proj_size argument is only supported for LSTM, not RNN or GRU');
}

/**
 * Multi-layer Elman RNN (`torch.nn.RNN`): for each layer and time step
 * h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh) (or ReLU with `nonlinearity: 'relu'`);
 * layer k > 0 takes layer k−1's output (with dropout in training) as x_t.
 *
 * Shapes: input `[T, N, inputSize]` (`[N, T, inputSize]` with `batchFirst`) or unbatched
 * `[T, inputSize]`; `h0` `[D·L, N, H]` (unbatched `[D·L, H]`; never batch-first), zeros if omitted.
 * Returns `[output, hN]`: output `[T, N, D·H]` (the last layer's h_t, directions concatenated),
 * hN `[D·L, N, H]` — D = 2 if bidirectional, L = numLayers.
 *
 * Constructor: PyTorch's `(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout,
 * bidirectional)` positionally and/or an options object; `nonlinearity` and `dtype` are options only.
 * Parameters and default init: see {@link RNNBase}.
 * @example
 * const rnn = new nn.RNN(10, 20, 2);
 * const [output, hN] = rnn.forward(torch.randn(5, 3, 10), torch.randn(2, 3, 20));
 * output.shape; // [5, 3, 20]
 */
export class RNN extends RNNBase {
  /** The activation, `'tanh'` or `'relu'`. */
  declare readonly nonlinearity: 'tanh' | 'relu';

  constructor(...args: RNNArgs<RNNOptions>) {
    const last = args[args.length - 1];
    const opts = typeof last === 'object' && last !== null ? last : {};
    rejectProj(opts);
    const o = parseRNNArgs<RNNOptions>(args, ['nonlinearity'], 'RNN');
    const nl = o.nonlinearity ?? 'tanh';
    if (nl !== 'tanh' && nl !== 'relu') throw new ValueError(`Unknown nonlinearity '${String(nl)}'`);
    super(nl === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', o);
    Object.defineProperty(this, 'nonlinearity', { value: nl, enumerable: false });
  }

  override forward(input: Tensor, hx: Tensor | null = null): [output: Tensor, hN: Tensor] {
    const r = this._run(input, hx, null);
    return [r.output, r.h];
  }
}

/**
 * Multi-layer long short-term memory (`torch.nn.LSTM`). For each layer and time step, with the gates
 * in PyTorch's order i, f, g, o stacked in `weight_ih_l{k}` / `weight_hh_l{k}` (`[4H, ·]`):
 *
 *     i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(W_if x + b_if + W_hf h + b_hf)
 *     g = tanh(W_ig x + b_ig + W_hg h + b_hg) o = σ(W_io x + b_io + W_ho h + b_ho)
 *     c' = f ⊙ c + i ⊙ g                      h' = o ⊙ tanh(c')   (then h' W_hrᵀ with projSize)
 *
 * Shapes: input `[T, N, inputSize]` (`[N, T, inputSize]` with `batchFirst`) or unbatched
 * `[T, inputSize]`; `hx = [h0, c0]` with h0 `[D·L, N, H_out]`, c0 `[D·L, N, H]` (unbatched without N;
 * never batch-first), zeros if omitted. H_out = projSize if > 0 else hiddenSize.
 * Returns `[output, [hN, cN]]`: output `[T, N, D·H_out]`, hN/cN shaped as h0/c0.
 *
 * Constructor: positional as {@link RNN}, `projSize` and `dtype` as options only.
 * @example
 * const lstm = new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true });
 * const [output, [hN, cN]] = lstm.forward(torch.randn(3, 5, 10));
 * output.shape; // [3, 5, 20]
 */
export class LSTM extends RNNBase {
  constructor(...args: RNNArgs<LSTMOptions>) {
    super('LSTM', parseRNNArgs<LSTMOptions>(args, ['projSize'], 'LSTM'));
  }

  override forward(
    input: Tensor,
    hx: [h0: Tensor, c0: Tensor] | null = null,
  ): [output: Tensor, state: [hN: Tensor, cN: Tensor]] {
    const r = this._run(input, hx ? hx[0] : null, hx ? hx[1] : null);
    return [r.output, [r.h, r.c!]];
  }
}

/**
 * Multi-layer gated recurrent unit (`torch.nn.GRU`). For each layer and time step, with the gates in
 * PyTorch's order r, z, n stacked in `weight_ih_l{k}` / `weight_hh_l{k}` (`[3H, ·]`):
 *
 *     r = σ(W_ir x + b_ir + W_hr h + b_hr)     z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 *     h' = (1 − z) ⊙ n + z ⊙ h
 *
 * Shapes and return value as {@link RNN}: `[output, hN]`.
 * @example
 * const gru = new nn.GRU(10, 20, 2, { bidirectional: true });
 * const [output, hN] = gru.forward(torch.randn(5, 3, 10));
 * hN.shape; // [4, 3, 20]
 */
export class GRU extends RNNBase {
  constructor(...args: RNNArgs<GRUOptions>) {
    const last = args[args.length - 1];
    rejectProj(typeof last === 'object' && last !== null ? last : {});
    super('GRU', parseRNNArgs<GRUOptions>(args, [], 'GRU'));
  }

  override forward(input: Tensor, hx: Tensor | null = null): [output: Tensor, hN: Tensor] {
    const r = this._run(input, hx, null);
    return [r.output, r.h];
  }
}
