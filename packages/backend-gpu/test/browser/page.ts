/**
 * The browser page of `browser.test.ts`: bundled by esbuild from the workspace sources, it trains the
 * shared tiny model on device 'gpu' in gpu.js's webgl2 mode and leaves the outcome in `window.__result`
 * for the test to read.
 */
import { registerCpuBackend } from '@kindling/backend-cpu';
import { compiledKernels, configureGpu, type GpuInfo, gpuInfo } from '@kindling/backend-gpu';
import { memory } from '@kindling/core';
import { type TrainResult, train } from './train.js';

/** What the page reports: the run's result, or the error that stopped it (with the device info if any). */
export type PageResult =
  | ({
      ok: true;
      info: GpuInfo;
      ms: number;
      /** Distinct gpu.js kernels compiled: proof that the steps ran through GL shaders. */
      kernels: number;
      /** Device 'gpu' storages still alive after training (the data, the model and its grads). */
      gpuStorages: number;
    } & TrainResult)
  | { ok: false; info: GpuInfo | null; error: string };

declare global {
  interface Window {
    __result?: PageResult;
  }
}

function run(): PageResult {
  let info: GpuInfo | null = null;
  try {
    registerCpuBackend();
    configureGpu({ mode: 'webgl2' });
    info = gpuInfo();
    const t0 = performance.now();
    const result = train('gpu');
    const ms = performance.now() - t0;
    const gpuStorages = memory().devices.gpu?.storages ?? 0;
    return { ok: true, info, ms, kernels: compiledKernels(), gpuStorages, ...result };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    return { ok: false, info, error };
  }
}

window.__result = run();
