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
export { ParameterDict, ParameterList } from './param-container.js';
export { Parameter } from './parameter.js';
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
export * as utils from './utils.js';
