import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Sums a broadcast gradient back down to the shape of the input it belongs to. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  let r = dims.length ? g.sum(dims, true) : g;
  if (lead > 0 || !shapesEqual(r.shape, shape)) r = r.reshape(shape as number[]);
  return r;
}
