// The recurrences behind RNN/LSTM/GRU and their cells, written with ordinary tensor ops so autograd
// (and double backward) comes for free. The arithmetic follows ATen's RNN.cpp step for step — the
// input projection of a whole sequence is one matmul, each step adds the hidden projection to it,
// gates are chunked in PyTorch's order — so float32 results round as closely to PyTorch's as ops allow.
import { autograd, cat, stack, type Tensor } from '@kindling/core';
import { dropoutForward } from './dropout.js';

// Splitting with views would give every piece its own backward that scatters into a zero tensor of
// the whole input, so T steps would cost O(T²) in backward. These split once and join once:
// `unbind` backs off with `stack`, `chunk` with `cat` (both differentiable, so double backward works).
class Unbind extends autograd.Function {
  static override forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor[] {
    return x.unbind(0).map((t) => t.clone());
  }

  static override backward(_ctx: autograd.FunctionCtx, ...grads: Tensor[]): Tensor {
    return stack(grads, 0);
  }
}

class Chunk extends autograd.Function {
  static override forward(_ctx: autograd.FunctionCtx, x: Tensor, chunks: number): Tensor[] {
    return x.chunk(chunks, 1).map((t) => t.clone());
  }

  static override backward(_ctx: autograd.FunctionCtx, ...grads: Tensor[]): [Tensor, null] {
    return [cat(grads, 1), null];
  }
}

function chunk4(x: Tensor): [Tensor, Tensor, Tensor, Tensor] {
  return Chunk.apply(x, 4) as [Tensor, Tensor, Tensor, Tensor];
}

function chunk3(x: Tensor): [Tensor, Tensor, Tensor] {
  return Chunk.apply(x, 3) as [Tensor, Tensor, Tensor];
}

/** Which recurrence: PyTorch's `RNNBase.mode` strings. */
export type RNNMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** One layer-direction's weights (PyTorch's `weight_ih_l{k}`, …); absent biases are `null`. */
export interface CellWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
  /** LSTM projection `weight_hr_l{k}` (`projSize > 0`), else `null`. */
  wHr: Tensor | null;
}

/** A recurrent state: `h`, plus the cell state `c` for LSTM. */
export interface RNNState {
  h: Tensor;
  c: Tensor | null;
}

/** `x Wᵀ + b` (`F.linear`) for any number of leading dims. */
export function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  const y = x.matmul(w.t());
  return b ? y.add(b) : y;
}

/**
 * One time step, given the precomputed input projection `gi = x W_ihᵀ + b_ih` (`[N, gates·H]`).
 * Gate order and formulas are PyTorch's: LSTM i, f, g, o; GRU r, z, n with
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) and h' = (h − n) ⊙ z + n.
 */
export function cellStep(mode: RNNMode, gi: Tensor, state: RNNState, w: CellWeights): RNNState {
  const gh = linear(state.h, w.wHh, w.bHh);
  switch (mode) {
    case 'RNN_TANH':
      return { h: gh.add(gi).tanh(), c: null };
    case 'RNN_RELU':
      return { h: gh.add(gi).relu(), c: null };
    case 'LSTM': {
      const [i, f, g, o] = chunk4(gh.add(gi));
      const c = f.sigmoid().mul(state.c!).add(i.sigmoid().mul(g.tanh()));
      const h = o.sigmoid().mul(c.tanh());
      return { h: w.wHr ? h.matmul(w.wHr.t()) : h, c };
    }
    case 'GRU': {
      const [ir, iz, inn] = chunk3(gi);
      const [hr, hz, hn] = chunk3(gh);
      const r = hr.add(ir).sigmoid();
      const z = hz.add(iz).sigmoid();
      const n = inn.add(hn.mul(r)).tanh();
      return { h: state.h.sub(n).mul(z).add(n), c: null };
    }
  }
}

/**
 * Runs one direction of one layer over a time-major sequence `x` (`[T, N, in]`); returns the
 * per-step outputs stacked in time order (`[T, N, H_out]`) and the final state.
 */
function runDirection(
  mode: RNNMode,
  x: Tensor,
  state: RNNState,
  w: CellWeights,
  reverse: boolean,
): { output: Tensor; state: RNNState } {
  const steps = Unbind.apply(linear(x, w.wIh, w.bIh));
  const outs: Tensor[] = new Array(steps.length);
  for (let k = 0; k < steps.length; k++) {
    const t = reverse ? steps.length - 1 - k : k;
    state = cellStep(mode, steps[t]!, state, w);
    outs[t] = state.h;
  }
  return { output: stack(outs, 0), state };
}

/** What {@link runRNN} needs besides the input and the weights. */
export interface StackConfig {
  mode: RNNMode;
  numLayers: number;
  bidirectional: boolean;
  dropout: number;
  training: boolean;
}

/**
 * The whole layer stack (`_VF.rnn_tanh`/`lstm`/`gru` without packed sequences): time-major input
 * `[T, N, in]`, initial states `[L·D, N, H]` indexed `layer·D + direction`, weights in the same
 * order. Dropout is applied to every layer's output except the last, in training only.
 */
export function runRNN(
  cfg: StackConfig,
  input: Tensor,
  h0: Tensor,
  c0: Tensor | null,
  weights: CellWeights[],
): { output: Tensor; h: Tensor; c: Tensor | null } {
  const dirs = cfg.bidirectional ? 2 : 1;
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  let x = input;
  for (let layer = 0; layer < cfg.numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const k = layer * dirs + d;
      const init = { h: h0.select(0, k), c: c0 ? c0.select(0, k) : null };
      const r = runDirection(cfg.mode, x, init, weights[k]!, d === 1);
      outs.push(r.output);
      hs.push(r.state.h);
      if (r.state.c) cs.push(r.state.c);
    }
    x = dirs === 2 ? cat(outs, 2) : outs[0]!;
    if (cfg.dropout !== 0 && cfg.training && layer < cfg.numLayers - 1) {
      x = dropoutForward(x, cfg.dropout, true, false);
    }
  }
  return { output: x, h: stack(hs, 0), c: c0 ? stack(cs, 0) : null };
}
