import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
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
import { acceptKeywords, parseShape } from './args.js';
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
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    return [g!.reshape(ctx.inputShapes[0]! as number[])];
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
export const stridedOp = defineOp<{
  shape: readonly number[];
  strides: readonly number[];
  offset: number;
  rel: ViewGeometry;
}>({
  name: 'asStrided',
  meta([x], { shape }) {
    return { outputs: [{ shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  view(_x, { shape, strides, offset }) {
    return { shape, strides, offset };
  },
  saves: { inputs: false, outputs: false },
  backward(ctx, [g]) {
    return [dispatch1(stridedScatterOp, [g!], { shape: ctx.inputShapes[0]!, view: ctx.attrs.rel })];
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
    // `v` is relative to a contiguous tensor at offset 0; `c` may itself start at an offset (a
    // contiguous select or narrow), so the absolute offset is c's plus v's.
    return [strided(c, v.shape, v.strides, c.offset + v.offset, v)];
  },
});

export function strided(
  x: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  rel: ViewGeometry,
): Tensor {
  return dispatch1(stridedOp, [x], { shape, strides, offset, rel });
}

/** Applies a window given relative to `x`'s logical (contiguous) layout to `x`'s real strides. */
export function window(
  x: Tensor,
  rel: ViewGeometry,
  map: (s: readonly number[], off: number) => { strides: number[]; offset: number },
): Tensor {
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
  const { shape } = parseShape(args, fn, true);
  return inferSize(shape, x.numel());
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
    transpose(opts: { dim0: number; dim1: number }): Tensor;
    swapaxes(dim0: number, dim1: number): Tensor;
    /** Transposes a ≤2-D tensor. */
    t(): Tensor;
    /** Reverses all dims (PyTorch's `.T`). */
    readonly T: Tensor;
    /** Transposes the last two dims (PyTorch's `.mT`). */
    readonly mT: Tensor;
    movedim(source: number | number[], destination: number | number[]): Tensor;
    movedim(opts: { source: number | number[]; destination: number | number[] }): Tensor;
    /** Broadcasts to a larger shape without copying (`-1` keeps a dim). */
    expand(...shape: number[] | [readonly number[]]): Tensor;
    expandAs(other: Tensor): Tensor;
    broadcastTo(shape: readonly number[]): Tensor;
    squeeze(dim?: number | readonly number[]): Tensor;
    squeeze(opts: { dim?: number | readonly number[] }): Tensor;
    unsqueeze(dim: number): Tensor;
    unsqueeze(opts: { dim: number }): Tensor;
    flatten(startDim?: number | { startDim?: number; endDim?: number }, endDim?: number): Tensor;
    unflatten(dim: number, sizes: readonly number[]): Tensor;
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
T.transpose = function (this: Tensor, dim0: number, dim1: number) {
  const nd = this.shape.length;
  if (nd === 0) return dispatch1(viewOp, [this], { shape: [] });
  const a = normalizeDim(dim0, nd);
  const b = normalizeDim(dim1, nd);
  const dims = this.shape.map((_, i) => i);
  dims[a] = b;
  dims[b] = a;
  return dispatch1(permuteOp, [this], { dims });
} as Tensor['transpose'];
T.swapaxes = function (dim0, dim1) {
  return this.transpose(dim0, dim1);
};
T.t = function () {
  if (this.shape.length > 2)
    throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${this.shape.length}D`);
  return this.shape.length < 2 ? dispatch1(viewOp, [this], { shape: this.shape }) : this.transpose(0, 1);
};
Object.defineProperty(T, 'T', {
  get(this: Tensor) {
    return this.permute(this.shape.map((_, i) => this.shape.length - 1 - i));
  },
});
Object.defineProperty(T, 'mT', {
  get(this: Tensor) {
    if (this.shape.length < 2)
      throw new RuntimeError(
        'tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.',
      );
    return this.transpose(-2, -1);
  },
});
T.movedim = function (this: Tensor, source: number | number[], destination: number | number[]) {
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
} as Tensor['movedim'];
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
        throw new RuntimeError(
          `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
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
T.squeeze = function (this: Tensor, dim?: number | readonly number[]) {
  const nd = this.shape.length;
  let dims: number[];
  if (dim === undefined) dims = this.shape.flatMap((s, i) => (s === 1 ? [i] : []));
  else
    dims = (typeof dim === 'number' ? [dim] : [...dim])
      .map((d) => normalizeDim(d, nd))
      .filter((d) => this.shape[d] === 1);
  const shape = this.shape.filter((_, i) => !dims.includes(i));
  return dispatch1(viewOp, [this], { shape });
} as Tensor['squeeze'];
T.unsqueeze = function (this: Tensor, dim: number) {
  const d = normalizeDim(dim, this.shape.length + 1);
  const shape = this.shape.slice();
  shape.splice(d, 0, 1);
  return dispatch1(viewOp, [this], { shape });
} as Tensor['unsqueeze'];
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

void formatShape;
void TorchTypeError;

export type { OpDef };

// PyTorch's keyword names for the positional view methods above.
const KEYWORDS: Record<string, string[]> = {
  transpose: ['dim0', 'dim1'],
  swapaxes: ['axis0', 'axis1'],
  movedim: ['source', 'destination'],
  squeeze: ['dim'],
  unsqueeze: ['dim'],
  unflatten: ['dim', 'sizes'],
};
for (const [method, names] of Object.entries(KEYWORDS)) acceptKeywords(T, method, names);
