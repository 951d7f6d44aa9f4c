import { fromTypedArray, RuntimeError, type Tensor, type TypedArray } from '@kindling/core';

/** Height and width of an image tensor [..., H, W] (`F.get_image_size` reversed). */
export function imageSize(img: Tensor): [number, number] {
  if (img.dim() < 2) {
    throw new TypeError(`Tensor is not a torch image: expected at least 2 dimensions, got ${img.dim()}`);
  }
  return [img.shape[img.dim() - 2]!, img.shape[img.dim() - 1]!];
}

/** Number of channels of an image tensor: 1 for [H, W], else the size of dim -3. */
export function numChannels(img: Tensor): number {
  if (img.dim() === 2) return 1;
  if (img.dim() > 2) return img.shape[img.dim() - 3]!;
  throw new TypeError(`Input ndim should be 2 or more. Got ${img.dim()}`);
}

/** @internal A new tensor of `img`'s dtype and leading dims, with planes [outH, outW]. */
export function newPlanes(img: Tensor, outH: number, outW: number): { out: TypedArray; shape: number[] } {
  const shape = [...img.shape.slice(0, -2), outH, outW];
  const n = shape.reduce((a, b) => a * b, 1);
  const src = img.dataSync();
  const ctor = src.constructor as new (n: number) => TypedArray;
  return { out: new ctor(n), shape };
}

/**
 * Builds [..., outH, outW] with `out[y][x] = in[rows[y]][cols[x]]`, or `fill` where either index is
 * -1: one gather that serves crops, flips, padding (every mode) and nearest resizing.
 * @internal
 */
export function remap(
  img: Tensor,
  rows: Int32Array,
  cols: Int32Array,
  fill: number | readonly number[] = 0,
): Tensor {
  const [h, w] = imageSize(img);
  if (img.numel() === 0 && rows.length * cols.length !== 0)
    throw new RuntimeError('cannot remap an empty image');
  const src = img.contiguous().dataSync();
  const { out, shape } = newPlanes(img, rows.length, cols.length);
  const planes = h * w === 0 ? 0 : src.length / (h * w);
  const c = img.dim() >= 3 ? img.shape[img.dim() - 3]! : 1;
  const outPlane = rows.length * cols.length;
  for (let p = 0; p < planes; p++) {
    const f = typeof fill === 'number' ? fill : (fill[p % c] ?? fill[0] ?? 0);
    const si = p * h * w;
    let o = p * outPlane;
    for (let y = 0; y < rows.length; y++) {
      const r = rows[y]!;
      for (let x = 0; x < cols.length; x++, o++) {
        const col = cols[x]!;
        out[o] = r < 0 || col < 0 ? f : src[si + r * w + col]!;
      }
    }
  }
  return fromTypedArray(out, shape, img.dtype);
}

/** Index `i` in [0, n) or -1, over the range [start, start + len). */
export function span(start: number, len: number, n: number): Int32Array {
  const idx = new Int32Array(len);
  for (let k = 0; k < len; k++) {
    const i = start + k;
    idx[k] = i >= 0 && i < n ? i : -1;
  }
  return idx;
}
