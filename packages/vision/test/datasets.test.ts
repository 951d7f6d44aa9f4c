import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromTypedArray } from '@kindling/core';
import { describe, expect, it } from 'vitest';
import { datasets, io } from '../src/index.js';
import { idxBytes, pattern, put, tempDir } from './helpers.js';

function mnistDir(
  n: number,
  gzip: boolean,
  prefix = 'train',
): { dir: string; pixels: Uint8Array; labels: number[] } {
  const dir = tempDir();
  const pixels = pattern(n * 28 * 28, 3);
  const labels = Array.from({ length: n }, (_, i) => (i * 7) % 10);
  put(dir, `${prefix}-images-idx3-ubyte`, idxBytes([n, 28, 28], pixels), gzip);
  put(dir, `${prefix}-labels-idx1-ubyte`, idxBytes([n], labels), gzip);
  return { dir, pixels, labels };
}

describe('MNIST / FashionMNIST', () => {
  for (const gzip of [false, true]) {
    it(`reads ${gzip ? 'gzipped' : 'plain'} IDX files into [uint8 [28, 28], label] items`, () => {
      const { dir, pixels, labels } = mnistDir(5, gzip);
      const ds = new datasets.MNIST({ root: dir });
      expect(ds.length).toBe(5);
      const [img, label] = ds.getItem(3);
      expect(img.shape).toEqual([28, 28]);
      expect(img.dtype).toBe('uint8');
      expect(Array.from(img.dataSync() as Uint8Array)).toEqual(Array.from(pixels.subarray(3 * 784, 4 * 784)));
      expect(label).toBe(labels[3]);
      expect(ds.getItem(-1)[1]).toBe(labels[4]);
      expect(ds.data.shape).toEqual([5, 28, 28]);
      expect(ds.targets.dtype).toBe('int64');
      expect(ds.targets.tolist()).toEqual(labels);
    });
  }

  it('finds the test split under <root>/FashionMNIST/raw and applies transforms', () => {
    const root = tempDir();
    const raw = join(root, 'FashionMNIST', 'raw');
    mkdirSync(raw, { recursive: true });
    put(raw, 't10k-images-idx3-ubyte', idxBytes([2, 28, 28], pattern(2 * 784, 1)), true);
    put(raw, 't10k-labels-idx1-ubyte', idxBytes([2], [9, 0]), true);
    const ds = new datasets.FashionMNIST({
      root,
      train: false,
      transform: (x) => x.shape,
      targetTransform: (y) => datasets.FashionMNIST.classes[y],
    });
    expect(ds.getItem(0)).toEqual([[28, 28], 'Ankle boot']);
    expect(ds.classToIdx['Trouser']).toBe(1);
  });

  it('errors on a missing folder, saying where to put the files', () => {
    expect(() => new datasets.MNIST({ root: '/nonexistent/mnist' })).toThrow(
      /train-images-idx3-ubyte.*not found.*does not download.*\/nonexistent\/mnist\/MNIST\/raw/,
    );
  });

  it('rejects malformed files, naming the file', () => {
    const bad = (images: Uint8Array, labels: Uint8Array, gzip = false) => {
      const dir = tempDir();
      const imgPath = put(dir, 'train-images-idx3-ubyte', images, gzip);
      put(dir, 'train-labels-idx1-ubyte', labels, gzip);
      return { dir, imgPath };
    };
    const good = idxBytes([2, 28, 28], pattern(2 * 784, 0));
    const lbl = idxBytes([2], [1, 2]);
    const wrongMagic = good.slice();
    wrongMagic[0] = 0x12;
    let c = bad(wrongMagic, lbl);
    expect(() => new datasets.MNIST({ root: c.dir })).toThrow(`${c.imgPath}: not an IDX file (bad magic`);
    c = bad(good.subarray(0, good.length - 10), lbl, true);
    expect(() => new datasets.MNIST({ root: c.dir })).toThrow(`${c.imgPath}: truncated`);
    c = bad(idxBytes([2, 28], pattern(56, 0)), lbl);
    expect(() => new datasets.MNIST({ root: c.dir })).toThrow(
      'expected an IDX file of 3 dimension(s), got 2',
    );
    c = bad(good, idxBytes([3], [1, 2, 3]));
    expect(() => new datasets.MNIST({ root: c.dir })).toThrow('holds 2 images but');
    c = bad(good, idxBytes([2], [1, 12]));
    expect(() => new datasets.MNIST({ root: c.dir })).toThrow('label 12 at index 1 is not in [0, 10)');
    const dir = tempDir();
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    put(dir, 'train-labels-idx1-ubyte', lbl);
    expect(() => new datasets.MNIST({ root: dir })).toThrow('corrupt gzip data');
    const ds = new datasets.MNIST({ root: bad(good, lbl).dir });
    expect(() => ds.getItem(2)).toThrow('index 2 is out of range');
  });

  const debian = '/usr/share/datasets/fashion-mnist';
  it.skipIf(!existsSync(debian))("reads Debian's dataset-fashion-mnist as torchvision does", () => {
    // Values read with PyTorch from the same files (label list, per-image sums, one row).
    const ds = new datasets.FashionMNIST({ root: debian, train: false });
    expect(ds.length).toBe(10000);
    expect([0, 1, 2, 3, 4].map((i) => ds.getItem(i)[1])).toEqual([9, 2, 1, 1, 6]);
    expect(ds.getItem(0)[0].sum().item()).toBe(33456);
    expect(ds.getItem(9999)[0].sum().item()).toBe(24390);
    expect(
      Array.from(
        ds
          .getItem(0)[0]
          .dataSync()
          .subarray(14 * 28 + 10, 14 * 28 + 16),
      ),
    ).toEqual([0, 0, 98, 136, 110, 109]);
  });
});

describe('CIFAR10', () => {
  function cifarDir(counts: number[], sub = true): { root: string; records: Uint8Array[] } {
    const root = tempDir();
    const dir = sub ? join(root, 'cifar-10-batches-bin') : root;
    mkdirSync(dir, { recursive: true });
    const records: Uint8Array[] = [];
    counts.forEach((n, b) => {
      const bytes = pattern(n * 3073, b + 1);
      for (let r = 0; r < n; r++) bytes[r * 3073] = (r + b) % 10;
      for (let r = 0; r < n; r++) records.push(bytes.slice(r * 3073, (r + 1) * 3073));
      put(dir, b < 5 ? `data_batch_${b + 1}.bin` : 'test_batch.bin', bytes);
    });
    return { root, records };
  }

  it('reads the five training batches into HWC uint8 images', () => {
    const { root, records } = cifarDir([2, 1, 1, 1, 3]);
    const ds = new datasets.CIFAR10({ root });
    expect(ds.length).toBe(8);
    expect(ds.data.shape).toEqual([8, 32, 32, 3]);
    const rec = records[6]!;
    const [img, label] = ds.getItem(6);
    expect(label).toBe(rec[0]);
    expect(img.shape).toEqual([32, 32, 3]);
    // Independently: pixel (y, x, c) is byte 1 + c*1024 + y*32 + x of the record.
    const v = img.dataSync();
    for (const [y, x, ch] of [
      [0, 0, 0],
      [5, 7, 1],
      [31, 31, 2],
    ] as const) {
      expect(v[(y * 32 + x) * 3 + ch]).toBe(rec[1 + ch * 1024 + y * 32 + x]);
    }
    expect(ds.classes[ds.targets[0]!]).toBe('airplane');
  });

  it('reads test_batch.bin directly under root; rejects bad sizes and labels', () => {
    const root = tempDir();
    const bytes = pattern(2 * 3073, 5);
    bytes[0] = 3;
    bytes[3073] = 4;
    put(root, 'test_batch.bin', bytes);
    expect(new datasets.CIFAR10({ root, train: false }).targets).toEqual([3, 4]);
    const path = put(root, 'test_batch.bin', bytes.subarray(0, 5000));
    expect(() => new datasets.CIFAR10({ root, train: false })).toThrow(
      `${path}: size 5000 is not a whole number`,
    );
    bytes[3073] = 200;
    put(root, 'test_batch.bin', bytes);
    expect(() => new datasets.CIFAR10({ root, train: false })).toThrow(
      'label 200 of record 1 is not in [0, 10)',
    );
    expect(() => new datasets.CIFAR10({ root })).toThrow("'data_batch_1.bin'");
  });
});

describe('ImageFolder', () => {
  it('sorts classes and files, loads RGB HWC images', () => {
    const root = tempDir();
    const mk = (cls: string, name: string, value: number) => {
      mkdirSync(join(root, cls), { recursive: true });
      const img = fromTypedArray(new Uint8Array(2 * 3).fill(value), [1, 2, 3], 'uint8');
      io.writePng(img, join(root, cls, name));
    };
    mk('dog', 'b.png', 20);
    mk('dog', 'a.png', 10);
    mk('cat', 'z.png', 30);
    writeFileSync(join(root, 'cat', 'notes.txt'), 'ignored');
    const ds = new datasets.ImageFolder({ root });
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.classToIdx).toEqual({ cat: 0, dog: 1 });
    expect(ds.samples.map(([p, l]) => [p.slice(root.length + 1), l])).toEqual([
      ['cat/z.png', 0],
      ['dog/a.png', 1],
      ['dog/b.png', 1],
    ]);
    const [img, label] = ds.getItem(1);
    expect(label).toBe(1);
    expect(img.shape).toEqual([2, 3, 3]);
    expect(Array.from(img.dataSync())).toEqual(new Array(18).fill(10));
    mkdirSync(join(root, 'empty'));
    expect(() => new datasets.ImageFolder({ root })).toThrow('Found no valid file for the classes empty');
    expect(() => new datasets.ImageFolder({ root: join(root, 'nope') })).toThrow('does not exist');
  });
});
