/**
 * @packageDocumentation
 * `@kindling/core`: tensors, dtypes, autograd, the op table and the dispatcher that backends register
 * into. Use it through the `kindling` package unless you are writing a backend or a library.
 *
 * Random numbers (`manualSeed`, `rand`, `randn`, `randint`, `randperm`, `uniform_`, `normal_`, …)
 * are bit-for-bit those PyTorch 1.13 makes on an AVX2 CPU from the same seed (see `random/index.ts`).
 */
import './ops/index.js';
import { _setNoGrad } from './dispatcher.js';
import { noGrad } from './autograd/grad-mode.js';
import { _setTensorCheck } from './memory.js';
import { Tensor } from './tensor.js';

_setNoGrad(noGrad);
_setTensorCheck((x: unknown): x is Tensor => x instanceof Tensor);

export { Tensor, type NestedArray } from './tensor.js';
export * from './dtype.js';
export * from './errors.js';
export {
  type Backend,
  type Storage,
  type TensorView,
  registerBackend,
  getBackend,
  hasBackend,
  listBackends,
} from './backend.js';
export { defineOp, registerKernel, getKernel, listOps, registeredKernels, dispatch, dispatch1 } from './dispatcher.js';
export type { OpDef, OpMeta, OutputMeta, GradContext, Kernel, ViewGeometry } from './op.js';
export {
  broadcastShapes,
  broadcastStrides,
  contiguousStrides,
  isContiguous,
  normalizeDim,
  numel,
  type Shape,
} from './shape.js';
export { scope, keep, memory, type TensorContainer } from './memory.js';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode.js';
export { Node, type Edge, type GradHook } from './autograd/node.js';
export { formatTensor, setPrintOptions, printOptions } from './format.js';
export type { Scalar, TensorOrScalar, TensorOptions } from './ops/args.js';
export { isOptions, parseArgs } from './ops/args.js';
export * from './ops/creation.js';
export { listUnaryOps, type UnaryAttrs } from './ops/unary.js';
export { listBinaryOps, type BinaryAttrs } from './ops/binary.js';
export { listReduceOps, type ReduceAttrs, type ReduceDimAttrs } from './ops/reduce.js';
export { where } from './ops/where.js';
export { matmul, mm, bmm, mv, dot, outer } from './ops/linalg.js';
export * as autograd from './autograd/index.js';
export * as ops from './ops/table.js';
export * from './random/index.js';
