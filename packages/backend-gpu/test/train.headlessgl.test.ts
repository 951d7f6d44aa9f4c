import { GPU } from 'gpu.js';
import { describe, it } from 'vitest';
import { trainSuite } from './train-suite.js';
import { ensureDisplay } from './xvfb.js';

const noGl = ensureDisplay() ?? (GPU.isHeadlessGLSupported ? null : 'gpu.js found no headless-gl context');
if (noGl && !process.env.KINDLING_REQUIRE_GL) {
  describe('training on headlessgl', () => it.skip(`skipped: ${noGl}`, () => {}));
} else {
  trainSuite('headlessgl', { mlp: 300, cnn: 150 });
}
