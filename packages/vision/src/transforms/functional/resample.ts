import { fromTypedArray, type Tensor } from '@kindling/core';
import { imageSize } from './planes.js';

/** The filter taps of one output index: first input index, and one weight per consecutive input. */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float64Array;
  maxTaps: number;
}

/**
 * Linear-interpolation taps for `interpolate(mode='bilinear', align_corners=False)` along one axis:
 * without antialias, PyTorch's 2-tap formula; with antialias (downscaling), PIL's triangle filter
 * stretched by the scale, as `_upsample_bilinear2d_aa` computes it.
 */
function linearTaps(inSize: number, outSize: number, antialias: boolean): Taps {
  const scale = inSize / outSize;
  if (antialias) {
    const support = Math.max(scale, 1);
    const invscale = scale >= 1 ? 1 / scale : 1;
    const maxTaps = Math.ceil(support) * 2 + 1;
    const start = new Int32Array(outSize);
    const count = new Int32Array(outSize);
    const weights = new Float64Array(outSize * maxTaps);
    for (let i = 0; i < outSize; i++) {
      const center = scale * (i + 0.5);
      const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
      const xsize = Math.min(Math.trunc(center + support + 0.5), inSize) - xmin;
      let total = 0;
      for (let j = 0; j < xsize; j++) {
        const v = 1 - Math.abs((j + xmin - center + 0.5) * invscale);
        const wgt = Math.max(v, 0);
        weights[i * maxTaps + j] = wgt;
        total += wgt;
      }
      for (let j = 0; j < xsize; j++)
        weights[i * maxTaps + j] = total !== 0 ? weights[i * maxTaps + j]! / total : 0;
      start[i] = xmin;
      count[i] = xsize;
    }
    return { start, count, weights, maxTaps };
  }
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 2);
  for (let i = 0; i < outSize; i++) {
    const src = Math.max(scale * (i + 0.5) - 0.5, 0);
    const i0 = Math.floor(src);
    const lambda = Math.min(src - i0, 1);
    start[i] = i0;
    if (i0 + 1 < inSize) {
      count[i] = 2;
      weights[i * 2] = 1 - lambda;
      weights[i * 2 + 1] = lambda;
    } else {
      count[i] = 1;
      weights[i * 2] = 1;
    }
  }
  return { start, count, weights, maxTaps: 2 };
}

/** Applies `taps` along an axis of length `n` with stride `stride`, over `lines` lines. */
function pass(
  src: Float64Array,
  dst: Float64Array,
  taps: Taps,
  lines: number,
  inStride: number,
  lineStrideIn: number,
  lineStrideOut: number,
  outStride: number,
): void {
  const outLen = taps.start.length;
  for (let l = 0; l < lines; l++) {
    const base = l * lineStrideIn;
    const obase = l * lineStrideOut;
    for (let i = 0; i < outLen; i++) {
      const s = taps.start[i]!;
      const c = taps.count[i]!;
      let acc = 0;
      for (let k = 0; k < c; k++)
        acc += taps.weights[i * taps.maxTaps + k]! * src[base + (s + k) * inStride]!;
      dst[obase + i * outStride] = acc;
    }
  }
}

/**
 * Bilinear resize of [..., H, W] to [..., outH, outW] (torchvision 0.14's tensor `F.resize`):
 * float images stay float; uint8 images are computed in float, rounded, clamped and cast back.
 * @internal
 */
export function resizeBilinear(img: Tensor, outH: number, outW: number, antialias: boolean): Tensor {
  const [h, w] = imageSize(img);
  const src = img.contiguous().dataSync();
  const planes = h * w === 0 ? 0 : src.length / (h * w);
  const th = linearTaps(h, outH, antialias && outH < h);
  const tw = linearTaps(w, outW, antialias && outW < w);
  const tmp = new Float64Array(h * outW);
  const plane = new Float64Array(h * w);
  const res = new Float64Array(outH * outW);
  const isInt = img.dtype === 'uint8';
  const out = isInt
    ? new Uint8Array(planes * outH * outW)
    : new (src.constructor as Float32ArrayConstructor)(planes * outH * outW);
  for (let p = 0; p < planes; p++) {
    for (let k = 0; k < h * w; k++) plane[k] = src[p * h * w + k] as number;
    // Horizontal pass first (rows of W), then vertical, as PyTorch's separable AA kernel does.
    pass(plane, tmp, tw, h, 1, w, outW, 1);
    pass(tmp, res, th, outW, outW, 1, 1, outW);
    const o = p * outH * outW;
    for (let k = 0; k < outH * outW; k++) {
      const v = res[k]!;
      out[o + k] = isInt ? Math.min(255, Math.max(0, roundHalfEven(v))) : v;
    }
  }
  return fromTypedArray(out, [...img.shape.slice(0, -2), outH, outW], img.dtype);
}

/** `torch.round`: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Source index of `interpolate(mode='nearest')`: `floor(dst * in / out)`, clamped. @internal */
export function nearestIndex(inSize: number, outSize: number): Int32Array {
  // float32 arithmetic, as PyTorch's nearest_idx computes it.
  const scale = Math.fround(inSize / outSize);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) idx[i] = Math.min(Math.floor(Math.fround(i * scale)), inSize - 1);
  return idx;
}
