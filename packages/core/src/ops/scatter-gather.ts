import { defineOp, dispatch, dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import { formatShape, normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import { parseArgs, type Scalar } from './args.js';
import { emptyOn, rawCopy } from './copy.js';
import { scalarTensor } from './creation.js';
import { checkInplace, commitInplace } from './inplace.js';

/** How `scatter` combines a source value with the one already there (`'none'`: overwrite). */
export type ScatterReduce = 'none' | 'add' | 'multiply';

/** Attributes of the gather/scatter family: a normalized dim and the combining mode. */
export interface ScatterAttrs {
  readonly dim: number;
  readonly reduce: ScatterReduce;
}

function rank(t: Tensor): number {
  return Math.max(t.ndim, 1);
}

function sizeAt(t: Tensor, d: number): number {
  return t.ndim === 0 ? 1 : t.shape[d]!;
}

function checkGather(x: Tensor, dim: number, index: Tensor): void {
  if (index.dtype !== 'int64') throw new RuntimeError('gather(): Expected dtype int64 for index');
  if (rank(index) !== rank(x))
    throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  for (let d = 0; d < rank(x); d++) {
    if (d !== dim && sizeAt(index, d) > sizeAt(x, d)) {
      throw new RuntimeError(
        `Size does not match at dimension ${d} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(x.shape)} apart from dimension ${dim}`,
      );
    }
  }
}

function checkScatter(self: Tensor, dim: number, index: Tensor, src: Tensor, isValue: boolean): void {
  if (index.dtype !== 'int64') throw new RuntimeError('scatter(): Expected dtype int64 for index');
  if (!isValue && src.dtype !== self.dtype)
    throw new RuntimeError('scatter(): Expected self.dtype to be equal to src.dtype');
  if (rank(index) !== rank(self))
    throw new RuntimeError('Index tensor must have the same number of dimensions as self tensor');
  if (!isValue && rank(index) !== rank(src))
    throw new RuntimeError('Index tensor must have the same number of dimensions as src tensor');
  if (index.numel() === 0) return;
  for (let d = 0; d < rank(self); d++) {
    if (
      (d !== dim && sizeAt(index, d) > sizeAt(self, d)) ||
      (!isValue && sizeAt(index, d) > sizeAt(src, d))
    ) {
      throw new RuntimeError(
        `Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(self.shape)} apart from dimension ${dim}` +
          (isValue ? '' : ` and to be smaller size than src ${formatShape(src.shape)}`),
      );
    }
  }
}

/** `gather(input, dim, index)`: out[i][j] = input[index[i][j]][j] (for dim 0). Kernel inputs `[x, index]`. */
export const gatherOp = defineOp<{ dim: number }>({
  name: 'gather',
  meta([x, index], { dim }) {
    checkGather(x!, dim, index!);
    return { outputs: [{ shape: index!.shape, dtype: x!.dtype }], dtype: x!.dtype };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    const [x, index] = ctx.inputs;
    return [scatterAdd(x!.zerosLike({ dtype: g!.dtype }), ctx.attrs.dim, index!, g!), null];
  },
});

/**
 * The in-place scatter kernel: writes `src` (a tensor walked over index's shape) into `self` at the
 * positions `index` names along `dim`. Kernel inputs `[self, index, src]`, no outputs.
 */
export const scatterInplaceOp = defineOp<ScatterAttrs>({
  name: 'scatter_',
  meta([self]) {
    return { outputs: [], dtype: self!.dtype, cast: [null, null, self!.dtype] };
  },
});

/** Out-of-place `scatter`/`scatter_add`: a copy of `self` with `src` scattered in. Inputs `[self, index, src]`. */
export const scatterOp = defineOp<ScatterAttrs>({
  name: 'scatter',
  meta([self]) {
    return { outputs: [{ shape: self!.shape, dtype: self!.dtype }], dtype: self!.dtype };
  },
  saves: { inputs: true, outputs: false },
  impl([self, index, src], attrs) {
    const out = emptyOn(self!.device, self!.shape, self!.dtype);
    rawCopy(out, self!);
    dispatch(scatterInplaceOp, [out, index!, src!], attrs);
    return out;
  },
  backward(ctx, [g]) {
    const { dim, reduce } = ctx.attrs;
    if (reduce === 'multiply')
      throw new RuntimeError("the derivative for 'scatter' with reduce='multiply' is not implemented");
    const index = ctx.inputs[1]!;
    const gSelf = ctx.needsInputGrad[0] ? (reduce === 'add' ? g! : g!.scatter(dim, index, 0)) : null;
    const gSrc = ctx.needsInputGrad[2] ? g!.gather(dim, index) : null;
    return [gSelf, null, gSrc];
  },
});

/** The source of a scatter: the tensor, or a scalar (cast to self's dtype) spread over index's shape. */
function scatterSource(self: Tensor, index: Tensor, src: Tensor | Scalar): Tensor {
  if (src instanceof Tensor) return src;
  return scalarTensor(src, self.dtype, self.device).expand(index.shape as number[]);
}

function reduceMode(reduce: string | null | undefined): ScatterReduce {
  if (reduce === undefined || reduce === null) return 'none';
  if (reduce !== 'add' && reduce !== 'multiply')
    throw new RuntimeError('reduce argument must be either add or multiply.');
  return reduce;
}

interface ScatterArgs {
  dim: number;
  index: Tensor;
  src: Tensor | Scalar;
  value?: Scalar;
  reduce?: string | null;
}

function parseScatter(self: Tensor, args: readonly unknown[], fn: string, mode?: ScatterReduce) {
  const o = parseArgs<ScatterArgs>(args, ['dim', 'index', 'src', 'reduce'], {} as ScatterArgs, fn);
  const srcArg = o.src ?? o.value;
  if (o.dim === undefined || !(o.index instanceof Tensor) || srcArg === undefined) {
    throw new RuntimeError(`${fn}() expects (dim, index, src)`);
  }
  const dim = normalizeDim(o.dim, self.ndim);
  const isValue = !(srcArg instanceof Tensor);
  checkScatter(self, dim, o.index, isValue ? self : srcArg, isValue);
  const attrs: ScatterAttrs = { dim, reduce: mode ?? reduceMode(o.reduce) };
  return { index: o.index, src: scatterSource(self, o.index, srcArg), attrs };
}

/** Runs a scatter in place on `self`, recording it for autograd when needed. */
function scatterInplace(self: Tensor, index: Tensor, src: Tensor, attrs: ScatterAttrs): Tensor {
  if (checkInplace(self, [src]))
    return commitInplace(self, dispatch1(scatterOp, [self.clone(), index, src], attrs));
  dispatch(scatterInplaceOp, [self, index, src], attrs);
  self.storage.version++;
  return self;
}

/**
 * `torch.gather(input, dim, index)`: values along `dim` at the positions in `index` (int64, same
 * number of dims as `input`). The result has index's shape.
 * @example
 * torch.gather(torch.tensor([[1, 2], [3, 4]]), 1, torch.tensor([[0, 0], [1, 0]])); // [[1, 1], [4, 3]]
 */
export function gather(input: Tensor, dim: number, index: Tensor, opts?: { sparseGrad?: boolean }): Tensor {
  return input.gather(dim, index, opts);
}

/**
 * `torch.scatter(input, dim, index, src, { reduce })`: a copy of `input` with `src` (a tensor or a
 * scalar) written at the positions `index` names along `dim`.
 */
export function scatter(
  input: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | Scalar,
  opts?: { reduce?: 'add' | 'multiply' },
): Tensor {
  return input.scatter(dim, index, src, opts);
}

/** `torch.scatter_add(input, dim, index, src)`: like scatter, adding into the copy (duplicates add up). */
export function scatterAdd(input: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return input.scatterAdd(dim, index, src);
}

declare module '../tensor.js' {
  interface Tensor {
    /** `x.gather(dim, index)`: PyTorch's `gather`. */
    gather(dim: number, index: Tensor, opts?: { sparseGrad?: boolean }): Tensor;
    /** `x.scatter(dim, index, src | value, { reduce })`: PyTorch's out-of-place `scatter`. */
    scatter(dim: number, index: Tensor, src: Tensor | Scalar, opts?: { reduce?: 'add' | 'multiply' }): Tensor;
    /** In-place `scatter_`. */
    scatter_(dim: number, index: Tensor, src: Tensor | Scalar, opts?: { reduce?: 'add' | 'multiply' }): this;
    /** `x.scatterAdd(dim, index, src)`: PyTorch's `scatter_add`. */
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    /** In-place `scatter_add_`. */
    scatterAdd_(dim: number, index: Tensor, src: Tensor): this;
  }
}

const T = Tensor.prototype;

T.gather = function (this: Tensor, ...args: unknown[]) {
  const o = parseArgs<{ dim: number; index: Tensor; sparseGrad: boolean }>(
    args,
    ['dim', 'index', 'sparseGrad'],
    { sparseGrad: false } as { dim: number; index: Tensor; sparseGrad: boolean },
    'gather',
  );
  return dispatch1(gatherOp, [this, o.index], { dim: normalizeDim(o.dim, this.ndim) });
};
T.scatter = function (this: Tensor, ...args: unknown[]) {
  const { index, src, attrs } = parseScatter(this, args, 'scatter');
  return dispatch1(scatterOp, [this, index, src], attrs);
};
T.scatter_ = function (this: Tensor, ...args: unknown[]) {
  const { index, src, attrs } = parseScatter(this, args, 'scatter_');
  return scatterInplace(this, index, src, attrs);
} as Tensor['scatter_'];
T.scatterAdd = function (this: Tensor, ...args: unknown[]) {
  const { index, src, attrs } = parseScatter(this, args, 'scatter_add', 'add');
  return dispatch1(scatterOp, [this, index, src], attrs);
};
T.scatterAdd_ = function (this: Tensor, ...args: unknown[]) {
  const { index, src, attrs } = parseScatter(this, args, 'scatter_add_', 'add');
  return scatterInplace(this, index, src, attrs);
} as Tensor['scatterAdd_'];
