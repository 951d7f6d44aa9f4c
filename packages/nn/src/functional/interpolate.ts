import { NotImplementedError, type Tensor, tensor, ValueError } from '@kindling/core';

/** The modes `interpolate` supports. */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'trilinear';

/** Options of `interpolate` (PyTorch's keyword arguments, camelCase). */
export type InterpolateOptions = {
  size?: number | readonly number[] | null;
  scaleFactor?: number | readonly number[] | null;
  mode?: InterpolateMode;
  alignCorners?: boolean | null;
  recomputeScaleFactor?: boolean | null;
};

const LINEAR_DIMS: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

type Round = (v: number) => number;

// PyTorch's compute_scales_value: 1/scale_factor when one was given, else in/out.
function scalesValue(scale: number | null, inSize: number, outSize: number, f: Round): number {
  return scale !== null && scale > 0 ? f(1 / scale) : f(inSize / outSize);
}

// upsample_nearest's source index: min(floor(i · scale), in − 1) with a float32 scale, as the CPU kernel.
function nearestIndices(inSize: number, outSize: number, scale: number | null, exact: boolean): number[] {
  const s = scalesValue(scale, inSize, outSize, Math.fround);
  return Array.from({ length: outSize }, (_, i) =>
    Math.min(Math.floor(Math.fround(exact ? (i + 0.5) * s : i * s)), inSize - 1),
  );
}

/**
 * PyTorch's compute_source_index_and_lambda: for each output position the two input neighbours and
 * their weights, with float32 rounding at the same steps as the CPU kernel for float32 inputs.
 */
function linearIndices(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  scale: number | null,
  f: Round,
) {
  const i0: number[] = [];
  const i1: number[] = [];
  const l0: number[] = [];
  const l1: number[] = [];
  const ratio = alignCorners
    ? outSize > 1
      ? f(f(inSize - 1) / (outSize - 1))
      : 0
    : scalesValue(scale, inSize, outSize, f);
  for (let i = 0; i < outSize; i++) {
    if (outSize === inSize) {
      i0.push(i);
      i1.push(i);
      l0.push(1);
      l1.push(0);
      continue;
    }
    let src = alignCorners ? f(ratio * i) : f(ratio * (i + 0.5) - 0.5);
    if (src < 0) src = 0;
    const lo = Math.trunc(src);
    i0.push(lo);
    i1.push(lo + (lo < inSize - 1 ? 1 : 0));
    const w1 = Math.min(Math.max(f(src - lo), 0), 1);
    l1.push(w1);
    l0.push(f(1 - w1));
  }
  return { i0, i1, l0, l1 };
}

// Index and weight tables are made on the input's device (they are small; uploading beats mixing).
const long = (v: number[], like: Tensor) => tensor(v, { dtype: 'int64', device: like.device });

function weightsAlong(w: number[], dim: number, nd: number, like: Tensor): Tensor {
  const shape = new Array<number>(nd).fill(1);
  shape[dim] = w.length;
  return tensor(w, { dtype: like.dtype, device: like.device }).reshape(shape);
}

function resolveSizes(input: Tensor, o: InterpolateOptions) {
  const dim = input.shape.length - 2;
  const spatial = input.shape.slice(2);
  if (o.size !== undefined && o.size !== null && o.scaleFactor !== undefined && o.scaleFactor !== null) {
    throw new ValueError('only one of size or scale_factor should be defined');
  }
  let outSize: number[] | null = null;
  let scales: (number | null)[] = new Array<number | null>(Math.max(dim, 0)).fill(null);
  if (o.size !== undefined && o.size !== null) {
    if (typeof o.size !== 'number' && o.size.length !== dim) {
      throw new ValueError(
        `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${spatial.join(', ')}] and output size of [${o.size.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
      );
    }
    outSize = typeof o.size === 'number' ? new Array<number>(dim).fill(o.size) : [...o.size];
  } else if (o.scaleFactor !== undefined && o.scaleFactor !== null) {
    if (typeof o.scaleFactor !== 'number' && o.scaleFactor.length !== dim) {
      throw new ValueError(
        `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${spatial.join(', ')}] and scale_factor of shape [${o.scaleFactor.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
      );
    }
    scales =
      typeof o.scaleFactor === 'number' ? new Array<number>(dim).fill(o.scaleFactor) : [...o.scaleFactor];
  } else {
    throw new ValueError('either size or scale_factor should be defined');
  }
  if (o.recomputeScaleFactor && o.size !== undefined && o.size !== null) {
    throw new ValueError('recompute_scale_factor is not meaningful with an explicit size.');
  }
  if (outSize === null) {
    // The C++ side truncates in_size · scale (a double product); recompute also floors, then forgets the scale.
    outSize = scales.map((s, i) => Math.floor(spatial[i]! * s!));
    if (o.recomputeScaleFactor) scales = scales.map(() => null);
  }
  return { outSize, scales };
}

/**
 * `F.interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None)` for [N, C, d1, …] inputs: 'nearest' and 'nearest-exact' (1–3
 * spatial dims), 'linear' (3-D), 'bilinear' (4-D), 'trilinear' (5-D). Source indices and weights
 * follow PyTorch's CPU kernels (float32 rounding included, the `align_corners=False` half-pixel rule
 * and 1/scale_factor when a scale is given); the result is built from `indexSelect`, so gradients
 * flow. Mirrors `torch.nn.functional.interpolate`.
 * @example F.interpolate(img, { scaleFactor: 2, mode: 'bilinear', alignCorners: false })
 */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  const mode = options.mode ?? 'nearest';
  const nearest = mode === 'nearest' || mode === 'nearest-exact';
  if (nearest && options.alignCorners !== undefined && options.alignCorners !== null) {
    throw new ValueError(
      'align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear',
    );
  }
  const alignCorners = options.alignCorners ?? false;
  const nd = input.shape.length;
  const { outSize, scales } = resolveSizes(input, options);
  const linearNd = LINEAR_DIMS[mode];
  if (linearNd !== undefined && nd !== linearNd && nd >= 3 && nd <= 5) {
    throw new NotImplementedError(`Got ${nd}D input, but ${mode} mode needs ${linearNd}D input`);
  }
  if (!(nd >= 3 && nd <= 5) || (!nearest && linearNd === undefined)) {
    throw new NotImplementedError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`,
    );
  }
  const f: Round = input.dtype === 'float32' ? Math.fround : (v) => v;
  let x = input;
  // Innermost dim first: the result then sums in PyTorch's nesting order (outer dims last).
  for (let k = nd - 3; k >= 0; k--) {
    const dim = k + 2;
    const inSize = input.shape[dim]!;
    if (nearest) {
      x = x.indexSelect(
        dim,
        long(nearestIndices(inSize, outSize[k]!, scales[k] ?? null, mode === 'nearest-exact'), x),
      );
      continue;
    }
    const { i0, i1, l0, l1 } = linearIndices(inSize, outSize[k]!, alignCorners, scales[k] ?? null, f);
    const a = x.indexSelect(dim, long(i0, x)).mul(weightsAlong(l0, dim, nd, x));
    x = a.add(x.indexSelect(dim, long(i1, x)).mul(weightsAlong(l1, dim, nd, x)));
  }
  return x;
}
