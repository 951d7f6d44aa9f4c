/**
 * @packageDocumentation
 * `@kindling/optim`: optimizers and learning-rate schedulers as `torch.optim`. Depends only on
 * `@kindling/core` (a peer dependency).
 */
export {};
