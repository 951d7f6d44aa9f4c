import type { TensorView, TypedArray } from '@kindling/core';
import { arr, coalesce, isContiguousView, isScalarView } from './strided.js';

/**
 * Elementwise loops are generated from a scalar expression (`'a + b'`, `'Math.exp(x)'`) once per
 * (expression, operand layouts) and cached. A generated loop has the expression inlined, which is
 * what makes V8 emit a tight loop; a shared loop calling a per-op closure would be megamorphic.
 * Requires `new Function` (browsers with a strict CSP need 'unsafe-eval' until the WASM backend lands).
 */

/** How an operand is read: contiguous (`c`), one value broadcast (`s`), or general strides (`g`). */
type Layout = 'c' | 's' | 'g';

type Loop = (
  out: TypedArray,
  outOffset: number,
  ins: readonly TypedArray[],
  offs: readonly number[],
  strides: readonly (readonly number[])[],
  shape: readonly number[],
  n: number,
  A: number,
  B: number,
  h: Helpers,
) => void;

/** Scalar helpers an expression may call as `h.name(...)` (erf, round-half-even, floor division). */
export type Helpers = Record<string, (...args: number[]) => number>;

const cache = new Map<string, Loop>();

function generate(
  expr: string,
  names: readonly string[],
  layouts: readonly Layout[],
  general: boolean,
): Loop {
  const lines: string[] = [];
  names.forEach((v, k) => {
    lines.push(`const x${k} = ins[${k}]; const o${k} = offs[${k}];`);
    if (layouts[k] === 's') lines.push(`const ${v} = x${k}[o${k}];`);
  });
  const read = (k: number, flatIdx: string, genIdx: string): string =>
    layouts[k] === 'c' ? `x${k}[o${k} + ${flatIdx}]` : genIdx;
  const body = (flatIdx: string, genIdx: (k: number) => string) =>
    names
      .map((v, k) => (layouts[k] === 's' ? '' : `const ${v} = ${read(k, flatIdx, genIdx(k))};`))
      .join(' ') + ` out[outOffset + ${flatIdx}] = ${expr};`;
  if (!general) {
    lines.push(`for (let i = 0; i < n; i++) { ${body('i', () => '')} }`);
  } else {
    // N-d walk: the last dim is the inner loop; outer dims advance per-operand base pointers.
    lines.push('const nd = shape.length; const inner = shape[nd - 1]; const idx = new Int32Array(nd);');
    names.forEach((_, k) => {
      if (layouts[k] === 'g')
        lines.push(`const st${k} = strides[${k}]; const si${k} = st${k}[nd - 1]; let b${k} = o${k};`);
    });
    const advance = names.map((_, k) => (layouts[k] === 'g' ? `b${k} += st${k}[d];` : '')).join(' ');
    const rewind = names
      .map((_, k) => (layouts[k] === 'g' ? `b${k} -= st${k}[d] * shape[d];` : ''))
      .join(' ');
    lines.push(
      `for (let k = 0; k < n; k += inner) {`,
      `  for (let j = 0; j < inner; j++) { const i = k + j; ${body('i', (k) => `x${k}[b${k} + j * si${k}]`)} }`,
      `  for (let d = nd - 2; d >= 0; d--) { ${advance} if (++idx[d] < shape[d]) break; ${rewind} idx[d] = 0; }`,
      `}`,
    );
  }
  return new Function(
    'out',
    'outOffset',
    'ins',
    'offs',
    'strides',
    'shape',
    'n',
    'A',
    'B',
    'h',
    lines.join('\n'),
  ) as Loop;
}

/**
 * Runs `out[i] = expr(inputs[i]...)` over views that already share the output's shape (the
 * dispatcher broadcast them). `names` are the expression's variable names, one per input.
 */
export function elementwise(
  expr: string,
  names: readonly string[],
  inputs: readonly TensorView[],
  out: TensorView,
  A = 0,
  B = 0,
  helpers: Helpers = NO_HELPERS,
): void {
  let n = 1;
  for (const s of out.shape) n *= s;
  if (n === 0) return;
  const layouts: Layout[] = inputs.map((v) => (isScalarView(v) ? 's' : isContiguousView(v) ? 'c' : 'g'));
  const general = layouts.includes('g');
  let shape: readonly number[] = out.shape;
  let strides: readonly (readonly number[])[] = inputs.map((v) => v.strides);
  if (general) {
    const c = coalesce(
      out.shape,
      inputs.map((v) => v.strides),
    );
    shape = c.shape;
    strides = c.strides;
  }
  const key = `${expr}|${names.join(',')}|${layouts.join('')}`;
  let loop = cache.get(key);
  if (!loop) cache.set(key, (loop = generate(expr, names, layouts, general)));
  loop(
    arr(out),
    out.offset,
    inputs.map(arr),
    inputs.map((v) => v.offset),
    strides,
    shape,
    n,
    A,
    B,
    helpers,
  );
}

const NO_HELPERS: Helpers = {};
