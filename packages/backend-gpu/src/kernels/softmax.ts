import {
  contiguousStrides,
  numel,
  ops,
  registerKernel,
  type SoftmaxAttrs,
  type TensorView,
} from '@kindling/core';
import { bufferOf, KernelBuilder } from '../builder.js';
import { freeBuffer } from '../program.js';
import { writeView } from '../write.js';
import { type ReduceSource, reduceToBuffer } from './reduce.js';

/**
 * Fused softmax / log-softmax along `dim` in three launches: the line maxima, the sums of
 * exp(x - max) (both chunked reductions), then every element from its line's max and sum. Subtracting
 * the max keeps exp from overflowing; a NaN or infinite max makes the line NaN, as in PyTorch.
 */
function softmaxKernel(log: boolean) {
  return ([x]: readonly TensorView[], [out]: readonly TensorView[], { dim }: SoftmaxAttrs) => {
    const v = x!;
    const o = out!;
    if (numel(o.shape) === 0) return;
    // A 0-d tensor is one line of one element.
    const shape = v.shape.length ? v.shape : [1];
    const strides = v.shape.length ? v.strides : [1];
    const d = v.shape.length ? dim : 0;
    const others = shape.map((_, i) => i).filter((i) => i !== d);
    const src: ReduceSource = {
      buf: bufferOf(v),
      offset: v.offset,
      keptShape: others.map((i) => shape[i]!),
      keptStrides: others.map((i) => strides[i]!),
      redShape: [shape[d]!],
      redStrides: [strides[d]!],
    };
    const mx = reduceToBuffer(src, 'max');
    const sum = reduceToBuffer(src, 'sum', (k, e, line) => `Math.exp(${e} - ${k.arg(mx)}[${line}])`);

    const k = new KernelBuilder();
    const idx = k.unravel('tid', shape);
    const otherIdx = others.map((i) => idx[i]!);
    k.line(`const line = ${k.address(0, contiguousStrides(src.keptShape), otherIdx)};`);
    k.line(`const e = ${k.buffer(v)}[${k.address(v.offset, strides, idx)}];`);
    k.line(`const m = ${k.arg(mx)}[line];`);
    k.line(`const s = ${k.arg(sum)}[line];`);
    const res = log ? 'e - (m + Math.log(s))' : 'Math.exp(e - m) / s';
    writeView(o, k.run(res, numel(shape)));
    freeBuffer(mx);
    freeBuffer(sum);
  };
}

/** Registers the GPU kernels for the fused softmax and logSoftmax. */
export function registerSoftmax(): void {
  registerKernel(ops.softmaxOp, 'gpu', '*', softmaxKernel(false));
  registerKernel(ops.logSoftmaxOp, 'gpu', '*', softmaxKernel(true));
}
