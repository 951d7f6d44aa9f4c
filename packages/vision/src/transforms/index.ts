export {
  CenterCrop,
  Compose,
  ConvertImageDtype,
  Grayscale,
  Lambda,
  Normalize,
  Pad,
  PILToTensor,
  Resize,
  ToTensor,
} from './basic.js';
export * as functional from './functional/index.js';
export { toImageTensor } from './functional/index.js';
export {
  ColorJitter,
  type ColorJitterOptions,
  RandomCrop,
  type RandomCropOptions,
  RandomHorizontalFlip,
  RandomResizedCrop,
  type RandomResizedCropOptions,
  RandomRotation,
  type RandomRotationOptions,
  RandomVerticalFlip,
} from './random.js';
export type { RandomTransformOptions } from './rng.js';
