/** The op table's entries, for backends that register kernels and for the conformance suite. */
export * from './binary.js';
export * from './unary.js';
export * from './reduce.js';
export { copyOp, fillOp, toDtypeOp, cloneOp, toDeviceOp } from './copy.js';
export { viewOp, permuteOp, expandOp, stridedOp, stridedScatterOp } from './views.js';
export { whereOp } from './where.js';
export { bmmOp } from './linalg.js';
export { cumsumOp, cumprodOp, logcumsumexpOp } from './scan.js';
export { softmaxOp, logSoftmaxOp } from './softmax.js';
export { sortOp, topkOp } from './sort.js';
export { varOp, stdOp } from './variance.js';
export { vectorNormOp } from './norm.js';
