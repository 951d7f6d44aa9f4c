import type { Tensor } from './tensor.js';

/** Print options, as `torch.set_printoptions`. */
export const printOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null as boolean | null,
};

export function setPrintOptions(opts: Partial<typeof printOptions>): void {
  Object.assign(printOptions, opts);
}

interface Formatter {
  width: number;
  fmt(v: number): string;
}

function floatFormatter(values: number[]): Formatter {
  const finite = values.filter((v) => Number.isFinite(v));
  const p = printOptions.precision;
  let fmt: (v: number) => string;
  if (finite.length === 0) fmt = (v) => special(v);
  else {
    const abs = finite.map(Math.abs);
    const nonzero = abs.filter((v) => v !== 0);
    const max = nonzero.length ? Math.max(...nonzero) : 0;
    const min = nonzero.length ? Math.min(...nonzero) : 0;
    const allInt = finite.every((v) => Number.isInteger(v));
    if (allInt && printOptions.sciMode !== true) {
      if (max > 1e8) fmt = (v) => sci(v, p);
      else fmt = (v) => (Number.isFinite(v) ? `${v.toFixed(0)}.` : special(v));
    } else {
      const useSci = printOptions.sciMode ?? (max / min > 1000 || max > 1e8 || min < 1e-4);
      fmt = useSci ? (v) => sci(v, p) : (v) => (Number.isFinite(v) ? v.toFixed(p) : special(v));
    }
  }
  const width = Math.max(0, ...values.map((v) => fmt(v).length));
  return { width, fmt };
}

function special(v: number): string {
  return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
}

function sci(v: number, p: number): string {
  if (!Number.isFinite(v)) return special(v);
  const [m, e] = v.toExponential(p).split('e') as [string, string];
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function summarizedIndices(n: number, summarize: boolean): number[] | null {
  const e = printOptions.edgeitems;
  if (!summarize || n <= 2 * e) return null;
  return [...Array.from({ length: e }, (_, i) => i), -1, ...Array.from({ length: e }, (_, i) => n - e + i)];
}

function render(
  data: ArrayLike<number>,
  shape: readonly number[],
  f: Formatter,
  indent: number,
  summarize: boolean,
  asBool: boolean,
): string {
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const cell = (i: number) => (asBool ? (data[i] ? 'True' : 'False') : f.fmt(data[i]!)).padStart(f.width);
  const rec = (d: number, off: number, ind: number): string => {
    const n = shape[d]!;
    const idx = summarizedIndices(n, summarize) ?? Array.from({ length: n }, (_, i) => i);
    if (d === shape.length - 1) {
      const items = idx.map((i) => (i < 0 ? '...' : cell(off + i * strides[d]!)));
      // Wrap long rows at the line width, as PyTorch does.
      const perLine = Math.max(1, Math.floor((printOptions.linewidth - ind) / (f.width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(ind + 1)}`)}]`;
    }
    const sep = `,${'\n'.repeat(shape.length - d - 1)}${' '.repeat(ind + 1)}`;
    const parts = idx.map((i) => (i < 0 ? '...' : rec(d + 1, off + i * strides[d]!, ind + 1)));
    return `[${parts.join(sep)}]`;
  };
  return rec(0, 0, indent);
}

/** PyTorch's repr: `tensor([[1.0000, 2.0000]], requires_grad=True)`. */
export function formatTensor(t: Tensor): string {
  const suffix: string[] = [];
  if (t.device !== 'cpu') suffix.push(`device='${t.device}'`);
  const n = t.numel();
  let body: string;
  let data: ArrayLike<number>;
  try {
    data = t.storage.freed ? [] : t.detach().dataSync();
  } catch {
    return `tensor(<on device '${t.device}': use await t.data()>, size=(${t.shape.join(', ')}), dtype=torch.${t.dtype})`;
  }
  if (t.storage.freed) return `tensor(<disposed>, size=(${t.shape.join(', ')}), dtype=torch.${t.dtype})`;
  const isFloat = t.dtype === 'float32' || t.dtype === 'float64';
  const summarize = n > printOptions.threshold;
  const shown = summarize ? sample(data, t.shape) : Array.from(data);
  const f: Formatter = isFloat
    ? floatFormatter(shown)
    : { width: Math.max(0, ...shown.map((v) => String(v).length)), fmt: String };
  const asBool = t.dtype === 'bool';
  if (asBool) f.width = shown.some((v) => !v) ? 5 : 4;
  if (t.shape.length === 0) body = asBool ? (data[0] ? 'True' : 'False') : f.fmt(data[0]!);
  else if (n === 0) {
    body = '[]';
    if (t.shape.length !== 1) suffix.unshift(`size=(${t.shape.join(', ')})`);
  } else body = render(data, t.shape, f, 'tensor('.length, summarize, asBool);
  const defaultDtype = t.dtype === 'float32' || t.dtype === 'int64' || t.dtype === 'bool';
  if (!defaultDtype) suffix.push(`dtype=torch.${t.dtype}`);
  if (t.gradFn) suffix.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffix.push('requires_grad=True');
  return `tensor(${body}${suffix.length ? `, ${suffix.join(', ')}` : ''})`;
}

// With summarization, the formatter only sees the printed edge values (as PyTorch's get_summarized_data).
function sample(data: ArrayLike<number>, shape: readonly number[]): number[] {
  const out: number[] = [];
  const e = printOptions.edgeitems;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const rec = (d: number, off: number) => {
    const n = shape[d]!;
    const idx =
      n > 2 * e
        ? [...Array.from({ length: e }, (_, i) => i), ...Array.from({ length: e }, (_, i) => n - e + i)]
        : Array.from({ length: n }, (_, i) => i);
    for (const i of idx) {
      if (d === shape.length - 1) out.push(data[off + i * strides[d]!]!);
      else rec(d + 1, off + i * strides[d]!);
    }
  };
  if (shape.length) rec(0, 0);
  return out;
}
