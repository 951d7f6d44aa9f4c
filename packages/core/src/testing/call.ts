import { isFloatingPoint } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import type { Torch } from './compare.js';
import { fnv1a } from './lcg.js';
import type { Arg, OpEntry, Sample } from './spec.js';

/** A callable looked up by name on the Tensor prototype or the torch namespace. */
type AnyFn = (...args: unknown[]) => unknown;

function lookup(holder: object, name: string): AnyFn | null {
  const f: unknown = Reflect.get(holder, name);
  return typeof f === 'function' ? (f as AnyFn) : null;
}

/** Whether `name` exists as a Tensor method (`method`) or a torch function (`function`). */
export function hasOp(torch: Torch, name: string, call: 'method' | 'function' = 'method'): boolean {
  return lookup(call === 'method' ? torch.Tensor.prototype : torch, name) !== null;
}

/** Whether `name` exists as either a Tensor method or a torch function. */
export function hasAny(torch: Torch, name: string): boolean {
  return hasOp(torch, name, 'method') || hasOp(torch, name, 'function');
}

/** Whether input `j` of a sample requires grad when the sample runs in `dtype`. */
export function inputNeedsGrad(entry: OpEntry, sample: Sample, j: number, dtype: string): boolean {
  const spec = sample.inputs[j]!;
  const d = spec.dtype ?? dtype;
  return entry.differentiable !== false && spec.grad !== false && (d === 'float32' || d === 'float64');
}

function resolve(arg: Arg, inputs: readonly Tensor[]): unknown {
  if (Array.isArray(arg)) return arg.map((a) => resolve(a, inputs));
  if (arg !== null && typeof arg === 'object' && 'input' in arg) return inputs[arg.input]!;
  return arg;
}

/** Calls the entry's op on built inputs exactly as the sample says. */
export function callOp(torch: Torch, entry: OpEntry, sample: Sample, inputs: readonly Tensor[]): unknown {
  const method = (entry.call ?? 'method') === 'method';
  const given =
    sample.args ??
    (method ? inputs.slice(1).map((_, j) => ({ input: j + 1 })) : inputs.map((_, j) => ({ input: j })));
  const args = given.map((a) => resolve(a, inputs));
  if (sample.kwargs) args.push(kwargsOf(sample.kwargs, inputs));
  if (method) return lookup(torch.Tensor.prototype, entry.op)!.apply(inputs[0], args);
  return lookup(torch, entry.op)!(...args);
}

function kwargsOf(kwargs: Readonly<Record<string, Arg>>, inputs: readonly Tensor[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, resolve(v, inputs)]));
}

/** The result of an op as a list: a tensor, a list of tensors, or a `{ values, indices }` pair. */
export function outputsOf(torch: Torch, result: unknown): Tensor[] {
  if (result instanceof torch.Tensor) return [result];
  if (Array.isArray(result)) return result as Tensor[];
  if (result !== null && typeof result === 'object' && 'values' in result && 'indices' in result) {
    return [result.values as Tensor, result.indices as Tensor];
  }
  throw new Error(`the op returned ${String(result)}, not tensors`);
}

/** Floating-point outputs: the ones gradcheck differentiates. */
export function floatOutputs(outs: readonly Tensor[]): Tensor[] {
  return outs.filter((o) => isFloatingPoint(o.dtype));
}

/** The hash the fixture stores per sample, so a changed table is caught as a stale fixture. */
export function specHash(sample: Sample): number {
  return fnv1a(JSON.stringify(sample));
}
