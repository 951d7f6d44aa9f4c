/**
 * The convolution workloads' shapes and seeded data, shared by every peer so their numbers agree:
 * a conv2d forward ([32, 64, 14, 14] with 64 3×3 filters, padding 1) and a LeNet-style training step
 * (conv 1→32 3×3, relu, maxpool 2, conv 32→64 3×3, relu, maxpool 2, linear 1600→128, relu,
 * linear 128→10; batch 64 of 28×28 images; softmax cross-entropy; SGD). Data is NCHW with PyTorch's
 * [out, in, kh, kw] filters; the tfjs peer transposes to its NHWC / [kh, kw, in, out] layouts.
 */
import { seeded } from './harness.js';

export const CONV = { n: 32, c: 64, h: 14, w: 14, o: 64, k: 3 };
export const CNN = { batch: 64, lr: 0.01, classes: 10 };

/** conv2d-fwd inputs: x [n, c, h, w] and weight [o, c, k, k]. */
export function convData(): { x: Float32Array; w: Float32Array } {
  const { n, c, h, w, o, k } = CONV;
  return { x: seeded(n * c * h * w, 400, 2), w: seeded(o * c * k * k, 401, 2 / Math.sqrt(c * k * k)) };
}

/** One parameter of the CNN: its PyTorch shape and seeded values (uniform ±1/√fan_in, as PyTorch's init). */
export interface CnnParam {
  shape: number[];
  data: Float32Array;
}

/** The CNN's parameters in order conv1 w/b, conv2 w/b, fc1 w/b, fc2 w/b; an input batch; labels. */
export function cnnData(): { params: CnnParam[]; x: Float32Array; labels: number[] } {
  const shapes: [number[], number][] = [
    [[32, 1, 3, 3], 9],
    [[32], 9],
    [[64, 32, 3, 3], 288],
    [[64], 288],
    [[128, 1600], 1600],
    [[128], 1600],
    [[10, 128], 128],
    [[10], 128],
  ];
  const params = shapes.map(([shape, fanIn], i) => ({
    shape,
    data: seeded(
      shape.reduce((a, b) => a * b, 1),
      500 + i,
      2 / Math.sqrt(fanIn),
    ),
  }));
  const { batch, classes } = CNN;
  const labels = Array.from({ length: batch }, (_, i) => (i * 7 + 3) % classes);
  return { params, x: seeded(batch * 28 * 28, 600, 2), labels };
}
