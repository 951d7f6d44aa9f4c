import { cat, full, NotImplementedError, RuntimeError, type Tensor, tensor } from '@kindling/core';

/** The padding modes of `F.pad`. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Options of `pad` (PyTorch's keyword arguments). */
export type PadOptions = { mode?: PadMode; value?: number | null };

// Constant padding: crop negative pads with narrow, then concatenate filled blocks either side.
function constantPad(input: Tensor, pad: readonly number[], value: number): Tensor {
  let x = input;
  const nd = x.shape.length;
  for (let i = 0; i < pad.length / 2; i++) {
    const dim = nd - 1 - i;
    const l = pad[2 * i]!;
    const r = pad[2 * i + 1]!;
    const size = x.shape[dim]!;
    if (size + l + r < 0) {
      throw new RuntimeError(
        `The input size ${size}, plus negative padding ${l} and ${r} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
      );
    }
    if (l < 0 || r < 0) x = x.narrow(dim, Math.max(-l, 0), size - Math.max(-l, 0) - Math.max(-r, 0));
    const parts: Tensor[] = [];
    const block = (n: number) => {
      const shape = [...x.shape];
      shape[dim] = n;
      return full(shape, value, { dtype: x.dtype });
    };
    if (l > 0) parts.push(block(l));
    parts.push(x);
    if (r > 0) parts.push(block(r));
    if (parts.length > 1) x = cat(parts, dim);
  }
  return x === input ? input.clone() : x;
}

// Where output position j (before the left pad l) reads from, for each non-constant mode.
function sourceIndex(mode: PadMode, j: number, size: number): number {
  if (mode === 'reflect') {
    if (j < 0) return -j;
    return j >= size ? 2 * (size - 1) - j : j;
  }
  if (mode === 'replicate') return Math.min(Math.max(j, 0), size - 1);
  return ((j % size) + size) % size;
}

function indexPad(input: Tensor, pad: readonly number[], mode: PadMode): Tensor {
  const nd = input.shape.length;
  const dims = pad.length / 2;
  for (let i = 0; i < dims; i++) {
    const dim = nd - 1 - i;
    const l = pad[2 * i]!;
    const r = pad[2 * i + 1]!;
    const size = input.shape[dim]!;
    if (mode === 'reflect' && (l >= size || r >= size)) {
      throw new RuntimeError(
        `Argument #${4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${dim} of input [${input.shape.join(', ')}]`,
      );
    }
    if (mode === 'circular' && (l > size || r > size)) {
      throw new RuntimeError('Padding value causes wrapping around more than once.');
    }
    if (mode === 'replicate' && size === 0) {
      throw new RuntimeError(`input tensor must have non-zero size in dimension ${dim}`);
    }
  }
  let x = input;
  for (let i = 0; i < dims; i++) {
    const dim = nd - 1 - i;
    let l = pad[2 * i]!;
    let r = pad[2 * i + 1]!;
    if (mode === 'circular' && (l < 0 || r < 0)) {
      // PyTorch crops first, then wraps around the cropped interior.
      const n = x.shape[dim]!;
      x = x.narrow(dim, Math.max(-l, 0), n - Math.max(-l, 0) - Math.max(-r, 0));
      l = Math.max(l, 0);
      r = Math.max(r, 0);
    }
    const size = x.shape[dim]!;
    const out = size + l + r;
    if (out < 0) throw new RuntimeError(`input tensor is too small for the padding in dimension ${dim}`);
    const idx = Array.from({ length: out }, (_, j) => sourceIndex(mode, j - l, size));
    x = x.indexSelect(dim, tensor(idx, { dtype: 'int64' }));
  }
  return x;
}

/**
 * `F.pad(input, pad, mode='constant', value=None)`: pads (or, with negative values, crops) the last
 * dims. `pad` lists (left, right) pairs starting from the LAST dim: `[l_w, r_w, l_h, r_h, …]`.
 * 'reflect', 'replicate' and 'circular' pad 1–3 trailing dims of a batched or unbatched input and
 * are gathers, so gradients flow back to the source elements. Mirrors `torch.nn.functional.pad`.
 * @example F.pad(x, [1, 1, 2, 0], 'reflect')
 */
export function pad(
  input: Tensor,
  pad: readonly number[],
  mode: PadMode | PadOptions = 'constant',
  value?: number | null,
): Tensor {
  const o: PadOptions = typeof mode === 'object' ? mode : { mode, value };
  const m = o.mode ?? 'constant';
  const nd = input.shape.length;
  if (pad.length % 2 !== 0) throw new RuntimeError('Padding length must be divisible by 2');
  if (pad.length / 2 > nd) throw new RuntimeError('Padding length too large');
  if (m !== 'constant' && m !== 'reflect' && m !== 'replicate' && m !== 'circular') {
    throw new NotImplementedError(`Unrecognised padding mode ${String(m)}`);
  }
  if (m === 'constant') return constantPad(input, pad, o.value ?? 0);
  if (o.value !== undefined && o.value !== null && o.value !== 0) {
    throw new RuntimeError(`Padding mode "${m}" doesn't take in value argument`);
  }
  const k = pad.length / 2;
  if (!((k === 1 || k === 2 || k === 3) && (nd === k + 1 || nd === k + 2))) {
    throw new NotImplementedError(
      'Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now',
    );
  }
  // PyTorch 1.13's circular padding needs the batch and channel dims.
  if (m === 'circular' && nd !== k + 2) {
    throw new RuntimeError(`Invalid padding size, expected ${2 * (nd - 2)} but got ${pad.length}`);
  }
  return indexPad(input, pad, m);
}
