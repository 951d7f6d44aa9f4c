import { RuntimeError, type Tensor, ValueError } from '@kindling/core';
import { imageSize, remap, span } from './planes.js';
import { nearestIndex, resizeBilinear } from './resample.js';

/** `InterpolationMode` values the tensor transforms support. */
export type InterpolationMode = 'nearest' | 'bilinear';
/** `padding_mode` of `pad`/`RandomCrop`. */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** `F.hflip`: mirrors the last (width) dimension. */
export function hflip(img: Tensor): Tensor {
  imageSize(img);
  return img.flip(-1);
}

/** `F.vflip`: mirrors the height dimension. */
export function vflip(img: Tensor): Tensor {
  imageSize(img);
  return img.flip(-2);
}

/**
 * `F.crop`: the window at (top, left) of size (height, width); parts outside the image are zero, as
 * torchvision pads them.
 */
export function crop(img: Tensor, top: number, left: number, height: number, width: number): Tensor {
  const [h, w] = imageSize(img);
  return remap(img, span(top, height, h), span(left, width, w), 0);
}

/** Python's `round` (halves to even), which torchvision uses for crop offsets. */
function pyRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** An `int` or `[h, w]` (or `[size]`) size argument as `[h, w]`. */
export function pairSize(size: number | readonly number[], what = 'size'): [number, number] {
  if (typeof size === 'number') return [size, size];
  if (size.length === 1) return [size[0]!, size[0]!];
  if (size.length === 2) return [size[0]!, size[1]!];
  throw new ValueError(`Please provide only two dimensions (h, w) for ${what}.`);
}

/** `F.center_crop`: the centred window of `outputSize`, zero-padded if the image is smaller. */
export function centerCrop(img: Tensor, outputSize: number | readonly number[]): Tensor {
  const [ch, cw] = pairSize(outputSize);
  const [h, w] = imageSize(img);
  if (cw > w || ch > h) {
    const l = cw > w ? Math.floor((cw - w) / 2) : 0;
    const t = ch > h ? Math.floor((ch - h) / 2) : 0;
    const r = cw > w ? Math.floor((cw - w + 1) / 2) : 0;
    const b = ch > h ? Math.floor((ch - h + 1) / 2) : 0;
    const padded = pad(img, [l, t, r, b], 0);
    const [ph, pw] = imageSize(padded);
    if (cw === pw && ch === ph) return padded;
    return crop(padded, pyRound((ph - ch) / 2), pyRound((pw - cw) / 2), ch, cw);
  }
  return crop(img, pyRound((h - ch) / 2), pyRound((w - cw) / 2), ch, cw);
}

/** Padding as `[left, top, right, bottom]` from an int, `[lr, tb]` or `[l, t, r, b]`. */
export function padLTRB(padding: number | readonly number[]): [number, number, number, number] {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0]!, padding[0]!, padding[0]!, padding[0]!];
  if (padding.length === 2) return [padding[0]!, padding[1]!, padding[0]!, padding[1]!];
  if (padding.length === 4) return [padding[0]!, padding[1]!, padding[2]!, padding[3]!];
  throw new ValueError(
    `Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`,
  );
}

function padIndex(before: number, after: number, n: number, mode: PaddingMode): Int32Array {
  const len = n + before + after;
  const idx = new Int32Array(len);
  for (let k = 0; k < len; k++) {
    let i = k - before;
    if (i < 0 || i >= n) {
      if (mode === 'constant') i = -1;
      else if (mode === 'edge') i = i < 0 ? 0 : n - 1;
      else if (mode === 'reflect') i = i < 0 ? -i : 2 * (n - 1) - i;
      else i = i < 0 ? -i - 1 : 2 * n - 1 - i;
    }
    idx[k] = i;
  }
  return idx;
}

/**
 * `F.pad`: pads the last two dims by `[left, top, right, bottom]` (an int pads all sides, `[a, b]`
 * pads left/right by a and top/bottom by b) with a constant `fill` or the `edge`, `reflect` or
 * `symmetric` mode. Negative padding crops.
 */
export function pad(
  img: Tensor,
  padding: number | readonly number[],
  fill = 0,
  paddingMode: PaddingMode = 'constant',
): Tensor {
  const [l, t, r, b] = padLTRB(padding);
  const [h, w] = imageSize(img);
  if (paddingMode === 'reflect' && (Math.max(l, r) >= w || Math.max(t, b) >= h)) {
    throw new RuntimeError(
      `Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension 3 of input [${img.shape.join(', ')}]`,
    );
  }
  if (paddingMode === 'symmetric' && (Math.max(l, r) > w || Math.max(t, b) > h)) {
    throw new RuntimeError(`symmetric padding larger than the image is not supported`);
  }
  const rows = padIndex(t, b, h, paddingMode);
  const cols = padIndex(l, r, w, paddingMode);
  return remap(img, rows, cols, fill);
}

/**
 * The output size of `resize` (torchvision's `_compute_resized_output_size`): an int (or `[int]`)
 * sets the smaller edge keeping the aspect ratio (the longer edge truncated), `[h, w]` is exact.
 */
export function resizedSize(
  h: number,
  w: number,
  size: number | readonly number[],
  maxSize?: number,
): [number, number] {
  if (typeof size !== 'number' && size.length === 2) {
    if (maxSize !== undefined) {
      throw new ValueError('max_size should only be passed if size specifies the length of the smaller edge');
    }
    return [size[0]!, size[1]!];
  }
  const req = typeof size === 'number' ? size : size[0]!;
  const short = Math.min(h, w);
  const long = Math.max(h, w);
  let newShort = req;
  let newLong = Math.trunc((req * long) / short);
  if (maxSize !== undefined) {
    if (maxSize <= req) {
      throw new ValueError(
        `max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${req}`,
      );
    }
    if (newLong > maxSize) {
      newShort = Math.trunc((maxSize * newShort) / newLong);
      newLong = maxSize;
    }
  }
  return w <= h ? [newLong, newShort] : [newShort, newLong];
}

/** Options of `resize` (torchvision's keyword arguments). */
export interface ResizeOptions {
  interpolation?: InterpolationMode;
  maxSize?: number;
  /** Antialiased downscaling (bilinear only); torchvision 0.14's tensor path defaults to false. */
  antialias?: boolean;
}

/**
 * `F.resize` on a tensor [..., H, W]: `nearest` or `bilinear` (default) interpolation, optionally
 * antialiased when shrinking.
 * @example
 * F.resize(img, 32);        // smaller edge to 32
 * F.resize(img, [64, 48], { antialias: true });
 */
export function resize(img: Tensor, size: number | readonly number[], opts: ResizeOptions = {}): Tensor {
  const { interpolation = 'bilinear', maxSize, antialias = false } = opts;
  const [h, w] = imageSize(img);
  const [oh, ow] = resizedSize(h, w, size, maxSize);
  if (oh === h && ow === w) return img;
  if (interpolation === 'nearest') return remap(img, nearestIndex(h, oh), nearestIndex(w, ow));
  if (interpolation !== 'bilinear') throw new ValueError(`Unsupported interpolation mode '${interpolation}'`);
  return resizeBilinear(img, oh, ow, antialias);
}

/** `F.resized_crop`: `crop` then `resize` to `size`. */
export function resizedCrop(
  img: Tensor,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | readonly number[],
  opts: ResizeOptions = {},
): Tensor {
  return resize(crop(img, top, left, height, width), size, opts);
}
