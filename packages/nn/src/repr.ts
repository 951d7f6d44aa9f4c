/** Python-style formatting for `extraRepr()`, so module reprs read as PyTorch's. */

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
