import { readFileSync } from 'node:fs';
import * as torch from '@kindling/core';
import { type Goldens, runConformance } from '@kindling/core/testing';
import { describe, expect, it } from 'vitest';
import { registerCpuBackend } from '../src/index.js';

registerCpuBackend();
const goldens = JSON.parse(
  readFileSync(new URL('./fixtures/conformance.json', import.meta.url), 'utf8'),
) as Goldens;
// Among equal values PyTorch's topk order follows libstdc++'s nth_element (unspecified); values still match.
const TIES = 'topk: order of tied integer values is unspecified (PyTorch uses std::nth_element)';
runConformance({
  torch,
  device: 'cpu',
  describe,
  it,
  expect,
  goldens,
  skip: { 'topk#0:int32': TIES, 'topk#0:int64': TIES },
});
