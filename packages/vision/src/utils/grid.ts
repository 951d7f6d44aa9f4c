import {
  fromTypedArray,
  RuntimeError,
  stack,
  type Tensor,
  TorchTypeError,
  type TypedArray,
} from '@kindling/core';
import { writePng } from '../io/index.js';

/** Options of `makeGrid` (torchvision's keyword arguments, camelCase). */
export interface MakeGridOptions {
  /** Images per row; default 8. */
  nrow?: number;
  /** Pixels between and around images; default 2. */
  padding?: number;
  /** Shift each value into [0, 1] using `valueRange` (or the min and max); default false. */
  normalize?: boolean;
  /** `[low, high]` for `normalize`. */
  valueRange?: readonly [number, number];
  /** Normalize each image by its own min and max; default false. */
  scaleEach?: boolean;
  /** Value of the padding; default 0. */
  padValue?: number;
}

function normRange(t: Tensor, range: readonly [number, number] | undefined): Tensor {
  const low = range ? range[0] : (t.min().item() as number);
  const high = range ? range[1] : (t.max().item() as number);
  return t
    .clamp(low, high)
    .sub(low)
    .div(Math.max(high - low, 1e-5));
}

/**
 * `torchvision.utils.make_grid`: lays a batch [B, C, H, W] (or a list of [C, H, W]) out in a grid
 * of `nrow` columns with `padding` pixels of `padValue` between; 1-channel images become 3-channel.
 * @example
 * const grid = utils.makeGrid(batch, { nrow: 4, normalize: true }); // [3, H', W']
 */
export function makeGrid(tensor: Tensor | readonly Tensor[], options: MakeGridOptions = {}): Tensor {
  const { nrow = 8, padding = 2, normalize = false, valueRange, scaleEach = false, padValue = 0 } = options;
  let t = Array.isArray(tensor) ? stack([...tensor], 0) : (tensor as Tensor);
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() === 3) {
    if (t.shape[0] === 1) t = t.expand(3, -1, -1);
    t = t.unsqueeze(0);
  }
  if (t.dim() !== 4)
    throw new TorchTypeError(`tensor or list of tensors expected, got a ${t.dim()}-d tensor`);
  if (t.shape[1] === 1) t = t.expand(-1, 3, -1, -1);
  if (normalize) {
    t = scaleEach
      ? stack(
          t.unbind(0).map((img) => normRange(img, valueRange)),
          0,
        )
      : normRange(t, valueRange);
  }
  if (t.shape[0] === 1) return t.squeeze(0).contiguous();
  const [n, c, h, w] = t.shape as [number, number, number, number];
  const xmaps = Math.min(nrow, n);
  const ymaps = Math.ceil(n / xmaps);
  const height = h + padding;
  const width = w + padding;
  const gh = height * ymaps + padding;
  const gw = width * xmaps + padding;
  const src = t.contiguous().dataSync();
  const out = new (src.constructor as new (n: number) => TypedArray)(c * gh * gw);
  out.fill(padValue as never);
  for (let k = 0; k < n; k++) {
    const y0 = Math.floor(k / xmaps) * height + padding;
    const x0 = (k % xmaps) * width + padding;
    for (let ch = 0; ch < c; ch++) {
      for (let y = 0; y < h; y++) {
        const s = ((k * c + ch) * h + y) * w;
        const o = (ch * gh + y0 + y) * gw + x0;
        for (let x = 0; x < w; x++) out[o + x] = src[s + x]!;
      }
    }
  }
  return fromTypedArray(out, [c, gh, gw], t.dtype);
}

/**
 * `torchvision.utils.save_image`: `makeGrid`, scaled from [0, 1] to bytes (`x * 255 + 0.5`, clamped,
 * truncated), written as PNG (Node only).
 */
export function saveImage(
  tensor: Tensor | readonly Tensor[],
  path: string,
  options: MakeGridOptions = {},
): void {
  const grid = makeGrid(tensor, options);
  if (grid.dim() !== 3) throw new RuntimeError(`saveImage expects image tensors, got shape [${grid.shape}]`);
  writePng(grid.mul(255).add(0.5).clamp(0, 255).to('uint8'), path);
}
