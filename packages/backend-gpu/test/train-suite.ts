import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { configureGpu, type GpuMode, liveBuffers } from '../src/index.js';
import { train } from './train-run.js';

// Worst |a - b| / (atol + rtol |b|): at most 1 when every element is within tolerance.
function worst(a: Float32Array, b: Float32Array, rtol: number, atol: number): number {
  let w = 0;
  for (let i = 0; i < a.length; i++)
    w = Math.max(w, Math.abs(a[i]! - b[i]!) / (atol + rtol * Math.abs(b[i]!)));
  return w;
}

/** Trains an MLP and a small CNN on 'gpu' in `mode` and on 'cpu', and compares where they end. */
export function trainSuite(mode: GpuMode, steps: { mlp: number; cnn: number }): void {
  registerCpuBackend();
  configureGpu({ mode });
  describe.each(['mlp', 'cnn'] as const)(`%s trained on gpu (${mode})`, (kind) => {
    it('ends within float32 tolerance of the same run on cpu', () => {
      const n = steps[kind];
      const gpu = train(kind, 'gpu', n);
      const cpu = train(kind, 'cpu', n);
      expect(cpu.losses.at(-1)!).toBeLessThan(cpu.losses[0]! * 0.3);
      for (let i = 0; i < gpu.losses.length; i++) {
        expect(Math.abs(gpu.losses[i]! - cpu.losses[i]!)).toBeLessThan(2e-3 + 1e-2 * cpu.losses[i]!);
      }
      gpu.params.forEach((p, i) => {
        expect(worst(p, cpu.params[i]!, 2e-2, 2e-3)).toBeLessThanOrEqual(1);
      });
    });
  });

  it(`holds a constant number of device buffers over 1,000 training steps (${mode})`, () => {
    const counts: string[] = [];
    train('mlp', 'gpu', 1000, (step) => {
      // From step 10 on (optimizer state exists, kernels compiled) every step must end where it began.
      if (step >= 10 && step % 99 === 0) {
        counts.push(`storages ${torch.memory().devices.gpu?.storages}, buffers ${liveBuffers()}`);
      }
    });
    expect(counts.length).toBeGreaterThan(5);
    expect(new Set(counts).size, counts.join('\n')).toBe(1);
  });
}
