/** Python-style formatting for module reprs, so they read as PyTorch's. */
import { Tensor } from '@kindling/core';

/** A float argument as Python prints it: `1.0`, `0.5`, `1e-05`. */
export function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  // JS prints 1e-5 as "0.00001" and Python as "1e-05".
  if (x !== 0 && Math.abs(x) < 1e-4) {
    const [m, e] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return s;
}

/** A boolean as Python prints it. */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** A tuple of ints as Python prints it: `(2, 3)`, `(4,)`. */
export function pyTuple(xs: readonly number[]): string {
  return `(${xs.join(', ')}${xs.length === 1 ? ',' : ''})`;
}

function indent(s: string, n: number): string {
  return s.split('\n').join(`\n${' '.repeat(n)}`);
}

/**
 * PyTorch's `Module.__repr__`: `Name(extra)` on one line, or the extra lines and `(name): child`
 * lines indented by two inside `Name(\n…\n)`.
 */
export function formatModule(name: string, extra: string, children: [string, object][]): string {
  const lines: string[] = extra ? extra.split('\n') : [];
  const extraLines = lines.length;
  for (const [key, child] of children) lines.push(`(${key}): ${indent(String(child), 2)}`);
  if (lines.length === 0) return `${name}()`;
  if (lines.length === 1 && extraLines === 1) return `${name}(${extra})`;
  return `${name}(\n  ${lines.join('\n  ')}\n)`;
}

/** How PyTorch names a value's type in its TypeErrors. */
export function describeValue(x: unknown): string {
  if (x instanceof Tensor) return `torch.${x.dtype} Tensor`;
  return x === null ? 'NoneType' : typeof x === 'object' ? (x.constructor?.name ?? 'object') : typeof x;
}
