/**
 * @packageDocumentation
 * `@kindling/backend-gpu`: device `'gpu'` through gpu.js. Importing the package registers it:
 *
 * ```ts
 * import * as torch from 'kindling';
 * import '@kindling/backend-gpu';
 * const x = torch.randn(64, 64, { device: 'gpu' });
 * ```
 *
 * Tensors stay in device memory (GL textures) between ops; values move only on `.to('cpu')`,
 * `await t.data()`, `dataSync()`, `item()` and `tolist()`. Every dtype but float64 is supported,
 * stored as float32 (integers exact to 2^24).
 */
import { registerBackend } from '@kindling/core';
import { gpuBackend } from './backend.js';
import { registerCopy } from './kernels/copy.js';
import { registerElementwise } from './kernels/elementwise.js';
import { registerIm2col } from './kernels/im2col.js';
import { registerIndexing } from './kernels/indexing.js';
import { registerMatmul } from './kernels/matmul.js';
import { registerPool } from './kernels/pool.js';
import { registerReduce } from './kernels/reduce.js';
import { registerScan } from './kernels/scan.js';
import { registerSoftmax } from './kernels/softmax.js';
import { registerSort } from './kernels/sort.js';

export { GpuBackend, GpuStorage, gpuBackend } from './backend.js';
export { configureGpu, type GpuInfo, type GpuMode, gpuInfo, initWebGPU, synchronize } from './device.js';
export { compiledKernels, liveBuffers } from './program.js';

let registered = false;

/** Registers device `'gpu'` and all its kernels (done on import; safe to call again). */
export function registerGpuBackend(): void {
  if (registered) return;
  registered = true;
  registerBackend(gpuBackend);
  registerCopy();
  registerElementwise();
  registerReduce();
  registerScan();
  registerSoftmax();
  registerSort();
  registerMatmul();
  registerIm2col();
  registerPool();
  registerIndexing();
}

registerGpuBackend();
