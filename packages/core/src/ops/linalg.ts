import { defineOp, dispatch1 } from '../dispatcher.js';
import { RuntimeError } from '../errors.js';
import type { OpDef } from '../op.js';
import { broadcastShapes, numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { torchName } from './unary.js';

/**
 * The matrix-multiply primitive: `[B, M, K] @ [B, K, N] → [B, M, N]`. Inputs may be any strided
 * views (a transposed operand arrives as a view, and kernels are expected to read it without a copy).
 */
export const bmmOp: OpDef<Record<string, never>> = defineOp<Record<string, never>>({
  name: 'bmm',
  meta([a, b]) {
    if (a!.shape.length !== 3 || b!.shape.length !== 3) {
      throw new RuntimeError(`batch1 must be a 3D tensor`);
    }
    if (a!.dtype !== b!.dtype) {
      throw new RuntimeError(
        `expected m1 and m2 to have the same dtype, but got: ${torchName(a!.dtype)} != ${torchName(b!.dtype)}`,
      );
    }
    if (a!.dtype === 'bool') throw new RuntimeError(`"bmm" not implemented for 'Bool'`);
    const [B, M, K] = a!.shape as [number, number, number];
    const [B2, K2, N] = b!.shape as [number, number, number];
    if (B !== B2 || K !== K2) {
      throw new RuntimeError(
        B !== B2
          ? `Expected size for first two dimensions of batch2 tensor to be: [${B}, ${K}] but got: [${B2}, ${K2}].`
          : `Expected size for first two dimensions of batch2 tensor to be: [${B}, ${K}] but got: [${B2}, ${K2}].`,
      );
    }
    return { outputs: [{ shape: [B, M, N], dtype: a!.dtype }], dtype: a!.dtype };
  },
  saves: { inputs: true, outputs: false },
  backward(ctx, [g]) {
    const [a, b] = ctx.inputs as [Tensor, Tensor];
    return [
      ctx.needsInputGrad[0] ? dispatch1(bmmOp, [g!, b.transpose(1, 2)], {}) : null,
      ctx.needsInputGrad[1] ? dispatch1(bmmOp, [a.transpose(1, 2), g!], {}) : null,
    ];
  },
});

function shapeStr(t: Tensor): string {
  return t.shape.join('x');
}

/**
 * `torch.matmul` with all of PyTorch's rules: 1-D operands are promoted to matrices and the added dim
 * removed afterwards; batch dims broadcast.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.shape.length;
  const db = b.shape.length;
  if (da === 0 || db === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  // Batched: promote 1-D, broadcast batch dims, fold them into one.
  const A = da === 1 ? a.unsqueeze(0) : a;
  const Bm = db === 1 ? b.unsqueeze(1) : b;
  const M = A.shape[A.shape.length - 2]!;
  const K = A.shape[A.shape.length - 1]!;
  const K2 = Bm.shape[Bm.shape.length - 2]!;
  const N = Bm.shape[Bm.shape.length - 1]!;
  if (K !== K2) {
    throw new RuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${numel(A.shape.slice(0, -2))}, ${K}] but got: [${numel(Bm.shape.slice(0, -2))}, ${K2}].`,
    );
  }
  const batch = broadcastShapes(A.shape.slice(0, -2), Bm.shape.slice(0, -2));
  const nb = numel(batch);
  const a3 = A.expand([...batch, M, K]).reshape(nb, M, K);
  const b3 = Bm.expand([...batch, K, N]).reshape(nb, K, N);
  let out = dispatch1(bmmOp, [a3, b3], {}).view([...batch, M, N]);
  if (da === 1) out = out.squeeze(-2);
  if (db === 1) out = out.squeeze(-1);
  return out;
}

/** `torch.mm`: 2-D only. */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 2) throw new RuntimeError(`self must be a matrix`);
  if (b.shape.length !== 2) throw new RuntimeError(`mat2 must be a matrix`);
  if (a.shape[1] !== b.shape[0]) {
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${shapeStr(a)} and ${shapeStr(b)})`);
  }
  return dispatch1(bmmOp, [a.unsqueeze(0), b.unsqueeze(0)], {}).squeeze(0);
}

/** `torch.bmm`: 3-D only, equal batch sizes. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 3) throw new RuntimeError(`batch1 must be a 3D tensor`);
  if (b.shape.length !== 3) throw new RuntimeError(`batch2 must be a 3D tensor`);
  return dispatch1(bmmOp, [a, b], {});
}

/** `torch.mv`: matrix × vector. */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.shape.length !== 2 || v.shape.length !== 1) {
    throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.shape.length}, ${v.shape.length}`);
  }
  if (a.shape[1] !== v.shape[0]) {
    throw new RuntimeError(
      `size mismatch, got input (${a.shape[0]}), mat (${shapeStr(a)}), vec (${v.shape[0]})`,
    );
  }
  return mm(a, v.unsqueeze(1)).squeeze(1);
}

/** `torch.dot`: 1-D · 1-D. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`);
  }
  if (a.shape[0] !== b.shape[0]) {
    throw new RuntimeError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(
      `dot : expected both vectors to have same dtype, but found ${torchName(a.dtype)} and ${torchName(b.dtype)}`,
    );
  }
  return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape([]);
}

/** `torch.outer`: the outer product of two vectors. */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length !== 1 || b.shape.length !== 1) throw new RuntimeError('outer: expected 1D tensors');
  return a.unsqueeze(1).mul(b.unsqueeze(0));
}

declare module '../tensor.js' {
  interface Tensor {
    matmul(other: Tensor): Tensor;
    mm(other: Tensor): Tensor;
    bmm(other: Tensor): Tensor;
    mv(vec: Tensor): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
  }
}

const T = Tensor.prototype;
T.matmul = function (other) {
  return matmul(this, other);
};
T.mm = function (other) {
  return mm(this, other);
};
T.bmm = function (other) {
  return bmm(this, other);
};
T.mv = function (vec) {
  return mv(this, vec);
};
T.dot = function (other) {
  return dot(this, other);
};
T.outer = function (other) {
  return outer(this, other);
};
