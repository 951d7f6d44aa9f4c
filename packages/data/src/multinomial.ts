/**
 * `torch.multinomial` over one row of weights, on the host, drawing from the generator as PyTorch
 * 1.13's CPU kernels do: without replacement the Gumbel/exponential trick
 * `topk(w / Exp(1))`; with replacement a binary search of the normalised cumulative weights with one
 * 53-bit uniform per sample.
 * @module
 */
import { empty, type Generator, RuntimeError } from '@kindling/core';

function check(weights: Float64Array, numSamples: number, replacement: boolean): void {
  const n = weights.length;
  if (n === 0) throw new RuntimeError('cannot sample from an empty probability distribution');
  if (!replacement && numSamples > n) {
    throw new RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0) || w === Number.POSITIVE_INFINITY) {
      throw new RuntimeError('probability tensor contains either `inf`, `nan` or element < 0');
    }
    sum += w;
  }
  if (sum === 0) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
}

/** `torch.multinomial(weights, numSamples, replacement, generator)` as a list of indices. */
export function multinomial(
  weights: Float64Array,
  numSamples: number,
  replacement: boolean,
  generator: Generator,
): number[] {
  check(weights, numSamples, replacement);
  const n = weights.length;
  if (!replacement) {
    const q = empty([n], { dtype: 'float64' }).exponential_(1, { generator }).dataSync();
    const keys = Array.from(weights, (w, i) => w / q[i]!);
    // topk's order: largest first; equal keys (only zero weights in practice) by index.
    const order = keys.map((_, i) => i).sort((a, b) => keys[b]! - keys[a]! || a - b);
    return order.slice(0, numSamples);
  }
  const cum = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    sum += weights[j]!;
    cum[j] = sum;
  }
  for (let j = 0; j < n; j++) cum[j]! /= sum;
  cum[n - 1] = 1;
  const out = new Array<number>(numSamples);
  for (let s = 0; s < numSamples; s++) {
    const u = generator.random53();
    let lo = 0;
    let hi = n;
    while (hi - lo > 0) {
      const mid = lo + ((hi - lo) >> 1);
      if (cum[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out[s] = lo;
  }
  return out;
}
