import type { TensorView } from './backend.js';
import type { DType } from './dtype.js';
import type { Tensor } from './tensor.js';

/** Shape and dtype of one output, computed before any kernel runs. */
export interface OutputMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * What an op's meta function decides: the outputs, the dtype its kernel is looked up by and computes
 * in, and per input the dtype it is converted to first (`null`: passed as it is).
 */
export interface OpMeta {
  /** null: the output shape depends on the data, and the kernel allocates it (e.g. `nonzero`). */
  readonly outputs: readonly OutputMeta[] | null;
  readonly dtype: DType;
  readonly cast?: readonly (DType | null)[];
  /** Broadcast every input to `outputs[0].shape` (stride-0 views) before the kernel sees it. */
  readonly broadcast?: boolean;
}

/** What a backward formula sees: the forward's inputs, outputs and attributes. */
export interface GradContext<A> {
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: A;
  /** The inputs' shapes, available even when the op saves no inputs. */
  readonly inputShapes: readonly (readonly number[])[];
  /** Whether input `i` needs a gradient (skip work otherwise). */
  readonly needsInputGrad: readonly boolean[];
}

/** A geometry over the input's storage: how a view op sees its input. */
export interface ViewGeometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/**
 * One entry of the op table: an op declared once, with everything every backend and autograd need.
 * A backend supplies a {@link Kernel} per (op, device, dtype); ops with `impl` or `composite` run
 * everywhere without one.
 */
export interface OpDef<A = Record<string, never>> {
  /** PyTorch's name, in camelCase. */
  readonly name: string;
  /** Validates the inputs (PyTorch's messages) and computes the outputs' shapes and dtypes. */
  meta(inputs: readonly Tensor[], attrs: A): OpMeta;
  /**
   * The gradient of each input given the gradients of the outputs, written with ops so that it is
   * itself differentiable (double backward). Gradients may have the broadcast shape: the engine sums
   * them down to each input's shape and converts dtypes.
   */
  backward?(ctx: GradContext<A>, grads: readonly Tensor[]): readonly (Tensor | null | undefined)[];
  /** A view op: the output's geometry over the input's storage; no kernel, no copy. */
  view?(input: Tensor, attrs: A): ViewGeometry;
  /**
   * Explicit-autograd implementation in terms of other ops, run without recording history; the op's
   * own `backward` gives the gradient. Used when no backend kernel is registered.
   */
  impl?(inputs: readonly Tensor[], attrs: A): Tensor | readonly Tensor[];
  /**
   * Implicit-autograd implementation in terms of other ops (gradients flow through them). A backend
   * may still register a fused kernel; it is used when no gradient is needed or `backward` exists.
   */
  composite?(inputs: readonly Tensor[], attrs: A): Tensor | readonly Tensor[];
  /** Output numbers that never carry gradients (indices). */
  readonly nondifferentiableOutputs?: readonly number[];
  /** Which forward values `backward` reads; default both (drop what you do not use to free memory sooner). */
  readonly saves?: { readonly inputs?: boolean; readonly outputs?: boolean };
}

/** A dynamic-shape kernel's output: contiguous memory and its shape. */
export interface AllocatedOutput {
  readonly view: TensorView;
}

/**
 * A backend's implementation of an op for one device and dtype. Inputs arrive already converted to
 * the op's dtype (and broadcast, for elementwise ops); outputs are allocated, contiguous, and the
 * kernel writes every element. Dynamic-shape ops get `outputs` empty and return their own.
 */
export type Kernel<A = Record<string, never>> = (
  inputs: readonly TensorView[],
  outputs: readonly TensorView[],
  attrs: A,
) => void | readonly TensorView[];
