import { RuntimeError, TorchTypeError } from '../errors.js';
import { defineOp, dispatch1 } from '../dispatcher.js';
import type { OpDef, ViewGeometry } from '../op.js';
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  inferSize,
  normalizeDim,
  numel,
  shapesEqual,
  viewStrides,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs, parseShape } from './args.js';
import { emptyOn, rawCopy, rawFill } from './copy.js';

// View ops share the input's storage: each gives the new geometry and a differentiable backward.

/** `view(shape)`: the same memory under a new shape (shape already resolved, -1 filled in). */
export const viewOp = defineOp<{ shape: readonly number[] }>({
  name: 'view',
  meta([x], { shape }) {
    return { outputs: [{ shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  view(x, { shape }) {
    const strides = viewStrides(x.shape, x.strides, shape);
    if (!strides) {
      throw new RuntimeError(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    return { shape, strides, offset: x.offset };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    return [g!.reshape(ctx.inputs[0]!.shape as number[])];
  },
});

export const permuteOp = defineOp<{ dims: readonly number[] }>({
  name: 'permute',
  meta([x], { dims }) {
    return { outputs: [{ shape: dims.map((d) => x!.shape[d]!), dtype: x!.dtype }], dtype: x!.dtype };
  },
  view(x, { dims }) {
    return { shape: dims.map((d) => x.shape[d]!), strides: dims.map((d) => x.strides[d]!), offset: x.offset };
  },
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    const inv = new Array<number>(ctx.attrs.dims.length);
    ctx.attrs.dims.forEach((d, i) => {
      inv[d] = i;
    });
    return [g!.permute(inv)];
  },
});

export const expandOp = defineOp<{ shape: readonly number[] }>({
  name: 'expand',
  meta([x], { shape }) {
    return { outputs: [{ shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  view(x, { shape }) {
    const off = shape.length - x.shape.length;
    const strides = shape.map((s, i) => {
      if (i < off) return 0;
      const size = x.shape[i - off]!;
      return size === 1 && s !== 1 ? 0 : x.strides[i - off]!;
    });
    return { shape, strides, offset: x.offset };
  },
  saves: { inputs: false, outputs: false },
  // The engine sums a gradient down to the input's shape.
  backward(_ctx, [g]) {
    return [g];
  },
});

/** A strided window over the input (select, slice, narrow, diagonal, asStrided) in the input's own geometry. */
export const stridedOp = defineOp<{ shape: readonly number[]; strides: readonly number[]; offset: number; rel: ViewGeometry }>({
  name: 'asStrided',
  meta([x], { shape }) {
    return { outputs: [{ shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  view(_x, { shape, strides, offset }) {
    return { shape, strides, offset };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    return [dispatch1(stridedScatterOp, [g!], { shape: ctx.inputs[0]!.shape, view: ctx.attrs.rel })];
  },
});

/**
 * The backward of a strided view: zeros of the input's shape with `g` written into the window
 * (given in the geometry of a contiguous tensor of that shape). Its own backward reads the window.
 */
export const stridedScatterOp = defineOp<{ shape: readonly number[]; view: ViewGeometry }>({
  name: 'stridedScatter',
  meta([g], { shape }) {
    return { outputs: [{ shape, dtype: g!.dtype }], dtype: g!.dtype };
  },
  saves: { inputs: false, outputs: false },
  impl([g], { shape, view }) {
    const out = rawFill(emptyOn(g!.device, shape, g!.dtype), 0);
    rawCopy(new Tensor(out.storage, view.shape, view.strides, view.offset), g!);
    return out;
  },
  backward(ctx, [gg]) {
    const v = ctx.attrs.view;
    const c = gg!.contiguous();
    return [strided(c, v.shape, v.strides, v.offset, v)];
  },
});

function strided(x: Tensor, shape: readonly number[], strides: readonly number[], offset: number, rel: ViewGeometry): Tensor {
  return dispatch1(stridedOp, [x], { shape, strides, offset, rel });
}

/** Applies a window given relative to `x`'s logical (contiguous) layout to `x`'s real strides. */
function window(x: Tensor, rel: ViewGeometry, map: (s: readonly number[], off: number) => { strides: number[]; offset: number }): Tensor {
  const real = map(x.strides, x.offset);
  return strided(x, rel.shape, real.strides, real.offset, rel);
}

/** `narrow`/`slice` along one dim with a positive step. */
export function sliceDim(x: Tensor, dim: number, start: number, end: number, step: number): Tensor {
  const shape = x.shape.slice();
  const len = Math.max(0, Math.ceil((end - start) / step));
  shape[dim] = len;
  const make = (s: readonly number[], off: number) => {
    const strides = s.slice();
    strides[dim] = s[dim]! * step;
    return { strides, offset: off + (len > 0 ? start * s[dim]! : 0) };
  };
  const rel = make(contiguousStrides(x.shape), 0);
  return window(x, { shape, ...rel }, make);
}

/** `select(dim, index)`: drops `dim`. */
export function selectDim(x: Tensor, dim: number, index: number): Tensor {
  const shape = x.shape.filter((_, i) => i !== dim);
  const make = (s: readonly number[], off: number) => ({
    strides: s.filter((_, i) => i !== dim),
    offset: off + index * s[dim]!,
  });
  const rel = make(contiguousStrides(x.shape), 0);
  return window(x, { shape, ...rel }, make);
}

function resolveShape(x: Tensor, args: readonly unknown[], fn: string): number[] {
  // parseShape rejects negative sizes, but view/reshape take -1 for the inferred dim.
  const raw = args.length > 0 && (Array.isArray(args[0]) || ArrayBuffer.isView(args[0])) ? Array.from(args[0] as ArrayLike<number>) : args;
  const { shape } = parseShape(raw.map((a) => (a === -1 ? 0 : a)), fn);
  return inferSize(shape.map((s, i) => (raw[i] === -1 ? -1 : s)), x.numel());
}

declare module '../tensor.js' {
  interface Tensor {
    /** The same memory under a new shape (`-1` infers one dim); fails on incompatible strides. */
    view(...shape: number[] | [readonly number[]]): Tensor;
    viewAs(other: Tensor): Tensor;
    /** Like `view`, copying when the strides do not allow a view. */
    reshape(...shape: number[] | [readonly number[]]): Tensor;
    reshapeAs(other: Tensor): Tensor;
    permute(...dims: number[] | [readonly number[]]): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    swapaxes(dim0: number, dim1: number): Tensor;
    /** Transposes a ≤2-D tensor. */
    t(): Tensor;
    /** Reverses all dims (PyTorch's `.T`). */
    readonly T: Tensor;
    /** Transposes the last two dims (PyTorch's `.mT`). */
    readonly mT: Tensor;
    movedim(source: number | number[], destination: number | number[]): Tensor;
    /** Broadcasts to a larger shape without copying (`-1` keeps a dim). */
    expand(...shape: number[] | [readonly number[]]): Tensor;
    expandAs(other: Tensor): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    unsqueeze(dim: number): Tensor;
    flatten(startDim?: number | { startDim?: number; endDim?: number }, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
    narrow(dim: number, start: number, length: number): Tensor;
    select(dim: number, index: number): Tensor;
    /** `x[start:end:step]` along `dim` (Python slice semantics: negative and out-of-range bounds clip). */
    slice(dim: number, start?: number | null, end?: number | null, step?: number): Tensor;
    /** Views the storage with explicit sizes, strides and offset (expert use, as `as_strided`). */
    asStrided(size: readonly number[], stride: readonly number[], storageOffset?: number): Tensor;
    unbind(dim?: number): Tensor[];
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    chunk(chunks: number, dim?: number): Tensor[];
    diagonal(offset?: number | { offset?: number; dim1?: number; dim2?: number }, dim1?: number, dim2?: number): Tensor;
  }
}

const T = Tensor.prototype;

T.view = function (...args) {
  return dispatch1(viewOp, [this], { shape: resolveShape(this, args, 'view') });
};
T.viewAs = function (other) {
  return this.view(other.shape);
};
T.reshape = function (...args) {
  const shape = resolveShape(this, args, 'reshape');
  if (shapesEqual(shape, this.shape)) return dispatch1(viewOp, [this], { shape });
  const src = viewStrides(this.shape, this.strides, shape) ? this : this.contiguous();
  return dispatch1(viewOp, [src], { shape });
};
T.reshapeAs = function (other) {
  return this.reshape(other.shape);
};
T.permute = function (...args) {
  const dims = (Array.isArray(args[0]) ? args[0] : args) as number[];
  const nd = this.shape.length;
  if (dims.length !== nd) {
    throw new RuntimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const norm = dims.map((d) => normalizeDim(d, nd));
  if (new Set(norm).size !== nd) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  return dispatch1(permuteOp, [this], { dims: norm });
};
T.transpose = function (dim0, dim1) {
  const nd = this.shape.length;
  if (nd === 0) return dispatch1(viewOp, [this], { shape: [] });
  const a = normalizeDim(dim0, nd);
  const b = normalizeDim(dim1, nd);
  const dims = this.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return dispatch1(permuteOp, [this], { dims });
};
T.swapaxes = T.transpose;
T.t = function () {
  if (this.shape.length > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${this.shape.length}D`);
  return this.shape.length < 2 ? dispatch1(viewOp, [this], { shape: this.shape }) : this.transpose(0, 1);
};
Object.defineProperty(T, 'T', {
  get(this: Tensor) {
    return this.permute(this.shape.map((_, i) => this.shape.length - 1 - i));
  },
});
Object.defineProperty(T, 'mT', {
  get(this: Tensor) {
    if (this.shape.length < 2) throw new RuntimeError('tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.');
    return this.transpose(-2, -1);
  },
});
T.movedim = function (source, destination) {
  const nd = this.shape.length;
  const src = (Array.isArray(source) ? source : [source]).map((d) => normalizeDim(d, nd));
  const dst = (Array.isArray(destination) ? destination : [destination]).map((d) => normalizeDim(d, nd));
  if (src.length !== dst.length) {
    throw new RuntimeError(
      `movedim: Invalid source or destination dims: source (${src.length} dims) should contain the same number of dims as destination (${dst.length} dims)`,
    );
  }
  const order = new Array<number>(nd).fill(-1);
  dst.forEach((d, i) => {
    order[d] = src[i]!;
  });
  const rest = this.shape.map((_, i) => i).filter((i) => !src.includes(i));
  for (let i = 0, k = 0; i < nd; i++) if (order[i] === -1) order[i] = rest[k++]!;
  return this.permute(order);
};
T.expand = function (...args) {
  const want = (Array.isArray(args[0]) ? args[0] : args) as number[];
  const nd = this.shape.length;
  if (want.length < nd) {
    throw new RuntimeError(
      `expand(${this.dtype}{[${this.shape.join(', ')}]}, size=[${want.join(', ')}]): the number of sizes provided (${want.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const off = want.length - nd;
  const shape = want.map((s, i) => {
    const own = i >= off ? this.shape[i - off]! : undefined;
    if (s === -1) {
      if (own === undefined) {
        throw new RuntimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      }
      return own;
    }
    if (own !== undefined && own !== 1 && own !== s) {
      throw new RuntimeError(
        `The expanded size of the tensor (${s}) must match the existing size (${own}) at non-singleton dimension ${i}.  Target sizes: [${want.join(', ')}].  Tensor sizes: [${this.shape.join(', ')}]`,
      );
    }
    return s;
  });
  if (shapesEqual(shape, this.shape)) return dispatch1(viewOp, [this], { shape });
  return dispatch1(expandOp, [this], { shape });
};
T.expandAs = function (other) {
  return this.expand(other.shape);
};
T.broadcastTo = function (shape) {
  broadcastShapes(this.shape, shape);
  return this.expand(shape);
};
T.squeeze = function (dim) {
  const nd = this.shape.length;
  let dims: number[];
  if (dim === undefined) dims = this.shape.flatMap((s, i) => (s === 1 ? [i] : []));
  else dims = (typeof dim === 'number' ? [dim] : [...dim]).map((d) => normalizeDim(d, nd)).filter((d) => this.shape[d] === 1);
  const shape = this.shape.filter((_, i) => !dims.includes(i));
  return dispatch1(viewOp, [this], { shape });
};
T.unsqueeze = function (dim) {
  const d = normalizeDim(dim, this.shape.length + 1);
  const shape = this.shape.slice();
  shape.splice(d, 0, 1);
  return dispatch1(viewOp, [this], { shape });
};
T.flatten = function (startDim = 0, endDim = -1) {
  if (typeof startDim === 'object') {
    endDim = startDim.endDim ?? -1;
    startDim = startDim.startDim ?? 0;
  }
  const nd = this.shape.length;
  if (nd === 0) return this.reshape([1]);
  const s = normalizeDim(startDim, nd);
  const e = normalizeDim(endDim, nd);
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...this.shape.slice(0, s), numel(this.shape.slice(s, e + 1)), ...this.shape.slice(e + 1)];
  return this.reshape(shape);
};
T.unflatten = function (dim, sizes) {
  const d = normalizeDim(dim, this.shape.length);
  const inner = inferSize(sizes as number[], this.shape[d]!);
  return this.view([...this.shape.slice(0, d), ...inner, ...this.shape.slice(d + 1)]);
};
T.narrow = function (dim, start, length) {
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  if (start < -size || start > size) {
    throw new RuntimeError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  if (start < 0) start += size;
  if (start + length > size || length < 0) {
    throw new RuntimeError(`start (${start}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return sliceDim(this, d, start, start + length, 1);
};
T.select = function (dim, index) {
  const nd = this.shape.length;
  if (nd === 0) throw new RuntimeError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, nd);
  const size = this.shape[d]!;
  if (index < -size || index >= size) {
    throw new RuntimeError(`select(): index ${index} out of range for tensor of size [${this.shape.join(', ')}] at dimension ${d}`);
  }
  return selectDim(this, d, index < 0 ? index + size : index);
};
T.slice = function (dim, start = null, end = null, step = 1) {
  const d = normalizeDim(dim, this.shape.length);
  if (step <= 0) throw new RuntimeError('slice step must be positive');
  const size = this.shape[d]!;
  const clip = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) v += size;
    return Math.min(Math.max(v, 0), size);
  };
  const s = clip(start, 0);
  const e = Math.max(clip(end, size), s);
  return sliceDim(this, d, s, e, step);
};
T.asStrided = function (this: Tensor, size, stride, storageOffset?: number) {
  storageOffset ??= this.offset;
  const rel = { shape: size, strides: stride, offset: storageOffset - this.offset };
  if (!this.isContiguous()) {
    throw new RuntimeError('asStrided on a non-contiguous tensor is not supported; call .contiguous() first');
  }
  return strided(this, size, stride, storageOffset, rel);
};
T.unbind = function (dim = 0) {
  const d = normalizeDim(dim, this.shape.length);
  return Array.from({ length: this.shape[d]! }, (_, i) => selectDim(this, d, i));
};
T.split = function (splitSizeOrSections, dim = 0) {
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  const out: Tensor[] = [];
  if (typeof splitSizeOrSections === 'number') {
    const step = splitSizeOrSections;
    if (step <= 0 && size > 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
    if (size === 0) return [sliceDim(this, d, 0, 0, 1)];
    for (let s = 0; s < size; s += step) out.push(sliceDim(this, d, s, Math.min(s + step, size), 1));
    return out;
  }
  const total = splitSizeOrSections.reduce((a, b) => a + b, 0);
  if (total !== size) {
    throw new RuntimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=[${splitSizeOrSections.join(', ')}]`,
    );
  }
  let s = 0;
  for (const len of splitSizeOrSections) {
    out.push(sliceDim(this, d, s, s + len, 1));
    s += len;
  }
  return out;
};
T.chunk = function (chunks, dim = 0) {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new RuntimeError('chunk expects `chunks` to be greater than 0, got: ' + chunks);
  const d = normalizeDim(dim, this.shape.length);
  const size = this.shape[d]!;
  return this.split(Math.max(1, Math.ceil(size / chunks)), d);
};
T.diagonal = function (...args: unknown[]) {
  const { offset, dim1, dim2 } = parseArgs<{ offset: number; dim1: number; dim2: number }>(
    args, ['offset', 'dim1', 'dim2'], { offset: 0, dim1: 0, dim2: 1 }, 'diagonal',
  );
  const nd = this.shape.length;
  const a = normalizeDim(dim1, nd);
  const b = normalizeDim(dim2, nd);
  if (a === b) throw new RuntimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const len = Math.max(0, offset >= 0 ? Math.min(this.shape[a]!, this.shape[b]! - offset) : Math.min(this.shape[a]! + offset, this.shape[b]!));
  const shape = [...this.shape.filter((_, i) => i !== a && i !== b), len];
  const make = (s: readonly number[], off: number) => ({
    strides: [...s.filter((_, i) => i !== a && i !== b), s[a]! + s[b]!],
    offset: off + (len === 0 ? 0 : offset >= 0 ? offset * s[b]! : -offset * s[a]!),
  });
  return window(this, { shape, ...make(contiguousStrides(this.shape), 0) }, make);
};

void formatShape;
void TorchTypeError;
export type { OpDef };
