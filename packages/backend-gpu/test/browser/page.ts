/**
 * The browser page of `browser.test.ts`: bundled by esbuild from the workspace sources, it trains the
 * shared tiny model on device 'gpu' in gpu.js's webgl2 mode and leaves the outcome in `window.__result`
 * for the test to read.
 */
import { registerCpuBackend } from '@kindling/backend-cpu';
import { configureGpu, type GpuInfo, gpuInfo } from '@kindling/backend-gpu';
import { type TrainResult, train } from './train.js';

/** What the page reports: the run's result, or the error that stopped it (with the device info if any). */
export type PageResult =
  | ({ ok: true; info: GpuInfo; ms: number } & TrainResult)
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
    return { ok: true, info, ms: performance.now() - t0, ...result };
  } catch (e) {
    const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    return { ok: false, info, error };
  }
}

window.__result = run();
