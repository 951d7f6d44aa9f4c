import type { DType } from '../dtype.js';

/**
 * One input of a sample. Values come from the suite's LCG: floats uniform in `[low, high)`
 * (default `[-2, 2)`), integers `floor` of the same (default `[-5, 5)`, `[0, 10)` for uint8), bools
 * `u < 0.5`.
 */
export interface InputSpec {
  readonly shape: readonly number[];
  /** A fixed dtype (an index, a mask); default: the dtype the sample runs in. */
  readonly dtype?: DType;
  readonly low?: number;
  readonly high?: number;
  /**
   * How values are drawn regardless of dtype: `int` gives integer-valued floats (ties for
   * comparisons and max/min), `bool` gives 0/1.
   */
  readonly gen?: 'int' | 'bool';
  /**
   * Values are drawn for this smaller shape and broadcast to `shape`: the `broadcast` layout passes
   * the stride-0 `expand` view itself, the other layouts a materialized copy.
   */
  readonly expandFrom?: readonly number[];
  /** Whether a floating-point input requires grad (default true). */
  readonly grad?: boolean;
}

/**
 * A call argument: a JSON value, a reference to input `n` (`{ input: n }`), or a list of them
 * (`torch.cat([a, b])`). Strings naming a dtype become `torch.<dtype>` on the PyTorch side.
 */
export type Arg = number | boolean | string | null | { readonly input: number } | readonly Arg[];

/** The memory layouts every sample runs under; all must give the contiguous layout's values. */
export type Layout = 'contiguous' | 'transposed' | 'strided' | 'broadcast';

/** All layouts, in the order cases are generated. */
export const LAYOUTS: readonly Layout[] = ['contiguous', 'transposed', 'strided', 'broadcast'];

/** Tolerances for comparing floating-point results. */
export interface Tolerance {
  readonly rtol: number;
  readonly atol: number;
}

/** One call of an op: its inputs, arguments and where it applies. */
export interface Sample {
  readonly inputs: readonly InputSpec[];
  /**
   * Positional arguments after `self` (methods) or all of them (functions). Default: the inputs
   * after the first (methods) or every input (functions), in order.
   */
  readonly args?: readonly Arg[];
  /** Keyword arguments: a trailing options object in camelCase (snake_case for PyTorch). */
  readonly kwargs?: Readonly<Record<string, Arg>>;
  /** Overrides the entry's dtypes. */
  readonly dtypes?: readonly DType[];
  /** Overrides the entry's layouts (e.g. `view` fails on a transposed input, in PyTorch too). */
  readonly layouts?: readonly Layout[];
  /** Looser float32 tolerance where PyTorch's own float32 arithmetic differs (say why in `note`). */
  readonly tol32?: Tolerance;
  /** Tensor methods or functions beyond the op itself this sample needs; missing → skipped. */
  readonly requires?: readonly string[];
  /** Same as `requires`, for the gradient cases only (e.g. a backward written with `scatter`). */
  readonly gradRequires?: readonly string[];
  /** A known failure: the sample is skipped with this reason (keep it precise, and report it). */
  readonly skip?: string;
  /** Skip gradcheck (and gradgradcheck) for this sample (say why in `note`). */
  readonly noGradcheck?: boolean;
  /** Skip gradgradcheck only (say why in `note`). */
  readonly noGradgradcheck?: boolean;
  readonly note?: string;
}

/** Every sample of one op, called by its public name. */
export interface OpEntry {
  /** The Tensor method or `torch` function name (camelCase); PyTorch gets the snake_case name. */
  readonly op: string;
  /** A distinct key when one op has several entries (default: `op`). */
  readonly id?: string;
  /** `method`: `inputs[0].op(...args)`; `function`: `torch.op(...args)`. Default `method`. */
  readonly call?: 'method' | 'function';
  /** Default dtypes of the samples (default float32 and float64). */
  readonly dtypes?: readonly DType[];
  /** False for ops without gradients: no gradient comparison and no gradcheck. Default true. */
  readonly differentiable?: boolean;
  /**
   * The op is being written elsewhere: until the method exists its samples are skipped with this
   * reason, and once it exists they run with no change here.
   */
  readonly pending?: string;
  readonly note?: string;
  readonly samples: readonly Sample[];
}

/** The float dtypes most ops are checked in. */
export const FLOATS: readonly DType[] = ['float32', 'float64'];
/** Floats and the common integer dtypes. */
export const NUMERIC: readonly DType[] = ['float32', 'float64', 'int32', 'int64'];
/** Integer dtypes and bool (bitwise ops). */
export const INTEGRAL: readonly DType[] = ['int32', 'int64', 'uint8', 'bool'];

/** The entry's key: its `id`, else its op name. */
export function entryKey(e: OpEntry): string {
  return e.id ?? e.op;
}

/** The key of sample `i` of an entry in the fixture (and the seed of its values). */
export function sampleKey(e: OpEntry, i: number): string {
  return `${entryKey(e)}#${i}`;
}

/** The key of one golden: a sample in one dtype. */
export function caseKey(e: OpEntry, i: number, dtype: DType): string {
  return `${sampleKey(e, i)}:${dtype}`;
}

/** An input of `shape` with optional range and options. */
export function inp(shape: readonly number[], opts: Omit<InputSpec, 'shape'> = {}): InputSpec {
  return { shape, ...opts };
}

/** A reference to input `n` in `args`. */
export function ref(n: number): { readonly input: number } {
  return { input: n };
}
