import { registerCpuBackend } from '@kindling/backend-cpu';
import { describe, it } from 'vitest';
import { runGpuConformance } from './conformance-suite.js';
import { selectMode } from './modes.js';

registerCpuBackend();
const skip = await selectMode('headlessgl');
if (skip) describe('conformance on headlessgl', () => it.skip(`skipped: ${skip}`, () => {}));
else runGpuConformance();
