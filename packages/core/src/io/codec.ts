import type { DType, TypedArray } from '../dtype.js';
import { ValueError } from '../errors.js';

/** Whether this machine stores numbers little-endian (every mainstream JS platform does). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;
const TWO_63 = 2 ** 63;

/**
 * Writes a tensor's elements as little-endian bytes in PyTorch's element layout (int64 as 8-byte
 * two's complement). `littleEndian` is the host's byte order; it is a parameter so the portable
 * DataView path is testable on little-endian machines.
 */
export function encodeElements(
  dtype: DType,
  data: TypedArray,
  name: string,
  littleEndian = HOST_LITTLE_ENDIAN,
): Uint8Array {
  if (dtype === 'int64') return encodeInt64(data, name);
  if (dtype === 'bool') {
    // Kindling keeps bools as 0/1 already; normalise anyway so the file holds only 0x00/0x01.
    const out = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] ? 1 : 0;
    return out;
  }
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (littleEndian || data.BYTES_PER_ELEMENT === 1) return new Uint8Array(bytes);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  const step = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (dtype === 'float32') view.setFloat32(i * step, v, true);
    else if (dtype === 'float64') view.setFloat64(i * step, v, true);
    else view.setInt32(i * step, v, true);
  }
  return out;
}

/**
 * int64 lives in a Float64Array in Kindling. Every integer-valued double in [-2^63, 2^63) is written
 * exactly (past 2^53 that is the value the tensor holds, already rounded); NaN, fractions and
 * values outside int64 cannot come from int64 kernels, so they mean corrupted data: a ValueError.
 */
function encodeInt64(data: TypedArray, name: string): Uint8Array {
  const out = new Uint8Array(data.length * 8);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > -TWO_53 && v < TWO_53 && Number.isInteger(v)) {
      const hi = Math.floor(v / TWO_32);
      view.setUint32(i * 8, v - hi * TWO_32, true);
      view.setInt32(i * 8 + 4, hi, true);
    } else if (Number.isInteger(v) && v >= -TWO_63 && v < TWO_63) {
      view.setBigInt64(i * 8, BigInt(v), true);
    } else {
      throw new ValueError(`tensor '${name}': int64 element ${i} is ${v}, which is not an int64 value`);
    }
  }
  return out;
}

/** What {@link decodeElements} does with an int64 that a double cannot hold exactly. */
export type Int64Policy = 'error' | 'round';

/**
 * Reads `bytes` (little-endian, exactly `count × itemsize` long) into a new typed array of `dtype`.
 * BOOL bytes other than 0/1 are read as true, as PyTorch prints them. int64 values a double cannot
 * hold exactly (|x| > 2^53 and not a multiple of the spacing there) throw unless `int64` is 'round'.
 */
export function decodeElements(
  dtype: DType,
  bytes: Uint8Array,
  name: string,
  int64: Int64Policy = 'error',
  littleEndian = HOST_LITTLE_ENDIAN,
): TypedArray {
  // A copy into a fresh buffer at offset 0, so typed-array views are aligned whatever the file's layout.
  // (Not bytes.slice(): on a Node Buffer that is a view into a shared pool.)
  const own = new Uint8Array(bytes);
  switch (dtype) {
    case 'uint8':
      return own;
    case 'bool':
      for (let i = 0; i < own.length; i++) own[i] = own[i] ? 1 : 0;
      return own;
    case 'int64':
      return decodeInt64(own, name, int64);
    default:
      break;
  }
  if (littleEndian) {
    return dtype === 'float32'
      ? new Float32Array(own.buffer)
      : dtype === 'float64'
        ? new Float64Array(own.buffer)
        : new Int32Array(own.buffer);
  }
  const view = new DataView(own.buffer);
  if (dtype === 'float32')
    return Float32Array.from({ length: own.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
  if (dtype === 'float64')
    return Float64Array.from({ length: own.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
  return Int32Array.from({ length: own.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}

function decodeInt64(bytes: Uint8Array, name: string, policy: Int64Policy): Float64Array {
  const n = bytes.length / 8;
  const out = new Float64Array(n);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const lo = view.getUint32(i * 8, true);
    const hi = view.getInt32(i * 8 + 4, true);
    // |hi| < 2^21 means |x| < 2^53: the sum below is exact. Otherwise check representability with BigInt.
    if (hi > -0x200000 && hi < 0x200000) {
      out[i] = hi * TWO_32 + lo;
      continue;
    }
    const big = view.getBigInt64(i * 8, true);
    const v = Number(big);
    if (policy === 'error' && BigInt(v) !== big) {
      throw new ValueError(
        `tensor '${name}': int64 element ${i} is ${big}, which Kindling's int64 (stored as float64) cannot hold exactly; ` +
          `pass { int64: 'round' } to accept the nearest representable value`,
      );
    }
    out[i] = v;
  }
  return out;
}
