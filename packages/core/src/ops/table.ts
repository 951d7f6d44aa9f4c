/** The op table's entries, for backends that register kernels and for the conformance suite. */
export * from './binary.js';
export * from './unary.js';
export * from './reduce.js';
export { copyOp, fillOp, toDtypeOp, cloneOp, toDeviceOp } from './copy.js';
export { viewOp, permuteOp, expandOp, stridedOp, stridedScatterOp } from './views.js';
export { whereOp } from './where.js';
export { bmmOp } from './linalg.js';
export { gatherOp, scatterOp, scatterInplaceOp } from './scatter-gather.js';
export { indexSelectOp, indexAddOp, indexAddInplaceOp } from './index-select.js';
export { indexPutOp, indexPutInplaceOp, nonzeroOp } from './index-put.js';
export { catOp } from './join.js';
export { flipOp, rollOp, trilOp, triuOp } from './rearrange.js';
export { maskedFillOp } from './masked.js';
