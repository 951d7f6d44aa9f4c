import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DType, fromTypedArray, type Tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { io, utils } from '../src/index.js';
import { tempDir } from './helpers.js';

interface Enc {
  shape: number[];
  dtype: string;
  values: number[];
}
interface GridCase {
  name: string;
  input: Enc;
  kwargs: {
    nrow?: number;
    padding?: number;
    normalize?: boolean;
    pad_value?: number;
    scale_each?: boolean;
    value_range?: [number, number];
  };
  output: Enc;
}
interface DrawCase {
  name: string;
  image: Enc;
  boxes: Enc;
  kwargs: { colors?: number[][]; width?: number };
  output: Enc;
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/vision-utils.json'), 'utf8')) as {
  grids: GridCase[];
  draws: DrawCase[];
};

function dec(e: Enc): Tensor {
  const dtype = e.dtype as DType;
  const data = dtype === 'uint8' ? Uint8Array.from(e.values) : Float32Array.from(e.values);
  return fromTypedArray(data, e.shape, dtype);
}

function expectEnc(got: Tensor, want: Enc, tol: number): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.dataSync();
  let worst = 0;
  for (let i = 0; i < want.values.length; i++)
    worst = Math.max(worst, Math.abs(Number(g[i]) - want.values[i]!));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('utils vs torchvision 0.14', () => {
  for (const c of fixture.grids) {
    it(`makeGrid ${c.name}`, () => {
      const k = c.kwargs;
      const got = utils.makeGrid(dec(c.input), {
        nrow: k.nrow,
        padding: k.padding,
        normalize: k.normalize,
        padValue: k.pad_value,
        scaleEach: k.scale_each,
        valueRange: k.value_range,
      });
      expectEnc(got, c.output, 1e-6);
    });
  }
  for (const c of fixture.draws) {
    it(`drawBoundingBoxes ${c.name}`, () => {
      const got = utils.drawBoundingBoxes(dec(c.image), dec(c.boxes), c.kwargs);
      expectEnc(got, c.output, 0);
    });
  }
});

describe('utils: saveImage and errors', () => {
  it('saveImage writes the grid scaled to bytes', () => {
    const x = fromTypedArray(Float32Array.from([0, 0.5, 1, 0.2]), [1, 2, 2], 'float32');
    const path = join(tempDir(), 'grid.png');
    utils.saveImage(x, path);
    const back = io.readImage(path);
    expect(back.shape).toEqual([3, 2, 2]);
    // x * 255 + 0.5 truncated: 0, 128, 255, 51 in each channel.
    expect(Array.from(back.dataSync()).slice(0, 4)).toEqual([0, 128, 255, 51]);
  });
  it('drawBoundingBoxes rejects float images and inverted boxes', () => {
    const img = fromTypedArray(new Uint8Array(12), [3, 2, 2], 'uint8');
    const box = fromTypedArray(Float32Array.from([1, 1, 0, 0]), [1, 4], 'float32');
    expect(() => utils.drawBoundingBoxes(img.float(), box)).toThrow('Tensor uint8 expected, got float32');
    expect(() => utils.drawBoundingBoxes(img, box)).toThrow(
      'Boxes need to be in (xmin, ymin, xmax, ymax) format',
    );
  });
});
