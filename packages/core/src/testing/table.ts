import { BINARY_SAMPLES, UNARY_SAMPLES } from './samples-elementwise.js';
import { PENDING_SAMPLES } from './samples-pending.js';
import { COPY_SAMPLES, LINALG_SAMPLES, REDUCE_SAMPLES } from './samples-reduce-linalg.js';
import { VIEW_SAMPLES } from './samples-views.js';
import type { OpEntry } from './spec.js';

/**
 * The conformance sample table: every op × its samples. `tools/oracle/export-samples.ts` writes it
 * to JSON for the PyTorch generator; adding an op is one entry in one of the files it gathers.
 */
export const SAMPLE_TABLE: readonly OpEntry[] = [
  ...UNARY_SAMPLES,
  ...BINARY_SAMPLES,
  ...REDUCE_SAMPLES,
  ...VIEW_SAMPLES,
  ...LINALG_SAMPLES,
  ...COPY_SAMPLES,
  ...PENDING_SAMPLES,
];
