/**
 * Writing host-generated samples into a tensor in the order PyTorch's TensorIterator visits it:
 * memory order (dims sorted by stride), which is row-major order for a contiguous tensor.
 */
import { ARRAY_TYPE, type DType, torchName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { rawCopy } from '../ops/copy.js';
import { fromTypedArray } from '../ops/creation.js';
import { checkInplace } from '../ops/inplace.js';
import type { Tensor } from '../tensor.js';
import type { OutArray } from './sample.js';

/** PyTorch's dispatch error for a kernel without this dtype, e.g. `"normal_kernel_cpu" not implemented for 'Long'`. */
export function requireFloat(dtype: DType, kernel: string): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RuntimeError(`"${kernel}" not implemented for '${torchName(dtype)}'`);
  }
}

/** The dims of `t` from outermost to innermost in memory (TensorIterator's order). */
export function iterationPerm(t: Tensor): number[] {
  const dims = t.shape.map((_, i) => i);
  // Stable: equal strides (size-1 dims) keep their logical order.
  return dims.sort((a, b) => t.strides[b]! - t.strides[a]!);
}

/** A new host array for `n` elements of `dtype`. */
export function hostArray(dtype: DType, n: number): OutArray {
  return new ARRAY_TYPE[dtype](n) as OutArray;
}

/**
 * Runs `produce` on a host array of `self`'s size and writes the values into `self`, in iteration
 * order. `produce` sees whether `self` is contiguous (the normal kernel picks its path by it).
 */
export function fillInPlace<T extends Tensor>(
  self: T,
  produce: (out: OutArray, contiguous: boolean, perm: number[]) => void,
): T {
  checkInplace(self, []);
  const n = self.numel();
  const buf = hostArray(self.dtype, n);
  const contiguous = self.isContiguous();
  const perm = contiguous ? self.shape.map((_, i) => i) : iterationPerm(self);
  produce(buf, contiguous, perm);
  const permShape = perm.map((d) => self.shape[d]!);
  let src = fromTypedArray(buf, permShape, self.dtype, self.device);
  if (!contiguous) {
    const inverse = new Array<number>(perm.length);
    perm.forEach((d, i) => {
      inverse[d] = i;
    });
    src = src.permute(inverse);
  }
  rawCopy(self, src);
  self.storage.version++;
  return self;
}
