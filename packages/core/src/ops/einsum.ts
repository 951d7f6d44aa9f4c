import { dispatch1 } from '../dispatcher.js';
import { promoteTypes } from '../dtype.js';
import { RuntimeError, TorchTypeError } from '../errors.js';
import { numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { bmmOp } from './linalg.js';
import { torchName } from './unary.js';

/** Labels are numbers: letters by char code, ellipsis dims as -1, -2, … counted from the right. */
type Label = number;
const ELLIPSIS = -1000;

function parseTerm(term: string, start: number, what: string): Label[] {
  const labels: Label[] = [];
  let dots = 0;
  let seenEllipsis = false;
  for (let i = 0; i < term.length; i++) {
    const c = term[i]!;
    if (c === ' ') continue;
    if (c === '.') {
      if (seenEllipsis) {
        throw new RuntimeError(
          what === 'output'
            ? `einsum(): found '.' for output but an ellipsis (...) was already found`
            : `einsum(): found '.' for ${what} for which an ellipsis was already found`,
        );
      }
      if (++dots === 3) {
        labels.push(ELLIPSIS);
        seenEllipsis = true;
        dots = 0;
      }
      continue;
    }
    if (dots > 0) break;
    if (!/[a-zA-Z]/.test(c)) {
      throw new RuntimeError(
        `einsum(): invalid subscript given at index ${start + i} in the equation string, subscripts must be in [a-zA-Z]`,
      );
    }
    labels.push(c.charCodeAt(0));
  }
  if (dots > 0) {
    throw new RuntimeError(
      what === 'output'
        ? `einsum(): found '.' for output that is not part of any ellipsis (...)`
        : `einsum(): found '.' for ${what} that is not part of any ellipsis`,
    );
  }
  return labels;
}

/** Expands the ellipsis of one operand into labels -1…-k (right-aligned), checking the dim count. */
function expand(labels: Label[], ndim: number, op: number): Label[] {
  const e = labels.indexOf(ELLIPSIS);
  if (e < 0) {
    if (labels.length !== ndim) {
      throw new RuntimeError(
        `einsum(): the number of subscripts in the equation (${labels.length}) does not match the number of dimensions (${ndim}) for operand ${op} and no ellipsis was given`,
      );
    }
    return labels;
  }
  const k = ndim - (labels.length - 1);
  if (k < 0) {
    throw new RuntimeError(
      `einsum(): the number of subscripts in the equation (${labels.length - 1}) is more than the number of dimensions (${ndim}) for operand ${op}`,
    );
  }
  const ell = Array.from({ length: k }, (_, i) => -(k - i));
  return [...labels.slice(0, e), ...ell, ...labels.slice(e + 1)];
}

function letter(l: Label): string {
  return String.fromCharCode(l);
}

/** Takes diagonals for labels repeated within one operand (`ii->i`). */
function diagonals(t: Tensor, labels: Label[], op: number): { t: Tensor; labels: Label[] } {
  for (;;) {
    const i = labels.findIndex((l, k) => labels.indexOf(l) !== k);
    if (i < 0) return { t, labels };
    const first = labels.indexOf(labels[i]!);
    if (t.shape[first] !== t.shape[i]) {
      throw new RuntimeError(
        `einsum(): subscript ${letter(labels[i]!)} is repeated for operand ${op} but the sizes don't match, ${t.shape[i]} != ${t.shape[first]}`,
      );
    }
    // diagonal() drops both dims and appends the diagonal last.
    t = t.diagonal(0, first, i);
    labels = [...labels.filter((_, k) => k !== first && k !== i), labels[i]!];
  }
}

/**
 * `torch.einsum(equation, ...operands)`: Einstein summation, built from permute/reshape/sum and the
 * batched matmul primitive, contracting operands left to right. Supports `...` (broadcast batch
 * dims), repeated subscripts in one operand (diagonals), implicit output (ellipsis dims, then the
 * subscripts used once, in alphabetical order — uppercase first) and explicit `->`.
 * @example torch.einsum('ij,jk->ik', a, b) // a.matmul(b)
 */
export function einsum(equation: string, ...operands: (Tensor | Tensor[])[]): Tensor {
  const ts = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as Tensor[];
  ts.forEach((t, i) => {
    if (!(t instanceof Tensor))
      throw new TorchTypeError(`expected Tensor as element ${i} in argument 1, but got ${typeof t}`);
  });
  if (ts.length === 0) throw new RuntimeError('einsum(): must provide at least one operand');
  const arrow = equation.indexOf('->');
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const terms: Label[][] = [];
  let pos = 0;
  for (const term of lhs.split(',')) {
    terms.push(parseTerm(term, pos, `operand ${terms.length}`));
    pos += term.length + 1;
  }
  if (terms.length > ts.length)
    throw new RuntimeError('einsum(): fewer operands were provided than specified in the equation');
  if (terms.length < ts.length)
    throw new RuntimeError('einsum(): more operands were provided than specified in the equation');
  const dtype = ts[0]!.dtype;
  for (const t of ts) {
    if (t.dtype !== dtype)
      throw new RuntimeError(`expected scalar type ${torchName(dtype)} but found ${torchName(t.dtype)}`);
  }

  // Per operand: expand the ellipsis, take diagonals, and record each label's size.
  const sizes = new Map<Label, number>();
  let nEll = 0;
  const prepared = ts.map((t0, op) => {
    const { t, labels } = diagonals(t0, expand(terms[op]!, t0.shape.length, op), op);
    labels.forEach((l, d) => {
      const s = t.shape[d]!;
      const prev = sizes.get(l);
      if (l < 0) nEll = Math.max(nEll, -l);
      if (prev === undefined || prev === 1) sizes.set(l, s);
      else if (s !== 1 && s !== prev) {
        throw new RuntimeError(
          l < 0
            ? `einsum(): dimension ${nEll + l} covered by ellipsis in operand ${op}has size ${s} which does not broadcast with previously seen ellipsis with size ${prev} for the respective dimension`
            : `einsum(): subscript ${letter(l)} has size ${s} for operand ${op} which does not broadcast with previously seen size ${prev}`,
        );
      }
    });
    return { t, labels };
  });
  const ellLabels = Array.from({ length: nEll }, (_, i) => -(nEll - i));

  // Output labels, explicit or implicit.
  let out: Label[];
  if (arrow >= 0) {
    const parsed = parseTerm(equation.slice(arrow + 2), arrow + 2, 'output');
    out = [];
    for (const l of parsed) {
      if (l === ELLIPSIS) out.push(...ellLabels);
      else if (out.includes(l))
        throw new RuntimeError(
          `einsum(): output subscript ${letter(l)} appears more than once in the output`,
        );
      else if (!sizes.has(l)) {
        throw new RuntimeError(
          `einsum(): output subscript ${letter(l)} does not appear in the equation for any input operand`,
        );
      } else out.push(l);
    }
  } else {
    const counts = new Map<Label, number>();
    for (const term of terms)
      for (const l of term) if (l !== ELLIPSIS) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([, c]) => c === 1).map(([l]) => l);
    out = [...ellLabels, ...once.sort((a, b) => a - b)];
  }

  // Every operand is aligned to one global dim order: output labels, then contracted ones (size 1 where absent).
  const all = [...out, ...[...sizes.keys()].filter((l) => !out.includes(l)).sort((a, b) => a - b)];
  const D = all.length;
  const aligned = prepared.map(({ t, labels }) => {
    const present = all.filter((l) => labels.includes(l));
    let r = t.permute(present.map((l) => labels.indexOf(l)));
    all.forEach((l, d) => {
      if (!labels.includes(l)) r = r.unsqueeze(d);
    });
    return r;
  });

  // Dims still needed after operand i: in the output or in a later operand.
  const needed = (from: number, d: number) =>
    d < out.length || aligned.slice(from).some((t) => t.shape[d] !== 1);
  let acc = sumUnneeded(aligned[0]!, (d) => needed(1, d));
  for (let i = 1; i < aligned.length; i++) {
    const keep = (d: number) => needed(i + 1, d);
    acc = contract(
      acc,
      sumUnneeded(aligned[i]!, (d) => keep(d) || acc.shape[d] !== 1),
      keep,
      D,
    );
  }
  // No final cast: like PyTorch, an operand summed on its own has the sum's dtype (int64 for integers).
  return acc.reshape(out.map((_, d) => acc.shape[d]!));
}

/** Sums (keeping a size-1 dim) every dim that no one else needs. */
function sumUnneeded(t: Tensor, keep: (d: number) => boolean): Tensor {
  const dims = t.shape.map((_, d) => d).filter((d) => !keep(d) && t.shape[d] !== 1);
  return dims.length ? t.sum(dims, true) : t;
}

/**
 * Contracts two aligned operands: dims both hold and something later needs are batch dims, dims only
 * one holds stay as rows/columns, the rest are summed by the matmul. Result stays aligned.
 */
function contract(a: Tensor, b: Tensor, keep: (d: number) => boolean, D: number): Tensor {
  const batch: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const sum: number[] = [];
  for (let d = 0; d < D; d++) {
    const ha = a.shape[d] !== 1;
    const hb = b.shape[d] !== 1;
    if (!ha && !hb) continue;
    if (keep(d)) {
      if (ha && hb) batch.push(d);
      else if (ha) left.push(d);
      else right.push(d);
    } else if (ha && hb) sum.push(d);
    else if (ha) a = a.sum(d, true);
    else b = b.sum(d, true);
  }
  // Nothing to contract: a broadcast product (PyTorch's sumproduct_pair does the same).
  if (sum.length === 0) return a.mul(b);
  if (a.dtype !== b.dtype) {
    const d = promoteTypes(a.dtype, b.dtype);
    a = a.to(d);
    b = b.to(d);
  }
  const size = (t: Tensor, ds: number[]) => numel(ds.map((d) => t.shape[d]!));
  const rest = (ds: number[]) => Array.from({ length: D }, (_, d) => d).filter((d) => !ds.includes(d));
  const aOrder = [...batch, ...left, ...sum];
  const bOrder = [...batch, ...sum, ...right];
  const a3 = a.permute([...aOrder, ...rest(aOrder)]).reshape(size(a, batch), size(a, left), size(a, sum));
  const b3 = b.permute([...bOrder, ...rest(bOrder)]).reshape(size(b, batch), size(b, sum), size(b, right));
  const c = dispatch1(bmmOp, [a3, b3], {});
  const order = [...batch, ...left, ...right];
  const unaligned = c.reshape([
    ...order.map((d) => (left.includes(d) ? a.shape[d]! : b.shape[d]!)),
    ...rest(order).map(() => 1),
  ]);
  const inverse = new Array<number>(D);
  [...order, ...rest(order)].forEach((d, i) => {
    inverse[d] = i;
  });
  return unaligned.permute(inverse);
}
