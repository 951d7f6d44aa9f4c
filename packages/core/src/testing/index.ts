/**
 * @packageDocumentation
 * `@kindling/core/testing`: the backend conformance suite. A backend runs every op of the sample
 * table against golden values from PyTorch with one call to {@link runConformance}.
 */

export { callOp, hasOp, inputNeedsGrad, outputsOf, specHash } from './call.js';
export {
  compareValues,
  defaultTolerance,
  type Golden,
  type Goldens,
  type GoldenTensor,
  type GoldenValue,
  type Torch,
} from './compare.js';
export { buildInput, type InputValues, layoutApplies, makeInputValues, makeWeights } from './inputs.js';
export { fnv1a, Lcg } from './lcg.js';
export { type ConformanceOptions, runConformance, type TestFns } from './runner.js';
export {
  type Arg,
  caseKey,
  entryKey,
  FLOATS,
  INTEGRAL,
  type InputSpec,
  inp,
  LAYOUTS,
  type Layout,
  NUMERIC,
  type OpEntry,
  ref,
  type Sample,
  sampleKey,
  type Tolerance,
} from './spec.js';
export { SAMPLE_TABLE } from './table.js';
