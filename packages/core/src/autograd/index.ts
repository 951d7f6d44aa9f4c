export { detectAnomaly, isAnomalyEnabled, setDetectAnomaly } from './anomaly.js';
export { type BackwardOptions, backward, grad } from './engine.js';
export { Function, FunctionCtx } from './function.js';
export { enableGrad, isGradEnabled, noGrad, setGradEnabled } from './grad-mode.js';
export { type GradcheckOptions, type GradcheckOutput, gradcheck, gradgradcheck } from './gradcheck.js';
export { type Edge, type GradHook, Node } from './node.js';
