/** The op table's entries, for backends that register kernels and for the conformance suite. */
export * from './binary.js';
export { cloneOp, copyOp, fillOp, toDeviceOp, toDtypeOp } from './copy.js';
export { indexPutInplaceOp, indexPutOp, nonzeroOp } from './index-put.js';
export { indexAddInplaceOp, indexAddOp, indexSelectOp } from './index-select.js';
export { catOp } from './join.js';
export { bmmOp } from './linalg.js';
export { maskedFillOp } from './masked.js';
export { flipOp, rollOp, trilOp, triuOp } from './rearrange.js';
export * from './reduce.js';
export { gatherOp, scatterInplaceOp, scatterOp } from './scatter-gather.js';
export * from './unary.js';
export { col2imOp, im2colOp } from './unfold.js';
export { expandOp, permuteOp, stridedOp, stridedScatterOp, viewOp } from './views.js';
export { whereOp } from './where.js';
