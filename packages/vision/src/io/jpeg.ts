import { RuntimeError, type Tensor } from '@kindling/core';
import { decode as jpegDecode } from 'jpeg-js';
import { convertChannels, type ImageReadMode } from './mode.js';

/**
 * `torchvision.io.decode_jpeg`: decodes baseline or progressive JPEG bytes (pure JS, jpeg-js) into a
 * uint8 tensor [C, H, W]: `'UNCHANGED'` keeps the file's 1 or 3 channels, `'RGB'` gives 3, `'GRAY'`
 * 1 (ITU-R 601-2 luma of the decoded RGB).
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
  if (componentCount(bytes) === 1) {
    // jpeg-js expands grayscale to RGB; keep one channel so 'UNCHANGED' gives [1, H, W] as libjpeg does.
    const gray = new Uint8Array(width * height);
    for (let p = 0; p < gray.length; p++) gray[p] = data[3 * p]!;
    return convertChannels(gray, height, width, 1, mode);
  }
  return convertChannels(data, height, width, 3, mode);
}

/** The number of colour components in the first SOF segment of a JPEG stream (0 if none). */
function componentCount(bytes: Uint8Array): number {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return 0;
    const marker = bytes[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return bytes[i + 9]!;
    }
    i += 2 + ((bytes[i + 2]! << 8) | bytes[i + 3]!);
  }
  return 0;
}
