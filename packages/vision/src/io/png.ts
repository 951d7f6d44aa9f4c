import { RuntimeError, type Tensor, ValueError } from '@kindling/core';
import { decode as fastPngDecode, encode as fastPngEncode } from 'fast-png';
import { convertChannels, type ImageReadMode } from './mode.js';

/**
 * `torchvision.io.decode_png`: decodes PNG bytes into a uint8 tensor [C, H, W].
 *
 * Palette images are expanded to RGB (RGBA if they carry transparency), 1/2/4-bit images are
 * unpacked (grayscale scaled to 0..255), and 16-bit samples keep their high byte.
 * @param mode `'UNCHANGED'` (default), `'GRAY'`, `'GRAY_ALPHA'`, `'RGB'` or `'RGB_ALPHA'`.
 * @example
 * const img = io.decodePng(readFileSync('cat.png')); // uint8 [3, H, W]
 */
export function decodePng(bytes: Uint8Array, mode: ImageReadMode = 'UNCHANGED'): Tensor {
  let png: ReturnType<typeof fastPngDecode>;
  try {
    png = fastPngDecode(bytes);
  } catch (e) {
    throw new RuntimeError(`decode_png: could not decode the image: ${(e as Error).message}`);
  }
  const { width, height, depth } = png;
  const n = width * height;
  let channels = png.channels;
  let hwc: Uint8Array;
  if (png.palette) {
    const idx = unpack(png.data, depth, n, width, 1, false);
    const alpha = png.transparency;
    channels = alpha ? 4 : 3;
    hwc = new Uint8Array(n * channels);
    for (let p = 0; p < n; p++) {
      const k = idx[p]!;
      const entry = png.palette[k];
      if (!entry) throw new RuntimeError(`decode_png: palette index ${k} out of range`);
      hwc[p * channels] = entry[0]!;
      hwc[p * channels + 1] = entry[1]!;
      hwc[p * channels + 2] = entry[2]!;
      if (alpha) hwc[p * channels + 3] = k < alpha.length ? alpha[k]! : 255;
    }
  } else {
    hwc = unpack(png.data, depth, n, width, channels, true);
  }
  return convertChannels(hwc, height, width, channels, mode);
}

/** Expands samples to one byte each: sub-byte rows are packed MSB-first and padded per row. */
function unpack(
  data: ArrayLike<number>,
  depth: number,
  n: number,
  width: number,
  channels: number,
  scale: boolean,
): Uint8Array {
  const out = new Uint8Array(n * channels);
  if (depth === 8) {
    out.set(data as Uint8Array);
    return out;
  }
  if (depth === 16) {
    for (let i = 0; i < out.length; i++) out[i] = (data[i]! >> 8) & 0xff;
    return out;
  }
  const perByte = 8 / depth;
  const rowBytes = Math.ceil((width * channels) / perByte);
  const mask = (1 << depth) - 1;
  const mul = scale ? 255 / mask : 1;
  const rows = n / width;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width * channels; x++) {
      const byte = data[y * rowBytes + Math.floor(x / perByte)]!;
      const shift = 8 - depth * ((x % perByte) + 1);
      out[y * width * channels + x] = ((byte >> shift) & mask) * mul;
    }
  }
  return out;
}

/**
 * `torchvision.io.encode_png`: encodes a uint8 tensor [C, H, W] (C = 1, 2, 3 or 4) or [H, W] as PNG.
 * @example
 * writeFileSync('out.png', io.encodePng(img));
 */
export function encodePng(image: Tensor): Uint8Array {
  if (image.dtype !== 'uint8') {
    throw new RuntimeError(`Input tensor dtype should be uint8, got ${image.dtype}`);
  }
  const chw = image.dim() === 2 ? image.unsqueeze(0) : image;
  if (chw.dim() !== 3) {
    throw new RuntimeError(`Input data should be a 3-dimensional tensor, got ${image.dim()} dims`);
  }
  const [c, h, w] = chw.shape as [number, number, number];
  if (c < 1 || c > 4) {
    throw new ValueError(`The number of channels should be 1, 2, 3 or 4, got: ${c}`);
  }
  const hwc = chw.permute(1, 2, 0).contiguous().dataSync() as Uint8Array;
  return fastPngEncode({ width: w, height: h, data: new Uint8Array(hwc), channels: c, depth: 8 });
}
