import { type DType, getDefaultDtype, isFloatingPoint } from './dtype.js';
import { formatExp, formatFixed, formatInt } from './format-number.js';
import type { Tensor } from './tensor.js';

/**
 * A port of PyTorch 1.13's `torch/_tensor_str.py`: the same formatter (width, integer mode,
 * scientific-notation decision), summarisation, line wrapping and suffixes, so that `String(t)`
 * is character for character what `repr(t)` prints in Python.
 */

/** Print options, as `torch._tensor_str.PRINT_OPTS` (change them with {@link setPrintOptions}). */
export const printOptions = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null as boolean | null,
};

/** Options of {@link setPrintOptions}; `profile` presets come first, as in PyTorch. */
export interface PrintOptionsInput {
  precision?: number;
  threshold?: number;
  edgeitems?: number;
  linewidth?: number;
  profile?: 'default' | 'short' | 'full';
  sciMode?: boolean | null;
}

/**
 * `torch.set_printoptions`. As in PyTorch, `sciMode` is reset to automatic (null) by every call
 * that does not pass it.
 * @example
 * torch.setPrintOptions({ precision: 2 });
 * torch.setPrintOptions({ profile: 'default' });
 */
export function setPrintOptions(opts: PrintOptionsInput = {}): void {
  const presets = {
    default: { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 },
    short: { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 },
    full: { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 },
  };
  if (opts.profile !== undefined) Object.assign(printOptions, presets[opts.profile]);
  if (opts.precision !== undefined) printOptions.precision = opts.precision;
  if (opts.threshold !== undefined) printOptions.threshold = opts.threshold;
  if (opts.edgeitems !== undefined) printOptions.edgeitems = opts.edgeitems;
  if (opts.linewidth !== undefined) printOptions.linewidth = opts.linewidth;
  printOptions.sciMode = opts.sciMode ?? null;
}

/** PyTorch's `_Formatter`: one width and one notation for every element of a tensor. */
class Formatter {
  private readonly floating: boolean;
  private intMode = true;
  private sciMode = false;
  width = 1;

  constructor(
    values: ArrayLike<number>,
    private readonly dtype: DType,
  ) {
    this.floating = isFloatingPoint(dtype);
    const p = printOptions.precision;
    if (!this.floating) {
      for (let i = 0; i < values.length; i++)
        this.width = Math.max(this.width, this.plain(values[i]!).length);
      return;
    }
    const nz = Array.from(values).filter((v) => Number.isFinite(v) && v !== 0);
    // Only zeros and non-finite values: PyTorch returns before applying sci_mode as well.
    if (nz.length === 0) return;
    let min = Infinity;
    let max = 0;
    for (const v of nz) {
      min = Math.min(min, Math.abs(v));
      max = Math.max(max, Math.abs(v));
    }
    this.intMode = nz.every((v) => v === Math.ceil(v));
    let widthOf: (v: number) => number;
    if (this.intMode) {
      this.sciMode = max / min > 1000 || max > 1e8;
      widthOf = this.sciMode ? (v) => formatExp(v, p).length : (v) => formatFixed(v, 0).length + 1;
    } else {
      this.sciMode = max / min > 1000 || max > 1e8 || min < 1e-4;
      widthOf = this.sciMode ? (v) => formatExp(v, p).length : (v) => formatFixed(v, p).length;
    }
    for (const v of nz) this.width = Math.max(this.width, widthOf(v));
    if (printOptions.sciMode !== null) this.sciMode = printOptions.sciMode;
  }

  private plain(v: number): string {
    return this.dtype === 'bool' ? (v ? 'True' : 'False') : formatInt(v);
  }

  format(v: number): string {
    let s: string;
    if (!this.floating) s = this.plain(v);
    else if (this.sciMode) s = formatExp(v, printOptions.precision);
    else if (this.intMode) s = formatFixed(v, 0) + (Number.isFinite(v) ? '.' : '');
    else s = formatFixed(v, printOptions.precision);
    return s.padStart(this.width);
  }
}

/** Row-major data of a contiguous tensor, walked like PyTorch's recursive `self[i]`. */
interface Block {
  data: ArrayLike<number>;
  shape: readonly number[];
  strides: number[];
}

/** The indices PyTorch prints along a dim: all, or the edges with `null` where `...` goes. */
function shownIndices(n: number, summarize: boolean): (number | null)[] {
  const e = printOptions.edgeitems;
  const all = Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * e) return all;
  return [...all.slice(0, e), null, ...all.slice(n - e)];
}

function vectorStr(b: Block, off: number, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.width + 2;
  const perLine = Math.max(1, Math.floor((printOptions.linewidth - indent) / elementLength));
  const data = shownIndices(b.shape[b.shape.length - 1]!, summarize).map((i) =>
    i === null ? ' ...' : f.format(b.data[off + i]!),
  );
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '));
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
}

function tensorStr(
  b: Block,
  d: number,
  off: number,
  indent: number,
  summarize: boolean,
  f: Formatter,
): string {
  const dim = b.shape.length - d;
  if (dim === 0) return f.format(b.data[off]!);
  if (dim === 1) return vectorStr(b, off, indent, summarize, f);
  const slices = shownIndices(b.shape[d]!, summarize).map((i) =>
    i === null ? '...' : tensorStr(b, d + 1, off + i * b.strides[d]!, indent + 1, summarize, f),
  );
  return `[${slices.join(`,${'\n'.repeat(dim - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** PyTorch's `get_summarized_data`: with summarisation the formatter sees only the printed edges. */
function summarizedData(b: Block): number[] {
  const out: number[] = [];
  const rec = (d: number, off: number) => {
    if (d === b.shape.length) {
      out.push(b.data[off]!);
      return;
    }
    for (const i of shownIndices(b.shape[d]!, true)) if (i !== null) rec(d + 1, off + i * b.strides[d]!);
  };
  rec(0, 0);
  return out;
}

/** PyTorch's `_add_suffixes`: a suffix goes on a new line when it would pass the line width. */
function addSuffixes(body: string, suffixes: string[], indent: number): string {
  const parts = [body];
  let lastLineLen = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLen + suffix.length + 2 > printOptions.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`);
      lastLineLen = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLen += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

const sizeStr = (shape: readonly number[]) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

/**
 * PyTorch's `repr(tensor)`, used by `toString()` and Node's `util.inspect`.
 * @example
 * String(torch.tensor([[1, 2.5]], { requiresGrad: true })); // 'tensor([[1.0000, 2.5000]], requires_grad=True)'
 */
export function formatTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  if (t.storage.freed) return `tensor(<disposed>, size=${sizeStr(t.shape)}, dtype=torch.${t.dtype})`;
  let data: ArrayLike<number>;
  try {
    data = t.detach().dataSync();
  } catch {
    return `tensor(<on device '${t.device}': use await t.data()>, size=${sizeStr(t.shape)}, dtype=torch.${t.dtype})`;
  }
  const suffixes: string[] = [];
  if (t.device !== 'cpu') suffixes.push(`device='${t.device}'`);
  const n = t.numel();
  const hasDefaultDtype = t.dtype === getDefaultDtype() || t.dtype === 'int64' || t.dtype === 'bool';
  let body: string;
  if (n === 0) {
    // Empty tensors show any shape but (0,), and any dtype but the default float (nothing to infer it from).
    if (t.shape.length !== 1) suffixes.push(`size=${sizeStr(t.shape)}`);
    if (t.dtype !== getDefaultDtype()) suffixes.push(`dtype=torch.${t.dtype}`);
    body = '[]';
  } else {
    if (!hasDefaultDtype) suffixes.push(`dtype=torch.${t.dtype}`);
    const strides: number[] = [];
    for (let i = t.shape.length - 1, s = 1; i >= 0; s *= t.shape[i]!, i--) strides[i] = s;
    const block: Block = { data, shape: t.shape, strides };
    const summarize = n > printOptions.threshold;
    const f = new Formatter(summarize ? summarizedData(block) : data, t.dtype);
    body = tensorStr(block, 0, 0, indent, summarize, f);
  }
  if (t.gradFn) suffixes.push(`grad_fn=<${t.gradFn.name}>`);
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix + body, suffixes, indent);
}
