import type { Tensor } from '@kindling/core';

/**
 * A scalar as PyTorch's CPU kernels see it: rounded to the tensor's dtype (`Scalar.to<float>()`),
 * so that float32 updates round where PyTorch's do.
 */
export function scalarFor(t: Tensor, v: number): number {
  return t.dtype === 'float32' ? Math.fround(v) : v;
}

/** `self.add_(other, alpha=alpha)` with alpha rounded as PyTorch rounds it. */
export function addScaled_(self: Tensor, other: Tensor, alpha: number): Tensor {
  return self.add_(other, scalarFor(self, alpha));
}

/**
 * `self.addcmul_(t1, t2, value=value)`: `self + value * t1 * t2`, evaluated left to right in
 * the tensor's dtype as PyTorch's CPU kernel does (`self + scalar * t1 * t2`).
 */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const tmp = value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2);
  self.add_(tmp);
  tmp.dispose();
  return self;
}

/** Out-of-place `self.addcmul(t1, t2, value=value)`. */
export function addcmul(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const tmp = value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2);
  const out = self.add(tmp);
  tmp.dispose();
  return out;
}

/**
 * `self.addcdiv_(t1, t2, value=value)`: `self + value * t1 / t2`, evaluated left to right in the
 * tensor's dtype as PyTorch's CPU kernel does (`self + scalar * t1 / t2`).
 */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const tmp = value === 1 ? t1.div(t2) : t1.mul(value).div_(t2);
  self.add_(tmp);
  tmp.dispose();
  return self;
}
