/**
 * Index samplers (`torch.utils.data.Sampler` and its subclasses). Each is a synchronous iterable of
 * indices (or of index batches for {@link BatchSampler}) with a `length`, and draws its numbers
 * exactly as PyTorch 1.13 does, so the same seed gives PyTorch's order.
 * @module
 */
import { defaultGenerator, Generator, randint, randperm, ValueError } from '@kindling/core';
import { multinomial } from './multinomial.js';

/** A source of indices (`torch.utils.data.Sampler`): iterable, with a known `length`. */
export interface Sampler<T = number> extends Iterable<T> {
  /** How many values one pass yields (`len(sampler)`). */
  readonly length: number;
}

/** Anything with a length, such as a dataset (`Sized`). */
export interface Sized {
  readonly length: number;
}

function checkPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v <= 0) {
    throw new ValueError(`${name} should be a positive integer value, but got ${name}=${v}`);
  }
}

function intList(t: { dataSync(): ArrayLike<number> }): number[] {
  return Array.from(t.dataSync());
}

/**
 * The seed PyTorch 1.13 draws for a sampler or a loader iterator,
 * `int(torch.empty((), dtype=torch.int64).random_(generator=g).item())`: one 64-bit draw taken
 * modulo 2^63.
 */
export function drawSeed(g: Generator = defaultGenerator): bigint {
  return g.random64() % (1n << 63n);
}

/**
 * `0, 1, …, length - 1` in order (`torch.utils.data.SequentialSampler`).
 * @example
 * [...new SequentialSampler({ length: 3 })]; // [0, 1, 2]
 */
export class SequentialSampler implements Sampler<number> {
  /** The data source whose indices are yielded. */
  readonly dataSource: Sized;

  constructor(dataSource: Sized) {
    this.dataSource = dataSource;
  }

  get length(): number {
    return this.dataSource.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices one pass yields (default: the data source's length). */
  numSamples?: number;
  /** The generator to draw from; without one, each pass seeds a fresh generator from the default one. */
  generator?: Generator;
}

/**
 * Random indices (`torch.utils.data.RandomSampler`). Without replacement each pass is
 * `randperm(n, generator)` (repeated when `numSamples > n`); with replacement, `randint(n)` in
 * chunks of 32. Without a generator, each pass draws a seed from the default generator and uses a
 * fresh generator seeded with it, as PyTorch 1.13 does, so `manualSeed(s)` fixes the order.
 * @example
 * torch.manualSeed(0);
 * [...new RandomSampler({ length: 5 })]; // PyTorch's order after torch.manual_seed(0)
 */
export class RandomSampler implements Sampler<number> {
  /** The data source whose indices are drawn. */
  readonly dataSource: Sized;
  /** Whether indices repeat. */
  readonly replacement: boolean;
  /** The generator given, if any. */
  readonly generator: Generator | undefined;
  private readonly numSamplesOpt: number | undefined;

  constructor(dataSource: Sized, opts: RandomSamplerOptions = {}) {
    this.dataSource = dataSource;
    this.replacement = opts.replacement ?? false;
    this.numSamplesOpt = opts.numSamples;
    this.generator = opts.generator;
    if (typeof this.replacement !== 'boolean') {
      throw new ValueError(`replacement should be a boolean value, but got replacement=${this.replacement}`);
    }
    checkPositiveInt('num_samples', this.numSamples);
  }

  /** The number of indices per pass (`num_samples`); follows the data source's length when not set. */
  get numSamples(): number {
    return this.numSamplesOpt ?? this.dataSource.length;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const generator = this.generator ?? new Generator().manualSeed(drawSeed());
    const m = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(m / 32); k++) yield* intList(randint(n, [32], { generator }));
      yield* intList(randint(n, [m % 32], { generator }));
    } else {
      for (let k = 0; k < Math.floor(m / n); k++) yield* intList(randperm(n, { generator }));
      // PyTorch draws this last permutation even when it keeps none of it; so do we, to stay in step.
      yield* intList(randperm(n, { generator })).slice(0, m % n);
    }
  }
}

/**
 * The given indices in a random order, `randperm(len(indices), generator)` per pass
 * (`torch.utils.data.SubsetRandomSampler`).
 */
export class SubsetRandomSampler implements Sampler<number> {
  /** The indices to permute. */
  readonly indices: readonly number[];
  /** The generator to draw from (default: the default generator). */
  readonly generator: Generator | undefined;

  constructor(indices: readonly number[], opts: { generator?: Generator } = {}) {
    this.indices = indices;
    this.generator = opts.generator;
  }

  get length(): number {
    return this.indices.length;
  }

  *[Symbol.iterator](): Iterator<number> {
    const perm = intList(randperm(this.indices.length, { generator: this.generator ?? defaultGenerator }));
    for (const i of perm) yield this.indices[i]!;
  }
}

/**
 * Indices drawn with probabilities proportional to `weights`
 * (`torch.utils.data.WeightedRandomSampler`), by `multinomial(weights, numSamples, replacement)`.
 * @example
 * // Oversample the rare class 1.
 * const s = new WeightedRandomSampler([0.1, 0.9, 0.9], 6, { generator: g });
 */
export class WeightedRandomSampler implements Sampler<number> {
  /** The weights, as float64. */
  readonly weights: Float64Array;
  /** How many indices one pass yields. */
  readonly numSamples: number;
  /** Whether indices repeat (default true, as in PyTorch). */
  readonly replacement: boolean;
  /** The generator to draw from (default: the default generator). */
  readonly generator: Generator | undefined;

  constructor(
    weights: ArrayLike<number> | { dataSync(): ArrayLike<number>; ndim: number; shape: readonly number[] },
    numSamples: number,
    opts: { replacement?: boolean; generator?: Generator } = {},
  ) {
    if (typeof numSamples !== 'number' || !Number.isInteger(numSamples) || numSamples <= 0) {
      throw new ValueError(
        `num_samples should be a positive integer value, but got num_samples=${numSamples}`,
      );
    }
    const replacement = opts.replacement ?? true;
    if (typeof replacement !== 'boolean') {
      throw new ValueError(`replacement should be a boolean value, but got replacement=${replacement}`);
    }
    if ('dataSync' in weights) {
      if (weights.ndim !== 1) {
        throw new ValueError(
          `weights should be a 1d sequence but given weights have shape (${weights.shape.join(', ')}${weights.ndim === 1 ? ',' : ''})`,
        );
      }
      this.weights = Float64Array.from(weights.dataSync());
    } else {
      this.weights = Float64Array.from(weights);
    }
    this.numSamples = numSamples;
    this.replacement = replacement;
    this.generator = opts.generator;
  }

  get length(): number {
    return this.numSamples;
  }

  *[Symbol.iterator](): Iterator<number> {
    const g = this.generator ?? defaultGenerator;
    yield* multinomial(this.weights, this.numSamples, this.replacement, g);
  }
}

/**
 * Groups another sampler's indices into batches (`torch.utils.data.BatchSampler`); the last, short
 * batch is kept unless `dropLast`.
 * @example
 * [...new BatchSampler(new SequentialSampler({ length: 10 }), 3, false)];
 * // [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
 */
export class BatchSampler implements Sampler<number[]> {
  /** The sampler whose indices are grouped. */
  readonly sampler: Iterable<number> & Partial<Sized>;
  /** Indices per batch. */
  readonly batchSize: number;
  /** Whether a last batch shorter than `batchSize` is dropped. */
  readonly dropLast: boolean;

  constructor(sampler: Iterable<number> & Partial<Sized>, batchSize: number, dropLast: boolean) {
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    if (typeof dropLast !== 'boolean') {
      throw new ValueError(`drop_last should be a boolean value, but got drop_last=${dropLast}`);
    }
    this.sampler = sampler;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
  }

  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new ValueError('BatchSampler: the wrapped sampler has no length');
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    // Like PyTorch, the wrapped sampler is always run to its end (even with dropLast), so a shared
    // generator advances exactly as it does there.
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
