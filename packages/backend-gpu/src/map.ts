import { coalesce, numel, type TensorView } from '@kindling/core';
import { KernelBuilder } from './builder.js';
import { castExpr, writeView } from './write.js';

/**
 * The elementwise kernel shape: `out[i] = body(inputs[i]…)` over `out`'s shape, every input a strided
 * (possibly broadcast) view of that shape. `scalars` become arguments the body names by position.
 */
export function mapInto(
  out: TensorView,
  inputs: readonly TensorView[],
  body: (vals: readonly string[], scalars: readonly string[]) => string,
  scalars: readonly number[] = [],
): void {
  const n = numel(out.shape);
  if (n === 0) return;
  const { shape, strides } = coalesce(
    out.shape,
    inputs.map((v) => v.strides),
  );
  const k = new KernelBuilder();
  const idx = k.unravel('tid', shape);
  const vals = inputs.map((v, i) => {
    const name = `v${i}`;
    k.line(`const ${name} = ${k.buffer(v)}[${k.address(v.offset, strides[i]!, idx)}];`);
    return name;
  });
  const sc = scalars.map((s) => k.arg(s));
  k.line(`const res = ${castExpr(out.dtype, body(vals, sc))};`);
  writeView(out, k.run('res', n));
}
