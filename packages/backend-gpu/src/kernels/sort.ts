import {
  contiguousStrides,
  numel,
  ops,
  registerKernel,
  type SortAttrs,
  type TensorView,
} from '@kindling/core';
import { KernelBuilder } from '../builder.js';
import { CHUNK, freeBuffer } from '../program.js';
import { writeView } from '../write.js';
import { nanExpr } from './reduce.js';

/** Emits a loop over `s` in [0, n) as blocks of at most CHUNK trips (no single loop may run longer). */
function lineLoop(k: KernelBuilder, n: number, body: () => void): void {
  const nn = k.arg(n);
  k.line(`for (let b = 0.0; b < ${k.arg(Math.ceil(n / CHUNK))}; b++) {`);
  k.line(`let len = ${nn} - b * ${CHUNK}.0;`);
  k.line(`if (len > ${CHUNK}.0) { len = ${CHUNK}.0; }`);
  k.line('for (let j = 0.0; j < len; j++) {');
  k.line(`const s = b * ${CHUNK}.0 + j;`);
  body();
  k.line('}');
  k.line('}');
}

/**
 * `w` sorts strictly before `a` (1.0/0.0), NaN being the largest value; `desc` reverses the order.
 * NaN is tested explicitly: GLSL leaves comparisons with NaN undefined.
 */
function beforeCode(w: string, a: string, wn: string, an: string, desc: boolean): string {
  return desc
    ? `(${an} < 0.5 && (${wn} > 0.5 || ${w} > ${a}) ? 1.0 : 0.0)`
    : `(${wn} < 0.5 && (${an} > 0.5 || ${w} < ${a}) ? 1.0 : 0.0)`;
}

/**
 * Stable sort as two gathers. Pass 1 gives every element its rank in its line: the elements sorting
 * before it, plus the equal ones at smaller positions (ties keep their order). Pass 2 finds, for each
 * of the first `k` output slots, the position holding that rank; pass 3 gathers the values there.
 */
function sortKernel(
  [x]: readonly TensorView[],
  [values, indices]: readonly TensorView[],
  { dim, descending, k: topk }: SortAttrs,
): void {
  const v = x!;
  // A 0-d tensor is one line of one element.
  const shape = v.shape.length ? v.shape : [1];
  const strides = v.shape.length ? v.strides : [1];
  const d = v.shape.length ? dim : 0;
  const n = shape[d]!;
  const outShape = shape.map((s, i) => (i === d ? topk : s));
  const outN = numel(outShape);
  if (outN === 0) return;
  const others = shape.map((_, i) => i).filter((i) => i !== d);
  const otherStrides = others.map((i) => strides[i]!);

  // Pass 1: ranks, row-major over the input's shape.
  const k1 = new KernelBuilder();
  const buf = k1.buffer(v);
  const idx = k1.unravel('tid', shape);
  const st = k1.arg(strides[d]!);
  k1.line(
    `const base = ${k1.address(
      v.offset,
      otherStrides,
      others.map((i) => idx[i]!),
    )};`,
  );
  k1.line(`const r = ${idx[d]};`);
  k1.line(`const a = ${buf}[base + r * ${st}];`);
  k1.line(`const an = ${nanExpr('a')};`);
  k1.line('let rank = 0.0;');
  lineLoop(k1, n, () => {
    k1.line(`const w = ${buf}[base + s * ${st}];`);
    k1.line(`const wn = ${nanExpr('w')};`);
    k1.line(`const wb = ${beforeCode('w', 'a', 'wn', 'an', descending)};`);
    k1.line(`const ab = ${beforeCode('a', 'w', 'an', 'wn', descending)};`);
    k1.line('if (wb > 0.5 || (s < r && ab < 0.5)) { rank = rank + 1.0; }');
  });
  const ranks = k1.run('rank', numel(shape));

  // Pass 2: for output slot q, the position whose rank is q.
  const k2 = new KernelBuilder();
  const rk = k2.arg(ranks);
  const oidx = k2.unravel('tid', outShape);
  const rs = contiguousStrides(shape);
  k2.line(
    `const base = ${k2.address(
      0,
      others.map((i) => rs[i]!),
      others.map((i) => oidx[i]!),
    )};`,
  );
  k2.line(`const q = ${oidx[d]};`);
  const rst = k2.arg(rs[d]!);
  k2.line('let found = 0.0;');
  lineLoop(k2, n, () => {
    k2.line(`if (${rk}[base + s * ${rst}] === q) { found = s; }`);
  });
  const order = k2.run('found', outN);
  freeBuffer(ranks);

  // Pass 3: the values at those positions (`order` is row-major over the output shape).
  const k3 = new KernelBuilder();
  const src = k3.buffer(v);
  const pos = k3.arg(order);
  const vidx = k3.unravel('tid', outShape);
  const base = k3.address(
    v.offset,
    otherStrides,
    others.map((i) => vidx[i]!),
  );
  k3.line(`const res = ${src}[${base} + ${pos}[tid] * ${k3.arg(strides[d]!)}];`);
  writeView(values!, k3.run('res', outN));
  writeView(indices!, order);
}

/** Registers the GPU kernels for sort and topk (one stable rank-and-gather sort). */
export function registerSort(): void {
  registerKernel(ops.sortOp, 'gpu', '*', sortKernel);
  registerKernel(ops.topkOp, 'gpu', '*', sortKernel);
}
