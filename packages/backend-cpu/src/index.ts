/**
 * @packageDocumentation
 * `@kindling/backend-cpu`: Kindling's CPU device. `registerCpuBackend()` (done for you by `kindling`)
 * makes device `'cpu'` available with a kernel for every primitive op.
 */
import { registerBackend } from '@kindling/core';
import { cpuBackend } from './backend.js';
import { registerConv } from './kernels/conv.js';
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

export { BufferPool, CpuBackend, type CpuStorage, cpuBackend } from './backend.js';
export { elementwise, type Helpers } from './codegen.js';
export { coalesce, contiguousData, stridedGather } from './strided.js';

let registered = false;

/** Registers device `'cpu'` and all its kernels. Safe to call more than once. */
export function registerCpuBackend(): void {
  if (registered) return;
  registered = true;
  registerBackend(cpuBackend);
  registerCopy();
  registerElementwise();
  registerReduce();
  registerMatmul();
  registerIm2col();
  registerIndexing();
  registerScan();
  registerSoftmax();
  registerSort();
  registerPool();
  registerConv();
}
