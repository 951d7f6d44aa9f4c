/**
 * Map-style datasets over other datasets and tensors: `TensorDataset`, `Subset`, `ConcatDataset`
 * and `randomSplit`, as in `torch.utils.data`.
 * @module
 */
import {
  type Dataset,
  defaultGenerator,
  Generator,
  IndexError,
  isMapDataset,
  randperm,
  type Tensor,
  ValueError,
} from '@kindling/core';

/**
 * A dataset over tensors that share their first dimension (`torch.utils.data.TensorDataset`): item
 * `i` is the array of the tensors' rows `i` (views, not copies).
 * @example
 * const ds = new TensorDataset(torch.randn(100, 3), torch.randint(2, [100]));
 * const [x, y] = ds.getItem(0); // x: [3], y: []
 */
export class TensorDataset<Ts extends Tensor[] = Tensor[]> implements Dataset<Ts> {
  /** The wrapped tensors (`TensorDataset.tensors`). */
  readonly tensors: Readonly<Ts>;

  constructor(...tensors: Ts) {
    if (tensors.length === 0) throw new ValueError('TensorDataset needs at least one tensor');
    for (const t of tensors) {
      if (t.ndim === 0) throw new IndexError('dimension specified as 0 but tensor has no dimensions');
    }
    const n = tensors[0]!.shape[0];
    if (!tensors.every((t) => t.shape[0] === n)) throw new ValueError('Size mismatch between tensors');
    this.tensors = tensors;
  }

  /** The size of the tensors' first dimension. */
  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** The rows `i` of every tensor (`ds[i]`); negative `i` counts from the end. */
  getItem(i: number): Ts {
    const n = this.length;
    if (!Number.isInteger(i) || i < -n || i >= n) {
      throw new IndexError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
    }
    // map keeps the tuple's length and element type; TypeScript only types it as an array.
    return this.tensors.map((t) => t.select(0, i)) as Ts;
  }
}

/**
 * The items of `dataset` at `indices`, in that order (`torch.utils.data.Subset`).
 * @example
 * const firstTen = new Subset(ds, [...Array(10).keys()]);
 */
export class Subset<T> implements Dataset<T> {
  /** The dataset indexed into. */
  readonly dataset: Dataset<T>;
  /** The indices into `dataset`. */
  readonly indices: readonly number[];

  constructor(dataset: Dataset<T>, indices: readonly number[]) {
    this.dataset = dataset;
    this.indices = indices;
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(i: number): T | Promise<T> {
    const n = this.indices.length;
    if (!Number.isInteger(i) || i < -n || i >= n) throw new IndexError('list index out of range');
    return this.dataset.getItem(this.indices[i < 0 ? i + n : i]!);
  }
}

/** The first index whose cumulative size exceeds `idx` (Python's `bisect.bisect_right`). */
function bisectRight(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sorted[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Datasets one after another (`torch.utils.data.ConcatDataset`).
 * @example
 * const both = new ConcatDataset([trainA, trainB]); // both.length === trainA.length + trainB.length
 */
export class ConcatDataset<T> implements Dataset<T> {
  /** The concatenated datasets. */
  readonly datasets: readonly Dataset<T>[];
  /** The running totals of the datasets' lengths (`cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<Dataset<T>>) {
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new ValueError('datasets should not be an empty iterable');
    for (const d of this.datasets) {
      if (!isMapDataset(d)) throw new ValueError('ConcatDataset does not support IterableDataset');
    }
    let s = 0;
    this.cumulativeSizes = this.datasets.map((d) => (s += d.length));
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  getItem(idx: number): T | Promise<T> {
    if (idx < 0) {
      if (-idx > this.length)
        throw new ValueError('absolute value of index should not exceed dataset length');
      idx += this.length;
    }
    if (idx >= this.length) throw new IndexError('list index out of range');
    const d = bisectRight(this.cumulativeSizes, idx);
    return this.datasets[d]!.getItem(d === 0 ? idx : idx - this.cumulativeSizes[d - 1]!);
  }
}

/** Python's `math.isclose(a, b)` with its default relative tolerance 1e-9. */
function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Splits a dataset into non-overlapping random subsets (`torch.utils.data.random_split`). `lengths`
 * are item counts, or fractions summing to 1 (each split gets `floor(frac * n)` items and the
 * remainder is dealt out one by one from the first split, as PyTorch 1.13 does). The permutation is
 * `randperm(n, generator)`, so a generator seeded as in PyTorch gives PyTorch's splits.
 * @example
 * const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new torch.Generator().manualSeed(42) });
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  opts: { generator?: Generator } | Generator = {},
): Subset<T>[] {
  const generator = (opts instanceof Generator ? opts : opts.generator) ?? defaultGenerator;
  const n = dataset.length;
  let sizes = lengths.slice();
  const total = sizes.reduce((a, b) => a + b, 0);
  if (isClose(total, 1) && total <= 1) {
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]! += 1;
  }
  if (sizes.reduce((a, b) => a + b, 0) !== n) {
    throw new ValueError('Sum of input lengths does not equal the length of the input dataset!');
  }
  const perm = Array.from(randperm(n, { generator }).dataSync());
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(dataset, perm.slice(offset, offset + len)));
    offset += len;
  }
  return out;
}
