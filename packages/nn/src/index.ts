/**
 * @packageDocumentation
 * `@kindling/nn`: neural-network building blocks as `torch.nn` — `Module`, layers, losses,
 * `functional`, `init` and `utils`. Depends only on `@kindling/core` (a peer dependency).
 */
export type { RemovableHandle } from './hooks.js';
export { type ForwardHook, type ForwardPreHook, Module } from './module.js';
export { Parameter } from './parameter.js';
export type { LoadStateDictResult } from './state-dict.js';
