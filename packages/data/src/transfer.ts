/**
 * Moving batches between DataLoader workers and the main thread. Tensors cannot be cloned by
 * `postMessage`, so each crosses as a plain record (dtype, shape, a contiguous typed array) whose
 * buffer is transferred, not copied; arrays, plain objects and Maps are walked.
 * @module
 */
import { type DType, fromTypedArray, Tensor, type TypedArray } from '@kindling/core';

const TAG = '__kindlingTransfer__';

interface EncodedTensor {
  [TAG]: 'tensor';
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

interface EncodedMap {
  [TAG]: 'map';
  entries: [unknown, unknown][];
}

function isTagged(x: unknown): x is EncodedTensor | EncodedMap {
  return typeof x === 'object' && x !== null && TAG in x;
}

/** The value with every tensor replaced by a transferable record; the buffers to transfer are pushed. */
export function encode(value: unknown, transfer: ArrayBuffer[]): unknown {
  if (value instanceof Tensor) {
    // A copy with its own buffer: transferring a storage's buffer would empty the tensor it came from.
    const data = value.dataSync().slice();
    transfer.push(data.buffer as ArrayBuffer);
    const rec: EncodedTensor = { [TAG]: 'tensor', dtype: value.dtype, shape: value.shape.slice(), data };
    return rec;
  }
  if (Array.isArray(value)) return value.map((v) => encode(v, transfer));
  if (value instanceof Map) {
    const rec: EncodedMap = { [TAG]: 'map', entries: [...value].map(([k, v]) => [k, encode(v, transfer)]) };
    return rec;
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v, transfer);
    return out;
  }
  return value;
}

/** Rebuilds what {@link encode} made: tensors over the transferred buffers (no copy). */
export function decode(value: unknown): unknown {
  if (isTagged(value)) {
    if (value[TAG] === 'tensor') return fromTypedArray(value.data, value.shape, value.dtype);
    return new Map(value.entries.map(([k, v]) => [k, decode(v)]));
  }
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v);
    return out;
  }
  return value;
}
