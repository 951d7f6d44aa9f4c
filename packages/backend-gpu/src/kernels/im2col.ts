import {
  type Im2colAttrs,
  numel,
  ops,
  registerKernel,
  type TensorView,
  windowGeometry,
} from '@kindling/core';
import { KernelBuilder } from '../builder.js';
import { castExpr, writeView } from '../write.js';
import { forBlocks } from './indexing.js';

/**
 * im2col: `[N, C, H, W]` → `[N, C·kh·kw, oh·ow]`. Each output cell is one tap of one window: it reads
 * the input pixel that tap covers (through the input's strides) or 0 in the padding; taps in the
 * padding read nothing, so no kernel indexes past a buffer.
 */
function im2col([x]: readonly TensorView[], [out]: readonly TensorView[], a: Im2colAttrs): void {
  const X = x!;
  const o = out!;
  const n = numel(o.shape);
  if (n === 0) return;
  const [N, C] = X.shape as [number, number];
  const g = windowGeometry(a);
  const k = new KernelBuilder();
  const src = k.buffer(X);
  const [bn, c, ki, kj, y, xx] = k.unravel('tid', [N, C, g.kh, g.kw, g.oh, g.ow]) as string[];
  k.line(`const iy = ${y} * ${k.arg(g.sh)} - ${k.arg(g.ph)} + ${ki} * ${k.arg(g.dh)};`);
  k.line(`const ix = ${xx} * ${k.arg(g.sw)} - ${k.arg(g.pw)} + ${kj} * ${k.arg(g.dw)};`);
  const H = k.arg(g.H);
  const W = k.arg(g.W);
  const [s0, s1, s2, s3] = X.strides.map((s) => k.arg(s));
  k.line('let res = 0.0;');
  k.line(`if (iy >= 0.0 && iy < ${H} && ix >= 0.0 && ix < ${W}) {`);
  k.line(`  res = ${src}[${k.arg(X.offset)} + ${bn} * ${s0} + ${c} * ${s1} + iy * ${s2} + ix * ${s3}];`);
  k.line('}');
  writeView(o, k.run(castExpr(o.dtype, 'res'), n));
}

/**
 * col2im: `[N, C·kh·kw, L]` → `[N, C, H, W]`, summing where windows overlap. A scatter-add on the CPU;
 * here each output pixel gathers instead: for every tap (ki, kj) it solves `y·sh - ph + ki·dh = iy`
 * for the window row y (and likewise x) with exact integer division, and adds the column entry when
 * that window exists. Taps are visited in the CPU kernel's order, so the sums round alike.
 */
function col2im([x]: readonly TensorView[], [out]: readonly TensorView[], a: Im2colAttrs): void {
  const X = x!;
  const o = out!;
  const n = numel(o.shape);
  if (n === 0) return;
  const [N, C] = o.shape as [number, number];
  const g = windowGeometry(a);
  const k = new KernelBuilder();
  const src = k.buffer(X);
  const [bn, c, iy, ix] = k.unravel('tid', [N, C, g.H, g.W]) as string[];
  const [kh, kw, dh, dw] = [k.arg(g.kh), k.arg(g.kw), k.arg(g.dh), k.arg(g.dw)];
  const [sh, sw, oh, ow] = [k.arg(g.sh), k.arg(g.sw), k.arg(g.oh), k.arg(g.ow)];
  const [s0, s1, s2] = X.strides.map((s) => k.arg(s));
  k.line(`const ty0 = ${iy} + ${k.arg(g.ph)};`);
  k.line(`const tx0 = ${ix} + ${k.arg(g.pw)};`);
  k.line(`const base = ${k.arg(X.offset)} + ${bn} * ${s0} + ${c} * ${kh} * ${kw} * ${s1};`);
  k.line('let acc = 0.0;');
  // Blocked loops: a kernel side may exceed CHUNK (a long 1-d filter), llvmpipe's loop cap.
  forBlocks(k, kh, (ki) => {
    k.line(`const ty = ty0 - ${ki} * ${dh};`);
    k.line(`const wy = kfloordiv(ty, ${sh});`);
    // Flags are floats: the GLSL translation handles boolean locals poorly.
    k.line('let rowOk = 1.0;');
    k.line(`if (ty < 0.0 || wy * ${sh} !== ty || wy >= ${oh}) { rowOk = 0.0; }`);
    forBlocks(k, kw, (kj) => {
      k.line(`const tx = tx0 - ${kj} * ${dw};`);
      k.line(`const wx = kfloordiv(tx, ${sw});`);
      k.line(`if (rowOk > 0.5 && tx >= 0.0 && wx * ${sw} === tx && wx < ${ow}) {`);
      k.line(`acc = acc + ${src}[base + (${ki} * ${kw} + ${kj}) * ${s1} + (wy * ${ow} + wx) * ${s2}];`);
      k.line('}');
    });
  });
  writeView(o, k.run(castExpr(o.dtype, 'acc'), n));
}

/** Registers the GPU im2col/col2im kernels (the unfold/fold/conv/avg-pool building blocks). */
export function registerIm2col(): void {
  registerKernel(ops.im2colOp, 'gpu', '*', im2col);
  registerKernel(ops.col2imOp, 'gpu', '*', col2im);
}
