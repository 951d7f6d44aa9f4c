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
import { pyBool, pyFloat } from './repr.js';
import { type CellWeights, type RNNMode, runRNN } from './rnn-step.js';

/** Keyword options shared by {@link RNN}, {@link LSTM} and {@link GRU}, in PyTorch's names (camelCase). */
export interface RNNBaseOptions {
  inputSize?: number;
  hiddenSize?: number;
  /** Stacked recurrent layers (default 1). */
  numLayers?: number;
  /** Whether to use `bias_ih`/`bias_hh` (default true). */
  bias?: boolean;
  /** Input and output as `[N, T, H]` instead of `[T, N, H]` (default false); states are unaffected. */
  batchFirst?: boolean;
  /** Dropout on each layer's output except the last, in training (default 0). */
  dropout?: number;
  /** Run a reverse-direction copy of every layer and concatenate the outputs (default false). */
  bidirectional?: boolean;
  /** Parameter dtype (default float32). */
  dtype?: DType;
}

/**
 * Constructor arguments of the recurrent layers: PyTorch's positional order
 * `(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional)`, any prefix of it,
 * then an optional options object (which may also carry `inputSize`/`hiddenSize`).
 */
export type RNNArgs<O> =
  | [options: O]
  | [inputSize: number, options?: O]
  | [inputSize: number, hiddenSize: number, options?: O]
  | [inputSize: number, hiddenSize: number, numLayers: number, options?: O]
  | [inputSize: number, hiddenSize: number, numLayers: number, bias: boolean, options?: O]
  | [
      inputSize: number,
      hiddenSize: number,
      numLayers: number,
      bias: boolean,
      batchFirst: boolean,
      options?: O,
    ]
  | [
      inputSize: number,
      hiddenSize: number,
      numLayers: number,
      bias: boolean,
      batchFirst: boolean,
      dropout: number,
      options?: O,
    ]
  | [
      inputSize: number,
      hiddenSize: number,
      numLayers: number,
      bias: boolean,
      batchFirst: boolean,
      dropout: number,
      bidirectional: boolean,
      options?: O,
    ];

const POSITIONAL = [
  'inputSize',
  'hiddenSize',
  'numLayers',
  'bias',
  'batchFirst',
  'dropout',
  'bidirectional',
] as const;

/** Reads {@link RNNArgs}; `extra` are the keyword-only options the subclass accepts. */
export function parseRNNArgs<O extends RNNBaseOptions>(
  args: readonly unknown[],
  extra: readonly string[],
  cls: string,
): Required<RNNBaseOptions> & O {
  const defaults = {
    numLayers: 1,
    bias: true,
    batchFirst: false,
    dropout: 0,
    bidirectional: false,
    dtype: 'float32',
  };
  const out: Record<string, unknown> = defaults;
  let positional = args;
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null) {
    positional = args.slice(0, -1);
    for (const [k, v] of Object.entries(last)) {
      if (!(POSITIONAL as readonly string[]).includes(k) && k !== 'dtype' && !extra.includes(k)) {
        throw new TorchTypeError(`${cls}.__init__() got an unexpected keyword argument '${k}'`);
      }
      if (v !== undefined) out[k] = v;
    }
  }
  if (positional.length > POSITIONAL.length) {
    throw new TorchTypeError(
      `${cls}.__init__() takes at most ${POSITIONAL.length} positional arguments (${positional.length} given)`,
    );
  }
  positional.forEach((v, i) => {
    if (v !== undefined) out[POSITIONAL[i]!] = v;
  });
  for (const k of ['inputSize', 'hiddenSize']) {
    if (typeof out[k] !== 'number') {
      throw new TorchTypeError(`${cls}.__init__() missing required argument '${k}'`);
    }
  }
  return out as typeof defaults as Required<RNNBaseOptions> & O;
}

/**
 * The machinery shared by {@link RNN}, {@link LSTM} and {@link GRU} (`torch.nn.RNNBase`): parameter
 * registration with PyTorch's names, default init, input checks and the layer stack.
 *
 * Parameters, for layer `k` (and `_reverse` for the second direction), in this order:
 * `weight_ih_l{k}` `[G·H, in_k]`, `weight_hh_l{k}` `[G·H, H_out]`, `bias_ih_l{k}` `[G·H]`,
 * `bias_hh_l{k}` `[G·H]`, and `weight_hr_l{k}` `[projSize, H]` for a projected LSTM — where G is the
 * number of gates (1, 4, 3), `in_0 = inputSize`, `in_k = D·H_out` above, and `H_out` is `projSize` or
 * `hiddenSize`. All are drawn from U(−1/√H, 1/√H) in that order, so under `torch.manualSeed` they
 * equal PyTorch's bit for bit, and `stateDict()` keys match PyTorch checkpoints.
 */
export class RNNBase extends Module {
  declare readonly mode: RNNMode;
  declare readonly inputSize: number;
  declare readonly hiddenSize: number;
  declare readonly numLayers: number;
  declare readonly bias: boolean;
  declare readonly batchFirst: boolean;
  declare readonly dropout: number;
  declare readonly bidirectional: boolean;
  declare readonly projSize: number;
  /** Parameter names in registration order (PyTorch's `_flat_weights_names`). */
  declare readonly flatWeightsNames: string[];
  /** Parameter names per layer-direction (PyTorch's `_all_weights`). */
  declare readonly allWeightsNames: string[][];
  // Typed access to the first layer's parameters; deeper ones are reachable through `allWeights`.
  declare readonly weight_ih_l0: Parameter;
  declare readonly weight_hh_l0: Parameter;
  declare readonly bias_ih_l0?: Parameter;
  declare readonly bias_hh_l0?: Parameter;

  constructor(mode: RNNMode, o: Required<RNNBaseOptions> & { projSize?: number }) {
    super();
    const projSize = o.projSize ?? 0;
    const dropout = o.dropout;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new ValueError(
        'dropout should be a number in range [0, 1] representing the probability of an element being zeroed',
      );
    }
    if (projSize < 0) {
      throw new ValueError('proj_size should be a positive integer or zero to disable projections');
    }
    if (projSize >= o.hiddenSize) throw new ValueError('proj_size has to be smaller than hidden_size');
    // Configuration is non-enumerable: a module's enumerable fields are its members.
    const config = {
      mode,
      inputSize: o.inputSize,
      hiddenSize: o.hiddenSize,
      numLayers: o.numLayers,
      bias: o.bias,
      batchFirst: o.batchFirst,
      dropout,
      bidirectional: o.bidirectional,
      projSize,
      flatWeightsNames: [] as string[],
      allWeightsNames: [] as string[][],
    };
    for (const [k, v] of Object.entries(config)) {
      Object.defineProperty(this, k, { value: v, writable: false, enumerable: false, configurable: true });
    }
    const gates = mode === 'LSTM' ? 4 : mode === 'GRU' ? 3 : 1;
    const gateSize = gates * o.hiddenSize;
    const dirs = o.bidirectional ? 2 : 1;
    const realHidden = projSize > 0 ? projSize : o.hiddenSize;
    const opts = { dtype: o.dtype };
    for (let layer = 0; layer < o.numLayers; layer++) {
      for (let d = 0; d < dirs; d++) {
        const layerInput = layer === 0 ? o.inputSize : realHidden * dirs;
        const suffix = `_l${layer}${d === 1 ? '_reverse' : ''}`;
        const params: [string, Tensor][] = [
          [`weight_ih${suffix}`, empty([gateSize, layerInput], opts)],
          [`weight_hh${suffix}`, empty([gateSize, realHidden], opts)],
        ];
        if (o.bias) {
          params.push(
            [`bias_ih${suffix}`, empty([gateSize], opts)],
            [`bias_hh${suffix}`, empty([gateSize], opts)],
          );
        }
        if (projSize > 0) params.push([`weight_hr${suffix}`, empty([projSize, o.hiddenSize], opts)]);
        for (const [name, t] of params) this.registerParameter(name, new Parameter(t));
        this.flatWeightsNames.push(...params.map(([n]) => n));
        this.allWeightsNames.push(params.map(([n]) => n));
      }
    }
    this.resetParameters();
  }

  /** Re-draws every parameter from U(−1/√H, 1/√H), in registration order (`reset_parameters`). */
  resetParameters(): void {
    const stdv = this.hiddenSize > 0 ? 1.0 / Math.sqrt(this.hiddenSize) : 0;
    for (const w of this.parameters()) uniform_(w, -stdv, stdv);
  }

  /** PyTorch compacts weights for cuDNN here (`flatten_parameters`); on Kindling's backends a no-op. */
  flattenParameters(): void {}

  /** The parameters per layer-direction (PyTorch's `all_weights`). */
  get allWeights(): Parameter[][] {
    return this.allWeightsNames.map((names) => names.map((n) => this._param(n)));
  }

  private _param(name: string): Parameter {
    return Reflect.get(this, name) as Parameter;
  }

  /** Weights per layer-direction, read at call time so reassigned parameters are used. */
  private _cellWeights(): CellWeights[] {
    return this.allWeightsNames.map((names) => {
      const get = (prefix: string) => {
        const n = names.find((x) => x.startsWith(prefix));
        return n === undefined ? null : this._param(n);
      };
      return {
        wIh: get('weight_ih')!,
        wHh: get('weight_hh')!,
        bIh: get('bias_ih'),
        bHh: get('bias_hh'),
        wHr: get('weight_hr'),
      };
    });
  }

  /**
   * Shared forward (PyTorch's `RNN.forward`/`LSTM.forward`/`GRU.forward` without packed sequences):
   * unbatched 2-D input gets a batch dim of 1 (and the states one at dim 1), states default to zeros,
   * shapes are checked with PyTorch's messages, and the batch dim is removed again on the way out.
   */
  protected _run(
    input: Tensor,
    h0: Tensor | null,
    c0: Tensor | null,
  ): { output: Tensor; h: Tensor; c: Tensor | null } {
    const lstm = this.mode === 'LSTM';
    const isBatched = input.ndim === 3;
    const batchDim = this.batchFirst ? 0 : 1;
    if (!isBatched) input = input.unsqueeze(batchDim);
    if (h0 !== null) {
      const dims = c0 ? [h0.ndim, c0.ndim] : [h0.ndim];
      const want = isBatched ? 3 : 2;
      if (dims.some((n) => n !== want)) {
        const [what, got] = lstm
          ? ['hx and cx', `(${dims[0]}-D, ${dims[1]}-D) tensors`]
          : ['hx', `${dims[0]}-D tensor`];
        throw new RuntimeError(
          isBatched
            ? `For batched 3-D input, ${what} should also be 3-D but got ${got}`
            : `For unbatched 2-D input, ${what} should also be 2-D but got ${got}`,
        );
      }
      if (!isBatched) {
        h0 = h0.unsqueeze(1);
        c0 = c0 ? c0.unsqueeze(1) : null;
      }
    }
    if (input.ndim !== 3) throw new RuntimeError(`input must have 3 dimensions, got ${input.ndim}`);
    if (input.shape[2] !== this.inputSize) {
      throw new RuntimeError(
        `input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.shape[2]}`,
      );
    }
    const batch = input.shape[batchDim]!;
    const layers = this.numLayers * (this.bidirectional ? 2 : 1);
    const hShape = [layers, batch, this.projSize > 0 ? this.projSize : this.hiddenSize];
    const cShape = [layers, batch, this.hiddenSize];
    const opts = { dtype: input.dtype, device: input.device };
    if (h0 === null) {
      h0 = zeros(hShape, opts);
      if (lstm) c0 = zeros(cShape, opts);
    }
    checkHidden(h0, hShape, lstm ? 'Expected hidden[0] size' : 'Expected hidden size');
    if (c0) checkHidden(c0, cShape, 'Expected hidden[1] size');
    if (input.shape[this.batchFirst ? 1 : 0] === 0) {
      throw new RuntimeError('Expected sequence length to be larger than 0 in RNN');
    }
    const cfg = {
      mode: this.mode,
      numLayers: this.numLayers,
      bidirectional: this.bidirectional,
      dropout: this.dropout,
      training: this.training,
    };
    const x = this.batchFirst ? input.transpose(0, 1) : input;
    const r = runRNN(cfg, x, h0, c0, this._cellWeights());
    let output = this.batchFirst ? r.output.transpose(0, 1) : r.output;
    let { h, c } = r;
    if (!isBatched) {
      output = output.squeeze(batchDim);
      h = h.squeeze(1);
      c = c ? c.squeeze(1) : null;
    }
    return { output, h, c };
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.projSize !== 0) s += `, proj_size=${this.projSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (!this.bias) s += `, bias=${pyBool(this.bias)}`;
    if (this.batchFirst) s += `, batch_first=${pyBool(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pyFloat(this.dropout)}`;
    if (this.bidirectional) s += `, bidirectional=${pyBool(this.bidirectional)}`;
    return s;
  }
}

function checkHidden(hx: Tensor, expected: number[], msg: string): void {
  if (hx.ndim !== expected.length || hx.shape.some((s, i) => s !== expected[i])) {
    throw new RuntimeError(`${msg} (${expected.join(', ')}), got [${hx.shape.join(', ')}]`);
  }
}
