/**
 * Random numbers, bit-for-bit PyTorch 1.13's on the CPU.
 *
 * `torch.manualSeed(s)` followed by `rand`, `randn`, `randint`, `randperm`, `bernoulli`, `normal`,
 * `uniform_` or `normal_` gives the numbers PyTorch gives after `torch.manual_seed(s)`, in the same
 * order, so models initialised here match models initialised in PyTorch. What is reproduced:
 * - the mt19937 engine, seeded with the seed's low 32 bits, and the generator's cached normal sample;
 * - float32 uniforms with PyTorch's fused multiply-add (`x * (to - from) + from` rounded once);
 * - `randn` in float32 with 16 or more contiguous elements: the AVX2 kernel `normal_fill_AVX2`, a
 *   lane-by-lane port of its Cephes `log256_ps`/`sincos256_ps` (the path PyTorch takes on AVX2
 *   CPUs; PyTorch itself gives other bits with `ATEN_CPU_CAPABILITY=default`);
 * - the scalar double Box–Muller path for fewer than 16 or non-contiguous elements.
 *
 * One limit: float64 normal and exponential samples use log/sin/cos, which PyTorch takes from glibc.
 * Kindling rounds them correctly; glibc misrounds about one call in a thousand, so about one float64
 * normal in a few hundred differs from PyTorch's in its last bit. float32 results are unaffected.
 * @module
 */
import './methods.js';

export {
  DEFAULT_SEED,
  defaultGenerator,
  Generator,
  getRngState,
  initialSeed,
  manualSeed,
  seed,
  setRngState,
} from './generator.js';
export type { GeneratorOption } from './methods.js';
export {
  bernoulli,
  normal,
  type RandomOptions,
  rand,
  randint,
  randintLike,
  randLike,
  randn,
  randnLike,
  randperm,
} from './ops.js';
