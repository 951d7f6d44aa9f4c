/** The op table's entries, for backends that register kernels and for the conformance suite. */
export * from './binary.js';
export { cloneOp, copyOp, fillOp, toDeviceOp, toDtypeOp } from './copy.js';
export { bmmOp } from './linalg.js';
export { vectorNormOp } from './norm.js';
export * from './reduce.js';
export { cumprodOp, cumsumOp, logcumsumexpOp } from './scan.js';
export { logSoftmaxOp, softmaxOp } from './softmax.js';
export { sortOp, topkOp } from './sort.js';
export * from './unary.js';
export { stdOp, varOp } from './variance.js';
export { expandOp, permuteOp, stridedOp, stridedScatterOp, viewOp } from './views.js';
export { whereOp } from './where.js';
