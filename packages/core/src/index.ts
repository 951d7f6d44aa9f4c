/**
 * @packageDocumentation
 * `@kindling/core`: tensors, dtypes, autograd, the op table and the dispatcher that backends register
 * into. Use it through the `kindling` package unless you are writing a backend or a library.
 *
 * Random numbers (`manualSeed`, `rand`, `randn`, `randint`, `randperm`, `uniform_`, `normal_`, …)
 * are bit-for-bit those PyTorch 1.13 makes on an AVX2 CPU from the same seed (see `random/index.ts`).
 */
import './ops/index.js';
import { noGrad } from './autograd/grad-mode.js';
import { _setNoGrad } from './dispatcher.js';
import { _setTensorCheck } from './memory.js';
import { Tensor } from './tensor.js';

_setNoGrad(noGrad);
_setTensorCheck((x: unknown): x is Tensor => x instanceof Tensor);

export type { Grads } from './autograd/function.js';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './autograd/grad-mode.js';
export * as autograd from './autograd/index.js';
export { type Edge, type GradHook, Node } from './autograd/node.js';
export {
  type Backend,
  config,
  getBackend,
  hasBackend,
  listBackends,
  readsSynchronously,
  registerBackend,
  type Storage,
  type TensorView,
} from './backend.js';
export { type Dataset, type IterableDataset, isIterableDataset, isMapDataset } from './data/dataset.js';
export {
  defineOp,
  dispatch,
  dispatch1,
  getKernel,
  listOps,
  registeredKernels,
  registerKernel,
} from './dispatcher.js';
export type { TypedArrayCtor } from './dtype.js';
export * from './dtype.js';
export * from './errors.js';
export { formatTensor, type PrintOptionsInput, printOptions, setPrintOptions } from './format.js';
export type { Int64Policy } from './io/codec.js';
export {
  type Deserialized,
  type DeserializeOptions,
  deserialize,
  type SafetensorsMetadata,
  serialize,
  serializeAsync,
} from './io/safetensors.js';
export { load, loadAsync, type SaveOptions, save, saveAsync } from './io/save.js';
export { disposeWithScope, keep, memory, scope, type TensorContainer } from './memory.js';
export type { GradContext, Kernel, OpDef, OpMeta, OutputMeta, ViewGeometry } from './op.js';
export type { Scalar, TensorOptions, TensorOrScalar } from './ops/args.js';
export { isOptions, parseArgs } from './ops/args.js';
export { type BinaryAttrs, listBinaryOps } from './ops/binary.js';
export {
  type ConvOptions,
  type ConvPadding,
  type ConvTransposeOptions,
  conv1d,
  conv2d,
  convTranspose2d,
  type IntOrTuple,
} from './ops/conv.js';
export type { Conv2dAttrs } from './ops/conv-op.js';
export type { ShapeArgs } from './ops/creation.js';
export * from './ops/creation.js';
export { einsum } from './ops/einsum.js';
export type { RoundingMode } from './ops/elementwise-api.js';
export * from './ops/functional.js';
export { type IndexItem, type NestedIndex, Slice, slice } from './ops/index-parse.js';
export type { IndexAddAttrs } from './ops/index-select.js';
export { indexAdd, indexSelect, take } from './ops/index-select.js';
export { type Accumulate, indexPut } from './ops/indexing.js';
export { cat, concat, concatenate, hstack, stack, vstack } from './ops/join.js';
export { bmm, dot, matmul, mm, mv, outer } from './ops/linalg.js';
export { argwhere, maskedFill, maskedSelect, nonzero } from './ops/masked.js';
export { logsumexp, type NormAttrs, norm, vectorNorm } from './ops/norm.js';
export {
  type AffineNormOptions,
  type BatchNormOptions,
  batchNorm,
  groupNorm,
  layerNorm,
} from './ops/normalization.js';
export {
  type AvgPoolOptions,
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  avgPool2d,
  clipWindows,
  type MaxPool2dAttrs,
  type MaxPool2dBackwardAttrs,
  type MaxPoolOptions,
  maxPool1d,
  maxPool2d,
} from './ops/pool.js';
export type { RollAttrs, TriAttrs } from './ops/rearrange.js';
export { flip, roll, tile, tril, triu } from './ops/rearrange.js';
export type { DimArg } from './ops/reduce.js';
export { listReduceOps, type ReduceAttrs, type ReduceDimAttrs } from './ops/reduce.js';
export type { ExtremeDim } from './ops/reduce-fns.js';
export { all, amax, amin, any, argmax, argmin, max, mean, min, prod, sum } from './ops/reduce-fns.js';
export type { ScanOpts } from './ops/scan.js';
export { cumprod, cumsum, logcumsumexp, type ScanAttrs } from './ops/scan.js';
export type { ScatterAttrs } from './ops/scatter-gather.js';
export { gather, type ScatterReduce, scatter, scatterAdd } from './ops/scatter-gather.js';
export type { SoftmaxOpts } from './ops/softmax.js';
export { logSoftmax, type SoftmaxAttrs, softmax } from './ops/softmax.js';
export type { KthOpts, SortOpts, TopkOpts } from './ops/sort.js';
export { argsort, kthvalue, median, type SortAttrs, sort, topk, type ValuesIndices } from './ops/sort.js';
export * as ops from './ops/table.js';
export { listUnaryOps, type UnaryAttrs } from './ops/unary.js';
export type { Pair } from './ops/unfold.js';
export {
  fold,
  type Im2colAttrs,
  type UnfoldOptions,
  unfold,
  windowCount,
  windowGeometry,
} from './ops/unfold.js';
export type { VarArg, VarOpts } from './ops/variance.js';
export { std, stdMean, type VarAttrs, var_ as var, varMean } from './ops/variance.js';
export { where } from './ops/where.js';
export * from './random/index.js';
export type { RandomShapeArgs } from './random/ops.js';
export {
  broadcastShapes,
  broadcastStrides,
  coalesce,
  contiguousStrides,
  isContiguous,
  normalizeDim,
  numel,
  type Shape,
} from './shape.js';
export { type NestedArray, Tensor } from './tensor.js';
