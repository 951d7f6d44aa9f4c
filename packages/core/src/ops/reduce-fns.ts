import type { Tensor } from '../tensor.js';
import './reduce.js';

type ReduceRest = Parameters<Tensor['sum']>;
export type ExtremeDim = number | { dim: number; keepdim?: boolean };
type ArgRest = Parameters<Tensor['argmax']>;

/** `torch.sum(input, dim?, keepdim?, dtype?)`; see {@link Tensor.sum}. */
export function sum(x: Tensor, ...args: ReduceRest): Tensor {
  return x.sum(...args);
}
/** `torch.prod(input, dim?, keepdim?, dtype?)`. */
export function prod(x: Tensor, ...args: Parameters<Tensor['prod']>): Tensor {
  return x.prod(...args);
}
/** `torch.mean(input, dim?, keepdim?, dtype?)`: floating-point inputs only. */
export function mean(x: Tensor, ...args: ReduceRest): Tensor {
  return x.mean(...args);
}
/** `torch.amax(input, dim?, keepdim?)`: ties share the gradient. */
export function amax(x: Tensor, ...args: Parameters<Tensor['amax']>): Tensor {
  return x.amax(...args);
}
/** `torch.amin(input, dim?, keepdim?)`. */
export function amin(x: Tensor, ...args: Parameters<Tensor['amin']>): Tensor {
  return x.amin(...args);
}
/** `torch.max(input)`, `torch.max(input, dim, keepdim?)` → `{ values, indices }`, or `torch.max(input, other)`. */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: ExtremeDim, keepdim?: boolean): { values: Tensor; indices: Tensor };
export function max(x: Tensor, other: Tensor): Tensor;
export function max(x: Tensor, ...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } {
  return (x.max as (...a: unknown[]) => Tensor | { values: Tensor; indices: Tensor }).apply(x, args);
}
/** `torch.min(input)`, `torch.min(input, dim, keepdim?)` → `{ values, indices }`, or `torch.min(input, other)`. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: ExtremeDim, keepdim?: boolean): { values: Tensor; indices: Tensor };
export function min(x: Tensor, other: Tensor): Tensor;
export function min(x: Tensor, ...args: unknown[]): Tensor | { values: Tensor; indices: Tensor } {
  return (x.min as (...a: unknown[]) => Tensor | { values: Tensor; indices: Tensor }).apply(x, args);
}
/** `torch.argmax(input, dim?, keepdim?)`: the first maximum (a NaN counts as the maximum). */
export function argmax(x: Tensor, ...args: ArgRest): Tensor {
  return x.argmax(...args);
}
/** `torch.argmin(input, dim?, keepdim?)`. */
export function argmin(x: Tensor, ...args: ArgRest): Tensor {
  return x.argmin(...args);
}
/** `torch.all(input, dim?, keepdim?)`: bool (uint8 for uint8 input, as PyTorch 1.13). */
export function all(x: Tensor, ...args: Parameters<Tensor['all']>): Tensor {
  return x.all(...args);
}
/** `torch.any(input, dim?, keepdim?)`. */
export function any(x: Tensor, ...args: Parameters<Tensor['any']>): Tensor {
  return x.any(...args);
}
