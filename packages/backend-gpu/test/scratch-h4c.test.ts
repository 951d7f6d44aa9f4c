import '@kindling/backend-cpu';
import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { it } from 'vitest';
import { configureGpu } from '../src/index.js';
import { ensureDisplay } from './xvfb.js';

const MODE = (process.env.H4_MODE ?? 'webasm') as 'webasm' | 'headlessgl';
if (MODE === 'headlessgl') ensureDisplay();
registerCpuBackend();
configureGpu({ mode: MODE });
it('bench', () => {
  for (const [M, K, N] of [
    [256, 256, 256],
    [64, 2048, 64],
    [512, 16, 512],
  ] as const) {
    const a = torch.randn(M, K).to('gpu');
    const b = torch.randn(K, N).to('gpu');
    a.mm(b).dataSync();
    let best = Infinity;
    for (let r = 0; r < 4; r++) {
      const t0 = performance.now();
      a.mm(b).dataSync();
      best = Math.min(best, performance.now() - t0);
    }
    console.log(`BENCH ${MODE} ${M}x${K}x${N}: ${best.toFixed(1)} ms`);
  }
}, 120000);
