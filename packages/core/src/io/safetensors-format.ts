import { type DType, ITEM_SIZE } from '../dtype.js';
import { ValueError } from '../errors.js';
import { findDuplicateKey } from './json-keys.js';

/**
 * The safetensors container (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON, then one data buffer that the tensors' `data_offsets` tile
 * exactly. This file knows bytes and JSON only; `safetensors.ts` turns entries into tensors.
 */

/** safetensors dtype names of the dtypes Kindling has. */
export const SAFETENSORS_DTYPE: Record<DType, string> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  int64: 'I64',
  uint8: 'U8',
  bool: 'BOOL',
};

const FROM_SAFETENSORS = new Map<string, DType>(
  Object.entries(SAFETENSORS_DTYPE).map(([d, s]) => [s, d as DType] as [string, DType]),
);

// The reference writer sorts by its Dtype enum, descending; for our dtypes that enum's order is
// BOOL < U8 < I32 < F32 < F64 < I64. Wider items first keeps every tensor aligned without padding.
const WRITE_RANK: Record<DType, number> = { int64: 0, float64: 1, float32: 2, int32: 3, uint8: 4, bool: 5 };

/** The reference reader refuses headers above 100 MB (`MAX_HEADER_SIZE`); so do we. */
export const MAX_HEADER_SIZE = 100_000_000;

/** One tensor's record in the header; `begin`/`end` are offsets into the data buffer. */
export interface HeaderEntry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

/** A tensor to write: its elements already encoded as little-endian bytes. */
export interface EncodedTensor {
  name: string;
  dtype: DType;
  shape: readonly number[];
  bytes: Uint8Array;
}

/** Rust and Python order strings by code point; JS `<` compares UTF-16 units, which differs past U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * Lays out a file exactly as the reference `safetensors.serialize` does: tensors by dtype (widest
 * first) then name, compact JSON with `__metadata__` first, header padded with spaces to 8 bytes.
 */
export function encodeFile(tensors: EncodedTensor[], metadata: Record<string, string> | null): Uint8Array {
  const sorted = tensors
    .slice()
    .sort((a, b) => WRITE_RANK[a.dtype] - WRITE_RANK[b.dtype] || compareCodePoints(a.name, b.name));
  // Built by hand, not JSON.stringify(object): JS objects move integer-like keys ("0", "1") first.
  const parts: string[] = [];
  if (metadata) {
    const meta = Object.keys(metadata).map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`);
    parts.push(`"__metadata__":{${meta.join(',')}}`);
  }
  let offset = 0;
  for (const t of sorted) {
    const end = offset + t.bytes.length;
    const info = `{"dtype":"${SAFETENSORS_DTYPE[t.dtype]}","shape":[${t.shape.join(',')}],"data_offsets":[${offset},${end}]}`;
    parts.push(`${JSON.stringify(t.name)}:${info}`);
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLen = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLen + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const t of sorted) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}

/** A parsed, fully validated header: entries in data order, and where the data buffer starts. */
export interface ParsedFile {
  entries: HeaderEntry[];
  metadata: Record<string, string> | null;
  dataStart: number;
}

function fail(message: string): never {
  throw new ValueError(`safetensors: ${message}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Reads and checks the header of an untrusted file. Every length is checked against the bytes that
 * are there before use, and the offsets must tile the data buffer exactly (no gaps, no overlaps,
 * nothing trailing), as the reference reader requires.
 */
export function parseFile(bytes: Uint8Array): ParsedFile {
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short to hold the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_SIZE)) fail(`header length ${n} exceeds the maximum of ${MAX_HEADER_SIZE} bytes`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.length) {
    fail(
      `header length ${headerLen} runs past the end of the file (${bytes.length - 8} bytes after the length field)`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(8, 8 + headerLen),
    );
  } catch {
    fail('header is not valid UTF-8');
  }
  if (!text.startsWith('{'))
    fail(`header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 20))}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(json)) fail('header must be a JSON object');
  const dup = findDuplicateKey(text);
  if (dup !== null) fail(`header names ${JSON.stringify(dup)} twice`);

  let metadata: Record<string, string> | null = null;
  const entries: HeaderEntry[] = [];
  for (const [name, info] of Object.entries(json)) {
    if (name === '__metadata__') metadata = parseMetadata(info);
    else entries.push(parseEntry(name, info));
  }
  const dataStart = 8 + headerLen;
  checkTiling(entries, bytes.length - dataStart);
  return { entries, metadata, dataStart };
}

function parseMetadata(info: unknown): Record<string, string> | null {
  if (info === null) return null;
  if (!isRecord(info)) fail('"__metadata__" must be an object mapping strings to strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(info)) {
    if (typeof v !== 'string')
      fail(`"__metadata__" value for ${JSON.stringify(k)} must be a string, got ${JSON.stringify(v)}`);
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function parseEntry(name: string, info: unknown): HeaderEntry {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isRecord(info)) fail(`${where}: entry must be an object with dtype, shape and data_offsets`);
  const { dtype: code, shape, data_offsets: offsets } = info;
  if (typeof code !== 'string') fail(`${where}: dtype must be a string, got ${JSON.stringify(code)}`);
  const dtype = FROM_SAFETENSORS.get(code);
  if (!dtype) {
    fail(
      `${where}: dtype ${JSON.stringify(code)} is not supported (Kindling reads ${[...FROM_SAFETENSORS.keys()].join(', ')})`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    fail(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`${where}: data_offsets must be a pair of non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) fail(`${where}: data_offsets [${begin}, ${end}] begin after they end`);
  let expected = ITEM_SIZE[dtype];
  for (const d of shape as number[]) {
    expected *= d;
    if (!Number.isSafeInteger(expected)) fail(`${where}: shape [${shape.join(', ')}] is too large`);
  }
  if (end - begin !== expected) {
    fail(
      `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${shape.join(', ')}] of ${code} needs ${expected}`,
    );
  }
  return { name, dtype, shape: shape as number[], begin, end };
}

function checkTiling(entries: HeaderEntry[], dataLength: number): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let prev: HeaderEntry | null = null;
  for (const e of entries) {
    if (e.end > dataLength) {
      fail(
        `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] run past the data buffer (${dataLength} bytes)`,
      );
    }
    if (e.begin < at) {
      fail(
        `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] overlap tensor ${JSON.stringify(prev!.name)} [${prev!.begin}, ${prev!.end}]`,
      );
    }
    if (e.begin > at) {
      fail(
        `tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] leave bytes ${at}..${e.begin} of the data buffer unused`,
      );
    }
    at = e.end;
    prev = e;
  }
  if (at !== dataLength) fail(`data buffer is ${dataLength} bytes but the tensors cover only ${at}`);
}
