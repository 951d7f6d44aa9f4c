import { fromTypedArray, type Tensor } from '@kindling/core';
import { newPlanes, numChannels } from './planes.js';

const f = Math.fround;

/** `torch.round`/`nearbyint`: halves to even. */
function rint(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * `F.rotate` on a tensor [..., C, H, W]: rotates counter-clockwise by `angle` degrees about the
 * centre, nearest-neighbour, keeping the size; uncovered pixels get `fill` (per channel or one
 * value). Follows torchvision 0.14's affine-grid + `grid_sample(align_corners=False)` arithmetic in
 * float32, so sampled pixels match it.
 * @example
 * F.rotate(img, 90);
 */
export function rotate(img: Tensor, angle: number, fill: number | readonly number[] = 0): Tensor {
  const h = img.shape[img.dim() - 2]!;
  const w = img.shape[img.dim() - 1]!;
  const rot = (-angle * Math.PI) / 180;
  // _get_inverse_affine_matrix(center=(0, 0), -angle, translate=0, scale=1, shear=0) in float32,
  // then divided by the half-sizes as _gen_affine_grid does.
  const a = f(f(Math.cos(rot)) / f(0.5 * w));
  const b = f(f(Math.sin(rot)) / f(0.5 * w));
  const c = f(f(-Math.sin(rot)) / f(0.5 * h));
  const d = f(f(Math.cos(rot)) / f(0.5 * h));
  const rows = new Int32Array(h * w);
  const cols = new Int32Array(h * w);
  for (let i = 0; i < h; i++) {
    const y = -h * 0.5 + 0.5 + i;
    for (let j = 0; j < w; j++) {
      const x = -w * 0.5 + 0.5 + j;
      const gx = f(f(x * a) + f(y * b));
      const gy = f(f(x * c) + f(y * d));
      const ix = rint(f(f(f(gx + 1) * w - 1) / 2));
      const iy = rint(f(f(f(gy + 1) * h - 1) / 2));
      const inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
      rows[i * w + j] = inside ? iy : -1;
      cols[i * w + j] = inside ? ix : -1;
    }
  }
  const src = img.contiguous().dataSync();
  const { out, shape } = newPlanes(img, h, w);
  const planes = h * w === 0 ? 0 : src.length / (h * w);
  const ch = img.dim() >= 3 ? numChannels(img) : 1;
  for (let p = 0; p < planes; p++) {
    const fv = typeof fill === 'number' ? fill : (fill[p % ch] ?? fill[0] ?? 0);
    for (let k = 0; k < h * w; k++) {
      out[p * h * w + k] = rows[k]! < 0 ? fv : src[p * h * w + rows[k]! * w + cols[k]!]!;
    }
  }
  return fromTypedArray(out, shape, img.dtype);
}
