import { fromTypedArray, type Tensor, TorchTypeError, ValueError } from '@kindling/core';

/** Options of `drawBoundingBoxes`. */
export interface DrawBoxesOptions {
  /** One colour for all boxes or one per box, as `[r, g, b]`; default torchvision's palette. */
  colors?: readonly number[] | readonly (readonly number[])[];
  /** Outline width in pixels, drawn inside the box; default 1. */
  width?: number;
}

/** torchvision's `_generate_color_palette`: box `i` gets `(i * [2^25-1, 2^15-1, 2^21-1]) % 255`. */
function paletteColor(i: number): number[] {
  return [2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1].map((p) => (i * p) % 255);
}

/**
 * `torchvision.utils.draw_bounding_boxes` (outlines only; no `fill`, no label text): draws each box
 * `[xmin, ymin, xmax, ymax]` (inclusive pixel coordinates, truncated to integers) of `boxes` [N, 4]
 * on a copy of a uint8 image [C, H, W] (C = 1 or 3; the result is always RGB [3, H, W]), as PIL's
 * `ImageDraw.rectangle` does.
 */
export function drawBoundingBoxes(image: Tensor, boxes: Tensor, options: DrawBoxesOptions = {}): Tensor {
  if (image.dtype !== 'uint8') throw new ValueError(`Tensor uint8 expected, got ${image.dtype}`);
  if (image.dim() !== 3) throw new ValueError('Pass individual images, not batches');
  const [c, h, w] = image.shape as [number, number, number];
  if (c !== 1 && c !== 3) throw new ValueError('Only grayscale and RGB images are supported');
  if (boxes.dim() !== 2 || boxes.shape[1] !== 4) {
    throw new TorchTypeError(`boxes should be a tensor of shape [N, 4], got [${boxes.shape.join(', ')}]`);
  }
  const b = Array.from(boxes.contiguous().dataSync(), (v) => Math.trunc(Number(v)));
  const n = boxes.shape[0]!;
  for (let i = 0; i < n; i++) {
    if (b[4 * i]! > b[4 * i + 2]! || b[4 * i + 1]! > b[4 * i + 3]!) {
      throw new ValueError(
        'Boxes need to be in (xmin, ymin, xmax, ymax) format. Use torchvision.ops.box_convert to convert them',
      );
    }
  }
  const { colors, width = 1 } = options;
  const colorOf = (i: number): readonly number[] => {
    if (colors === undefined) return paletteColor(i);
    if (typeof colors[0] === 'number') return colors as readonly number[];
    const list = colors as readonly (readonly number[])[];
    if (list.length < n)
      throw new ValueError(`Number of colors (${list.length}) is less than number of boxes (${n}). `);
    return list[i]!;
  };
  // A grayscale image is drawn on (and returned) as RGB, as torchvision tiles it first.
  const rgb = c === 1 ? image.expand(3, h, w) : image;
  const out = new Uint8Array(rgb.contiguous().dataSync());
  const set = (x: number, y: number, col: readonly number[]) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    for (let k = 0; k < 3; k++) out[(k * h + y) * w + x] = col[k]!;
  };
  for (let i = 0; i < n; i++) {
    const [x0, y0, x1, y1] = b.slice(4 * i, 4 * i + 4) as [number, number, number, number];
    const col = colorOf(i);
    for (let t = 0; t < width; t++) {
      const ax = x0 + t;
      const ay = y0 + t;
      const bx = x1 - t;
      const by = y1 - t;
      if (ax > bx || ay > by) break;
      for (let x = ax; x <= bx; x++) {
        set(x, ay, col);
        set(x, by, col);
      }
      for (let y = ay; y <= by; y++) {
        set(ax, y, col);
        set(bx, y, col);
      }
    }
  }
  return fromTypedArray(out, [3, h, w], 'uint8');
}
