import { fromTypedArray, RuntimeError, type Tensor } from '@kindling/core';

/** `torchvision.io.ImageReadMode`: which channels a decoder returns. */
export type ImageReadMode = 'UNCHANGED' | 'GRAY' | 'GRAY_ALPHA' | 'RGB' | 'RGB_ALPHA';

const MODE_CHANNELS: Record<Exclude<ImageReadMode, 'UNCHANGED'>, number> = {
  GRAY: 1,
  GRAY_ALPHA: 2,
  RGB: 3,
  RGB_ALPHA: 4,
};

/** ITU-R 601-2 luma with PIL's integer rounding (`L = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16`). */
function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/**
 * Converts interleaved HWC bytes with `c` channels to a [C', H, W] uint8 tensor in `mode`.
 * @internal
 */
export function convertChannels(
  hwc: Uint8Array,
  h: number,
  w: number,
  c: number,
  mode: ImageReadMode,
): Tensor {
  const outC = mode === 'UNCHANGED' ? c : MODE_CHANNELS[mode];
  if (outC === undefined) throw new RuntimeError(`unknown image read mode '${mode}'`);
  const n = h * w;
  const out = new Uint8Array(outC * n);
  const hasAlpha = c === 2 || c === 4;
  for (let p = 0; p < n; p++) {
    const s = p * c;
    const r = hwc[s]!;
    const g = c >= 3 ? hwc[s + 1]! : r;
    const b = c >= 3 ? hwc[s + 2]! : r;
    const a = hasAlpha ? hwc[s + c - 1]! : 255;
    if (outC === c) {
      for (let k = 0; k < c; k++) out[k * n + p] = hwc[s + k]!;
    } else if (outC <= 2) {
      out[p] = c >= 3 ? luma(r, g, b) : r;
      if (outC === 2) out[n + p] = a;
    } else {
      out[p] = r;
      out[n + p] = g;
      out[2 * n + p] = b;
      if (outC === 4) out[3 * n + p] = a;
    }
  }
  return fromTypedArray(out, [outC, h, w], 'uint8');
}
