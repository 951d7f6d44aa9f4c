/**
 * `defaultCollate`: merges a list of items into one batch, as PyTorch's `default_collate`.
 * @module
 */
import { RuntimeError, stack, Tensor, TorchTypeError, tensor } from '@kindling/core';

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return `<class '${(x as object).constructor?.name ?? 'Object'}'>`;
  return `<class '${typeof x}'>`;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Collates a batch of items the way PyTorch's `default_collate` does:
 * - tensors are stacked along a new first dimension (equal shapes required);
 * - numbers become a 1-d tensor: int64 when every number in the batch is an integer (Python ints),
 *   float64 otherwise (Python floats); booleans give bool, bigints int64; typed arrays are stacked
 *   like tensors;
 * - strings stay an array of strings;
 * - arrays (PyTorch's tuples and lists) are transposed and collated position by position, and must
 *   all have the same length (`each element in list of batch should be of equal size`);
 * - plain objects and `Map`s are collated key by key (the first item's keys).
 * @example
 * defaultCollate([{ x: torch.zeros(2), y: 1 }, { x: torch.ones(2), y: 0 }]);
 * // { x: tensor of shape [2, 2], y: tensor([1, 0]) (int64) }
 */
export function defaultCollate(batch: readonly unknown[]): unknown {
  if (batch.length === 0) throw new RuntimeError('default_collate: got an empty batch');
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (ArrayBuffer.isView(elem) && !(elem instanceof DataView)) {
    return stack(
      batch.map((b) => tensor(b as Float32Array)),
      0,
    );
  }
  if (typeof elem === 'number') {
    const nums = batch as number[];
    return tensor(nums, { dtype: nums.every(Number.isInteger) ? 'int64' : 'float64' });
  }
  if (typeof elem === 'boolean') return tensor(batch as boolean[], { dtype: 'bool' });
  if (typeof elem === 'bigint') return tensor((batch as bigint[]).map(Number), { dtype: 'int64' });
  if (typeof elem === 'string') return batch.slice();
  if (elem instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const key of elem.keys())
      out.set(key, defaultCollate(batch.map((d) => (d as Map<unknown, unknown>).get(key))));
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === size)) {
      throw new RuntimeError('each element in list of batch should be of equal size');
    }
    const items = batch as unknown[][];
    return Array.from({ length: size }, (_, j) => defaultCollate(items.map((b) => b[j])));
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) {
      out[key] = defaultCollate(batch.map((d) => (d as Record<string, unknown>)[key]));
    }
    return out;
  }
  throw new TorchTypeError(
    `default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${typeName(elem)}`,
  );
}
