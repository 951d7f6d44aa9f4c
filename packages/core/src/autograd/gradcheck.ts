import { isFloatingPoint } from '../dtype.js';
import { RuntimeError, ValueError } from '../errors.js';
import { fromTypedArray } from '../ops/creation.js';
import { Tensor } from '../tensor.js';
import { grad } from './engine.js';

/** Options of {@link gradcheck} and {@link gradgradcheck}, with PyTorch's defaults. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw a `RuntimeError` describing the mismatch (default) instead of returning `false`. */
  raiseException?: boolean;
}

/** What a checked function returns: one tensor or several. */
export type GradcheckOutput = Tensor | readonly Tensor[];

function asList(out: GradcheckOutput): Tensor[] {
  return out instanceof Tensor ? [out] : [...out];
}

function values(t: Tensor): Float64Array {
  return Float64Array.from(t.detach().to('float64').dataSync());
}

/** A fresh leaf with the same values (and the same requiresGrad) as `t`, optionally changed at `k`. */
function rebuild(t: Tensor, data: Float64Array): Tensor {
  const copy = fromTypedArray(data, t.shape, 'float64', t.device).to(t.dtype);
  if (t.requiresGrad) copy.requiresGrad_(true);
  return copy;
}

/** Numerical Jacobians by central differences: `[output][input]` → rows = input elements, cols = output elements. */
function numericalJacobian(
  fn: (...xs: Tensor[]) => GradcheckOutput,
  inputs: readonly Tensor[],
  diff: readonly number[],
  eps: number,
): Float64Array[][] {
  const base = inputs.map(values);
  const jac: Float64Array[][] = [];
  const evalAt = (i: number, k: number, delta: number): Float64Array[] => {
    const data = base[i]!.slice();
    data[k]! += delta;
    const xs = inputs.map((x, j) => rebuild(x, j === i ? data : base[j]!));
    return asList(fn(...xs))
      .filter((o) => isFloatingPoint(o.dtype))
      .map(values);
  };
  diff.forEach((i, col) => {
    const n = base[i]!.length;
    for (let k = 0; k < n; k++) {
      const plus = evalAt(i, k, eps);
      const minus = evalAt(i, k, -eps);
      plus.forEach((p, o) => {
        jac[o] ??= [];
        jac[o]![col] ??= new Float64Array(n * p.length);
        for (let m = 0; m < p.length; m++)
          jac[o]![col]![k * p.length + m] = (p[m]! - minus[o]![m]!) / (2 * eps);
      });
    }
  });
  return jac;
}

/** Analytical Jacobians from one vector-Jacobian product per output element. */
function analyticalJacobian(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  diff: readonly number[],
): Float64Array[][] {
  const diffInputs = diff.map((i) => inputs[i]!);
  return outputs.map((out) => {
    const m = out.numel();
    const cols = diffInputs.map((x) => new Float64Array(x.numel() * m));
    if (!out.requiresGrad) return cols;
    for (let j = 0; j < m; j++) {
      const onehot = new Float64Array(m);
      onehot[j] = 1;
      const go = fromTypedArray(onehot, out.shape, 'float64', out.device).to(out.dtype);
      const gs = grad([out], diffInputs, [go], { retainGraph: true, allowUnused: true });
      gs.forEach((g, c) => {
        if (!g) return;
        const v = values(g);
        for (let k = 0; k < v.length; k++) cols[c]![k * m + j] = v[k]!;
      });
    }
    return cols;
  });
}

function formatMatrix(data: Float64Array, rows: number): string {
  const cols = rows === 0 ? 0 : data.length / rows;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++)
    lines.push(`[${Array.from(data.subarray(r * cols, (r + 1) * cols), (v) => v.toFixed(4)).join(', ')}]`);
  return `tensor([${lines.join(',\n        ')}], dtype=torch.float64)`;
}

/**
 * Checks the gradients `fn`'s backward computes against central finite differences, as
 * `torch.autograd.gradcheck`. Inputs that require grad should be float64. Returns `true`, or throws
 * (returns `false` with `raiseException: false`) on the first Jacobian mismatch.
 * @example
 * const x = torch.randn(3, { dtype: 'float64', requiresGrad: true });
 * torch.autograd.gradcheck((t) => t.sin().mul(t), [x]); // true
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => GradcheckOutput,
  inputs: Tensor | readonly Tensor[],
  options: GradcheckOptions = {},
): boolean {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true } = options;
  const xs = inputs instanceof Tensor ? [inputs] : [...inputs];
  const diff = xs.flatMap((x, i) => (x.requiresGrad ? [i] : []));
  if (diff.length === 0) {
    throw new ValueError(
      'gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.',
    );
  }
  const outputs = asList(fn(...xs)).filter((o) => isFloatingPoint(o.dtype));
  const analytical = analyticalJacobian(outputs, xs, diff);
  const numerical = numericalJacobian(fn, xs, diff, eps);
  for (let o = 0; o < outputs.length; o++) {
    for (let c = 0; c < diff.length; c++) {
      const a = analytical[o]![c]!;
      const n = numerical[o]?.[c] ?? new Float64Array(a.length);
      for (let k = 0; k < a.length; k++) {
        if (
          Math.abs(a[k]! - n[k]!) > atol + rtol * Math.abs(n[k]!) ||
          Number.isNaN(a[k]!) !== Number.isNaN(n[k]!)
        ) {
          if (!raiseException) return false;
          const rows = xs[diff[c]!]!.numel();
          throw new RuntimeError(
            `Jacobian mismatch for output ${o} with respect to input ${diff[c]},\nnumerical:${formatMatrix(n, rows)}\nanalytical:${formatMatrix(a, rows)}\n`,
          );
        }
      }
    }
  }
  return true;
}

/**
 * Checks second derivatives: the gradients of `fn`'s vector-Jacobian product (taken with
 * `createGraph`) against finite differences, as `torch.autograd.gradgradcheck`. `gradOutputs`
 * default to fixed pseudo-random float64 tensors that require grad.
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => GradcheckOutput,
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: Tensor | readonly Tensor[] | null,
  options: GradcheckOptions = {},
): boolean {
  const xs = inputs instanceof Tensor ? [inputs] : [...inputs];
  const nIn = xs.length;
  const outs = asList(fn(...xs)).filter((o) => isFloatingPoint(o.dtype));
  const gos =
    gradOutputs == null
      ? outs.map((o, i) => {
          // Deterministic, irregular values: a fixed pattern that is neither symmetric nor constant.
          const d = Float64Array.from({ length: o.numel() }, (_, k) => Math.sin(1.7 * k + 0.3 * i + 0.5));
          return fromTypedArray(d, o.shape, 'float64', o.device).to(o.dtype).requiresGrad_(true);
        })
      : gradOutputs instanceof Tensor
        ? [gradOutputs]
        : [...gradOutputs];
  const vjp = (...args: Tensor[]): Tensor[] => {
    const ins = args.slice(0, nIn);
    const gs = args.slice(nIn);
    const diffIns = ins.filter((x) => x.requiresGrad);
    const fout = asList(fn(...ins)).filter((o) => isFloatingPoint(o.dtype));
    const pairs = fout.flatMap((o, i) => (o.requiresGrad ? [[o, gs[i]!] as const] : []));
    if (pairs.length === 0) return [];
    const r = grad(
      pairs.map((p) => p[0]),
      diffIns,
      pairs.map((p) => p[1]),
      { createGraph: true, allowUnused: true },
    );
    return r.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(vjp, [...xs, ...gos], options);
}
