export { CIFAR10, type CIFAR10Options } from './cifar.js';
export { defaultLoader, ImageFolder, type ImageFolderOptions } from './image-folder.js';
export { FashionMNIST, KMNIST, MNIST, type MNISTOptions } from './mnist.js';
export { applyTransform, type Dataset, type Transform } from './types.js';
