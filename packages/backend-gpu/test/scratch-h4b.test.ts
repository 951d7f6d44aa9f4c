import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { it } from 'vitest';
import { configureGpu, gpuInfo } from '../src/index.js';
import { ensureDisplay } from './xvfb.js';

ensureDisplay();
registerCpuBackend();
configureGpu({ mode: 'headlessgl' });
it('nan', () => {
  const x = torch.tensor([NaN, 1, -Infinity, 2, 0, -0]).to('gpu');
  console.log(JSON.stringify(gpuInfo()));
  console.log('vals', Array.from(x.dataSync() as Float32Array));
  console.log('isnan', Array.from(x.isnan().dataSync() as Uint8Array));
  console.log('max', Array.from(x.maximum(torch.tensor(0.5).to('gpu')).dataSync() as Float32Array));
  const p = torch.tensor([NaN, 1, 2, NaN]).reshape(1, 1, 2, 2).to('gpu');
  const r = torch.maxPool2d(p, 2, { returnIndices: true });
  console.log(
    'pool',
    Array.from(r.values.dataSync() as Float32Array),
    Array.from(r.indices.dataSync() as Float64Array),
  );
  const q = torch.tensor([1, NaN, 2, 0]).reshape(1, 1, 2, 2).to('gpu');
  const r2 = torch.maxPool2d(q, 2, { returnIndices: true });
  console.log(
    'pool2',
    Array.from(r2.values.dataSync() as Float32Array),
    Array.from(r2.indices.dataSync() as Float64Array),
  );
});
