import { join } from 'node:path';
import { fromTypedArray, RuntimeError, type Tensor } from '@kindling/core';
import { locate, readMaybeGzip } from './files.js';
import { parseIdx } from './idx.js';
import { applyTransform, type Dataset, type Transform } from './types.js';

/** Options of the MNIST-family datasets (torchvision's constructor arguments, without `download`). */
export interface MNISTOptions<X, Y> {
  /** Folder holding the IDX files, directly or under `<root>/<Name>/raw` as torchvision lays it out. */
  root: string;
  /** The 60,000-image training split (default) or the 10,000-image test split (`t10k-*`). */
  train?: boolean;
  /** Applied to each image (a uint8 tensor [28, 28]), e.g. `new transforms.ToTensor()`. */
  transform?: Transform<Tensor, X>;
  /** Applied to each label (a number). */
  targetTransform?: Transform<number, Y>;
}

/**
 * `torchvision.datasets.MNIST`: handwritten digits read from the IDX files
 * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each optionally gzipped (`.gz`).
 *
 * Items are `[image, label]`. The image is a uint8 tensor of shape [28, 28] — what a PIL 'L' image is
 * in torchvision — so `ToTensor` turns it into float32 [1, 28, 28] in [0, 1]. Nothing is downloaded:
 * a missing file raises an error naming the folders searched.
 * @example
 * const ds = new datasets.FashionMNIST({ root: '/usr/share/datasets/fashion-mnist', transform: new transforms.ToTensor() });
 * const [x, y] = ds.getItem(0); // x: float32 [1, 28, 28], y: 9
 */
export class MNIST<X = Tensor, Y = number> implements Dataset<[X, Y]> {
  /** Class names, index = label. */
  static readonly classes: readonly string[] = [
    '0 - zero',
    '1 - one',
    '2 - two',
    '3 - three',
    '4 - four',
    '5 - five',
    '6 - six',
    '7 - seven',
    '8 - eight',
    '9 - nine',
  ];
  /** Every image as one uint8 tensor [N, 28, 28] (`dataset.data`). */
  readonly data: Tensor;
  /** Every label as an int64 tensor [N] (`dataset.targets`). */
  readonly targets: Tensor;
  /** Whether this is the training split. */
  readonly train: boolean;
  readonly root: string;
  private readonly pixels: Uint8Array;
  private readonly labels: Uint8Array;
  private readonly rows: number;
  private readonly cols: number;
  private readonly transform: Transform<Tensor, X> | undefined;
  private readonly targetTransform: Transform<number, Y> | undefined;

  constructor(options: MNISTOptions<X, Y>) {
    const { root, train = true } = options;
    this.root = root;
    this.train = train;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const name = (this.constructor as { datasetName?: string }).datasetName ?? 'MNIST';
    const folders = [join(root, name, 'raw'), root];
    const prefix = train ? 'train' : 't10k';
    const imgPath = locate(folders, `${prefix}-images-idx3-ubyte`, name);
    const lblPath = locate(folders, `${prefix}-labels-idx1-ubyte`, name);
    const images = parseIdx(readMaybeGzip(imgPath), imgPath, 3);
    const labels = parseIdx(readMaybeGzip(lblPath), lblPath, 1);
    const [n, rows, cols] = images.dims as [number, number, number];
    if (labels.dims[0] !== n) {
      throw new RuntimeError(
        `${name}: ${imgPath} holds ${n} images but ${lblPath} holds ${labels.dims[0]} labels`,
      );
    }
    const numClasses = this.classes.length;
    for (let i = 0; i < n; i++) {
      if (labels.data[i]! >= numClasses) {
        throw new RuntimeError(
          `${lblPath}: label ${labels.data[i]} at index ${i} is not in [0, ${numClasses})`,
        );
      }
    }
    this.pixels = images.data;
    this.labels = labels.data;
    this.rows = rows;
    this.cols = cols;
    this.data = fromTypedArray(images.data, [n, rows, cols], 'uint8');
    this.targets = fromTypedArray(Float64Array.from(labels.data), [n], 'int64');
  }

  /** Class names, index = label (`dataset.classes`). */
  get classes(): readonly string[] {
    return (this.constructor as typeof MNIST).classes;
  }

  /** `{ className: label }` (`dataset.class_to_idx`). */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  get length(): number {
    return this.labels.length;
  }

  /** `[image, label]` at `index` (negative indices count from the end, as in Python). */
  getItem(index: number): [X, Y] {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RuntimeError(`index ${index} is out of range for a dataset of length ${n}`);
    }
    const size = this.rows * this.cols;
    const img = fromTypedArray(this.pixels.slice(i * size, (i + 1) * size), [this.rows, this.cols], 'uint8');
    const label = this.labels[i]!;
    const x = this.transform ? applyTransform(this.transform, img) : (img as X);
    const y = this.targetTransform ? applyTransform(this.targetTransform, label) : (label as Y);
    return [x, y];
  }
}

/**
 * `torchvision.datasets.FashionMNIST`: Zalando's clothing images in MNIST's IDX format. Reads
 * Debian's `dataset-fashion-mnist` layout (`/usr/share/datasets/fashion-mnist/*.gz`) as well as
 * torchvision's (`<root>/FashionMNIST/raw`).
 */
export class FashionMNIST<X = Tensor, Y = number> extends MNIST<X, Y> {
  /** @internal the folder name torchvision uses under root. */
  static readonly datasetName = 'FashionMNIST';
  static override readonly classes: readonly string[] = [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ];
}

/** `torchvision.datasets.KMNIST`: Kuzushiji-MNIST (cursive Japanese), same IDX layout. */
export class KMNIST<X = Tensor, Y = number> extends MNIST<X, Y> {
  /** @internal the folder name torchvision uses under root. */
  static readonly datasetName = 'KMNIST';
  static override readonly classes: readonly string[] = [
    'o',
    'ki',
    'su',
    'tsu',
    'na',
    'ha',
    'ma',
    'ya',
    're',
    'wo',
  ];
}
