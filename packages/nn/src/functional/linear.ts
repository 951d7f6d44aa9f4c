import {
  einsum,
  IndexError,
  noGrad,
  RuntimeError,
  readsSynchronously,
  type Tensor,
  tensor,
  where,
} from '@kindling/core';
import { scalarTypeName } from './reduction.js';

/**
 * `F.linear(input, weight, bias=None)`: x·Wᵀ + b, with `weight` [out, in] and any leading batch dims.
 * Mirrors `torch.nn.functional.linear`.
 */
export function linear(input: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const nIn = input.shape[input.shape.length - 1];
  if (input.shape.length >= 2 && weight.shape.length === 2 && nIn !== weight.shape[1]) {
    // PyTorch flattens the batch dims into mat1 before its addmm / mm, and says so.
    throw new RuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${input.numel() / nIn!}x${nIn} and ${weight.shape[1]}x${weight.shape[0]})`,
    );
  }
  const out = input.matmul(weight.t());
  return bias ? out.add(bias) : out;
}

/**
 * `F.bilinear(input1, input2, weight, bias=None)`: y_k = x1ᵀ·W_k·x2 + b_k, with `weight`
 * [out, in1, in2] and matching leading dims on both inputs. Mirrors `torch.nn.functional.bilinear`.
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const n1 = input1.shape.length;
  const n2 = input2.shape.length;
  if (n1 !== n2) throw new RuntimeError(`bilinear(): input dimensions do not match: got ${n1} and ${n2}`);
  for (let i = 0; i < n1 - 1; i++) {
    if (input1.shape[i] !== input2.shape[i]) {
      throw new RuntimeError(
        `bilinear(): input batch dimensions do not match: got ${input1.shape[i]} and ${input2.shape[i]}`,
      );
    }
  }
  if (input1.shape[n1 - 1] !== weight.shape[1]) {
    throw new RuntimeError(
      `bilinear(): input1 size does not match weight size: got ${input1.shape[n1 - 1]} but expected ${weight.shape[1]}`,
    );
  }
  if (input2.shape[n2 - 1] !== weight.shape[2]) {
    throw new RuntimeError(
      `bilinear(): input2 size does not match weight size: got ${input2.shape[n2 - 1]} but expected ${weight.shape[2]}`,
    );
  }
  const lead = input1.shape.slice(0, -1);
  const a = input1.reshape(-1, input1.shape[n1 - 1]!);
  const b = input2.reshape(-1, input2.shape[n2 - 1]!);
  let out = einsum('bi,oij,bj->bo', a, weight, b).reshape([...lead, weight.shape[0]!]);
  if (bias) out = out.add(bias);
  return out;
}

// PyTorch's embedding_renorm_: in place and without history, each referenced row whose norm exceeds
// maxNorm is scaled by maxNorm / (norm + 1e-7).
function renorm(weight: Tensor, indices: ArrayLike<number>, maxNorm: number, normType: number): void {
  const unique = tensor(
    [...new Set(Array.from(indices))].sort((a, b) => a - b),
    { dtype: 'int64' },
  );
  noGrad(() => {
    const picked = weight.indexSelect(0, unique);
    const norms = picked.norm(normType, 1, true);
    const scale = where(norms.gt(maxNorm), norms.add(1e-7).reciprocal().mul(maxNorm), 1);
    weight.indexPut_([unique], picked.mul(scale));
  });
}

/** Options of `embedding`. */
export type EmbeddingOptions = { paddingIdx?: number | null; maxNorm?: number | null; normType?: number };

/**
 * `F.embedding(input, weight, padding_idx=None)`: rows of `weight` picked by the int64/int32
 * indices in `input` (output [*input.shape, D]). The row at `paddingIdx` receives no gradient; with
 * `maxNorm`, the referenced rows are first renormalised in place (PyTorch's `embedding_renorm_`).
 * Mirrors `torch.nn.functional.embedding`.
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  paddingIdx?: number | null | EmbeddingOptions,
): Tensor {
  const o: EmbeddingOptions =
    typeof paddingIdx === 'object' && paddingIdx !== null ? paddingIdx : { paddingIdx };
  const rows = weight.shape[0]!;
  let pad = o.paddingIdx ?? null;
  if (pad !== null) {
    if (pad >= rows || pad < -rows) throw new RuntimeError('Padding_idx must be within num_embeddings');
    if (pad < 0) pad += rows;
  }
  if (input.dtype !== 'int64' && input.dtype !== 'int32') {
    throw new RuntimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.${scalarTypeName(input.dtype)}Tensor instead (while checking arguments for embedding)`,
    );
  }
  const idx = input.to('int64').reshape(-1);
  const hasMaxNorm = o.maxNorm !== undefined && o.maxNorm !== null;
  if (readsSynchronously(idx.device) || hasMaxNorm) {
    const values = idx.dataSync();
    for (const v of values) if (v < 0 || v >= rows) throw new IndexError('index out of range in self');
    if (hasMaxNorm) renorm(weight, values, o.maxNorm!, o.normType ?? 2);
  }
  const out = weight.indexSelect(0, idx).reshape([...input.shape, weight.shape[1]!]);
  // The padding row's entries reach the output but not the gradient: use a detached copy there.
  return pad === null ? out : where(input.eq(pad).unsqueeze(-1), out.detach(), out);
}
