import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DType, fromTypedArray, Generator, manualSeed, rand, type Tensor } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { transforms } from '../src/index.js';
import './helpers.js';

const F = transforms.functional;

interface Enc {
  shape: number[];
  dtype: string;
  values: number[];
}
interface Case {
  name: string;
  input: string;
  fn: string;
  args: Record<string, unknown>;
  output: Enc;
}
interface RandomCase {
  name: string;
  transform: string;
  args: Record<string, unknown>;
  seed: number;
  input: string;
  outputs: Enc[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/vision-transforms.json'), 'utf8')) as {
  inputs: Record<string, Enc>;
  cases: Case[];
  random: RandomCase[];
};

function dec(e: Enc): Tensor {
  const dtype = e.dtype as DType;
  const data = dtype === 'uint8' ? Uint8Array.from(e.values) : Float32Array.from(e.values);
  return fromTypedArray(data, e.shape, dtype);
}

/** uint8 results may differ by one level where float32 rounding lands on .5 differently. */
function expectClose(got: Tensor, want: Enc, name: string): void {
  expect(got.shape, name).toEqual(want.shape);
  expect(got.dtype, name).toBe(want.dtype);
  const g = got.contiguous().dataSync();
  const tol = want.dtype === 'uint8' ? 1 : 2e-6;
  let bad = 0;
  for (let i = 0; i < want.values.length; i++) {
    if (!(Math.abs(Number(g[i]) - want.values[i]!) <= tol)) bad++;
  }
  expect(bad, `${name}: ${bad} of ${want.values.length} values differ from torchvision`).toBe(0);
}

function runCase(c: Case): Tensor {
  const x = dec(fixture.inputs[c.input]!);
  const a = c.args as Record<string, never>;
  switch (c.fn) {
    case 'resize':
      return F.resize(x, a.size, {
        antialias: a.antialias ?? false,
        interpolation: a.interpolation ?? 'bilinear',
      });
    case 'centerCrop':
      return F.centerCrop(x, a.size);
    case 'pad':
      return F.pad(x, a.padding, a.fill, a.mode);
    case 'grayscale':
      return F.rgbToGrayscale(x, a.n);
    case 'brightness':
      return F.adjustBrightness(x, a.factor);
    case 'contrast':
      return F.adjustContrast(x, a.factor);
    case 'saturation':
      return F.adjustSaturation(x, a.factor);
    case 'hue':
      return F.adjustHue(x, a.factor);
    case 'rotate':
      return F.rotate(x, a.angle, a.fill);
    case 'crop': {
      const [t, l, h, w] = a.box as number[];
      return F.crop(x, t!, l!, h!, w!);
    }
    case 'normalize':
      return F.normalize(x, a.mean, a.std);
    case 'convert':
      return F.convertImageDtype(x, a.dtype);
    case 'toTensor':
      return F.toTensor(x.permute(1, 2, 0).contiguous());
    case 'pilToTensor':
      return F.toImageTensor(x.permute(1, 2, 0).contiguous());
    default:
      throw new Error(`unknown case ${c.fn}`);
  }
}

function makeRandom(name: string, a: Record<string, never>): { forward(x: Tensor): Tensor } {
  switch (name) {
    case 'hflip':
      return new transforms.RandomHorizontalFlip(a.p);
    case 'vflip':
      return new transforms.RandomVerticalFlip(a.p);
    case 'randomCrop':
      return new transforms.RandomCrop(a.size, a);
    case 'randomResizedCrop':
      return new transforms.RandomResizedCrop(a.size, a);
    case 'randomRotation':
      return new transforms.RandomRotation(a.degrees);
    case 'colorJitter':
      return new transforms.ColorJitter(a);
    default:
      throw new Error(`unknown transform ${name}`);
  }
}

describe('transforms.functional vs torchvision 0.14', () => {
  for (const c of fixture.cases) {
    it(c.name, () => expectClose(runCase(c), c.output, c.name));
  }
});

describe('random transforms draw what torchvision draws after manualSeed', () => {
  for (const c of fixture.random) {
    it(c.name, () => {
      manualSeed(c.seed);
      const t = makeRandom(c.transform, c.args as Record<string, never>);
      const x = dec(fixture.inputs[c.input]!);
      for (const [k, o] of c.outputs.entries()) expectClose(t.forward(x), o, `${c.name} #${k}`);
    });
  }
});

describe('transforms: composition and errors', () => {
  it('Compose chains ToTensor and Normalize on a PIL-layout image', () => {
    const img = fromTypedArray(Uint8Array.from([0, 51, 102, 255]), [2, 2], 'uint8');
    const t = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.5], [0.5])]);
    const y = t.forward(img);
    expect(y.shape).toEqual([1, 2, 2]);
    const want = [-1, -0.6, -0.2, 1];
    for (const [i, v] of Array.from(y.dataSync()).entries()) expect(v).toBeCloseTo(want[i]!, 6);
  });
  it('Normalize rejects integer tensors and zero std as torchvision does', () => {
    const u = fromTypedArray(new Uint8Array(12), [3, 2, 2], 'uint8');
    expect(() => F.normalize(u, [0], [1])).toThrow('Input tensor should be a float tensor. Got uint8.');
    expect(() => F.normalize(u.float(), [0], [0])).toThrow('std evaluated to zero');
  });
  it('RandomCrop errors when the crop is larger than the image', () => {
    const x = fromTypedArray(new Float32Array(12), [1, 3, 4], 'float32');
    expect(() => new transforms.RandomCrop(5).forward(x)).toThrow(
      'Required crop size (5, 5) is larger than input image size (3, 4)',
    );
  });
});

describe('transform classes wire their options to the functional forms', () => {
  const x = dec(fixture.inputs.float!);
  const u = dec(fixture.inputs.uint8!);
  const same = (a: Tensor, b: Tensor) => {
    expect(a.shape).toEqual(b.shape);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
  };
  it('Resize, CenterCrop, Pad, Grayscale, ConvertImageDtype, Lambda', () => {
    same(new transforms.Resize(6, { antialias: true }).forward(x), F.resize(x, 6, { antialias: true }));
    expect(new transforms.Resize(6, { maxSize: 7 }).forward(x).shape).toEqual([3, 6, 7]);
    same(new transforms.CenterCrop([4, 6]).forward(x), F.centerCrop(x, [4, 6]));
    same(new transforms.Pad([1, 2], 0, 'reflect').forward(u), F.pad(u, [1, 2], 0, 'reflect'));
    same(new transforms.Grayscale(3).forward(u), F.rgbToGrayscale(u, 3));
    same(new transforms.ConvertImageDtype('float32').forward(u), F.convertImageDtype(u, 'float32'));
    expect(new transforms.Lambda((t: Tensor) => t.shape).forward(x)).toEqual([3, 9, 11]);
  });
  it('option errors as torchvision words them', () => {
    expect(() => new transforms.Pad([1, 2, 3])).toThrow(
      'Padding must be an int or a 1, 2, or 4 element tuple',
    );
    expect(() => new transforms.ColorJitter({ hue: 0.7 })).toThrow(
      'hue values should be between [-0.5, 0.5]',
    );
    expect(() => new transforms.RandomRotation(-3)).toThrow(
      'If degrees is a single number, it must be positive.',
    );
    expect(() => F.adjustHue(x, 0.6)).toThrow('hue_factor (0.6) is not in [-0.5, 0.5].');
    expect(() => F.resize(x, [4, 5], { maxSize: 9 })).toThrow('max_size should only be passed');
  });
  it('a generator option draws from that generator, leaving the global stream untouched', () => {
    manualSeed(3);
    const firstGlobal = rand(1).item();
    manualSeed(3);
    const a = new transforms.RandomCrop(5).forward(x);
    manualSeed(3);
    const b = new transforms.RandomCrop(5, { generator: new Generator().manualSeed(3) }).forward(x);
    same(a, b);
    expect(rand(1).item()).toBe(firstGlobal);
  });
});
