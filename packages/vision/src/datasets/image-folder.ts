import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RuntimeError, type Tensor } from '@kindling/core';
import { readImage } from '../io/index.js';
import { isDir } from './files.js';
import { applyTransform, type Dataset, type Transform } from './types.js';

/** Options of `ImageFolder` (torchvision's constructor arguments). */
export interface ImageFolderOptions<X, Y> {
  /** Folder with one sub-folder per class: `root/dog/001.png`, `root/cat/nice.jpg`, … */
  root: string;
  /** Applied to each loaded image. */
  transform?: Transform<Tensor, X>;
  /** Applied to each class index. */
  targetTransform?: Transform<number, Y>;
  /** Reads a file into an image; defaults to an RGB uint8 tensor [H, W, 3] (what PIL gives). */
  loader?: (path: string) => Tensor;
  /** File extensions to keep (lower case, with the dot); defaults to `.png`, `.jpg`, `.jpeg`. */
  extensions?: readonly string[];
}

const DEFAULT_EXTENSIONS = ['.jpg', '.jpeg', '.png'] as const;

/** The default `ImageFolder` loader: an RGB image as a uint8 tensor [H, W, 3] (PIL's layout). */
export function defaultLoader(path: string): Tensor {
  return readImage(path, 'RGB').permute(1, 2, 0).contiguous();
}

/**
 * `torchvision.datasets.ImageFolder`: images laid out one class per sub-folder. Class names are the
 * sub-folder names sorted, `classToIdx` maps them to labels, and `samples` lists `[path, label]`
 * sorted by class then file name.
 * @example
 * const ds = new datasets.ImageFolder({ root: 'pets', transform: new transforms.ToTensor() });
 * ds.classes; // ['cat', 'dog']
 */
export class ImageFolder<X = Tensor, Y = number> implements Dataset<[X, Y]> {
  readonly root: string;
  /** Sorted class names. */
  readonly classes: string[];
  /** `{ className: label }` (`class_to_idx`). */
  readonly classToIdx: Record<string, number>;
  /** Every `[path, label]` (`samples`, also `imgs`). */
  readonly samples: [string, number][];
  /** Every label (`targets`). */
  readonly targets: number[];
  private readonly loader: (path: string) => Tensor;
  private readonly transform: Transform<Tensor, X> | undefined;
  private readonly targetTransform: Transform<number, Y> | undefined;

  constructor(options: ImageFolderOptions<X, Y>) {
    const { root } = options;
    if (!isDir(root)) {
      throw new RuntimeError(`ImageFolder: root folder '${root}' does not exist or is not a folder`);
    }
    this.root = root;
    this.loader = options.loader ?? defaultLoader;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const exts = (options.extensions ?? DEFAULT_EXTENSIONS).map((e) => e.toLowerCase());
    // Sorting by UTF-16 code units matches Python's sorted() on ASCII names.
    const sorted = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.classes = sorted(
      readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name),
    );
    if (this.classes.length === 0) {
      throw new RuntimeError(`Couldn't find any class folder in ${root}.`);
    }
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    this.samples = [];
    const empty: string[] = [];
    for (const [label, cls] of this.classes.entries()) {
      const files = sorted(walk(join(root, cls))).filter((f) =>
        exts.some((e) => f.toLowerCase().endsWith(e)),
      );
      if (files.length === 0) empty.push(cls);
      for (const f of files) this.samples.push([f, label]);
    }
    if (empty.length > 0) {
      throw new RuntimeError(
        `Found no valid file for the classes ${empty.join(', ')}. Supported extensions are: ${exts.join(', ')}`,
      );
    }
    this.targets = this.samples.map((s) => s[1]);
  }

  /** Same as `samples` (torchvision keeps `imgs` for backward compatibility). */
  get imgs(): [string, number][] {
    return this.samples;
  }

  get length(): number {
    return this.samples.length;
  }

  /** `[image, label]` at `index`. */
  getItem(index: number): [X, Y] {
    const n = this.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RuntimeError(`index ${index} is out of range for a dataset of length ${n}`);
    }
    const [path, label] = this.samples[i]!;
    const img = this.loader(path);
    return [
      this.transform ? applyTransform(this.transform, img) : (img as X),
      this.targetTransform ? applyTransform(this.targetTransform, label) : (label as Y),
    ];
  }
}

/** Every file below `dir`, following the folder tree (torchvision walks with os.walk). */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...walk(p));
    else if (d.isFile()) out.push(p);
  }
  return out;
}
