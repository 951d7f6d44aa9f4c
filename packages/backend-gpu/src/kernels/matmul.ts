import { numel, ops, registerKernel, type TensorView } from '@kindling/core';
import { KernelBuilder } from '../builder.js';
import { usesTextures } from '../device.js';
import { CHUNK } from '../program.js';
import { castExpr, writeView } from '../write.js';

/**
 * The 4-way unrolled loop is used in the GL modes from this K on. Measured (mm, best of 6, same
 * process) on headless-gl/Mesa: 256×256×256 114 vs 230 ms, 256×64×256 25 vs 29 ms, K = 32 even.
 * Not in webasm: gpu.js runs four cells per SIMD lane group there and the plain loop is ~20%
 * faster at every size tried (256×256×256: 15 vs 18 ms; 256×32×256: 2.3 vs 2.9 ms).
 */
const UNROLL_MIN_K = 8;

/**
 * `bmm`: one output cell per thread, `out[b, i, j] = Σ_k A[b, i, k] · B[b, k, j]`, reading both
 * operands through their strides (transposed or batch-broadcast views cost no copy).
 *
 * K is walked in blocks of at most CHUNK steps (llvmpipe stops any single loop at 65,535 trips). Within
 * a block the unrolled form (GL modes) does four products per trip: a quarter of the loop tests,
 * breaks and address updates of GLSL's bounded-loop translation. The four products are added left
 * to right into one accumulator, so both forms round alike.
 */
function bmm([a, b]: readonly TensorView[], [out]: readonly TensorView[]): void {
  const A = a!;
  const B = b!;
  const o = out!;
  const [batch, M, K] = A.shape as [number, number, number];
  const N = B.shape[2]!;
  const n = batch * M * N;
  if (n === 0 || numel(o.shape) === 0) return;

  const k = new KernelBuilder();
  const pa = k.buffer(A);
  const pb = k.buffer(B);
  const [bi, i, j] = k.unravel('tid', [batch, M, N]) as [string, string, string];
  // Sizes and strides as arguments, zero strides included: one kernel serves every shape.
  k.line(`let ia = ${k.arg(A.offset)} + ${bi} * ${k.arg(A.strides[0]!)} + ${i} * ${k.arg(A.strides[1]!)};`);
  k.line(`let ib = ${k.arg(B.offset)} + ${bi} * ${k.arg(B.strides[0]!)} + ${j} * ${k.arg(B.strides[2]!)};`);
  const sa = k.arg(A.strides[2]!);
  const sb = k.arg(B.strides[1]!);
  const kk = k.arg(K);
  k.line('let acc = 0.0;');
  k.line(`const nblk = Math.ceil(${kk} / ${CHUNK}.0);`);
  k.line('for (let blk = 0.0; blk < nblk; blk++) {');
  k.line(`  const lim = Math.min(${CHUNK}.0, ${kk} - blk * ${CHUNK}.0);`);
  let tail = 'lim';
  if (K >= UNROLL_MIN_K && usesTextures()) {
    k.line('  const quads = Math.floor(lim / 4.0);');
    k.line('  for (let q = 0.0; q < quads; q++) {');
    k.line(
      `    acc = acc + ${pa}[ia] * ${pb}[ib] + ${pa}[ia + ${sa}] * ${pb}[ib + ${sb}]` +
        ` + ${pa}[ia + 2.0 * ${sa}] * ${pb}[ib + 2.0 * ${sb}] + ${pa}[ia + 3.0 * ${sa}] * ${pb}[ib + 3.0 * ${sb}];`,
    );
    k.line(`    ia = ia + 4.0 * ${sa};`);
    k.line(`    ib = ib + 4.0 * ${sb};`);
    k.line('  }');
    tail = 'lim - quads * 4.0';
  }
  k.line(`  const rest = ${tail};`);
  k.line('  for (let r = 0.0; r < rest; r++) {');
  k.line(`    acc = acc + ${pa}[ia] * ${pb}[ib];`);
  k.line(`    ia = ia + ${sa};`);
  k.line(`    ib = ib + ${sb};`);
  k.line('  }');
  k.line('}');
  // Integer products are exact in float32 below 2^24; castExpr truncates/wraps like the dtype would.
  writeView(o, k.run(castExpr(o.dtype, 'acc'), n));
}

/** Registers the GPU `bmm` kernel (every dtype the op accepts; matmul/mm/mv/dot lower to it). */
export function registerMatmul(): void {
  registerKernel(ops.bmmOp, 'gpu', '*', bmm);
}
