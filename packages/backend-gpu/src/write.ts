import { contiguousStrides, type DType, numel, type TensorView } from '@kindling/core';
import type { GpuStorage } from './backend.js';
import { KernelBuilder } from './builder.js';
import { freeBuffer, type GpuBuffer } from './program.js';

/**
 * The value `v` as stored in a `dtype` tensor: every dtype lives in float32, so integer results are
 * truncated (uint8 also wrapped) and bools become 0/1 here, once, for every kernel.
 */
export function castExpr(dtype: DType, v: string): string {
  switch (dtype) {
    case 'bool':
      return `(${v} !== 0.0 ? 1.0 : 0.0)`;
    case 'uint8':
      return `kwrap256(Math.trunc(${v}))`;
    case 'int32':
    case 'int64':
      return `Math.trunc(${v})`;
    default:
      return v;
  }
}

function isDense(v: TensorView): boolean {
  if (v.offset !== 0 || numel(v.shape) !== v.storage.size) return false;
  const cs = contiguousStrides(v.shape);
  return v.shape.every((n, d) => n === 1 || v.strides[d] === cs[d]);
}

/**
 * Stores `values` (the view's elements in row-major order) into `out`. A view that is its whole
 * storage just takes the buffer; any other view is merged by one pass over the storage that maps each
 * position back to the view's index (views written in place never overlap themselves, so walking
 * the dims by decreasing stride finds the one index, if any).
 */
export function writeView(out: TensorView, values: GpuBuffer): void {
  const s = out.storage as GpuStorage;
  if (isDense(out)) {
    s.replace(values);
    return;
  }
  const dims = out.shape
    .map((n, d) => ({ n, st: out.strides[d]!, cs: contiguousStrides(out.shape)[d]! }))
    .filter((x) => x.n !== 1)
    .sort((a, b) => b.st - a.st);
  const k = new KernelBuilder();
  const old = k.buffer(out);
  const vals = k.arg(values);
  k.line(`let rel = tid - ${k.arg(out.offset)};`);
  k.line('let inside = 1.0;');
  k.line('if (rel < 0.0) { inside = 0.0; }');
  k.line('let j = 0.0;');
  for (const d of dims) {
    const st = k.arg(d.st);
    const i = k.fresh('i');
    k.line(`let ${i} = kfloordiv(rel, ${st});`);
    k.line(`if (${i} >= ${k.arg(d.n)} || ${i} < 0.0) { inside = 0.0; }`);
    k.line(`rel = rel - ${i} * ${st};`);
    k.line(`j = j + ${i} * ${k.arg(d.cs)};`);
  }
  k.line('if (rel !== 0.0) { inside = 0.0; }');
  k.line('if (inside < 0.5) { j = 0.0; }');
  k.line(`let res = ${old}[tid];`);
  k.line(`if (inside > 0.5) { res = ${vals}[j]; }`);
  s.replace(k.run('res', s.size));
  freeBuffer(values);
}
