import { registerCpuBackend } from '@kindling/backend-cpu';
import { describe, it } from 'vitest';
import { initWebGPU } from '../src/index.js';
import { runGpuConformance } from './conformance-suite.js';

// Dawn (Node's `webgpu` package) on its OpenGL ES backend over Mesa's EGL: llvmpipe, no display needed.
// Set KINDLING_REQUIRE_WEBGPU=1 to fail instead of skip when no adapter is found.
process.env.EGL_PLATFORM ??= 'surfaceless';
registerCpuBackend();
const noWebgpu = await initWebGPU({ dawn: ['backend=opengles'], allowSoftware: true }).then(
  () => null,
  (e: Error) => e.message,
);
if (noWebgpu && !process.env.KINDLING_REQUIRE_WEBGPU) {
  describe('conformance on webgpu', () => it.skip(`skipped: ${noWebgpu}`, () => {}));
} else {
  // Ops that must read values on the host to know their output's shape or check their indices.
  const SYNC = 'needs a synchronous read of device values, which WebGPU does not have (see the GPU guide)';
  runGpuConformance({ nonzero: SYNC, maskedSelect: SYNC, take: SYNC, bernoulli: SYNC });
}
