/**
 * Random tensor creation: `rand`, `randn`, `randint`, `randperm`, `normal`, `bernoulli` and the
 * `*Like` forms. Numbers are made on the host, bit-for-bit as PyTorch 1.13 makes them on the CPU
 * (see {@link Generator}), then uploaded to the requested device.
 */
import { type DType, getDefaultDtype, isFloatingPoint } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { parseArgs, parseShape, type TensorOptions } from '../ops/args.js';
import { fromTypedArray } from '../ops/creation.js';
import { numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { hostArray, requireFloat } from './fill.js';
import { defaultGenerator, type Generator } from './generator.js';
import {
  bernoulliScalarFill,
  bernoulliTensorFill,
  type FloatArray,
  normalFill,
  type OutArray,
  randintFill,
  randpermFill,
  uniformFill,
} from './sample.js';

/** Options of the random creation functions: a tensor's options plus the generator to draw from. */
export interface RandomOptions extends TensorOptions {
  /** The generator to draw from (`generator=`); the default generator when absent. */
  generator?: Generator;
}

const OPTION_NAMES = ['dtype', 'device', 'requiresGrad', 'generator'] as const;

/** Sizes as varargs or an array, then the options. */
export type RandomShapeArgs = (number | readonly number[] | RandomOptions)[];

function shapeAndOpts(args: RandomShapeArgs, fn: string): { shape: number[]; opts: RandomOptions } {
  const { shape, rest } = parseShape(args, fn);
  const opts = parseArgs<RandomOptions>(rest, [...OPTION_NAMES], {}, fn);
  return { shape, opts };
}

function make(buf: OutArray, shape: readonly number[], dtype: DType, opts: RandomOptions): Tensor {
  const t = fromTypedArray(buf, shape, dtype, opts.device ?? 'cpu');
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

/** @internal Checks `normal`'s std as PyTorch does. */
export function checkStd(std: number): void {
  if (!(std >= 0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${std}`);
}

/**
 * `torch.rand(*size)`: uniform samples in [0, 1).
 * @example
 * torch.manualSeed(0);
 * torch.rand(2, 2);
 */
export function rand(...args: RandomShapeArgs): Tensor {
  const { shape, opts } = shapeAndOpts(args, 'rand');
  const dtype = opts.dtype ?? getDefaultDtype();
  requireFloat(dtype, 'check_uniform_bounds');
  const buf = hostArray(dtype, numel(shape)) as FloatArray;
  uniformFill(opts.generator ?? defaultGenerator, buf, dtype, 0, 1);
  return make(buf, shape, dtype, opts);
}

/**
 * `torch.randn(*size)`: standard normal samples.
 * @example
 * torch.manualSeed(0);
 * torch.randn(3); // tensor([ 1.5410, -0.2934, -2.1788]), as in PyTorch
 */
export function randn(...args: RandomShapeArgs): Tensor {
  const { shape, opts } = shapeAndOpts(args, 'randn');
  return normalSized(0, 1, shape, opts);
}

function normalSized(mean: number, std: number, shape: readonly number[], opts: RandomOptions): Tensor {
  const dtype = opts.dtype ?? getDefaultDtype();
  requireFloat(dtype, 'normal_kernel_cpu');
  checkStd(std);
  const buf = hostArray(dtype, numel(shape)) as FloatArray;
  normalFill(opts.generator ?? defaultGenerator, buf, dtype, mean, std, true);
  return make(buf, shape, dtype, opts);
}

/** @internal Checks randint's bounds as PyTorch does (`random_from_to`). */
export function checkFromTo(low: number, high: number): void {
  if (!Number.isInteger(low) || !Number.isInteger(high)) {
    throw new TorchTypeError(
      `randint(): argument 'high' must be int, but got ${Number.isInteger(high) ? low : high}`,
    );
  }
  if (low >= high) {
    throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  }
}

/**
 * `torch.randint(low=0, high, size)`: integers drawn from [low, high), int64 by default.
 * @example
 * torch.randint(10, [3]);        // in [0, 10)
 * torch.randint(-5, 5, [2, 2]);  // in [-5, 5)
 */
export function randint(high: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function randint(low: number, high: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function randint(...args: (number | readonly number[] | RandomOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const size = args.find((a): a is readonly number[] => Array.isArray(a));
  const opts = (args.find((a) => typeof a === 'object' && a !== null && !Array.isArray(a)) ??
    {}) as RandomOptions;
  if (!size) throw new TorchTypeError("randint() missing required argument 'size'");
  const [low, high] = nums.length >= 2 ? [nums[0]!, nums[1]!] : [0, nums[0]!];
  if (high === undefined) throw new TorchTypeError("randint() missing required argument 'high'");
  const { shape } = parseShape([size], 'randint');
  checkFromTo(low, high);
  const dtype = opts.dtype ?? 'int64';
  const buf = hostArray(dtype, numel(shape));
  randintFill(opts.generator ?? defaultGenerator, buf, dtype, low, high);
  return make(buf, shape, dtype, opts);
}

/**
 * `torch.randperm(n)`: a random permutation of 0..n-1 (int64 by default).
 * @example
 * torch.manualSeed(0);
 * torch.randperm(4);
 */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  if (!Number.isInteger(n)) throw new TorchTypeError(`randperm(): argument 'n' must be int, but got ${n}`);
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  const dtype = opts.dtype ?? 'int64';
  const buf = hostArray(dtype, n);
  randpermFill(opts.generator ?? defaultGenerator, buf);
  return make(buf, [n], dtype, opts);
}

function likeOpts(t: Tensor, opts: RandomOptions): RandomOptions {
  return { ...opts, dtype: opts.dtype ?? t.dtype, device: opts.device ?? t.device };
}

/** `torch.rand_like(t)`: uniform samples with `t`'s shape, dtype and device. */
export function randLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return rand(t.shape, likeOpts(t, opts));
}

/** `torch.randn_like(t)`: normal samples with `t`'s shape, dtype and device. */
export function randnLike(t: Tensor, opts: RandomOptions = {}): Tensor {
  return randn(t.shape, likeOpts(t, opts));
}

/** `torch.randint_like(t, low=0, high)`: integers in [low, high) with `t`'s shape, dtype and device. */
export function randintLike(t: Tensor, high: number, opts?: RandomOptions): Tensor;
export function randintLike(t: Tensor, low: number, high: number, opts?: RandomOptions): Tensor;
export function randintLike(t: Tensor, a: number, b?: number | RandomOptions, c?: RandomOptions): Tensor {
  const [low, high, opts] = typeof b === 'number' ? [a, b, c ?? {}] : [0, a, b ?? {}];
  return randint(low, high, t.shape, likeOpts(t, opts));
}

/**
 * `torch.normal`: `normal(mean, std, size)` with numbers, or element-wise with tensor means and/or
 * stds, `normal(meanT, stdT)`, `normal(meanT, std)`, `normal(mean, stdT)` (computed as PyTorch
 * does: standard samples scaled by `std`, then `mean` added).
 * @example
 * torch.normal(2, 3, [4]);
 * torch.normal(torch.zeros(3), torch.ones(3));
 */
export function normal(mean: number, std: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function normal(mean: Tensor | number, std: Tensor | number, opts?: RandomOptions): Tensor;
export function normal(
  mean: Tensor | number,
  std: Tensor | number,
  sizeOrOpts?: readonly number[] | RandomOptions,
  maybeOpts?: RandomOptions,
): Tensor {
  const size = Array.isArray(sizeOrOpts) ? (sizeOrOpts as readonly number[]) : undefined;
  const opts = (size ? maybeOpts : (sizeOrOpts as RandomOptions | undefined)) ?? {};
  if (typeof mean === 'number' && typeof std === 'number') {
    if (!size) throw new TorchTypeError("normal() missing required argument 'size'");
    return normalSized(mean, std, parseShape([size], 'normal').shape, opts);
  }
  const gen = { generator: opts.generator };
  if (mean instanceof Tensor && std instanceof Tensor) {
    const base = normalSized(0, 1, broadcast(mean.shape, std.shape), {
      ...gen,
      dtype: mean.dtype,
      device: mean.device,
    });
    return base.mul(std).add(mean);
  }
  if (mean instanceof Tensor) {
    checkStd(std as number);
    const base = normalSized(0, std as number, mean.shape, {
      ...gen,
      dtype: mean.dtype,
      device: mean.device,
    });
    return base.add(mean);
  }
  const s = std as Tensor;
  const base = normalSized(0, 1, s.shape, { ...gen, dtype: s.dtype, device: s.device });
  return base.mul(s).add(mean);
}

function broadcast(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`,
      );
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * `torch.bernoulli(input)`: 0/1 samples with probabilities `input` (same shape and dtype), or
 * `bernoulli(input, p)` with one probability for every element.
 * @example
 * torch.bernoulli(torch.full([4], 0.5));
 */
export function bernoulli(input: Tensor, p?: number | RandomOptions, opts: RandomOptions = {}): Tensor {
  if (typeof p === 'object') {
    opts = p;
    p = undefined;
  }
  const g = opts.generator ?? defaultGenerator;
  const dtype = input.dtype;
  const n = input.numel();
  const buf = hostArray(dtype, n);
  if (typeof p === 'number') {
    checkP(p);
    bernoulliScalarFill(g, buf, p);
  } else {
    if (!isFloatingPoint(dtype)) {
      throw new RuntimeError(
        `"bernoulli_tensor_cpu_p_" not implemented for '${dtype === 'int64' ? 'Long' : dtype}'`,
      );
    }
    const probs = input.contiguous().dataSync();
    for (let i = 0; i < n; i++) {
      const q = probs[i]!;
      if (!(q >= 0 && q <= 1)) {
        throw new RuntimeError(
          'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)',
        );
      }
    }
    bernoulliTensorFill(g, buf, probs, dtype);
  }
  return make(buf, input.shape, dtype, { device: input.device });
}

/** @internal Checks a scalar Bernoulli probability as PyTorch does. */
export function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
}
