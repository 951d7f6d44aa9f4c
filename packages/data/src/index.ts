/**
 * @packageDocumentation
 * `@kindling/data`: datasets, samplers and the `DataLoader`, as `torch.utils.data`. In the umbrella
 * package it is `torch.data` (alias `torch.utils.data`).
 * @example
 * import * as torch from 'kindling';
 * const { DataLoader, TensorDataset } = torch.data;
 * const loader = new DataLoader(new TensorDataset(torch.randn(100, 3), torch.randint(2, [100])), {
 *   batchSize: 32,
 *   shuffle: true,
 * });
 * for await (const [x, y] of loader) console.log(x.shape, y.shape);
 */
export type { Dataset, IterableDataset } from '@kindling/core';
export { defaultCollate } from './collate.js';
export type { Collated } from './collated.js';
export { DataLoader, type DataLoaderOptions, type WorkerReconstructible } from './dataloader.js';
export { ConcatDataset, randomSplit, Subset, TensorDataset } from './datasets.js';
export { multinomial } from './multinomial.js';
export {
  BatchSampler,
  RandomSampler,
  type RandomSamplerOptions,
  type Sampler,
  SequentialSampler,
  type Sized,
  SubsetRandomSampler,
  WeightedRandomSampler,
} from './samplers.js';
export { getWorkerInfo, type WorkerInfo } from './worker-info.js';
export { activeWorkerCount, WorkerError } from './worker-pool.js';
export type { WorkerDatasetSpec } from './worker-protocol.js';
