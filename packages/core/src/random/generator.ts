import { RuntimeError, TorchTypeError } from '../errors.js';
import { fromTypedArray } from '../ops/creation.js';
import type { Tensor } from '../tensor.js';
import { sinCR } from './libm.js';
import { MT_N, MT19937 } from './mt19937.js';

/** PyTorch's default CPU seed (`default_rng_seed_val`), used until `manualSeed` is called. */
export const DEFAULT_SEED = 67280421310721n;

// Byte layout of PyTorch's CPUGeneratorImplState (what torch.get_rng_state() returns).
const STATE_SIZE = 5056;
const LEGACY_STATE_SIZE = 5048;
const OFF_STATE = 24;
const OFF_NORMAL_X = OFF_STATE + 8 * MT_N;
const OFF_NORMAL_Y = OFF_NORMAL_X + 8;
const OFF_NORMAL_RHO = OFF_NORMAL_Y + 8;
const OFF_NORMAL_VALID = OFF_NORMAL_RHO + 8;
const OFF_FLOAT_NORMAL = 5048;
const OFF_FLOAT_VALID = 5052;

const TWO_64 = 1n << 64n;

/** A seed as PyTorch stores it: a uint64 (negative seeds wrap, as Python's int does in `manual_seed`). */
function toSeed(seed: number | bigint): bigint {
  if (typeof seed === 'number') {
    // Python's manual_seed calls int(seed), which truncates.
    if (!Number.isFinite(seed)) throw new TorchTypeError(`manual_seed expected an int, but got ${seed}`);
    seed = BigInt(Math.trunc(seed));
  }
  if (seed >= TWO_64 || seed < -(1n << 63n)) throw new RuntimeError('Overflow when unpacking long');
  return BigInt.asUintN(64, seed);
}

/** A seed from the platform's entropy (PyTorch reads /dev/urandom), below 2^53 so it stays a number. */
function entropySeed(): bigint {
  const c = globalThis.crypto;
  if (c?.getRandomValues) {
    const w = c.getRandomValues(new Uint32Array(2));
    return (BigInt(w[0]! & 0x1fffff) << 32n) | BigInt(w[1]!);
  }
  return BigInt(Math.floor(Math.random() * 2 ** 53));
}

/**
 * A pseudo-random number generator, bit-for-bit PyTorch's CPU generator (`torch.Generator`): an
 * mt19937 engine seeded with the low 32 bits of the seed, plus the cached second Box–Muller sample.
 * @example
 * const g = new torch.Generator().manualSeed(42);
 * torch.rand(3, { generator: g }); // same numbers as torch.rand(3, generator=g) in PyTorch
 */
export class Generator {
  /** The device whose tensors this generator fills; numbers are always made on the host. */
  readonly device: string;
  /** @internal The mt19937 engine. */
  engine = new MT19937(0);
  private seedValue = DEFAULT_SEED;
  /** @internal The cached sine sample of the double Box–Muller pair (`next_double_normal_sample`). */
  nextDoubleNormal: number | null = null;
  /** @internal Kept only to round-trip PyTorch states (`next_float_normal_sample`); unused on the CPU. */
  nextFloatNormal: number | null = null;

  constructor(device = 'cpu') {
    this.device = device;
    this.manualSeed(DEFAULT_SEED);
  }

  /**
   * Seeds the generator (`Generator.manual_seed`) and clears the cached normal samples. Returns
   * the generator, as PyTorch does.
   */
  manualSeed(seed: number | bigint): this {
    const s = toSeed(seed);
    this.seedValue = s;
    this.engine.seed(Number(s & 0xffffffffn));
    this.nextDoubleNormal = null;
    this.nextFloatNormal = null;
    return this;
  }

  /** Seeds from entropy (`Generator.seed`) and returns the new seed. */
  seed(): number {
    const s = entropySeed();
    this.manualSeed(s);
    return Number(s);
  }

  /**
   * The seed last set (`Generator.initial_seed`): a number when below 2^53, otherwise a bigint
   * (for example 2^64 - 1 after `manualSeed(-1)`).
   */
  initialSeed(): number | bigint {
    return this.seedValue <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(this.seedValue) : this.seedValue;
  }

  /** One 32-bit draw (`random()`), an unsigned integer in [0, 2^32). */
  random(): number {
    return this.engine.next32();
  }

  /** The 53 low bits of `random64()` as a double in [0, 1): the float64 uniform's raw value. */
  random53(): number {
    const hi = this.engine.next32();
    const lo = this.engine.next32();
    return ((hi & 0x1fffff) * 4294967296 + lo) * 2 ** -53;
  }

  /** `random64()` as a bigint in [0, 2^64): the first draw is the high word. */
  random64(): bigint {
    const hi = this.engine.next32();
    const lo = this.engine.next32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * The state as a uint8 tensor of 5056 bytes (`Generator.get_state`), byte for byte the layout
   * PyTorch uses, so states move between PyTorch and Kindling.
   */
  getState(): Tensor {
    const bytes = new Uint8Array(STATE_SIZE);
    const v = new DataView(bytes.buffer);
    v.setBigUint64(0, this.seedValue, true);
    v.setInt32(8, this.engine.left, true);
    v.setInt32(12, 1, true); // seeded
    v.setBigUint64(16, BigInt(this.engine.next), true);
    for (let i = 0; i < MT_N; i++) v.setBigUint64(OFF_STATE + 8 * i, BigInt(this.engine.state[i]!), true);
    if (this.nextDoubleNormal !== null) {
      v.setInt32(OFF_NORMAL_VALID, 1, true);
      v.setFloat64(OFF_NORMAL_Y, this.nextDoubleNormal, true);
    }
    if (this.nextFloatNormal !== null) {
      v.setFloat32(OFF_FLOAT_NORMAL, this.nextFloatNormal, true);
      bytes[OFF_FLOAT_VALID] = 1;
    }
    return fromTypedArray(bytes, [STATE_SIZE], 'uint8');
  }

  /**
   * Restores a state from `getState()` or from PyTorch's `get_rng_state()` (`Generator.set_state`);
   * PyTorch's older 5048-byte layout is accepted too. A rejected state leaves the generator as it was.
   */
  setState(state: Tensor): this {
    if (state.dtype !== 'uint8') throw new TorchTypeError('RNG state must be a torch.ByteTensor');
    const n = state.numel();
    if (n !== STATE_SIZE && n !== LEGACY_STATE_SIZE) {
      throw new RuntimeError(
        `Expected either a CPUGeneratorImplStateLegacy of size ${LEGACY_STATE_SIZE} or a CPUGeneratorImplState of size ${STATE_SIZE} but found the input RNG state size to be ${n}`,
      );
    }
    const bytes = Uint8Array.from(state.dataSync());
    const v = new DataView(bytes.buffer);
    const engine = new MT19937(0);
    for (let i = 0; i < MT_N; i++)
      engine.state[i] = Number(v.getBigUint64(OFF_STATE + 8 * i, true) & 0xffffffffn);
    engine.left = v.getInt32(8, true);
    const seeded = v.getInt32(12, true);
    engine.next = Number(v.getBigUint64(16, true) & 0xffffffffn);
    if (!(seeded !== 0 && engine.left > 0 && engine.left <= MT_N && engine.next <= MT_N)) {
      throw new RuntimeError('Invalid mt19937 state');
    }
    let double: number | null = null;
    let float: number | null = null;
    if (v.getInt32(OFF_NORMAL_VALID, true) !== 0) {
      double =
        n === STATE_SIZE
          ? v.getFloat64(OFF_NORMAL_Y, true)
          : // The legacy layout kept the uniform and radius; PyTorch rebuilds the sine sample from them.
            v.getFloat64(OFF_NORMAL_RHO, true) * sinCR(2 * Math.PI * v.getFloat64(OFF_NORMAL_X, true));
    }
    if (n === STATE_SIZE && bytes[OFF_FLOAT_VALID] !== 0) float = v.getFloat32(OFF_FLOAT_NORMAL, true);
    this.engine = engine;
    this.seedValue = v.getBigUint64(0, true);
    this.nextDoubleNormal = double;
    this.nextFloatNormal = float;
    return this;
  }

  /** @internal A generator with the same state (for tests and for `fork_rng`-like helpers). */
  clone(): Generator {
    const g = new Generator(this.device);
    g.engine = this.engine.clone();
    g.seedValue = this.seedValue;
    g.nextDoubleNormal = this.nextDoubleNormal;
    g.nextFloatNormal = this.nextFloatNormal;
    return g;
  }
}

/** The generator every random function uses unless given `{ generator }` (`torch.default_generator`). */
export const defaultGenerator = new Generator();

/**
 * `torch.manual_seed(seed)`: seeds the default generator and returns it.
 * @example
 * torch.manualSeed(0);
 * torch.rand(2); // tensor([0.4963, 0.7682]), as in PyTorch
 */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}

/** `torch.seed()`: seeds the default generator from entropy and returns the seed. */
export function seed(): number {
  return defaultGenerator.seed();
}

/** `torch.initial_seed()`: the default generator's seed. */
export function initialSeed(): number | bigint {
  return defaultGenerator.initialSeed();
}

/** `torch.get_rng_state()`: the default generator's state as a uint8 tensor (PyTorch's byte layout). */
export function getRngState(): Tensor {
  return defaultGenerator.getState();
}

/** `torch.set_rng_state(state)`: restores the default generator's state. */
export function setRngState(state: Tensor): void {
  defaultGenerator.setState(state);
}
