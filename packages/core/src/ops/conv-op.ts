import { defineOp, dispatch1 } from '../dispatcher.js';
import type { OpDef } from '../op.js';
import type { Tensor } from '../tensor.js';
import { bmmOp } from './linalg.js';
import { col2imOp, type Im2colAttrs, im2colOp, windowCount } from './unfold.js';

/** Geometry of a 2-D convolution, normalised to pairs (padding symmetric; 'same' is resolved before). */
export interface Conv2dAttrs {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly groups: number;
}

function im2colAttrs(x: readonly number[], w: readonly number[], a: Conv2dAttrs): Im2colAttrs {
  return {
    kernelSize: [w[2]!, w[3]!],
    dilation: a.dilation,
    padding: a.padding,
    stride: a.stride,
    outputSize: [x[2]!, x[3]!],
  };
}

function isPointwise(w: readonly number[], a: Conv2dAttrs): boolean {
  return (
    w[2] === 1 &&
    w[3] === 1 &&
    a.stride[0] === 1 &&
    a.stride[1] === 1 &&
    a.padding[0] === 0 &&
    a.padding[1] === 0
  );
}

/** `[N, C·kh·kw, L]` columns of `x` (a plain view for 1×1 stride-1 unpadded filters). */
function columns(x: Tensor, w: readonly number[], a: Conv2dAttrs): Tensor {
  const [N, C] = x.shape as [number, number];
  if (isPointwise(w, a)) return x.reshape(N, C, x.shape[2]! * x.shape[3]!);
  return dispatch1(im2colOp, [x], im2colAttrs(x.shape, w, a));
}

/**
 * 2-D convolution without bias: `[N, C, H, W] ⋆ [O, C/groups, kh, kw] → [N, O, oh, ow]`. Callers
 * validate shapes (see `conv2d`). Backends may fuse it (the CPU runs Winograd F(2×2, 3×3) for 3×3
 * stride-1 filters); the reference `impl` is im2col + one GEMM per image. Both gradients are written
 * with ops: the input's is a col2im of `Wᵀ·g`, the weight's `g·colsᵀ` summed over the batch, so
 * double backward works.
 */
export const conv2dOp: OpDef<Conv2dAttrs> = defineOp<Conv2dAttrs>({
  name: 'conv2d',
  meta([x, w], a) {
    const [oh, ow] = windowCount(im2colAttrs(x!.shape, w!.shape, a));
    return { outputs: [{ shape: [x!.shape[0]!, w!.shape[0]!, oh, ow], dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([x, w], a) {
    const [N] = x!.shape as [number];
    const [O, Cg, kh, kw] = w!.shape as [number, number, number, number];
    const [oh, ow] = windowCount(im2colAttrs(x!.shape, w!.shape, a));
    const L = oh * ow;
    const K = Cg * kh * kw;
    const G = a.groups;
    const cols = columns(x!, w!.shape, a).reshape(N * G, K, L);
    // The weight is a stride-0 batch view: one GEMM per image and group, no weight copies for G = 1.
    const wb = w!
      .reshape(1, G, O / G, K)
      .expand(N, G, O / G, K)
      .reshape(N * G, O / G, K);
    return dispatch1(bmmOp, [wb, cols], {}).view(N, O, oh, ow);
  },
  backward(ctx, [g]) {
    const [x, w] = ctx.inputs as [Tensor, Tensor];
    const a = ctx.attrs;
    const N = x.shape[0]!;
    const [O, Cg, kh, kw] = w.shape as [number, number, number, number];
    const G = a.groups;
    const Og = O / G;
    const K = Cg * kh * kw;
    const L = g!.shape[2]! * g!.shape[3]!;
    const gg = g!.reshape(N * G, Og, L);
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    if (ctx.needsInputGrad[0]) {
      const wt = w
        .reshape(1, G, Og, K)
        .transpose(2, 3)
        .expand(N, G, K, Og)
        .reshape(N * G, K, Og);
      const gcols = dispatch1(bmmOp, [wt, gg], {}).view(N, G * K, L);
      gx = isPointwise(w.shape, a)
        ? gcols.view(x.shape)
        : dispatch1(col2imOp, [gcols], im2colAttrs(x.shape, w.shape, a));
    }
    if (ctx.needsInputGrad[1]) {
      const cols = columns(x, w.shape, a).reshape(N * G, K, L);
      gw = dispatch1(bmmOp, [gg, cols.transpose(1, 2)], {})
        .view(N, O, K)
        .sum(0)
        .view(w.shape);
    }
    return [gx, gw];
  },
});
