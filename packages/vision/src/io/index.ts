import { readFileSync, writeFileSync } from 'node:fs';
import { RuntimeError, type Tensor } from '@kindling/core';
import { decodeJpeg } from './jpeg.js';
import type { ImageReadMode } from './mode.js';
import { decodePng, encodePng } from './png.js';

export { decodeJpeg } from './jpeg.js';
export type { ImageReadMode } from './mode.js';
export { decodePng, encodePng } from './png.js';

/**
 * `torchvision.io.decode_image`: decodes PNG or JPEG bytes (told apart by their signature) into a
 * uint8 tensor [C, H, W].
 */
export function decodeImage(bytes: Uint8Array, mode: ImageReadMode = 'UNCHANGED'): Tensor {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return decodePng(bytes, mode);
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return decodeJpeg(bytes, mode);
  }
  throw new RuntimeError('Unsupported image file. Only jpeg and png are currently supported.');
}

/**
 * `torchvision.io.read_image`: reads a PNG or JPEG file into a uint8 tensor [C, H, W] (Node only).
 * @example
 * const img = io.readImage('cat.jpg', 'RGB'); // uint8 [3, H, W]
 */
export function readImage(path: string, mode: ImageReadMode = 'UNCHANGED'): Tensor {
  const bytes = new Uint8Array(readFileSync(path));
  try {
    return decodeImage(bytes, mode);
  } catch (e) {
    throw new RuntimeError(`${path}: ${(e as Error).message}`);
  }
}

/** `torchvision.io.write_png`: writes a uint8 tensor [C, H, W] or [H, W] to a PNG file (Node only). */
export function writePng(image: Tensor, path: string): void {
  writeFileSync(path, encodePng(image));
}
