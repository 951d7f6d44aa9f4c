import { getBackend } from '../backend.js';
import {
  ARRAY_TYPE,
  castScalar,
  type DType,
  getDefaultDtype,
  isFloatingPoint,
  type TypedArray,
} from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { fma64 as fma } from '../random/fma.js';
import { contiguousStrides, numel } from '../shape.js';
import { uploadStorage } from '../storage.js';
import { Tensor } from '../tensor.js';
import { parseArgs, parseShape, type TensorOptions } from './args.js';
import { emptyOn, rawFill } from './copy.js';

/** What `tensor()` accepts: numbers, booleans, nested arrays of them, typed arrays, or a tensor. */
export type TensorData = number | boolean | readonly TensorData[] | TypedArray | BigInt64Array | Tensor;

function finish(t: Tensor, opts: TensorOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** A tensor over host data that the caller hands over (no copy on the CPU). */
export function fromTypedArray(
  data: TypedArray,
  shape: readonly number[],
  dtype: DType,
  device = 'cpu',
): Tensor {
  if (data.length !== numel(shape)) {
    throw new RuntimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${data.length}`);
  }
  return new Tensor(
    uploadStorage(getBackend(device), dtype, data),
    shape.slice(),
    contiguousStrides(shape),
    0,
  );
}

function inferDtype(flat: (number | boolean)[]): DType {
  if (flat.length === 0) return getDefaultDtype();
  let allBool = true;
  let allInt = true;
  for (const v of flat) {
    if (typeof v !== 'boolean') allBool = false;
    if (typeof v === 'number' && !Number.isInteger(v)) allInt = false;
  }
  if (allBool) return 'bool';
  return allInt ? 'int64' : getDefaultDtype();
}

function flatten(data: TensorData, shape: number[], depth: number, out: (number | boolean)[]): void {
  if (Array.isArray(data)) {
    if (shape.length === depth) shape.push(data.length);
    else if (shape[depth] !== data.length) {
      throw new ValueErrorLike(
        `expected sequence of length ${shape[depth]} at dim ${depth} (got ${data.length})`,
      );
    }
    for (const d of data) flatten(d, shape, depth + 1, out);
    return;
  }
  if (typeof data === 'number' || typeof data === 'boolean') {
    if (depth !== shape.length)
      throw new ValueErrorLike(`expected sequence of length ${shape[depth]} at dim ${depth} (got scalar)`);
    out.push(data);
    return;
  }
  throw new TorchTypeError(`Could not infer dtype of ${Object.prototype.toString.call(data)}`);
}

class ValueErrorLike extends RuntimeError {
  override name = 'ValueError';
}

const TYPED_DTYPE: [new (...a: never[]) => unknown, DType][] = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int32Array, 'int32'],
  [Uint8Array, 'uint8'],
  [Int8Array, 'int32'],
  [Int16Array, 'int32'],
  [Uint16Array, 'int32'],
  [Uint32Array, 'int64'],
  [Uint8ClampedArray, 'uint8'],
];

/**
 * `torch.tensor(data)`: copies data into a new tensor. Integers give int64, any fraction the default
 * float dtype, booleans bool; typed arrays keep their type.
 * @example
 * torch.tensor([[1, 2], [3, 4]]);              // int64
 * torch.tensor([0.5, 1], { requiresGrad: true }); // float32
 */
export function tensor(data: TensorData, opts: TensorOptions = {}): Tensor {
  const device = opts.device ?? 'cpu';
  if (data instanceof Tensor) {
    return finish(data.detach().to({ dtype: opts.dtype ?? data.dtype, device, copy: true }), opts);
  }
  if (data instanceof BigInt64Array) {
    const f = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) f[i] = Number(data[i]);
    return tensor(f, { ...opts, dtype: opts.dtype ?? 'int64' });
  }
  if (ArrayBuffer.isView(data)) {
    const src: ArrayLike<number> = data;
    const natural = TYPED_DTYPE.find(([C]) => data instanceof C)?.[1] ?? 'float32';
    const dtype = opts.dtype ?? natural;
    const arr = new ARRAY_TYPE[dtype](src.length);
    for (let i = 0; i < src.length; i++) arr[i] = castScalar(src[i]!, dtype);
    return finish(fromTypedArray(arr, [src.length], dtype, device), opts);
  }
  const shape: number[] = [];
  const flat: (number | boolean)[] = [];
  flatten(data, shape, 0, flat);
  const dtype = opts.dtype ?? inferDtype(flat);
  const arr = new ARRAY_TYPE[dtype](flat.length);
  for (let i = 0; i < flat.length; i++) arr[i] = castScalar(Number(flat[i]), dtype);
  return finish(fromTypedArray(arr, shape, dtype, device), opts);
}

/** A 0-dim tensor holding one number, for ops that take scalars. */
export function scalarTensor(value: number | boolean, dtype: DType, device = 'cpu'): Tensor {
  const arr = new ARRAY_TYPE[dtype](1);
  arr[0] = castScalar(Number(value), dtype);
  return fromTypedArray(arr, [], dtype, device);
}

export type ShapeArgs = (number | readonly number[] | TensorOptions)[];

function creation(args: ShapeArgs, fn: string): { shape: number[]; opts: TensorOptions } {
  const { shape, rest } = parseShape(args, fn);
  const opts = parseArgs<TensorOptions>(rest, ['dtype', 'device', 'requiresGrad'], {}, fn);
  return { shape, opts };
}

/** `torch.empty(*size)`: memory with unspecified contents. */
export function empty(...args: ShapeArgs): Tensor {
  const { shape, opts } = creation(args, 'empty');
  return finish(emptyOn(opts.device ?? 'cpu', shape, opts.dtype ?? getDefaultDtype()), opts);
}

/** `torch.full(size, fillValue)`: the dtype follows the value (bool, int64 or the default float). */
export function full(size: readonly number[], fillValue: number | boolean, opts: TensorOptions = {}): Tensor {
  const { shape } = parseShape([size], 'full');
  const dtype =
    opts.dtype ??
    (typeof fillValue === 'boolean' ? 'bool' : Number.isInteger(fillValue) ? 'int64' : getDefaultDtype());
  return finish(rawFill(emptyOn(opts.device ?? 'cpu', shape, dtype), Number(fillValue)), opts);
}

/** `torch.zeros(*size)` */
export function zeros(...args: ShapeArgs): Tensor {
  const { shape, opts } = creation(args, 'zeros');
  return finish(rawFill(emptyOn(opts.device ?? 'cpu', shape, opts.dtype ?? getDefaultDtype()), 0), opts);
}

/** `torch.ones(*size)` */
export function ones(...args: ShapeArgs): Tensor {
  const { shape, opts } = creation(args, 'ones');
  return finish(rawFill(emptyOn(opts.device ?? 'cpu', shape, opts.dtype ?? getDefaultDtype()), 1), opts);
}

function likeOpts(
  t: Tensor,
  opts: TensorOptions,
): Required<Pick<TensorOptions, 'dtype' | 'device'>> & TensorOptions {
  return { ...opts, dtype: opts.dtype ?? t.dtype, device: opts.device ?? t.device };
}

export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return zeros(t.shape as number[], likeOpts(t, opts));
}
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return ones(t.shape as number[], likeOpts(t, opts));
}
export function emptyLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return empty(t.shape as number[], likeOpts(t, opts));
}
export function fullLike(t: Tensor, fillValue: number | boolean, opts: TensorOptions = {}): Tensor {
  return full(t.shape, fillValue, likeOpts(t, opts));
}

/**
 * `torch.arange(end)`, `arange(start, end, step)`: integers give int64, any fraction the default float.
 * The length is `ceil((end - start) / step)`, computed in double as PyTorch does.
 */
export function arange(...args: (number | TensorOptions)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const opts = (args.find((a) => typeof a === 'object') ?? {}) as TensorOptions & {
    start?: number;
    end?: number;
    step?: number;
  };
  let [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0] ?? 0, nums[1], nums[2] ?? 1];
  if (opts.start !== undefined) start = opts.start;
  if (opts.end !== undefined) end = opts.end;
  if (opts.step !== undefined) step = opts.step;
  if (end === undefined) throw new TorchTypeError('arange() missing required argument: end');
  if (step === 0) throw new RuntimeError('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  }
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  const dtype = opts.dtype ?? (allInt ? 'int64' : getDefaultDtype());
  const n = Math.ceil((end - start) / step);
  const arr = new ARRAY_TYPE[dtype](n);
  // PyTorch's kernel computes start + i * step as one fused multiply-add in double.
  for (let i = 0; i < n; i++) arr[i] = castScalar(fma(i, step, start), dtype);
  return finish(fromTypedArray(arr, [n], dtype, opts.device ?? 'cpu'), opts);
}

/**
 * `torch.linspace(start, end, steps)`: as PyTorch computes it, the first half counts up from `start`
 * and the second half down from `end`, so both ends are exact.
 */
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  const dtype = opts.dtype ?? getDefaultDtype();
  const arr = new ARRAY_TYPE[dtype](steps);
  // PyTorch computes the step in the output's precision, then each value as one fused multiply-add
  // (exact in a double for float32 operands, then rounded once by the store).
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const s0 = r(start);
  const s1 = r(end);
  const step = steps > 1 ? r(r(s1 - s0) / (steps - 1)) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    const v = steps === 1 ? s0 : i < half ? fma(step, i, s0) : fma(-step, steps - i - 1, s1);
    arr[i] = castScalar(isFloatingPoint(dtype) ? v : Math.trunc(v), dtype);
  }
  return finish(fromTypedArray(arr, [steps], dtype, opts.device ?? 'cpu'), opts);
}

/** `torch.eye(n, m)`: ones on the diagonal. */
export function eye(n: number, m?: number | TensorOptions, opts: TensorOptions = {}): Tensor {
  if (typeof m === 'object') {
    opts = m;
    m = undefined;
  }
  const cols = m ?? n;
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${cols}`);
  const dtype = opts.dtype ?? getDefaultDtype();
  const arr = new ARRAY_TYPE[dtype](n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) arr[i * cols + i] = 1;
  return finish(fromTypedArray(arr, [n, cols], dtype, opts.device ?? 'cpu'), opts);
}

declare module '../tensor.js' {
  interface Tensor {
    zerosLike(opts?: TensorOptions): Tensor;
    onesLike(opts?: TensorOptions): Tensor;
    /** PyTorch's `new_zeros`. */
    newZeros(size: readonly number[], opts?: TensorOptions): Tensor;
    newOnes(size: readonly number[], opts?: TensorOptions): Tensor;
    newFull(size: readonly number[], value: number, opts?: TensorOptions): Tensor;
    newTensor(data: TensorData, opts?: TensorOptions): Tensor;
  }
}

const proto = Tensor.prototype;
proto.zerosLike = function (this: Tensor, opts) {
  return zerosLike(this, opts);
};
proto.onesLike = function (this: Tensor, opts) {
  return onesLike(this, opts);
};
proto.newZeros = function (this: Tensor, size, opts = {}) {
  return zeros(size as number[], likeOpts(this, opts));
};
proto.newOnes = function (this: Tensor, size, opts = {}) {
  return ones(size as number[], likeOpts(this, opts));
};
proto.newFull = function (this: Tensor, size, value, opts = {}) {
  return full(size, value, likeOpts(this, opts));
};
proto.newTensor = function (this: Tensor, data, opts = {}) {
  return tensor(data, likeOpts(this, opts));
};
