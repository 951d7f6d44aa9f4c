import {
  empty,
  NotImplementedError,
  noGrad,
  parseArgs,
  RuntimeError,
  type Tensor,
  ValueError,
  where,
} from '@kindling/core';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyFloat } from './repr.js';

/** Options of {@link Embedding} in PyTorch's keyword names (camelCase). */
export interface EmbeddingOptions {
  /** This row gets no gradient and starts at zero (e.g. a padding token). Negative counts from the end. */
  paddingIdx?: number | null;
  /** Rows looked up are first renormalised in place to at most this `normType`-norm. */
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
  /** Use this tensor as the initial weight instead of drawing one. */
  weight?: Tensor | null;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (`torch.nn.Embedding`).
 *
 * Shapes: integer indices `(*)` → `(*, embeddingDim)`. Default init: weight from N(0, 1)
 * (`normal_`, PyTorch's exact draws under the same seed), then the `paddingIdx` row set to zero.
 * @example
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * emb.forward(torch.tensor([[1, 2], [0, 9]])).shape; // [2, 2, 3]
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, ...rest: unknown[]) {
    super();
    const o = parseArgs<Required<EmbeddingOptions>>(
      rest,
      ['paddingIdx', 'maxNorm', 'normType', 'scaleGradByFreq', 'sparse', 'weight'],
      { paddingIdx: null, maxNorm: null, normType: 2, scaleGradByFreq: false, sparse: false, weight: null },
      'Embedding',
    );
    let pad = o.paddingIdx;
    if (pad !== null) {
      if (pad > 0 && pad >= numEmbeddings) throw new ValueError('Padding_idx must be within num_embeddings');
      if (pad < 0 && pad < -numEmbeddings) throw new ValueError('Padding_idx must be within num_embeddings');
      if (pad < 0) pad += numEmbeddings;
    }
    if (o.sparse) throw new NotImplementedError('Embedding(sparse=True): sparse gradients are not supported');
    if (o.scaleGradByFreq)
      throw new NotImplementedError('Embedding(scale_grad_by_freq=True) is not supported');
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = pad;
    this.maxNorm = o.maxNorm;
    this.normType = o.normType;
    this.scaleGradByFreq = o.scaleGradByFreq;
    this.sparse = o.sparse;
    if (o.weight) {
      const s = o.weight.shape;
      if (s.length !== 2 || s[0] !== numEmbeddings || s[1] !== embeddingDim) {
        throw new ValueError('Shape of weight does not match num_embeddings and embedding_dim');
      }
      this.weight = new Parameter(o.weight);
    } else {
      this.weight = new Parameter(empty(numEmbeddings, embeddingDim));
      this.resetParameters();
    }
  }

  /**
   * An Embedding holding `embeddings` (`Embedding.from_pretrained`); frozen (no gradient) unless
   * `freeze` is false.
   */
  static fromPretrained(
    embeddings: Tensor,
    opts: Omit<EmbeddingOptions, 'weight'> & { freeze?: boolean } = {},
  ): Embedding {
    if (embeddings.ndim !== 2) throw new ValueError('Embeddings parameter is expected to be 2-dimensional');
    const { freeze = true, ...rest } = opts;
    const e = new Embedding(embeddings.shape[0]!, embeddings.shape[1]!, { ...rest, weight: embeddings });
    e.weight.requiresGrad_(!freeze);
    return e;
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row (`reset_parameters`). */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  override forward(input: Tensor): Tensor {
    if (input.dtype !== 'int64' && input.dtype !== 'int32') {
      throw new RuntimeError(
        `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${input.dtype} instead (while checking arguments for embedding)`,
      );
    }
    const flat = input.reshape(-1);
    if (this.maxNorm !== null) this._renorm(flat);
    let out = this.weight.indexSelect(0, flat);
    if (this.paddingIdx !== null && this.weight.requiresGrad) {
      // Same values, but the padding rows' outputs are cut from the graph: their weight row gets no gradient.
      out = where(flat.eq(this.paddingIdx).unsqueeze(1), out.detach(), out);
    }
    return out.view([...input.shape, this.embeddingDim]);
  }

  /** `embedding_renorm_`: each looked-up row with norm > maxNorm is scaled by maxNorm / (norm + 1e-7). */
  private _renorm(indices: Tensor): void {
    const ids = [...new Set(Array.from(indices.dataSync(), Number))].sort((a, b) => a - b);
    noGrad(() => {
      for (const i of ids) {
        const row = this.weight.select(0, i);
        const norm = Number(row.norm(this.normType).item());
        if (norm > this.maxNorm!) row.mul_(this.maxNorm! / (norm + 1e-7));
      }
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    return s;
  }
}
