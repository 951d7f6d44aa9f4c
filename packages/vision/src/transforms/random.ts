import { type Tensor, tensor, ValueError } from '@kindling/core';
import * as F from './functional/index.js';
import { type RandomTransformOptions, rand1, randint1, randpermList, uniform1 } from './rng.js';

/**
 * `transforms.RandomHorizontalFlip`: mirrors with probability `p` (draws `torch.rand(1)`).
 * @example
 * torch.manualSeed(0);
 * new transforms.RandomHorizontalFlip().forward(img); // flips exactly when torchvision does
 */
export class RandomHorizontalFlip {
  constructor(
    readonly p = 0.5,
    readonly options: RandomTransformOptions = {},
  ) {}
  forward(img: Tensor): Tensor {
    return rand1(this.options.generator) < this.p ? F.hflip(img) : img;
  }
}

/** `transforms.RandomVerticalFlip`: flips upside down with probability `p`. */
export class RandomVerticalFlip {
  constructor(
    readonly p = 0.5,
    readonly options: RandomTransformOptions = {},
  ) {}
  forward(img: Tensor): Tensor {
    return rand1(this.options.generator) < this.p ? F.vflip(img) : img;
  }
}

/** Options of `RandomCrop` (torchvision's keyword arguments). */
export interface RandomCropOptions extends RandomTransformOptions {
  padding?: number | readonly number[];
  padIfNeeded?: boolean;
  fill?: number;
  paddingMode?: F.PaddingMode;
}

/**
 * `transforms.RandomCrop`: optional padding, then a window of `size` at a random position (top then
 * left drawn with `torch.randint`, as torchvision does).
 */
export class RandomCrop {
  readonly size: [number, number];
  constructor(
    size: number | readonly number[],
    readonly options: RandomCropOptions = {},
  ) {
    this.size = F.pairSize(size);
  }

  /** `RandomCrop.get_params`: `[top, left, height, width]` of a random crop. */
  static getParams(img: Tensor, outputSize: readonly [number, number], options: RandomTransformOptions = {}) {
    const [h, w] = F.imageSize(img);
    const [th, tw] = outputSize;
    if (h < th || w < tw) {
      throw new ValueError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
    }
    if (w === tw && h === th) return [0, 0, h, w] as const;
    const i = randint1(0, h - th + 1, options.generator);
    const j = randint1(0, w - tw + 1, options.generator);
    return [i, j, th, tw] as const;
  }

  forward(img: Tensor): Tensor {
    const { padding, padIfNeeded = false, fill = 0, paddingMode = 'constant' } = this.options;
    if (padding !== undefined) img = F.pad(img, padding, fill, paddingMode);
    const [height, width] = F.imageSize(img);
    if (padIfNeeded && width < this.size[1]) img = F.pad(img, [this.size[1] - width, 0], fill, paddingMode);
    if (padIfNeeded && height < this.size[0]) img = F.pad(img, [0, this.size[0] - height], fill, paddingMode);
    const [i, j, h, w] = RandomCrop.getParams(img, this.size, this.options);
    return F.crop(img, i, j, h, w);
  }
}

/** Options of `RandomResizedCrop`. */
export interface RandomResizedCropOptions extends RandomTransformOptions, F.ResizeOptions {
  /** Range of the crop's area as a fraction of the image's; default [0.08, 1]. */
  scale?: readonly [number, number];
  /** Range of the crop's aspect ratio; default [3/4, 4/3]. */
  ratio?: readonly [number, number];
}

function pyRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `transforms.RandomResizedCrop`: a crop of random area and aspect ratio resized to `size`, drawing
 * the same numbers in the same order as torchvision 0.14 (10 tries, then a centre crop).
 */
export class RandomResizedCrop {
  readonly size: [number, number];
  constructor(
    size: number | readonly number[],
    readonly options: RandomResizedCropOptions = {},
  ) {
    this.size = F.pairSize(size);
    const { scale = [0.08, 1], ratio = [3 / 4, 4 / 3] } = options;
    if (scale[0] > scale[1] || ratio[0] > ratio[1]) {
      console.warn('Scale and ratio should be of kind (min, max)');
    }
  }

  /** `RandomResizedCrop.get_params`: `[top, left, height, width]`. */
  static getParams(
    img: Tensor,
    scale: readonly [number, number],
    ratio: readonly [number, number],
    options: RandomTransformOptions = {},
  ): readonly [number, number, number, number] {
    const [height, width] = F.imageSize(img);
    const area = height * width;
    const g = options.generator;
    const logRatio = Array.from(
      tensor([...ratio], { dtype: 'float32' })
        .log()
        .dataSync(),
      Number,
    );
    for (let attempt = 0; attempt < 10; attempt++) {
      const targetArea = area * uniform1(scale[0], scale[1], g);
      const aspect = tensor([uniform1(logRatio[0]!, logRatio[1]!, g)], { dtype: 'float32' })
        .exp()
        .item() as number;
      const w = pyRound(Math.sqrt(targetArea * aspect));
      const h = pyRound(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        const i = randint1(0, height - h + 1, g);
        const j = randint1(0, width - w + 1, g);
        return [i, j, h, w];
      }
    }
    const inRatio = width / height;
    let w: number;
    let h: number;
    if (inRatio < Math.min(...ratio)) {
      w = width;
      h = pyRound(w / Math.min(...ratio));
    } else if (inRatio > Math.max(...ratio)) {
      h = height;
      w = pyRound(h * Math.max(...ratio));
    } else {
      w = width;
      h = height;
    }
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }

  forward(img: Tensor): Tensor {
    const { scale = [0.08, 1], ratio = [3 / 4, 4 / 3] } = this.options;
    const [i, j, h, w] = RandomResizedCrop.getParams(img, scale, ratio, this.options);
    return F.resizedCrop(img, i, j, h, w, this.size, this.options);
  }
}

/** Options of `RandomRotation`. */
export interface RandomRotationOptions extends RandomTransformOptions {
  /** Value for the area outside the rotated image (one, or one per channel); default 0. */
  fill?: number | readonly number[];
}

/**
 * `transforms.RandomRotation`: rotates by an angle drawn uniformly from `[-degrees, degrees]` (or
 * `[min, max]`), nearest-neighbour, same size, centre of the image.
 */
export class RandomRotation {
  readonly degrees: [number, number];
  constructor(
    degrees: number | readonly [number, number],
    readonly options: RandomRotationOptions = {},
  ) {
    if (typeof degrees === 'number') {
      if (degrees < 0) throw new ValueError('If degrees is a single number, it must be positive.');
      this.degrees = [-degrees, degrees];
    } else {
      this.degrees = [degrees[0], degrees[1]];
    }
  }
  forward(img: Tensor): Tensor {
    const angle = uniform1(this.degrees[0], this.degrees[1], this.options.generator);
    return F.rotate(img, angle, this.options.fill ?? 0);
  }
}

/** Options of `ColorJitter`: a factor `x` means [max(0, 1 - x), 1 + x]; a pair is the range itself. */
export interface ColorJitterOptions extends RandomTransformOptions {
  brightness?: number | readonly [number, number];
  contrast?: number | readonly [number, number];
  saturation?: number | readonly [number, number];
  /** A factor `x` means [-x, x] (x <= 0.5); a pair must lie in [-0.5, 0.5]. */
  hue?: number | readonly [number, number];
}

function jitterRange(
  name: string,
  value: number | readonly [number, number] | undefined,
  center = 1,
  bound: readonly [number, number] = [0, Number.POSITIVE_INFINITY],
  clipFirstOnZero = true,
): [number, number] | null {
  if (value === undefined) return null;
  let range: [number, number];
  if (typeof value === 'number') {
    if (value < 0) throw new ValueError(`If ${name} is a single number, it must be non negative.`);
    range = [center - value, center + value];
    if (clipFirstOnZero) range[0] = Math.max(range[0], 0.0);
  } else {
    range = [value[0], value[1]];
  }
  if (!(bound[0] <= range[0] && range[0] <= range[1] && range[1] <= bound[1])) {
    throw new ValueError(`${name} values should be between [${bound[0]}, ${bound[1]}], but got [${range}].`);
  }
  return range[0] === center && range[1] === center ? null : range;
}

/**
 * `transforms.ColorJitter`: applies brightness, contrast, saturation and hue adjustments in an order
 * from `torch.randperm(4)`, each factor drawn uniformly from its range (torchvision's draw order).
 */
export class ColorJitter {
  readonly brightness: [number, number] | null;
  readonly contrast: [number, number] | null;
  readonly saturation: [number, number] | null;
  readonly hue: [number, number] | null;
  constructor(readonly options: ColorJitterOptions = {}) {
    this.brightness = jitterRange('brightness', options.brightness);
    this.contrast = jitterRange('contrast', options.contrast);
    this.saturation = jitterRange('saturation', options.saturation);
    this.hue = jitterRange('hue', options.hue, 0, [-0.5, 0.5], false);
  }
  forward(img: Tensor): Tensor {
    const g = this.options.generator;
    const order = randpermList(4, g);
    const draw = (r: [number, number] | null) => (r ? uniform1(r[0], r[1], g) : null);
    const b = draw(this.brightness);
    const c = draw(this.contrast);
    const s = draw(this.saturation);
    const h = draw(this.hue);
    for (const fn of order) {
      if (fn === 0 && b !== null) img = F.adjustBrightness(img, b);
      else if (fn === 1 && c !== null) img = F.adjustContrast(img, c);
      else if (fn === 2 && s !== null) img = F.adjustSaturation(img, s);
      else if (fn === 3 && h !== null) img = F.adjustHue(img, h);
    }
    return img;
  }
}
