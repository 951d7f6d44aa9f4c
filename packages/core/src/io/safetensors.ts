import type { TypedArray } from '../dtype.js';
import { TorchTypeError, ValueError } from '../errors.js';
import { fromTypedArray } from '../ops/creation.js';
import { Tensor } from '../tensor.js';
import { decodeElements, encodeElements, type Int64Policy } from './codec.js';
import { type EncodedTensor, encodeFile, parseFile } from './safetensors-format.js';

/** Free-form string metadata stored in a safetensors header under `__metadata__`. */
export type SafetensorsMetadata = Record<string, string>;

/** Options of {@link deserialize} and `torch.load`. */
export interface DeserializeOptions {
  /** Device the tensors are created on (default `'cpu'`), as `map_location` / `device=`. */
  device?: string;
  /**
   * int64 values that a float64 cannot hold exactly (beyond ±2^53, not a multiple of the spacing
   * there): `'error'` (default) throws a ValueError naming the tensor; `'round'` keeps the nearest double.
   */
  int64?: Int64Policy;
}

/** What {@link deserialize} returns: the tensors in file order, and the header's `__metadata__` (or null). */
export interface Deserialized {
  tensors: Record<string, Tensor>;
  metadata: SafetensorsMetadata | null;
}

function checkRecord(
  tensors: Record<string, Tensor>,
  metadata: SafetensorsMetadata | null | undefined,
): string[] {
  if (typeof tensors !== 'object' || tensors === null || tensors instanceof Tensor) {
    throw new TorchTypeError('serialize: expected a record of name → Tensor');
  }
  const names = Object.keys(tensors);
  for (const name of names) {
    if (name === '__metadata__')
      throw new ValueError("serialize: '__metadata__' is reserved and cannot name a tensor");
    if (!(tensors[name] instanceof Tensor)) {
      throw new TorchTypeError(`serialize: value for '${name}' is not a Tensor`);
    }
  }
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== 'object')
      throw new TorchTypeError('serialize: metadata must be a record of strings');
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string')
        throw new TorchTypeError(`serialize: metadata value for '${k}' must be a string`);
    }
  }
  return names;
}

function encodeAll(
  tensors: Record<string, Tensor>,
  names: string[],
  data: TypedArray[],
  metadata: SafetensorsMetadata | null | undefined,
): Uint8Array {
  const encoded: EncodedTensor[] = names.map((name, i) => {
    const t = tensors[name]!;
    return { name, dtype: t.dtype, shape: t.shape, bytes: encodeElements(t.dtype, data[i]!, name) };
  });
  return encodeFile(encoded, metadata ?? null);
}

/**
 * Encodes tensors as a safetensors file, byte for byte what the reference `safetensors.torch.save`
 * writes (views are written contiguously; autograd state is not stored). Synchronous, so every
 * tensor must be readable synchronously; use {@link serializeAsync} for device tensors.
 * Mirrors `safetensors.torch.save(tensors, metadata)`.
 * @example
 * const bytes = torch.serialize({ weight: torch.ones(2, 3) }, { format: 'pt' });
 */
export function serialize(
  tensors: Record<string, Tensor>,
  metadata?: SafetensorsMetadata | null,
): Uint8Array {
  const names = checkRecord(tensors, metadata);
  const data = names.map((n) => tensors[n]!.dataSync());
  return encodeAll(tensors, names, data, metadata);
}

/** {@link serialize} for tensors on devices that can only be read asynchronously. */
export async function serializeAsync(
  tensors: Record<string, Tensor>,
  metadata?: SafetensorsMetadata | null,
): Promise<Uint8Array> {
  const names = checkRecord(tensors, metadata);
  const data = await Promise.all(names.map((n) => tensors[n]!.data()));
  return encodeAll(tensors, names, data, metadata);
}

/**
 * Decodes a safetensors file. The bytes are untrusted: the header length, JSON, dtypes, shapes and
 * offsets are all checked (offsets must tile the data exactly) and any violation throws a
 * ValueError naming the tensor and field, before any tensor is created.
 * Mirrors `safetensors.torch.load(data)`.
 * @example
 * const { tensors, metadata } = torch.deserialize(bytes);
 */
export function deserialize(bytes: Uint8Array | ArrayBuffer, opts: DeserializeOptions = {}): Deserialized {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(view instanceof Uint8Array))
    throw new TorchTypeError('deserialize: expected a Uint8Array or ArrayBuffer');
  const { entries, metadata, dataStart } = parseFile(view);
  const decoded = entries.map((e) =>
    decodeElements(e.dtype, view.subarray(dataStart + e.begin, dataStart + e.end), e.name, opts.int64),
  );
  const device = opts.device ?? 'cpu';
  // fromEntries defines own properties, so a tensor named "__proto__" stays a tensor, not a prototype.
  const tensors = Object.fromEntries(
    entries.map((e, i) => [e.name, fromTypedArray(decoded[i]!, e.shape, e.dtype, device)]),
  ) as Record<string, Tensor>;
  return { tensors, metadata };
}
