/**
 * In-place random fills on tensors: `uniform_`, `normal_`, `bernoulli_`, `random_`, `exponential_`.
 * They fill in PyTorch's iteration order, so a non-contiguous tensor gets the numbers PyTorch puts
 * there (and `normal_` on one takes PyTorch's scalar path).
 */
import { isFloatingPoint } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { parseArgs } from '../ops/args.js';
import { Tensor } from '../tensor.js';
import { fillInPlace, requireFloat } from './fill.js';
import { defaultGenerator, type Generator } from './generator.js';
import { checkFromTo, checkP, checkStd } from './ops.js';
import {
  bernoulliScalarFill,
  bernoulliTensorFill,
  exponentialFill,
  type FloatArray,
  normalFill,
  randintFill,
  uniformFill,
} from './sample.js';

/** The `generator=` keyword that every in-place fill accepts. */
export interface GeneratorOption {
  generator?: Generator;
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Fills with uniform samples from [from, to) in place (`Tensor.uniform_`); float32 rounds
     * `u * (to - from) + from` once, as PyTorch's fused AVX2 kernel does.
     * @example
     * torch.empty(3, 4).uniform_(-0.5, 0.5);
     */
    uniform_(
      from?: number | ({ from?: number; to?: number } & GeneratorOption),
      to?: number,
      opts?: GeneratorOption,
    ): this;
    /** Fills with normal samples in place (`Tensor.normal_`). */
    normal_(
      mean?: number | ({ mean?: number; std?: number } & GeneratorOption),
      std?: number,
      opts?: GeneratorOption,
    ): this;
    /** Fills with 0/1 draws in place (`Tensor.bernoulli_`), with one probability or a tensor of them. */
    bernoulli_(
      p?: number | Tensor | ({ p?: number | Tensor } & GeneratorOption),
      opts?: GeneratorOption,
    ): this;
    /**
     * Fills with integers in place (`Tensor.random_`): `random_(to)` draws from [0, to),
     * `random_(from, to)` from [from, to).
     */
    random_(
      from: number | ({ from?: number; to?: number } & GeneratorOption),
      to?: number,
      opts?: GeneratorOption,
    ): this;
    /** Fills with exponential samples of rate `lambd` in place (`Tensor.exponential_`). */
    exponential_(lambd?: number | ({ lambd?: number } & GeneratorOption), opts?: GeneratorOption): this;
    /** `Tensor.bernoulli()`: a new tensor of 0/1 draws with this tensor's probabilities. */
    bernoulli(opts?: GeneratorOption): Tensor;
  }
}

const proto = Tensor.prototype;

proto.uniform_ = function (this: Tensor, ...args: unknown[]) {
  const { from, to, generator } = parseArgs<{ from: number; to: number } & GeneratorOption>(
    args,
    ['from', 'to', 'generator'],
    { from: 0, to: 1 },
    'uniform_',
  );
  requireFloat(this.dtype, 'check_uniform_bounds');
  if (from > to)
    throw new RuntimeError(
      `uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`,
    );
  const g = generator ?? defaultGenerator;
  return fillInPlace(this, (out) => uniformFill(g, out as FloatArray, this.dtype, from, to));
};

proto.normal_ = function (this: Tensor, ...args: unknown[]) {
  const { mean, std, generator } = parseArgs<{ mean: number; std: number } & GeneratorOption>(
    args,
    ['mean', 'std', 'generator'],
    { mean: 0, std: 1 },
    'normal_',
  );
  checkStd(std);
  requireFloat(this.dtype, 'normal_kernel_cpu');
  const g = generator ?? defaultGenerator;
  return fillInPlace(this, (out, contiguous) =>
    normalFill(g, out as FloatArray, this.dtype, mean, std, contiguous),
  );
};

proto.bernoulli_ = function (this: Tensor, ...args: unknown[]) {
  const { p, generator } = parseArgs<{ p: number | Tensor } & GeneratorOption>(
    args,
    ['p', 'generator'],
    { p: 0.5 },
    'bernoulli_',
  );
  const g = generator ?? defaultGenerator;
  if (typeof p === 'number') {
    checkP(p);
    return fillInPlace(this, (out) => bernoulliScalarFill(g, out, p));
  }
  if (!isFloatingPoint(p.dtype))
    throw new RuntimeError('expected probabilities tensor to have floating type');
  const probs = p.expand(this.shape);
  return fillInPlace(this, (out, _contiguous, perm) => {
    const data = probs.permute(perm).contiguous().dataSync();
    for (let i = 0; i < data.length; i++) {
      if (!(data[i]! >= 0 && data[i]! <= 1)) {
        throw new RuntimeError(
          'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)',
        );
      }
    }
    bernoulliTensorFill(g, out, data, p.dtype);
  });
};

proto.bernoulli = function (this: Tensor, opts: GeneratorOption = {}) {
  if (!isFloatingPoint(this.dtype))
    throw new RuntimeError('expected probabilities tensor to have floating type');
  return this.detach().clone().bernoulli_(this, opts);
};

proto.random_ = function (this: Tensor, ...args: unknown[]) {
  const parsed = parseArgs<{ from?: number; to?: number } & GeneratorOption>(
    args,
    ['from', 'to', 'generator'],
    {},
    'random_',
  );
  const [from, to] = parsed.to === undefined ? [0, parsed.from] : [parsed.from ?? 0, parsed.to];
  if (to === undefined) throw new RuntimeError("random_() needs 'to': random_(to) or random_(from, to)");
  checkFromTo(from, to);
  const g = parsed.generator ?? defaultGenerator;
  return fillInPlace(this, (out) => randintFill(g, out, this.dtype, from, to));
};

proto.exponential_ = function (this: Tensor, ...args: unknown[]) {
  const { lambd, generator } = parseArgs<{ lambd: number } & GeneratorOption>(
    args,
    ['lambd', 'generator'],
    { lambd: 1 },
    'exponential_',
  );
  if (!(lambd >= 0)) throw new RuntimeError(`exponential_ expects lambda >= 0.0, but found lambda=${lambd}`);
  requireFloat(this.dtype, 'exponential_cpu');
  const g = generator ?? defaultGenerator;
  return fillInPlace(this, (out) => exponentialFill(g, out as FloatArray, lambd));
};
