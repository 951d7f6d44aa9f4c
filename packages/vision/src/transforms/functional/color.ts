import { isFloatingPoint, type Tensor, TorchTypeError, ValueError } from '@kindling/core';
import { numChannels } from './planes.js';

function checkChannels(img: Tensor, allowed: readonly number[]): void {
  const c = numChannels(img);
  if (!allowed.includes(c)) {
    throw new TorchTypeError(
      `Input image tensor permitted channel values are [${allowed.join(', ')}], but found ${c}`,
    );
  }
}

/**
 * `F.rgb_to_grayscale`: `0.2989 R + 0.587 G + 0.114 B` of a [..., 3, H, W] image, in its dtype
 * (integers truncate), repeated to 3 channels when `numOutputChannels` is 3.
 */
export function rgbToGrayscale(img: Tensor, numOutputChannels: 1 | 3 = 1): Tensor {
  if (img.dim() < 3)
    throw new TorchTypeError(`Input image tensor should have at least 3 dimensions, but found ${img.dim()}`);
  checkChannels(img, [1, 3]);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) {
    throw new ValueError('num_output_channels should be either 1 or 3');
  }
  let gray: Tensor;
  if (numChannels(img) === 3) {
    const [r, g, b] = img.unbind(-3) as [Tensor, Tensor, Tensor];
    gray = r.mul(0.2989).add(g.mul(0.587)).add(b.mul(0.114)).to(img.dtype).unsqueeze(-3);
  } else {
    gray = img.clone();
  }
  return numOutputChannels === 3 ? gray.expand([...img.shape]).contiguous() : gray;
}

/** torchvision's `_blend`: `ratio * a + (1 - ratio) * b`, clamped to the dtype's range. */
function blend(a: Tensor, b: Tensor, ratio: number): Tensor {
  const bound = isFloatingPoint(a.dtype) ? 1.0 : 255.0;
  return a
    .mul(ratio)
    .add(b.mul(1.0 - ratio))
    .clamp(0, bound)
    .to(a.dtype);
}

function checkFactor(name: string, factor: number): void {
  if (factor < 0) throw new ValueError(`${name}_factor (${factor}) is not non-negative.`);
}

/** `F.adjust_brightness`: blends with black (`factor` 0 = black, 1 = unchanged). */
export function adjustBrightness(img: Tensor, brightnessFactor: number): Tensor {
  checkFactor('brightness', brightnessFactor);
  checkChannels(img, [1, 3]);
  return blend(img, img.mul(0).to(img.dtype), brightnessFactor);
}

/** `F.adjust_contrast`: blends with the mean grey level (`factor` 0 = solid grey). */
export function adjustContrast(img: Tensor, contrastFactor: number): Tensor {
  checkFactor('contrast', contrastFactor);
  checkChannels(img, [3, 1]);
  const dtype = isFloatingPoint(img.dtype) ? img.dtype : 'float32';
  const gray = numChannels(img) === 3 ? rgbToGrayscale(img) : img;
  const mean = gray.to(dtype).mean([-3, -2, -1], true);
  return blend(img, mean, contrastFactor);
}

/** `F.adjust_saturation`: blends with the grayscale image (`factor` 0 = grey). */
export function adjustSaturation(img: Tensor, saturationFactor: number): Tensor {
  checkFactor('saturation', saturationFactor);
  checkChannels(img, [1, 3]);
  if (numChannels(img) === 1) return img;
  return blend(img, rgbToGrayscale(img), saturationFactor);
}
