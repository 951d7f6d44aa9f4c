/**
 * `torch.nn.functional` for Kindling: activations, dropout, losses, padding, interpolation,
 * distances and attention, each with PyTorch 1.13's semantics, messages and gradients. Every
 * function is a composite of core ops, so autograd and every backend come for free.
 * @packageDocumentation
 */
export * from './activation.js';
export * from './activation-extra.js';
export * from './attention.js';
export * from './conv.js';
export * from './distance.js';
export * from './dropout.js';
export * from './interpolate.js';
export * from './linear.js';
export * from './loss-binary.js';
export * from './loss-misc.js';
export * from './loss-nll.js';
export * from './loss-regression.js';
export * from './normalization.js';
export * from './one-hot.js';
export * from './pad.js';
export * from './pooling.js';
export type { Reduction } from './reduction.js';
