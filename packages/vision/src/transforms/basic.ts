import type { DType, Tensor } from '@kindling/core';
import { applyTransform, type Transform } from '../datasets/types.js';
import * as F from './functional/index.js';

/**
 * `transforms.Compose`: applies transforms one after another.
 * @example
 * const t = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
 * t.forward(img);
 */
export class Compose<I = Tensor, O = Tensor> {
  readonly transforms: Transform<never, unknown>[];
  // Each step's input is the previous step's output; the chain's intermediate types are not tracked.
  constructor(transforms: Transform<never, unknown>[]) {
    this.transforms = transforms;
  }
  forward(input: I): O {
    let x: unknown = input;
    for (const t of this.transforms) x = applyTransform(t as Transform<unknown, unknown>, x);
    return x as O;
  }
}

/** `transforms.Lambda`: wraps a function as a transform. */
export class Lambda<I = Tensor, O = Tensor> {
  constructor(readonly lambd: (input: I) => O) {}
  forward(input: I): O {
    return this.lambd(input);
  }
}

/**
 * `transforms.ToTensor`: a PIL-layout uint8 image ([H, W] or [H, W, C], what the datasets return)
 * → float32 [C, H, W] in [0, 1].
 */
export class ToTensor {
  forward(pic: Tensor): Tensor {
    return F.toTensor(pic);
  }
}

/** `transforms.PILToTensor`: [H, W] / [H, W, C] → [C, H, W] without rescaling. */
export class PILToTensor {
  forward(pic: Tensor): Tensor {
    return F.toImageTensor(pic);
  }
}

/** `transforms.ConvertImageDtype`: `F.convertImageDtype` as a transform. */
export class ConvertImageDtype {
  constructor(readonly dtype: DType) {}
  forward(image: Tensor): Tensor {
    return F.convertImageDtype(image, this.dtype);
  }
}

/** `transforms.Normalize`: `(x - mean[c]) / std[c]` per channel. */
export class Normalize {
  constructor(
    readonly mean: readonly number[],
    readonly std: readonly number[],
  ) {}
  forward(t: Tensor): Tensor {
    return F.normalize(t, this.mean, this.std);
  }
}

/** `transforms.Resize`: to `[h, w]`, or the smaller edge to `size` keeping the aspect ratio. */
export class Resize {
  constructor(
    readonly size: number | readonly number[],
    readonly options: F.ResizeOptions = {},
  ) {}
  forward(img: Tensor): Tensor {
    return F.resize(img, this.size, this.options);
  }
}

/** `transforms.CenterCrop`: the centred window of `size` (zero-padded if larger than the image). */
export class CenterCrop {
  constructor(readonly size: number | readonly number[]) {}
  forward(img: Tensor): Tensor {
    return F.centerCrop(img, this.size);
  }
}

/** `transforms.Pad`: `F.pad` with fixed padding, fill and mode. */
export class Pad {
  constructor(
    readonly padding: number | readonly number[],
    readonly fill = 0,
    readonly paddingMode: F.PaddingMode = 'constant',
  ) {
    F.padLTRB(padding);
  }
  forward(img: Tensor): Tensor {
    return F.pad(img, this.padding, this.fill, this.paddingMode);
  }
}

/** `transforms.Grayscale`: ITU-R 601-2 luma, with 1 or 3 output channels. */
export class Grayscale {
  constructor(readonly numOutputChannels: 1 | 3 = 1) {}
  forward(img: Tensor): Tensor {
    return F.rgbToGrayscale(img, this.numOutputChannels);
  }
}
