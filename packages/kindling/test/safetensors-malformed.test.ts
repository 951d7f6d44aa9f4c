import * as torch from 'kindling';
import { describe, expect, it } from 'vitest';

/** A safetensors file with this header text (or object) and data bytes; `len` overrides the length field. */
function file(header: string | object | Uint8Array, data: number | Uint8Array = 0, len?: bigint): Uint8Array {
  const json =
    header instanceof Uint8Array
      ? header
      : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, len ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

const f32 = (shape: number[], offsets: unknown) => ({ dtype: 'F32', shape, data_offsets: offsets });

function rejects(bytes: Uint8Array, message: RegExp): void {
  let err: unknown;
  try {
    torch.deserialize(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(torch.ValueError);
  expect((err as Error).message).toMatch(message);
}

describe('safetensors: untrusted files are checked field by field', () => {
  it('accepts a well-formed hand-made file (the baseline the cases below break)', () => {
    const ok = file({ a: f32([2], [0, 8]), b: { dtype: 'U8', shape: [], data_offsets: [8, 9] } }, 9);
    expect(Object.keys(torch.deserialize(ok).tensors)).toEqual(['a', 'b']);
  });

  it('length field', () => {
    rejects(new Uint8Array(5), /file is 5 bytes, too short/);
    rejects(file({}, 0, 100_000_001n), /header length 100000001 exceeds the maximum/);
    rejects(file({}, 0, 2n ** 64n - 1n), /exceeds the maximum/);
    rejects(file({ a: f32([1], [0, 4]) }, 4, 1000n), /header length 1000 runs past the end of the file/);
  });

  it('truncated and padded files', () => {
    const good = file({ a: f32([2], [0, 8]) }, 8);
    rejects(
      good.subarray(0, good.length - 1),
      /tensor "a": data_offsets \[0, 8\] run past the data buffer \(7 bytes\)/,
    );
    rejects(good.subarray(0, 12), /runs past the end of the file/);
    const longer = new Uint8Array(good.length + 1);
    longer.set(good);
    rejects(longer, /data buffer is 9 bytes but the tensors cover only 8/);
  });

  it('header text', () => {
    rejects(file(new Uint8Array([0x7b, 0xff, 0x7d])), /not valid UTF-8/);
    rejects(file(' {}'), /must be a JSON object starting with '\{'/);
    rejects(file('[]'), /must be a JSON object starting with '\{'/);
    rejects(file('{"a": '), /header is not valid JSON/);
    rejects(file('{"a":1}{'), /header is not valid JSON/);
  });

  it('duplicate names, however they are spelled', () => {
    rejects(file('{"a":{},"a":{}}'), /header names "a" twice/);
    rejects(file('{"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]},"\\u0061":{}}', 4), /names "a" twice/);
    rejects(
      file('{"a":{"dtype":"F32","dtype":"F32","shape":[],"data_offsets":[0,4]}}', 4),
      /names "dtype" twice/,
    );
  });

  it('entries and dtypes', () => {
    rejects(file({ a: [1] }), /tensor "a": entry must be an object/);
    rejects(
      file({ a: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, 2),
      /tensor "a": dtype "F16" is not supported/,
    );
    rejects(
      file({ a: { dtype: 'f32', shape: [1], data_offsets: [0, 4] } }, 4),
      /dtype "f32" is not supported/,
    );
    rejects(
      file({ a: { dtype: 4, shape: [1], data_offsets: [0, 4] } }, 4),
      /tensor "a": dtype must be a string/,
    );
    rejects(file({ a: { shape: [1], data_offsets: [0, 4] } }, 4), /dtype must be a string, got undefined/);
  });

  it('shapes', () => {
    rejects(file({ a: f32([-1], [0, 4]) }, 4), /tensor "a": shape must be an array of non-negative integers/);
    rejects(file({ a: f32([1.5], [0, 4]) }, 4), /shape must be an array/);
    rejects(file({ a: f32(['2'] as unknown as number[], [0, 8]) }, 8), /shape must be an array/);
    rejects(file({ a: { dtype: 'F32', shape: 2, data_offsets: [0, 8] } }, 8), /shape must be an array/);
    rejects(file('{"a":{"dtype":"F32","shape":[1e300],"data_offsets":[0,4]}}', 4), /shape must be an array/);
    rejects(
      file({ a: f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 4]) }, 4),
      /shape \[1073741824, .*\] is too large/,
    );
  });

  it('data_offsets', () => {
    rejects(
      file({ a: f32([1], [0]) }, 4),
      /tensor "a": data_offsets must be a pair of non-negative integers/,
    );
    rejects(file({ a: f32([1], [0, 4, 8]) }, 8), /data_offsets must be a pair/);
    rejects(file({ a: f32([1], ['0', '4']) }, 4), /data_offsets must be a pair/);
    rejects(file({ a: f32([1], [-4, 0]) }, 4), /data_offsets must be a pair/);
    rejects(file({ a: f32([1], { begin: 0 }) }, 4), /data_offsets must be a pair/);
    rejects(file({ a: f32([0], [4, 0]) }, 4), /data_offsets \[4, 0\] begin after they end/);
    rejects(file({ a: f32([2], [0, 4]) }, 4), /hold 4 bytes, but shape \[2\] of F32 needs 8/);
    rejects(file({ a: f32([1], [0, 2 ** 60 + 4]) }, 4), /data_offsets must be a pair/);
  });

  it('offsets must tile the data buffer exactly', () => {
    rejects(
      file({ a: f32([2], [0, 8]), b: f32([2], [4, 12]) }, 12),
      /tensor "b": data_offsets \[4, 12\] overlap tensor "a" \[0, 8\]/,
    );
    rejects(file({ a: f32([1], [0, 4]), b: f32([1], [0, 4]) }, 4), /overlap tensor "a"/);
    rejects(
      file({ a: f32([1], [0, 4]), b: f32([1], [8, 12]) }, 12),
      /tensor "b": .* leave bytes 4..8 of the data buffer unused/,
    );
    rejects(file({ a: f32([1], [4, 8]) }, 8), /leave bytes 0..4/);
    rejects(file({ a: f32([1], [0, 4]) }, 8), /data buffer is 8 bytes but the tensors cover only 4/);
    rejects(file({}, 1), /data buffer is 1 bytes but the tensors cover only 0/);
    // Empty tensors take no bytes and may share an offset.
    const empties = file({ a: f32([0], [4, 4]), b: f32([1], [0, 4]), c: f32([2, 0], [4, 4]) }, 4);
    expect(Object.keys(torch.deserialize(empties).tensors)).toEqual(['b', 'a', 'c']);
  });

  it('__metadata__ is a string → string map (or null)', () => {
    rejects(file({ __metadata__: 'x' }), /"__metadata__" must be an object mapping strings to strings/);
    rejects(file({ __metadata__: ['a'] }), /"__metadata__" must be an object/);
    rejects(
      file({ __metadata__: { epochs: 3 } }),
      /"__metadata__" value for "epochs" must be a string, got 3/,
    );
    expect(torch.deserialize(file({ __metadata__: null })).metadata).toBeNull();
    const meta = torch.deserialize(file('{"__metadata__":{"__proto__":"x"}}')).metadata!;
    expect(Object.getPrototypeOf(meta)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(meta, '__proto__')?.value).toBe('x');
  });

  it('BOOL bytes other than 0/1 read as true (as PyTorch prints them); ArrayBuffer input works', () => {
    const bytes = file(
      { m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } },
      new Uint8Array([0, 2, 255]),
    );
    const m = torch.deserialize(bytes.slice().buffer).tensors.m!;
    expect(m.tolist()).toEqual([false, true, true]);
    expect(Array.from(m.dataSync())).toEqual([0, 1, 1]);
  });

  it('a failed load creates no tensors, even when the failure comes after a good tensor', () => {
    const data = new Uint8Array(12);
    new DataView(data.buffer).setBigInt64(4, 2n ** 53n + 1n, true);
    const bytes = file({ a: f32([1], [0, 4]), b: { dtype: 'I64', shape: [1], data_offsets: [4, 12] } }, data);
    const before = torch.memory().storages;
    rejects(bytes, /tensor 'b': int64 element 0 is 9007199254740993/);
    expect(torch.memory().storages).toBe(before);
  });
});
