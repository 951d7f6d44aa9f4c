import { readFileSync } from 'node:fs';
import * as torch from '@kindling/core';
import { type Goldens, runConformance } from '@kindling/core/testing';
import { describe, expect, it } from 'vitest';

const goldens = JSON.parse(
  readFileSync(new URL('../../backend-cpu/test/fixtures/conformance.json', import.meta.url), 'utf8'),
) as Goldens;

const NO_F64 = "asks for a float64 result, which device 'gpu' does not store (float32 only)";
// Among equal values PyTorch's topk order follows libstdc++'s nth_element (unspecified); values still match.
const TIES = 'topk: order of tied integer values is unspecified (PyTorch uses std::nth_element)';

/** Known gaps of device 'gpu' in every mode, with the reason. */
export const GPU_SKIPS: Record<string, string> = {
  'sum#6': NO_F64,
  'to#0': NO_F64,
  'double#0': NO_F64,
  'topk#0:int32': TIES,
  'topk#0:int64': TIES,
};

/** Runs core's conformance suite on device 'gpu' (float32 and the integer dtypes, which it stores as float32). */
export function runGpuConformance(extraSkips: Record<string, string> = {}): void {
  runConformance({
    torch,
    device: 'gpu',
    describe,
    it,
    expect,
    goldens,
    dtypes: ['float32', 'int32', 'int64', 'uint8', 'bool'],
    // Transcendentals are written out in float32 (GLSL has no erf, and its exp/log are not correctly rounded).
    tol32: { rtol: 1e-4, atol: 1e-5 },
    skip: { ...GPU_SKIPS, ...extraSkips },
  });
}
