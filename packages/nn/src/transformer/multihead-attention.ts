import { empty, parseArgs, RuntimeError, Tensor } from '@kindling/core';
import { constant_, xavierNormal_, xavierUniform_ } from '../init.js';
import { Linear } from '../linear.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { type MhaForwardOptions, multiHeadAttentionForward } from './mha-forward.js';

/**
 * The output projection of {@link MultiheadAttention}: a plain `Linear` under PyTorch's class name
 * (`torch.nn.modules.linear.NonDynamicallyQuantizableLinear`), so printed modules read the same.
 */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of {@link MultiheadAttention} in PyTorch's keyword order, camelCase. */
export interface MultiheadAttentionOptions {
  dropout?: number;
  bias?: boolean;
  addBiasKV?: boolean;
  addZeroAttn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
}

type Opts = MultiheadAttentionOptions;
/**
 * Constructor arguments after `(embedDim, numHeads)`: positional in PyTorch's order
 * `(dropout, bias, addBiasKV, addZeroAttn, kdim, vdim, batchFirst)`, optionally ending in an
 * options object for the rest.
 */
export type MultiheadAttentionArgs =
  | [options?: Opts]
  | [dropout: number, options?: Opts]
  | [dropout: number, bias: boolean, options?: Opts]
  | [dropout: number, bias: boolean, addBiasKV: boolean, options?: Opts]
  | [dropout: number, bias: boolean, addBiasKV: boolean, addZeroAttn: boolean, options?: Opts]
  | [
      dropout: number,
      bias: boolean,
      addBiasKV: boolean,
      addZeroAttn: boolean,
      kdim: number | null,
      options?: Opts,
    ]
  | [
      dropout: number,
      bias: boolean,
      addBiasKV: boolean,
      addZeroAttn: boolean,
      kdim: number | null,
      vdim: number | null,
      options?: Opts,
    ]
  | [
      dropout: number,
      bias: boolean,
      addBiasKV: boolean,
      addZeroAttn: boolean,
      kdim: number | null,
      vdim: number | null,
      batchFirst: boolean,
    ];

/**
 * Multi-head attention (`torch.nn.MultiheadAttention`, PyTorch 1.13 semantics).
 *
 * MultiHead(Q, K, V) = Concat(head₁, …, headₕ) W_O with headᵢ = softmax(Q Wᵢ^Q (K Wᵢ^K)ᵀ / √d + M) V Wᵢ^V,
 * d = embedDim / numHeads, M the attention mask (bool: true = not allowed, −∞; float: added).
 *
 * Shapes (sequence first; batch first with `batchFirst`): query `(L, N, E)`, key `(S, N, kdim)`,
 * value `(S, N, vdim)`, or unbatched `(L, E)`, `(S, kdim)`, `(S, vdim)`; `attnMask` `(L, S)` or
 * `(N·numHeads, L, S)`; `keyPaddingMask` `(N, S)` or `(S)`. `forward` returns
 * `[output (L, N, E), weights (N, L, S) | (N, numHeads, L, S) | null]`.
 *
 * Parameters carry PyTorch's names: `in_proj_weight` `(3E, E)` and `in_proj_bias` `(3E)`, or
 * `q_proj_weight`/`k_proj_weight`/`v_proj_weight` when kdim or vdim differ from E; `out_proj.weight`,
 * `out_proj.bias`; `bias_k`/`bias_v` `(1, 1, E)` with `addBiasKV`. Initialisation draws in PyTorch's
 * order (out_proj's Linear init, then xavier_uniform_ on the input projections, zero biases,
 * xavier_normal_ on bias_k/bias_v), so under `torch.manualSeed` the weights are PyTorch's bit for bit.
 * @example
 * torch.manualSeed(0);
 * const mha = new nn.MultiheadAttention(8, 2);
 * const x = torch.randn(5, 3, 8); // (L, N, E)
 * const [out, weights] = mha.forward(x, x, x, { attnMask: nn.Transformer.generateSquareSubsequentMask(5) });
 * out.shape; // [5, 3, 8]; weights!.shape: [3, 5, 5]
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;
  declare in_proj_weight: Parameter | null;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, ...args: MultiheadAttentionArgs) {
    super();
    const o = parseArgs<Required<MultiheadAttentionOptions>>(
      args,
      ['dropout', 'bias', 'addBiasKV', 'addZeroAttn', 'kdim', 'vdim', 'batchFirst'],
      {
        dropout: 0,
        bias: true,
        addBiasKV: false,
        addZeroAttn: false,
        kdim: null,
        vdim: null,
        batchFirst: false,
      },
      'MultiheadAttention',
    );
    const { dropout, bias, addBiasKV, addZeroAttn, kdim, vdim, batchFirst } = o;
    this.embedDim = embedDim;
    this.kdim = kdim ?? embedDim;
    this.vdim = vdim ?? embedDim;
    this.numHeads = numHeads;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.headDim = Math.floor(embedDim / numHeads);
    this.addZeroAttn = addZeroAttn;
    if (this.headDim * numHeads !== embedDim)
      throw new RuntimeError('embed_dim must be divisible by num_heads');
    const E = embedDim;
    const separate = !this.qkvSameEmbedDim;
    this.in_proj_weight = separate ? null : new Parameter(empty(3 * E, E));
    this.q_proj_weight = separate ? new Parameter(empty(E, E)) : null;
    this.k_proj_weight = separate ? new Parameter(empty(E, this.kdim)) : null;
    this.v_proj_weight = separate ? new Parameter(empty(E, this.vdim)) : null;
    this.in_proj_bias = bias ? new Parameter(empty(3 * E)) : null;
    this.bias_k = addBiasKV ? new Parameter(empty(1, 1, E)) : null;
    this.bias_v = addBiasKV ? new Parameter(empty(1, 1, E)) : null;
    // Created (and its Linear init drawn) before _reset_parameters, as in PyTorch.
    this.out_proj = new NonDynamicallyQuantizableLinear(E, E, bias);
    this.resetParameters();
  }

  /** Whether key and value share the query's size (PyTorch's `_qkv_same_embed_dim`): one packed in-projection. */
  get qkvSameEmbedDim(): boolean {
    return this.kdim === this.embedDim && this.vdim === this.embedDim;
  }

  /** Re-draws the projections with the default initialisation (`_reset_parameters`). */
  resetParameters(): void {
    if (this.in_proj_weight) xavierUniform_(this.in_proj_weight);
    else {
      xavierUniform_(this.q_proj_weight!);
      xavierUniform_(this.k_proj_weight!);
      xavierUniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias) {
      constant_(this.in_proj_bias, 0);
      if (this.out_proj.bias) constant_(this.out_proj.bias, 0);
    }
    if (this.bias_k) xavierNormal_(this.bias_k);
    if (this.bias_v) xavierNormal_(this.bias_v);
  }

  /**
   * Attends from `query` to `key`/`value`. Options positionally in PyTorch's order
   * `(keyPaddingMask, needWeights, attnMask, averageAttnWeights)` or as one options object.
   */
  override forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    keyPaddingMask: Tensor | null | MhaForwardOptions = null,
    needWeights = true,
    attnMask: Tensor | null = null,
    averageAttnWeights = true,
  ): [Tensor, Tensor | null] {
    const opts: MhaForwardOptions =
      keyPaddingMask === null || keyPaddingMask instanceof Tensor
        ? { keyPaddingMask, needWeights, attnMask, averageAttnWeights }
        : keyPaddingMask;
    const batched = query.ndim === 3;
    if (this.batchFirst && batched) {
      // Transpose while keeping "is" relations, which pick the packed in-projection path.
      const sameQK = query === key;
      const sameKV = key === value;
      query = query.transpose(1, 0);
      key = sameQK ? query : key.transpose(1, 0);
      value = sameKV ? key : value.transpose(1, 0);
    }
    const [out, weights] = multiHeadAttentionForward(
      query,
      key,
      value,
      {
        embedDim: this.embedDim,
        numHeads: this.numHeads,
        inProjWeight: this.in_proj_weight,
        inProjBias: this.in_proj_bias,
        qProjWeight: this.q_proj_weight,
        kProjWeight: this.k_proj_weight,
        vProjWeight: this.v_proj_weight,
        biasK: this.bias_k,
        biasV: this.bias_v,
        addZeroAttn: this.addZeroAttn,
        dropout: this.dropout,
        outProjWeight: this.out_proj.weight,
        outProjBias: this.out_proj.bias,
        training: this.training,
      },
      opts,
    );
    return [this.batchFirst && batched ? out.transpose(1, 0) : out, weights];
  }
}
