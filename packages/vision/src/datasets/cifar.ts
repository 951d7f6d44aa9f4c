import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTypedArray, RuntimeError, type Tensor } from '@kindling/core';
import { locate } from './files.js';
import { applyTransform, type Dataset, type Transform } from './types.js';

/** Options of `CIFAR10` (torchvision's constructor arguments, without `download`). */
export interface CIFAR10Options<X, Y> {
  /** Folder holding the binary batches, directly or in `<root>/cifar-10-batches-bin`. */
  root: string;
  /** `data_batch_1..5.bin` (default) or `test_batch.bin`. */
  train?: boolean;
  /** Applied to each image (a uint8 tensor [32, 32, 3], HWC like a PIL RGB image). */
  transform?: Transform<Tensor, X>;
  /** Applied to each label (a number). */
  targetTransform?: Transform<number, Y>;
}

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

/**
 * `torchvision.datasets.CIFAR10`, read from the binary version of the dataset
 * (`cifar-10-batches-bin/data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`; each record is a
 * label byte then 1024 red, 1024 green and 1024 blue bytes).
 *
 * Items are `[image, label]` with the image a uint8 tensor [32, 32, 3] (HWC, as `dataset.data` is in
 * torchvision); `ToTensor` makes it float32 [3, 32, 32].
 * @example
 * const ds = new datasets.CIFAR10({ root: 'data', train: false, transform: new transforms.ToTensor() });
 */
export class CIFAR10<X = Tensor, Y = number> implements Dataset<[X, Y]> {
  /** Class names, index = label. */
  static readonly classes: readonly string[] = [
    'airplane',
    'automobile',
    'bird',
    'cat',
    'deer',
    'dog',
    'frog',
    'horse',
    'ship',
    'truck',
  ];
  /** Every image as one uint8 tensor [N, 32, 32, 3] (`dataset.data`). */
  readonly data: Tensor;
  /** Every label as a plain array (`dataset.targets`, a Python list in torchvision). */
  readonly targets: number[];
  readonly train: boolean;
  readonly root: string;
  private readonly pixels: Uint8Array;
  private readonly transform: Transform<Tensor, X> | undefined;
  private readonly targetTransform: Transform<number, Y> | undefined;

  constructor(options: CIFAR10Options<X, Y>) {
    const { root, train = true } = options;
    this.root = root;
    this.train = train;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const folders = [join(root, 'cifar-10-batches-bin'), root];
    const names = train ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
    const chunks: Uint8Array[] = [];
    const targets: number[] = [];
    for (const name of names) {
      const path = locate(folders, name, 'CIFAR10');
      const bytes = new Uint8Array(readFileSync(path));
      if (bytes.length === 0 || bytes.length % RECORD !== 0) {
        throw new RuntimeError(
          `${path}: size ${bytes.length} is not a whole number of CIFAR-10 records (${RECORD} bytes each)`,
        );
      }
      const n = bytes.length / RECORD;
      // Reorder each record from planar CHW to HWC once, so items are cheap views of it.
      const hwc = new Uint8Array(n * 3 * PLANE);
      for (let r = 0; r < n; r++) {
        const base = r * RECORD;
        const label = bytes[base]!;
        if (label >= 10) throw new RuntimeError(`${path}: label ${label} of record ${r} is not in [0, 10)`);
        targets.push(label);
        const out = r * 3 * PLANE;
        for (let p = 0; p < PLANE; p++) {
          hwc[out + 3 * p] = bytes[base + 1 + p]!;
          hwc[out + 3 * p + 1] = bytes[base + 1 + PLANE + p]!;
          hwc[out + 3 * p + 2] = bytes[base + 1 + 2 * PLANE + p]!;
        }
      }
      chunks.push(hwc);
    }
    const total = chunks.reduce((s, c) => s + c.length, 0);
    const pixels = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      pixels.set(c, off);
      off += c.length;
    }
    this.pixels = pixels;
    this.targets = targets;
    this.data = fromTypedArray(pixels, [targets.length, SIDE, SIDE, 3], 'uint8');
  }

  /** Class names, index = label (`dataset.classes`). */
  get classes(): readonly string[] {
    return CIFAR10.classes;
  }

  /** `{ className: label }` (`dataset.class_to_idx`). */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(CIFAR10.classes.map((c, i) => [c, i]));
  }

  get length(): number {
    return this.targets.length;
  }

  /** `[image, label]` at `index` (negative indices count from the end). */
  getItem(index: number): [X, Y] {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RuntimeError(`index ${index} is out of range for a dataset of length ${n}`);
    }
    const size = 3 * PLANE;
    const img = fromTypedArray(this.pixels.slice(i * size, (i + 1) * size), [SIDE, SIDE, 3], 'uint8');
    const label = this.targets[i]!;
    return [
      this.transform ? applyTransform(this.transform, img) : (img as X),
      this.targetTransform ? applyTransform(this.targetTransform, label) : (label as Y),
    ];
  }
}
