import { registerCpuBackend } from '@kindling/backend-cpu';
import * as torch from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { type GpuMode, liveBuffers } from '../src/index.js';
import { selectMode } from './modes.js';
import { train } from './train-run.js';

// Worst |a - b| / (atol + rtol |b|): at most 1 when every element is within tolerance.
function worst(a: Float32Array, b: Float32Array, rtol: number, atol: number): number {
  let w = 0;
  for (let i = 0; i < a.length; i++)
    w = Math.max(w, Math.abs(a[i]! - b[i]!) / (atol + rtol * Math.abs(b[i]!)));
  return w;
}

/** Trains an MLP and a small CNN on 'gpu' in `mode` and on 'cpu', and compares where they end. */
export async function trainSuite(mode: GpuMode, steps: { mlp: number; cnn: number }): Promise<void> {
  registerCpuBackend();
  const skip = await selectMode(mode);
  if (skip) {
    describe(`training on ${mode}`, () => it.skip(`skipped: ${skip}`, () => {}));
    return;
  }
  // First: storages that earlier tests dropped are freed by the garbage collector at unpredictable
  // times, which would move the count under this test.
  it(`holds a constant number of device buffers over 1,000 training steps (${mode})`, async () => {
    const counts: string[] = [];
    await train('mlp', 'gpu', 1000, (step) => {
      // From step 10 on (optimizer state exists, kernels compiled) every step must end where it began.
      if (step >= 10 && step % 99 === 0) {
        counts.push(`storages ${torch.memory().devices.gpu?.storages}, buffers ${liveBuffers()}`);
      }
    });
    expect(counts.length).toBeGreaterThan(5);
    expect(new Set(counts).size, counts.join('\n')).toBe(1);
  });

  describe.each(['mlp', 'cnn'] as const)(`%s trained on gpu (${mode})`, (kind) => {
    it('ends within float32 tolerance of the same run on cpu', async () => {
      const n = steps[kind];
      const gpu = await train(kind, 'gpu', n);
      const cpu = await train(kind, 'cpu', n);
      expect(cpu.losses.at(-1)!).toBeLessThan(cpu.losses[0]! * 0.3);
      for (let i = 0; i < gpu.losses.length; i++) {
        expect(Math.abs(gpu.losses[i]! - cpu.losses[i]!)).toBeLessThan(2e-3 + 1e-2 * cpu.losses[i]!);
      }
      for (const [i, p] of gpu.params.entries()) {
        expect(worst(p, cpu.params[i]!, 2e-2, 2e-3)).toBeLessThanOrEqual(1);
      }
    });
  });
}
