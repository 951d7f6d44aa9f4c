import { registerCpuBackend } from '@kindling/backend-cpu';
import { GPU } from 'gpu.js';
import { describe, it } from 'vitest';
import { configureGpu } from '../src/index.js';
import { runGpuConformance } from './conformance-suite.js';
import { ensureDisplay } from './xvfb.js';

// CI sets KINDLING_REQUIRE_GL=1, so a missing X server or native `gl` build fails there instead of skipping.
const noGl =
  ensureDisplay() ??
  (GPU.isHeadlessGLSupported ? null : "gpu.js found no headless-gl context (the optional native 'gl' build)");
if (noGl && !process.env.KINDLING_REQUIRE_GL) {
  describe('conformance on headlessgl', () => it.skip(`skipped: ${noGl}`, () => {}));
} else {
  registerCpuBackend();
  configureGpu({ mode: 'headlessgl' });
  runGpuConformance();
}
