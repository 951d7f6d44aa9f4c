/**
 * The in-memory datasets of bench/data-loader.ts, in their own module so that DataLoader workers can
 * rebuild them (`workerDataset: { module, export }`). Each is a factory: every worker builds the same
 * seeded images, as forked PyTorch workers would share them.
 */
import * as torch from 'kindling';

/** Items in each dataset, and the image size (Fashion-MNIST's). */
export const N = 4096;
const H = 28;
const W = 28;
const PAD = 2;

function images(): Float32Array {
  const g = new torch.Generator().manualSeed(0);
  return torch.rand([N, H * W], { generator: g }).dataSync() as Float32Array;
}

type Item = [torch.Tensor, number];

/** normalize((x - 0.5) / 0.25) only: the cheapest realistic transform. */
export function light(): torch.Dataset<Item> {
  const data = images();
  return {
    length: N,
    getItem(i: number): Item {
      const out = new Float32Array(H * W);
      const src = data.subarray(i * H * W, (i + 1) * H * W);
      for (let k = 0; k < out.length; k++) out[k] = (src[k]! - 0.5) / 0.25;
      return [torch.fromTypedArray(out, [1, H, W], 'float32'), i % 10];
    },
  };
}

/**
 * A training-style augmentation: random crop with 2 pixels of zero padding, random horizontal flip,
 * a 3×3 box blur and normalisation, in plain loops over typed arrays (random numbers from Kindling's
 * default generator, which each worker seeds differently).
 */
export function heavy(): torch.Dataset<Item> {
  return augmented(1);
}

/**
 * The augmentation with the blur applied 10 times: about the per-item cost of decoding a small
 * JPEG or PNG, where workers are meant to pay off.
 */
export function costly(): torch.Dataset<Item> {
  return augmented(10);
}

function augmented(blurs: number): torch.Dataset<Item> {
  const data = images();
  return {
    length: N,
    getItem(i: number): Item {
      const src = data.subarray(i * H * W, (i + 1) * H * W);
      const r = torch.randint(0, 2 * PAD + 1, [3]).dataSync();
      const dy = r[0]! - PAD;
      const dx = r[1]! - PAD;
      const flip = r[2]! % 2 === 1;
      const crop = new Float32Array(H * W);
      for (let y = 0; y < H; y++) {
        const sy = y + dy;
        if (sy < 0 || sy >= H) continue;
        for (let x = 0; x < W; x++) {
          const sx = (flip ? W - 1 - x : x) + dx;
          if (sx >= 0 && sx < W) crop[y * W + x] = src[sy * W + sx]!;
        }
      }
      let cur: Float32Array = crop;
      for (let b = 0; b < blurs; b++) cur = blur3(cur);
      for (let k = 0; k < cur.length; k++) cur[k] = (cur[k]! - 0.5) / 0.25;
      return [torch.fromTypedArray(cur, [1, H, W], 'float32'), i % 10];
    },
  };
}

/** A 3×3 box blur with zero padding. */
function blur3(src: Float32Array): Float32Array {
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let s = 0;
      for (let ky = -1; ky <= 1; ky++) {
        const yy = y + ky;
        if (yy < 0 || yy >= H) continue;
        for (let kx = -1; kx <= 1; kx++) {
          const xx = x + kx;
          if (xx >= 0 && xx < W) s += src[yy * W + xx]!;
        }
      }
      out[y * W + x] = s / 9;
    }
  }
  return out;
}
