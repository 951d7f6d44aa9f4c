import { full, RuntimeError, Tensor } from '@kindling/core';
import { ModuleList } from '../container.js';
import { xavierUniform_ } from '../init.js';
import { Module } from '../module.js';
import { LayerNorm } from '../normalization.js';
import {
  type DecoderMasks,
  decoderMasks,
  type TransformerActivation,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
  type TransformerLayerOptions,
} from './layers.js';

/** Masks of {@link TransformerEncoder.forward}. */
export interface EncoderMasks {
  mask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * A stack of `numLayers` encoder layers (`torch.nn.TransformerEncoder`), each a deep copy of
 * `encoderLayer` (copies draw no random numbers, so all layers start equal, as in PyTorch), then
 * an optional final `norm`. State-dict keys: `layers.0.self_attn.in_proj_weight`, …, `norm.weight`.
 *
 * Shapes: as {@link TransformerEncoderLayer}. PyTorch's inference fast path (nested tensors, which
 * zero padded positions in eval mode without grad) is not reproduced: results are the regular path's.
 * @example
 * const enc = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 32), 3);
 * enc.forward(torch.randn(5, 2, 8), { srcKeyPaddingMask: pad }).shape; // [5, 2, 8]
 */
export class TransformerEncoder extends Module {
  readonly numLayers: number;
  layers: ModuleList<TransformerEncoderLayer>;
  norm: Module | null;

  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, norm: Module | null = null) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => encoderLayer.clone()));
    this.numLayers = numLayers;
    this.norm = norm;
  }

  /** Positional `(src, mask, srcKeyPaddingMask)` or `(src, { mask, srcKeyPaddingMask })`. */
  override forward(
    src: Tensor,
    mask: Tensor | null | EncoderMasks = null,
    srcKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const m: EncoderMasks = mask === null || mask instanceof Tensor ? { mask, srcKeyPaddingMask } : mask;
    let out = src;
    for (let i = 0; i < this.layers.length; i++) {
      out = this.layers.get(i).forward(out, m.mask ?? null, m.srcKeyPaddingMask ?? null);
    }
    return this.norm ? (this.norm.forward as (t: Tensor) => Tensor)(out) : out;
  }
}

/**
 * A stack of `numLayers` decoder layers (`torch.nn.TransformerDecoder`), deep copies of
 * `decoderLayer`, then an optional final `norm`; every layer attends to the same `memory`.
 * @example
 * const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 32), 2);
 * dec.forward(torch.randn(4, 2, 8), memory, { tgtMask: nn.Transformer.generateSquareSubsequentMask(4) });
 */
export class TransformerDecoder extends Module {
  readonly numLayers: number;
  layers: ModuleList<TransformerDecoderLayer>;
  norm: Module | null;

  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm: Module | null = null) {
    super();
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => decoderLayer.clone()));
    this.numLayers = numLayers;
    this.norm = norm;
  }

  /** Positional `(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)` or an options object. */
  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null | DecoderMasks = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const m = decoderMasks(tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    let out = tgt;
    for (let i = 0; i < this.layers.length; i++) out = this.layers.get(i).forward(out, memory, m);
    return this.norm ? (this.norm.forward as (t: Tensor) => Tensor)(out) : out;
  }
}

/** Options of {@link Transformer} in PyTorch's keyword names, camelCase. */
export interface TransformerOptions extends TransformerLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

/** Masks of {@link Transformer.forward}. */
export interface TransformerMasks extends DecoderMasks {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * The encoder-decoder model of "Attention Is All You Need" (`torch.nn.Transformer`, PyTorch 1.13):
 * memory = encoder(src), output = decoder(tgt, memory); both stacks end in a LayerNorm. All
 * parameters with more than one dimension are re-drawn with `xavierUniform_` after construction,
 * in parameter order, as PyTorch's `_reset_parameters`.
 *
 * Shapes: src `(S, N, E)`, tgt `(T, N, E)` (batch first with `batchFirst`) → `(T, N, E)`.
 * @example
 * const model = new nn.Transformer({ dModel: 16, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2 });
 * const tgtMask = nn.Transformer.generateSquareSubsequentMask(7);
 * model.forward(torch.randn(10, 2, 16), torch.randn(7, 2, 16), { tgtMask }).shape; // [7, 2, 16]
 */
export class Transformer extends Module {
  declare readonly dModel: number;
  declare readonly nhead: number;
  declare readonly batchFirst: boolean;
  declare encoder: Module;
  declare decoder: Module;

  constructor(
    dModel: number | TransformerOptions = 512,
    nhead = 8,
    numEncoderLayers = 6,
    numDecoderLayers = 6,
    dimFeedforward = 2048,
    dropout = 0.1,
    activation: TransformerActivation = 'relu',
    customEncoder: Module | null = null,
    customDecoder: Module | null = null,
    layerNormEps = 1e-5,
    batchFirst = false,
    normFirst = false,
  ) {
    super();
    const opts: TransformerOptions =
      typeof dModel === 'object'
        ? dModel
        : {
            dModel,
            nhead,
            numEncoderLayers,
            numDecoderLayers,
            dimFeedforward,
            dropout,
            activation,
            customEncoder,
            customDecoder,
            layerNormEps,
            batchFirst,
            normFirst,
          };
    this._build(opts);
  }

  private _build(opts: TransformerOptions): void {
    const dModel = opts.dModel ?? 512;
    const nhead = opts.nhead ?? 8;
    const layer: TransformerLayerOptions = {
      dimFeedforward: opts.dimFeedforward ?? 2048,
      dropout: opts.dropout ?? 0.1,
      activation: opts.activation ?? 'relu',
      layerNormEps: opts.layerNormEps ?? 1e-5,
      batchFirst: opts.batchFirst ?? false,
      normFirst: opts.normFirst ?? false,
    };
    const eps = layer.layerNormEps!;
    this.encoder =
      opts.customEncoder ??
      new TransformerEncoder(
        new TransformerEncoderLayer(dModel, nhead, layer),
        opts.numEncoderLayers ?? 6,
        new LayerNorm(dModel, eps),
      );
    this.decoder =
      opts.customDecoder ??
      new TransformerDecoder(
        new TransformerDecoderLayer(dModel, nhead, layer),
        opts.numDecoderLayers ?? 6,
        new LayerNorm(dModel, eps),
      );
    Object.assign(this, { dModel, nhead, batchFirst: layer.batchFirst! });
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
  }

  /**
   * A float mask `(sz, sz)` with −∞ above the diagonal and 0 elsewhere, so position i attends only
   * to positions ≤ i (`Transformer.generate_square_subsequent_mask`).
   */
  static generateSquareSubsequentMask(sz: number): Tensor {
    return full([sz, sz], Number.NEGATIVE_INFINITY).triu(1);
  }

  /**
   * Positional `(src, tgt, srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask,
   * memoryKeyPaddingMask)` or `(src, tgt, { srcMask, tgtMask, … })`.
   */
  override forward(
    src: Tensor,
    tgt: Tensor,
    srcMask: Tensor | null | TransformerMasks = null,
    tgtMask: Tensor | null = null,
    memoryMask: Tensor | null = null,
    srcKeyPaddingMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const m: TransformerMasks =
      srcMask === null || srcMask instanceof Tensor
        ? { srcMask, tgtMask, memoryMask, srcKeyPaddingMask, tgtKeyPaddingMask, memoryKeyPaddingMask }
        : srcMask;
    const batched = src.ndim === 3;
    const b = this.batchFirst ? 0 : 1;
    if (batched && src.shape[b] !== tgt.shape[b])
      throw new RuntimeError('the batch number of src and tgt must be equal');
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel)
      throw new RuntimeError('the feature number of src and tgt must be equal to d_model');
    type Enc = (s: Tensor, mask: Tensor | null, kpm: Tensor | null) => Tensor;
    type Dec = (t: Tensor, mem: Tensor, masks: DecoderMasks) => Tensor;
    const memory = (this.encoder.forward as Enc)(src, m.srcMask ?? null, m.srcKeyPaddingMask ?? null);
    return (this.decoder.forward as Dec)(tgt, memory, {
      tgtMask: m.tgtMask ?? null,
      memoryMask: m.memoryMask ?? null,
      tgtKeyPaddingMask: m.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: m.memoryKeyPaddingMask ?? null,
    });
  }
}
