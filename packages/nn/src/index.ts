/**
 * @packageDocumentation
 * `@kindling/nn`: neural-network building blocks as `torch.nn` — `Module`, layers, losses,
 * `functional`, `init` and `utils`. Depends only on `@kindling/core` (a peer dependency).
 *
 * Modules are called through `forward`: `model.forward(x)` is PyTorch's `model(x)` (hooks fire).
 */
export {
  ELU,
  GELU,
  Hardtanh,
  LeakyReLU,
  LogSoftmax,
  Mish,
  ReLU,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
} from './activation.js';
export { ModuleDict, ModuleList, Sequential } from './container.js';
export {
  Conv1d,
  Conv2d,
  type ConvLayerOptions,
  ConvTranspose2d,
  type ConvTransposeLayerOptions,
  type PaddingMode,
} from './conv.js';
export { Dropout } from './dropout.js';
export { Embedding, type EmbeddingOptions } from './embedding.js';
export { Flatten, Unflatten } from './flatten.js';
export * as functional from './functional/index.js';
export type { RemovableHandle } from './hooks.js';
export * as init from './init.js';
export { Bilinear, Identity, Linear, type LinearOptions } from './linear.js';
export {
  BCELoss,
  BCEWithLogitsLoss,
  type ClassLossOptions,
  CosineEmbeddingLoss,
  CrossEntropyLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  type LossOptions,
  MarginRankingLoss,
  MSELoss,
  NLLLoss,
  SmoothL1Loss,
} from './losses.js';
export type { MemberOptions } from './members.js';
export { type ForwardHook, type ForwardPreHook, Module } from './module.js';
export {
  BatchNorm1d,
  BatchNorm2d,
  type BatchNormLayerOptions,
  GroupNorm,
  type GroupNormOptions,
  LayerNorm,
  type LayerNormOptions,
} from './normalization.js';
export { ParameterDict, ParameterList } from './param-container.js';
export { Parameter } from './parameter.js';
export {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  type AdaptiveSize,
  AvgPool2d,
  type AvgPoolLayerOptions,
  MaxPool1d,
  MaxPool2d,
  type MaxPoolLayerOptions,
  type MaxPoolResult,
} from './pooling.js';
export { GRU, type GRUOptions, LSTM, type LSTMOptions, RNN, type RNNOptions } from './rnn.js';
export { type RNNArgs, RNNBase, type RNNBaseOptions } from './rnn-base.js';
export {
  GRUCell,
  LSTMCell,
  RNNCell,
  RNNCellBase,
  type RNNCellNonlinearityOptions,
  type RNNCellOptions,
} from './rnn-cell.js';
export type { RNNMode } from './rnn-step.js';
export type { LoadStateDictResult } from './state-dict.js';
export {
  type DecoderMasks,
  type EncoderLayerMasks,
  type TransformerActivation,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
  type TransformerLayerArgs,
  type TransformerLayerOptions,
} from './transformer/layers.js';
export type { MhaForwardOptions } from './transformer/mha-forward.js';
export {
  MultiheadAttention,
  type MultiheadAttentionOptions,
  NonDynamicallyQuantizableLinear,
} from './transformer/multihead-attention.js';
export {
  type EncoderMasks,
  Transformer,
  TransformerDecoder,
  TransformerEncoder,
  type TransformerMasks,
  type TransformerOptions,
} from './transformer/transformer.js';
export { Upsample, type UpsampleOptions } from './upsample.js';
export * as utils from './utils.js';
