import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import type { OpDef } from '../op.js';
import type { Tensor } from '../tensor.js';

/**
 * Geometry of a sliding 2-D window (PyTorch's unfold/fold arguments), normalised to pairs.
 * `outputSize` is the spatial size of the image side (the input of unfold, the output of fold).
 */
export interface Im2colAttrs {
  readonly kernelSize: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly outputSize: readonly [number, number];
}

export type Pair = number | readonly [number, number] | readonly number[];

function pair(v: Pair, name: string): [number, number] {
  const p = typeof v === 'number' ? [v, v] : [v[0]!, v[1] ?? v[0]!];
  if (!p.every((x) => Number.isInteger(x)))
    throw new RuntimeError(`${name} must be an int or a pair of ints`);
  return p as [number, number];
}

/** Number of window positions along each spatial dim. */
export function windowCount(a: Im2colAttrs): [number, number] {
  const out = [0, 1].map(
    (i) =>
      Math.floor(
        (a.outputSize[i]! + 2 * a.padding[i]! - a.dilation[i]! * (a.kernelSize[i]! - 1) - 1) / a.stride[i]!,
      ) + 1,
  );
  return out as [number, number];
}

/** The numbers an im2col/col2im kernel walks by: attributes unpacked, plus the window counts. */
export function windowGeometry(a: Im2colAttrs) {
  const [kh, kw] = a.kernelSize;
  const [dh, dw] = a.dilation;
  const [ph, pw] = a.padding;
  const [sh, sw] = a.stride;
  const [H, W] = a.outputSize;
  const [oh, ow] = windowCount(a);
  return { kh, kw, dh, dw, ph, pw, sh, sw, H, W, oh, ow };
}

/** im2col: `[N, C, H, W]` → `[N, C·kh·kw, L]`, one column per window position. */
export const im2colOp: OpDef<Im2colAttrs> = defineOp<Im2colAttrs>({
  name: 'im2col',
  meta([x], a) {
    if (x!.shape.length !== 4)
      throw new RuntimeError(
        `Expected 3D or 4D (batch mode) tensor for input, but got: [${x!.shape.join(', ')}]`,
      );
    const [n, c] = x!.shape as [number, number];
    const [oh, ow] = windowCount(a);
    if (oh <= 0 || ow <= 0) {
      throw new RuntimeError(
        `Given input with spatial size (${a.outputSize.join(', ')}), kernel_size=(${a.kernelSize.join(', ')}), dilation=(${a.dilation.join(', ')}), padding=(${a.padding.join(', ')}), calculated shape of the array of sliding blocks as (${oh}, ${ow}), but its components must be at least one.`,
      );
    }
    return {
      outputs: [{ shape: [n, c * a.kernelSize[0] * a.kernelSize[1], oh * ow], dtype: x!.dtype }],
      dtype: x!.dtype,
    };
  },
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    return [dispatch1(col2imOp, [g!], ctx.attrs)];
  },
});

/** col2im: `[N, C·kh·kw, L]` → `[N, C, H, W]`, summing where windows overlap. */
export const col2imOp: OpDef<Im2colAttrs> = defineOp<Im2colAttrs>({
  name: 'col2im',
  meta([x], a) {
    if (x!.shape.length !== 3)
      throw new RuntimeError(
        `Expected 2D or 3D (batch mode) tensor for input, but got: [${x!.shape.join(', ')}]`,
      );
    const [n, ck, l] = x!.shape as [number, number, number];
    const k = a.kernelSize[0] * a.kernelSize[1];
    if (ck % k !== 0) {
      throw new RuntimeError(
        `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ck} and kernel_size=(${a.kernelSize.join(', ')})`,
      );
    }
    const [oh, ow] = windowCount(a);
    if (oh * ow !== l) {
      throw new RuntimeError(
        `Given output_size=(${a.outputSize.join(', ')}), kernel_size=(${a.kernelSize.join(', ')}), dilation=(${a.dilation.join(', ')}), padding=(${a.padding.join(', ')}), stride=(${a.stride.join(', ')}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${oh} * ${ow} = ${oh * ow}, but got input.size(2)=${l}.`,
      );
    }
    return {
      outputs: [{ shape: [n, ck / k, a.outputSize[0], a.outputSize[1]], dtype: x!.dtype }],
      dtype: x!.dtype,
    };
  },
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    return [dispatch1(im2colOp, [g!], ctx.attrs)];
  },
});

/** Keyword arguments of `unfold`/`fold`, as in `torch.nn.functional`. */
export interface UnfoldOptions {
  dilation?: Pair;
  padding?: Pair;
  stride?: Pair;
}

function attrsOf(kernelSize: Pair, spatial: readonly number[], o: UnfoldOptions): Im2colAttrs {
  const a: Im2colAttrs = {
    kernelSize: pair(kernelSize, 'kernel_size'),
    dilation: pair(o.dilation ?? 1, 'dilation'),
    padding: pair(o.padding ?? 0, 'padding'),
    stride: pair(o.stride ?? 1, 'stride'),
    outputSize: [spatial[0]!, spatial[1]!],
  };
  if (a.kernelSize.some((k) => k <= 0))
    throw new RuntimeError(
      `kernel size should be greater than zero, but got kernel_size=(${a.kernelSize.join(', ')})`,
    );
  if (a.stride.some((k) => k <= 0))
    throw new RuntimeError(`stride should be greater than zero, but got stride=(${a.stride.join(', ')})`);
  if (a.dilation.some((k) => k <= 0))
    throw new RuntimeError(
      `dilation should be greater than zero, but got dilation=(${a.dilation.join(', ')})`,
    );
  if (a.padding.some((k) => k < 0))
    throw new RuntimeError(`padding should be non-negative, but got padding=(${a.padding.join(', ')})`);
  return a;
}

/**
 * `torch.nn.functional.unfold` (im2col): extracts sliding local blocks of a `[N, C, H, W]` (or
 * `[C, H, W]`) image into columns `[N, C·kh·kw, L]` — the building block of convolution as a matmul.
 */
export function unfold(input: Tensor, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  const batched = input.shape.length === 4;
  if (!batched && input.shape.length !== 3) {
    throw new RuntimeError(
      `Input Error: Only 3D or 4D input Tensors are supported (got ${input.shape.length}D)`,
    );
  }
  const x = batched ? input : input.unsqueeze(0);
  const out = dispatch1(im2colOp, [x], attrsOf(kernelSize, x.shape.slice(2), opts));
  return batched ? out : out.squeeze(0);
}

/**
 * `torch.nn.functional.fold` (col2im): sums columns `[N, C·kh·kw, L]` back into an image of
 * `outputSize` — the adjoint of {@link unfold}.
 */
export function fold(input: Tensor, outputSize: Pair, kernelSize: Pair, opts: UnfoldOptions = {}): Tensor {
  const batched = input.shape.length === 3;
  if (!batched && input.shape.length !== 2) {
    throw new RuntimeError(
      `Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.shape.length}D)`,
    );
  }
  const x = batched ? input : input.unsqueeze(0);
  const out = dispatch1(col2imOp, [x], attrsOf(kernelSize, pair(outputSize, 'output_size'), opts));
  return batched ? out : out.squeeze(0);
}
