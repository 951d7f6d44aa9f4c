/**
 * @packageDocumentation
 * `@kindling/vision`: computer vision as torchvision — `transforms`, `datasets` (MNIST,
 * FashionMNIST, CIFAR-10, ImageFolder), `io` (PNG/JPEG) and `utils` (`makeGrid`, `saveImage`).
 * Depends only on `@kindling/core`; the model zoo lives at `@kindling/vision/models` and needs
 * `@kindling/nn`.
 *
 * Images from datasets are uint8 tensors laid out as PIL images are ([H, W] or [H, W, C]); `ToTensor`
 * turns them into float [C, H, W] in [0, 1], the layout every other transform works on.
 */
export * as datasets from './datasets/index.js';
export * as io from './io/index.js';
export * as transforms from './transforms/index.js';
export * as utils from './utils/index.js';
