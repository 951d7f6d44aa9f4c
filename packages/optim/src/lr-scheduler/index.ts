/**
 * Learning-rate schedulers, as `torch.optim.lr_scheduler` (exported as `optim.lrScheduler`).
 * Call `scheduler.step()` after `optimizer.step()`, once per epoch (per batch for OneCycleLR).
 */
export { type AnyOptimizer, LRScheduler, type SchedulerStateDict } from './base.js';
export { ConstantLR, type ConstantLROptions } from './constant-lr.js';
export { CosineAnnealingLR, type CosineAnnealingLROptions } from './cosine-annealing-lr.js';
export {
  CosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
} from './cosine-annealing-warm-restarts.js';
export { ExponentialLR, type ExponentialLROptions } from './exponential-lr.js';
export { LambdaLR, type LambdaLROptions, type LrLambda } from './lambda-lr.js';
export { LinearLR, type LinearLROptions } from './linear-lr.js';
export { MultiStepLR, type MultiStepLROptions } from './multi-step-lr.js';
export { OneCycleLR, type OneCycleLROptions } from './one-cycle-lr.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export { SequentialLR, type SequentialLROptions } from './sequential-lr.js';
export { StepLR, type StepLROptions } from './step-lr.js';
