import { readFileSync } from 'node:fs';
import * as torch from '@kindling/core';
import { type Goldens, runConformance } from '@kindling/core/testing';
import { describe, expect, it } from 'vitest';
import { registerCpuBackend } from '../src/index.js';

registerCpuBackend();
const goldens = JSON.parse(
  readFileSync(new URL('./fixtures/conformance.json', import.meta.url), 'utf8'),
) as Goldens;
runConformance({ torch, device: 'cpu', describe, it, expect, goldens });
