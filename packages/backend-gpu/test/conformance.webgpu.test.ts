import { registerCpuBackend } from '@kindling/backend-cpu';
import { describe, it } from 'vitest';
import { runGpuConformance } from './conformance-suite.js';
import { selectMode } from './modes.js';

// Dawn's OpenGL ES backend on llvmpipe here; skipped with the reason where Dawn finds no adapter.
registerCpuBackend();
const skip = await selectMode('webgpu');
// Ops that must read values on the host to know their output's shape or check their indices.
const SYNC = 'needs a synchronous read of device values, which WebGPU does not have (see the GPU guide)';
if (skip) describe('conformance on webgpu', () => it.skip(`skipped: ${skip}`, () => {}));
else runGpuConformance({ nonzero: SYNC, maskedSelect: SYNC, bernoulli: SYNC });
