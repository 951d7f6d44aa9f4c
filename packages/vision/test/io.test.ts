import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTypedArray, type Tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { io } from '../src/index.js';
import { tempDir } from './helpers.js';

const dir = join(__dirname, 'fixtures/images');
type Want = { shape: number[]; values: number[] } | { error: string };
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/vision-io.json'), 'utf8')) as Record<
  string,
  Record<string, Want>
>;

function maxDiff(got: Tensor, values: number[]): number {
  const g = got.dataSync();
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(Number(g[i]) - values[i]!));
  return m;
}

describe('io.readImage vs torchvision.io.read_image', () => {
  for (const [file, modes] of Object.entries(fixture)) {
    for (const [mode, want] of Object.entries(modes)) {
      it(`${file} ${mode}`, () => {
        if ('error' in want) throw new Error(want.error);
        const got = io.readImage(join(dir, file), mode as io.ImageReadMode);
        expect(got.dtype).toBe('uint8');
        expect(got.shape).toEqual(want.shape);
        // PNG decodes exactly (grey from colour within one level: libpng rounds its luma differently);
        // JPEG (jpeg-js vs libjpeg IDCT and colour rounding) within a few levels.
        const tol = file.endsWith('.jpg') ? 4 : mode === 'GRAY' ? 1 : 0;
        expect(maxDiff(got, want.values)).toBeLessThanOrEqual(tol);
      });
    }
  }
});

describe('io: encode, write and errors', () => {
  it('encodePng/decodePng round-trip 1-4 channels', () => {
    for (const c of [1, 2, 3, 4]) {
      const data = Uint8Array.from({ length: c * 5 * 3 }, (_, i) => (i * 67) % 256);
      const img = fromTypedArray(data, [c, 5, 3], 'uint8');
      const back = io.decodePng(io.encodePng(img));
      expect(back.shape).toEqual([c, 5, 3]);
      expect(Array.from(back.dataSync())).toEqual(Array.from(data));
    }
  });
  it('writePng + readImage, [H, W] input', () => {
    const path = join(tempDir(), 'x.png');
    const img = fromTypedArray(Uint8Array.from([1, 2, 3, 4, 5, 6]), [2, 3], 'uint8');
    io.writePng(img, path);
    expect(io.readImage(path).tolist()).toEqual([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
  });
  it('rejects bad dtypes, shapes and files', () => {
    expect(() => io.encodePng(fromTypedArray(new Float32Array(4), [1, 2, 2], 'float32'))).toThrow(
      'Input tensor dtype should be uint8',
    );
    expect(() => io.encodePng(fromTypedArray(new Uint8Array(20), [5, 2, 2], 'uint8'))).toThrow(
      'The number of channels should be 1, 2, 3 or 4, got: 5',
    );
    expect(() => io.decodeImage(Uint8Array.from([1, 2, 3, 4]))).toThrow('Unsupported image file');
    const png = readFileSync(join(dir, 'rgb.png'));
    expect(() => io.decodePng(new Uint8Array(png.subarray(0, 40)))).toThrow('decode_png');
    expect(() => io.readImage('/nonexistent.png')).toThrow();
  });
});
