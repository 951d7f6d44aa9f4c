import { parseArgs, RuntimeError, Tensor } from '@kindling/core';
import { Dropout } from '../dropout.js';
import { Linear } from '../linear.js';
import { Module } from '../module.js';
import { LayerNorm } from '../normalization.js';
import { cloneModule } from './clone.js';
import { MultiheadAttention } from './multihead-attention.js';

/** The feed-forward nonlinearity: PyTorch's strings, a tensor function, or a module. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor) | Module;

/** Options shared by {@link TransformerEncoderLayer} and {@link TransformerDecoderLayer}, camelCase. */
export interface TransformerLayerOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: TransformerActivation;
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
}

type LayerConfig = Required<TransformerLayerOptions>;

type Opt = TransformerLayerOptions;
/**
 * Constructor arguments after `(dModel, nhead)`: positional in PyTorch's order
 * `(dimFeedforward, dropout, activation, layerNormEps, batchFirst, normFirst)`, optionally ending in
 * an options object for the rest.
 */
export type TransformerLayerArgs =
  | [options?: Opt]
  | [dimFeedforward: number, options?: Opt]
  | [dimFeedforward: number, dropout: number, options?: Opt]
  | [dimFeedforward: number, dropout: number, activation: TransformerActivation, options?: Opt]
  | [
      dimFeedforward: number,
      dropout: number,
      activation: TransformerActivation,
      layerNormEps: number,
      options?: Opt,
    ]
  | [
      dimFeedforward: number,
      dropout: number,
      activation: TransformerActivation,
      layerNormEps: number,
      batchFirst: boolean,
      options?: Opt,
    ]
  | [
      dimFeedforward: number,
      dropout: number,
      activation: TransformerActivation,
      layerNormEps: number,
      batchFirst: boolean,
      normFirst: boolean,
    ];

const LAYER_NAMES = [
  'dimFeedforward',
  'dropout',
  'activation',
  'layerNormEps',
  'batchFirst',
  'normFirst',
] as const;
const LAYER_DEFAULTS: LayerConfig = {
  dimFeedforward: 2048,
  dropout: 0.1,
  activation: 'relu',
  layerNormEps: 1e-5,
  batchFirst: false,
  normFirst: false,
};

function layerConfig(args: readonly unknown[], fn: string): LayerConfig {
  // A module passed as the activation is not an options object.
  const a = args[args.length - 1] instanceof Module ? [...args, {}] : args;
  return parseArgs<LayerConfig>(a, [...LAYER_NAMES], { ...LAYER_DEFAULTS }, fn);
}

function activationFn(a: TransformerActivation): (x: Tensor) => Tensor {
  if (a === 'relu') return (x) => x.relu();
  if (a === 'gelu') return (x) => x.gelu();
  if (a instanceof Module) return (x) => (a.forward as (t: Tensor) => Tensor)(x);
  if (typeof a === 'function') return a;
  throw new RuntimeError(`activation should be relu/gelu, not ${String(a)}`);
}

function checkPaddingMask(mask: Tensor | null): void {
  if (mask && mask.dtype !== 'bool' && !mask.isFloatingPoint())
    throw new RuntimeError('only bool and floating types of key_padding_mask are supported');
}

/** Masks of {@link TransformerEncoderLayer.forward}. */
export interface EncoderLayerMasks {
  srcMask?: Tensor | null;
  srcKeyPaddingMask?: Tensor | null;
}

/**
 * One encoder block (`torch.nn.TransformerEncoderLayer`, PyTorch 1.13): self-attention then a
 * feed-forward network, each with dropout, a residual connection and LayerNorm.
 *
 * Post-norm (default): x = norm1(x + SA(x)); x = norm2(x + FF(x)). With `normFirst`:
 * x = x + SA(norm1(x)); x = x + FF(norm2(x)). FF(x) = linear2(dropout(act(linear1(x)))).
 *
 * Shapes: src `(S, N, E)` (`(N, S, E)` with `batchFirst`) or unbatched `(S, E)` → same;
 * srcMask `(S, S)` or `(N·nhead, S, S)`, srcKeyPaddingMask `(N, S)`. State-dict keys are PyTorch's
 * (`self_attn.in_proj_weight`, `linear1.weight`, `norm1.weight`, …); init draws in PyTorch's order.
 * @example
 * const layer = new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 32, dropout: 0 });
 * layer.forward(torch.randn(5, 3, 8)).shape; // [5, 3, 8]
 */
export class TransformerEncoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly config: LayerConfig;
  readonly normFirst: boolean;
  self_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: TransformerActivation;

  constructor(dModel: number, nhead: number, ...args: TransformerLayerArgs) {
    super();
    const c = layerConfig(args, 'TransformerEncoderLayer');
    this.dModel = dModel;
    this.nhead = nhead;
    this.config = c;
    this.normFirst = c.normFirst;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout: c.dropout, batchFirst: c.batchFirst });
    this.linear1 = new Linear(dModel, c.dimFeedforward);
    this.dropout = new Dropout(c.dropout);
    this.linear2 = new Linear(c.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, c.layerNormEps);
    this.norm2 = new LayerNorm(dModel, c.layerNormEps);
    this.dropout1 = new Dropout(c.dropout);
    this.dropout2 = new Dropout(c.dropout);
    activationFn(c.activation);
    this.activation = c.activation;
  }

  /** A deep copy that draws no random numbers (`copy.deepcopy`), used by {@link TransformerEncoder}. */
  clone(): TransformerEncoderLayer {
    const c = this.config;
    return cloneModule(
      this,
      () =>
        new TransformerEncoderLayer(
          this.dModel,
          this.nhead,
          c.dimFeedforward,
          c.dropout,
          c.activation,
          c.layerNormEps,
          c.batchFirst,
          c.normFirst,
        ),
    );
  }

  /** Positional `(src, srcMask, srcKeyPaddingMask)` or `(src, { srcMask, srcKeyPaddingMask })`. */
  override forward(
    src: Tensor,
    srcMask: Tensor | null | EncoderLayerMasks = null,
    srcKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const m: EncoderLayerMasks =
      srcMask === null || srcMask instanceof Tensor ? { srcMask, srcKeyPaddingMask } : srcMask;
    const mask = m.srcMask ?? null;
    const kpm = m.srcKeyPaddingMask ?? null;
    checkPaddingMask(kpm);
    let x = src;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.forward(x), mask, kpm));
      x = x.add(this.ffBlock(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.saBlock(x, mask, kpm)));
      x = this.norm2.forward(x.add(this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.self_attn.forward(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.forward(y);
  }

  private ffBlock(x: Tensor): Tensor {
    const h = this.dropout.forward(activationFn(this.activation)(this.linear1.forward(x)));
    return this.dropout2.forward(this.linear2.forward(h));
  }
}

/** Masks of {@link TransformerDecoderLayer.forward} and {@link TransformerDecoder.forward}. */
export interface DecoderMasks {
  tgtMask?: Tensor | null;
  memoryMask?: Tensor | null;
  tgtKeyPaddingMask?: Tensor | null;
  memoryKeyPaddingMask?: Tensor | null;
}

/** Reads decoder masks given positionally or as one options object. */
export function decoderMasks(
  tgtMask: Tensor | null | DecoderMasks,
  memoryMask: Tensor | null,
  tgtKeyPaddingMask: Tensor | null,
  memoryKeyPaddingMask: Tensor | null,
): DecoderMasks {
  return tgtMask === null || tgtMask instanceof Tensor
    ? { tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask }
    : tgtMask;
}

/**
 * One decoder block (`torch.nn.TransformerDecoderLayer`, PyTorch 1.13): self-attention over the
 * target, cross-attention to the encoder output (`memory`), then a feed-forward network; each with
 * dropout, residual and LayerNorm (post-norm, or pre-norm with `normFirst`).
 *
 * Post-norm: x = norm1(x + SA(x)); x = norm2(x + MHA(x, mem)); x = norm3(x + FF(x)).
 *
 * Shapes: tgt `(T, N, E)`, memory `(S, N, E)` (batch first with `batchFirst`; unbatched without N)
 * → `(T, N, E)`; tgtMask `(T, T)`, memoryMask `(T, S)`, tgtKeyPaddingMask `(N, T)`,
 * memoryKeyPaddingMask `(N, S)`. State-dict keys are PyTorch's (`multihead_attn.out_proj.weight`, `norm3.bias`, …).
 * @example
 * const layer = new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 32 });
 * const tgtMask = nn.Transformer.generateSquareSubsequentMask(4);
 * layer.forward(torch.randn(4, 3, 8), torch.randn(6, 3, 8), { tgtMask }).shape; // [4, 3, 8]
 */
export class TransformerDecoderLayer extends Module {
  readonly dModel: number;
  readonly nhead: number;
  readonly config: LayerConfig;
  readonly normFirst: boolean;
  self_attn: MultiheadAttention;
  multihead_attn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: TransformerActivation;

  constructor(dModel: number, nhead: number, ...args: TransformerLayerArgs) {
    super();
    const c = layerConfig(args, 'TransformerDecoderLayer');
    this.dModel = dModel;
    this.nhead = nhead;
    this.config = c;
    this.normFirst = c.normFirst;
    const attn = { dropout: c.dropout, batchFirst: c.batchFirst };
    this.self_attn = new MultiheadAttention(dModel, nhead, attn);
    this.multihead_attn = new MultiheadAttention(dModel, nhead, attn);
    this.linear1 = new Linear(dModel, c.dimFeedforward);
    this.dropout = new Dropout(c.dropout);
    this.linear2 = new Linear(c.dimFeedforward, dModel);
    this.norm1 = new LayerNorm(dModel, c.layerNormEps);
    this.norm2 = new LayerNorm(dModel, c.layerNormEps);
    this.norm3 = new LayerNorm(dModel, c.layerNormEps);
    this.dropout1 = new Dropout(c.dropout);
    this.dropout2 = new Dropout(c.dropout);
    this.dropout3 = new Dropout(c.dropout);
    activationFn(c.activation);
    this.activation = c.activation;
  }

  /** A deep copy that draws no random numbers (`copy.deepcopy`), used by {@link TransformerDecoder}. */
  clone(): TransformerDecoderLayer {
    const c = this.config;
    return cloneModule(
      this,
      () =>
        new TransformerDecoderLayer(
          this.dModel,
          this.nhead,
          c.dimFeedforward,
          c.dropout,
          c.activation,
          c.layerNormEps,
          c.batchFirst,
          c.normFirst,
        ),
    );
  }

  /**
   * Positional `(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask)` or
   * `(tgt, memory, { tgtMask, … })`.
   */
  override forward(
    tgt: Tensor,
    memory: Tensor,
    tgtMask: Tensor | null | DecoderMasks = null,
    memoryMask: Tensor | null = null,
    tgtKeyPaddingMask: Tensor | null = null,
    memoryKeyPaddingMask: Tensor | null = null,
  ): Tensor {
    const m = decoderMasks(tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    const [tm, mm] = [m.tgtMask ?? null, m.memoryMask ?? null];
    const [tk, mk] = [m.tgtKeyPaddingMask ?? null, m.memoryKeyPaddingMask ?? null];
    let x = tgt;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.forward(x), tm, tk));
      x = x.add(this.mhaBlock(this.norm2.forward(x), memory, mm, mk));
      x = x.add(this.ffBlock(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.saBlock(x, tm, tk)));
      x = this.norm2.forward(x.add(this.mhaBlock(x, memory, mm, mk)));
      x = this.norm3.forward(x.add(this.ffBlock(x)));
    }
    return x;
  }

  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.self_attn.forward(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.forward(y);
  }

  private mhaBlock(x: Tensor, mem: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.multihead_attn.forward(x, mem, mem, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout2.forward(y);
  }

  private ffBlock(x: Tensor): Tensor {
    const h = this.dropout.forward(activationFn(this.activation)(this.linear1.forward(x)));
    return this.dropout3.forward(this.linear2.forward(h));
  }
}
