/**
 * @packageDocumentation
 * `@kindling/optim`: optimizers and learning-rate schedulers as `torch.optim`. Depends only on
 * `@kindling/core` (a peer dependency). Updates follow PyTorch 1.13's single-tensor (`foreach=False`)
 * implementations operation for operation, so float32 trajectories round as PyTorch's do.
 */
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamOptions } from './adam.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { AdamW } from './adamw.js';
export type { OptimizerArgs } from './args.js';
export * as lrScheduler from './lr-scheduler/index.js';
export { NAdam, type NAdamOptions } from './nadam.js';
export {
  type Closure,
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupInput,
  type ParamState,
  type ParamsInput,
  type StateValue,
} from './optimizer.js';
export { RAdam, type RAdamOptions } from './radam.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export {
  deserializeOptimizerState,
  loadOptimizerState,
  saveOptimizerState,
  serializeOptimizerState,
} from './serialize.js';
export { SGD, type SGDOptions } from './sgd.js';
