import { GPU } from 'gpu.js';
import { describe, it } from 'vitest';
import { nnParitySuite } from './nn-parity.js';
import { ensureDisplay } from './xvfb.js';

const noGl = ensureDisplay() ?? (GPU.isHeadlessGLSupported ? null : 'gpu.js found no headless-gl context');
if (noGl && !process.env.KINDLING_REQUIRE_GL) {
  describe('nn layers on headlessgl', () => it.skip(`skipped: ${noGl}`, () => {}));
} else {
  nnParitySuite('headlessgl');
}
