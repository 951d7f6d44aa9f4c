import { readFileSync } from 'node:fs';
import { registerCpuBackend } from '@kindling/backend-cpu';

registerCpuBackend();

interface Fixture {
  draw_seed: string[];
  random_default: { passes: number[][]; after: number[] };
  random_gen42: number[][];
  random_replacement: number[];
  random_num_samples: number[];
  subset_random: number[];
  weighted: { weights: number[]; replacement: number[]; no_replacement: number[]; one: number[] };
  batch_sampler: { keep: number[][]; drop: number[][] };
  random_split: { ints: number[][]; fractions: number[][]; remainder: number[][] };
  loader_shuffle_default: { epochs: number[][][]; after: number[] };
  loader_shuffle_gen: { epochs: number[][][]; after_gen: number[]; after: number[] };
  loader_workers: {
    persistent: number[][][];
    fresh: number[][][];
    iterable: { keep: number[][]; drop: number[][] };
  };
}

/** The goldens written by tools/oracle/data.py (real PyTorch 1.13). */
export const FIXTURE = JSON.parse(
  readFileSync(new URL('./fixtures/data.json', import.meta.url), 'utf8'),
) as Fixture;

/** A dataset of the numbers 0..n-1 (PyTorch's `range(n)`). */
export function range(n: number): { length: number; getItem(i: number): number } {
  return { length: n, getItem: (i: number) => i };
}
