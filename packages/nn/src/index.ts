/**
 * @packageDocumentation
 * `@kindling/nn`: neural-network building blocks as `torch.nn` — `Module`, layers, losses,
 * `functional`, `init` and `utils`. Depends only on `@kindling/core` (a peer dependency).
 */
export * as functional from './functional/index.js';
