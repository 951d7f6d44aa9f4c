import { IndexError, RuntimeError } from './errors.js';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides (in elements) for a shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** PyTorch's `is_contiguous`: size-1 dims may have any stride. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]!;
    if (size === 0) return true;
    if (size !== 1) {
      if (strides[i] !== expected) return false;
      expected *= size;
    }
  }
  return true;
}

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's message when out of range. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1); // a 0-d tensor accepts dim 0 and -1
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(
      `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalizes a list of dims, rejecting repeats the way PyTorch does. */
export function normalizeDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new RuntimeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out;
}

/** Broadcasts shapes by NumPy/PyTorch rules, with PyTorch's message on mismatch. */
export function broadcastShapes(...shapes: Shape[]): number[] {
  let ndim = 0;
  for (const s of shapes) ndim = Math.max(ndim, s.length);
  const out = new Array<number>(ndim).fill(1);
  for (let j = 0; j < ndim; j++) {
    for (const s of shapes) {
      const size = s[j - ndim + s.length] ?? 1;
      const cur = out[j]!;
      if (cur === size || size === 1) continue;
      if (cur === 1) {
        out[j] = size;
        continue;
      }
      if (shapes.length === 2) {
        const [a, b] = shapes as [Shape, Shape];
        throw new RuntimeError(
          `The size of tensor a (${a[j - ndim + a.length] ?? 1}) must match the size of tensor b (${b[j - ndim + b.length] ?? 1}) at non-singleton dimension ${j}`,
        );
      }
      throw new RuntimeError(
        `shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape ${formatShape(shapes[0]!)} and a shape ${formatShape(s)}`,
      );
    }
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as `target` (size-1 and missing dims get stride 0). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[off + i] = shape[i] === 1 && target[off + i] !== 1 ? 0 : strides[i]!;
  }
  return out;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Resolves one `-1` in a view/reshape shape, with PyTorch's messages. */
export function inferSize(shape: readonly number[], total: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!;
    if (s === -1) {
      if (infer >= 0) throw new RuntimeError('only one dimension can be inferred');
      infer = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new RuntimeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || total % known !== 0) {
      throw new RuntimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${total}`);
    }
    out[infer] = total / known;
  } else if (known !== total) {
    throw new RuntimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * Strides for viewing (shape, strides) as `newShape` without a copy, or null when impossible
 * (PyTorch's `computeStride`: each chunk of merged dims must be contiguous within itself).
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  const out = new Array<number>(newShape.length);
  if (numel(shape) === 0 || shape.length === 0) return contiguousStrides(newShape);
  let viewD = newShape.length - 1;
  let chunkBase = strides[strides.length - 1] ?? 1;
  let tensorElems = 1;
  let viewElems = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorElems *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorElems * chunkBase)) {
      while (viewD >= 0 && (viewElems < tensorElems || newShape[viewD] === 1)) {
        out[viewD] = viewElems * chunkBase;
        viewElems *= newShape[viewD]!;
        viewD--;
      }
      if (viewElems !== tensorElems) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorElems = 1;
        viewElems = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return out;
}

/**
 * Merges adjacent dims that every operand walks contiguously (stride[d] = stride[d+1] * size[d+1]),
 * and drops size-1 dims, so strided loops run long inner loops and generated kernels need fewer index
 * variables. All operands share `shape`; shared by the backends.
 */
export function coalesce(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const size = shape[d]!;
    if (size === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k]![last] === s[d]! * size)) {
      outShape[last] = outShape[last]! * size;
      strides.forEach((s, k) => {
        outStrides[k]![last] = s[d]!;
      });
    } else {
      outShape.push(size);
      strides.forEach((s, k) => {
        outStrides[k]!.push(s[d]!);
      });
    }
  }
  return { shape: outShape, strides: outStrides };
}
