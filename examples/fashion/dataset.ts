/**
 * The demo's training set as a module, so DataLoader worker threads (`--workers N`) can rebuild it:
 * a worker imports this file and calls `trainDataset()`. The data folder travels in an environment
 * variable set by the demo before the workers start.
 */
// A worker thread starts with an empty module graph: register the CPU backend there too.
import 'kindling';
import { datasets, transforms } from '@kindling/vision';

/** Fashion-MNIST's mean and standard deviation over the training pixels. */
export const MEAN = 0.286;
export const STD = 0.353;
export const NORMALIZE = new transforms.Normalize([MEAN], [STD]);

export function fashionTransform() {
  return new transforms.Compose([new transforms.ToTensor(), NORMALIZE]);
}

export function trainDataset(root = process.env.KINDLING_FASHION_ROOT ?? '') {
  return new datasets.FashionMNIST({ root, train: true, transform: fashionTransform() });
}

export function testDataset(root = process.env.KINDLING_FASHION_ROOT ?? '') {
  return new datasets.FashionMNIST({ root, train: false, transform: fashionTransform() });
}
