/**
 * @packageDocumentation
 * `kindling`: PyTorch for TypeScript. `import * as torch from 'kindling'` gives tensors, autograd and
 * every op, with the CPU backend registered, plus `torch.nn`, `torch.optim` and `torch.data` (also
 * reachable as `torch.utils.data`, as in PyTorch).
 * @example
 * import * as torch from 'kindling';
 * const x = torch.randn(3, 4, { requiresGrad: true });
 * x.square().sum().backward();
 */
import { registerCpuBackend } from '@kindling/backend-cpu';

registerCpuBackend();

export * from '@kindling/core';
export * as data from '@kindling/data';
export * as nn from '@kindling/nn';
export * as optim from '@kindling/optim';
export * as utils from './utils.js';
