import { RuntimeError, type Tensor } from '@kindling/core';
import { decode as jpegDecode } from 'jpeg-js';
import { convertChannels, type ImageReadMode } from './mode.js';

/**
 * `torchvision.io.decode_jpeg`: decodes baseline or progressive JPEG bytes (pure JS, jpeg-js) into a
 * uint8 tensor [3, H, W] (`'UNCHANGED'`/`'RGB'`) or [1, H, W] (`'GRAY'`, ITU-R 601-2 luma).
 * Decoding differs from libjpeg by at most a few levels per pixel (IDCT rounding).
 */
export function decodeJpeg(bytes: Uint8Array, mode: ImageReadMode = 'UNCHANGED'): Tensor {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpegDecode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  } catch (e) {
    throw new RuntimeError(`decode_jpeg: could not decode the image: ${(e as Error).message}`);
  }
  const { width, height, data } = img;
  return convertChannels(data, height, width, 3, mode);
}
