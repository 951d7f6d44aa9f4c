/**
 * `torchvision.transforms.functional`: the stateless image operations behind the transforms, on
 * tensors [..., C, H, W] (or [H, W]).
 */
export { adjustBrightness, adjustContrast, adjustSaturation, rgbToGrayscale } from './color.js';
export {
  convertImageDtype,
  normalize,
  toImageTensor,
  toImageTensor as pilToTensor,
  toTensor,
} from './convert.js';
export {
  centerCrop,
  crop,
  hflip,
  type InterpolationMode,
  type PaddingMode,
  pad,
  padLTRB,
  pairSize,
  type ResizeOptions,
  resize,
  resizedCrop,
  vflip,
} from './geometry.js';
export { adjustHue } from './hue.js';
export { imageSize, numChannels } from './planes.js';
export { rotate } from './rotate.js';
