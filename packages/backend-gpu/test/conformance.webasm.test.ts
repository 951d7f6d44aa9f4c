import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import { configureGpu } from '../src/index.js';
import { runGpuConformance } from './conformance-suite.js';

registerCpuBackend();
configureGpu({ mode: 'webasm' });
runGpuConformance();
