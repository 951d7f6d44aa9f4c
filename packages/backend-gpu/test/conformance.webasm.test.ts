import { registerCpuBackend } from '@kindling/backend-cpu';
import { runGpuConformance } from './conformance-suite.js';
import { selectMode } from './modes.js';

registerCpuBackend();
await selectMode('webasm');
runGpuConformance();
