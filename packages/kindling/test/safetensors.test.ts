import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'kindling';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeElements, encodeElements } from '../../core/src/io/codec.js';

// Fixtures come from tools/oracle/safetensors.py: real PyTorch tensors' bytes in the reference layout.
const FIX = join(__dirname, 'fixtures');
type Golden = {
  dtype: torch.DType;
  shape: number[];
  values: (number | boolean | string)[];
  contiguous: boolean;
};
const golden = JSON.parse(readFileSync(join(FIX, 'pytorch.safetensors.json'), 'utf8')) as {
  metadata: Record<string, string>;
  tensors: Record<string, Golden>;
};
const num = (v: number | boolean | string) =>
  v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v);

/** The golden tensor rebuilt in Kindling; 2-D non-contiguous sources are rebuilt as transposed views. */
function build(g: Golden): torch.Tensor {
  const flat = torch.tensor(Float64Array.from(g.values, num), { dtype: g.dtype });
  if (g.contiguous) return flat.reshape(g.shape);
  const t = flat.reshape(g.shape).t().contiguous().t();
  expect(t.isContiguous()).toBe(false);
  return t;
}

function expectSame(actual: torch.Tensor, g: Golden): void {
  expect(actual.dtype).toBe(g.dtype);
  expect(actual.shape).toEqual(g.shape);
  // toEqual compares numbers with Object.is: -0 and NaN must survive exactly.
  expect(Array.from(actual.dataSync())).toEqual(g.values.map(num));
}

describe('safetensors: files written from PyTorch', () => {
  const bytes = new Uint8Array(readFileSync(join(FIX, 'pytorch.safetensors')));

  it('loads every tensor with identical values, shapes and dtypes', () => {
    const { tensors, metadata } = torch.deserialize(bytes);
    expect(metadata).toEqual(golden.metadata);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(golden.tensors).sort());
    for (const [name, g] of Object.entries(golden.tensors)) expectSame(tensors[name]!, g);
  });

  it('serializes the same tensors to byte-identical output', () => {
    const rebuilt = Object.fromEntries(Object.entries(golden.tensors).map(([k, g]) => [k, build(g)]));
    const out = torch.serialize(rebuilt, golden.metadata);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads a header without __metadata__ and writes it back identically', () => {
    const plain = new Uint8Array(readFileSync(join(FIX, 'pytorch-nometa.safetensors')));
    const { tensors, metadata } = torch.deserialize(plain);
    expect(metadata).toBeNull();
    expect(tensors.w!.tolist()).toEqual([[1, 2]]);
    expect(tensors.b!.dtype).toBe('int64');
    expect(Buffer.from(torch.serialize(tensors)).equals(Buffer.from(plain))).toBe(true);
  });

  it('refuses an int64 a double cannot hold, unless asked to round', () => {
    const data = readFileSync(join(FIX, 'int64-inexact.safetensors'));
    expect(() => torch.deserialize(data)).toThrow(/tensor 'big': int64 element 1 is 9007199254740993/);
    expect(torch.deserialize(data, { int64: 'round' }).tensors.big!.tolist()).toEqual([1, 2 ** 53]);
  });
});

describe('safetensors: round trips', () => {
  const cases: [string, torch.Tensor][] = [
    [
      'float32',
      torch.tensor(
        [
          [0.5, -1e-30],
          [Number.NaN, -0],
        ],
        { dtype: 'float32' },
      ),
    ],
    ['float64', torch.tensor([Math.PI, 1e300, -Infinity], { dtype: 'float64' })],
    ['int32', torch.tensor([-5, 2 ** 31 - 1], { dtype: 'int32' })],
    ['int64', torch.tensor([-(2 ** 53), 2 ** 53, 2 ** 60, -(2 ** 63), -3], { dtype: 'int64' })],
    ['uint8', torch.tensor([0, 200, 255], { dtype: 'uint8' })],
    ['bool', torch.tensor([true, false, true])],
    ['0-d', torch.tensor(3.25)],
    ['empty (0,)', torch.zeros(0, { dtype: 'int32' })],
    ['empty (2, 0)', torch.zeros(2, 0)],
    ['transposed', torch.arange(6, { dtype: 'float64' }).reshape(2, 3).t()],
    ['sliced', torch.arange(10, { dtype: 'int64' }).slice(0, 1, 9, 3)],
    ['expanded', torch.tensor([true, false]).expand(3, 2)],
  ];
  for (const [label, t] of cases) {
    it(label, () => {
      const back = torch.deserialize(torch.serialize({ x: t })).tensors.x!;
      expect(back.dtype).toBe(t.dtype);
      expect(back.shape).toEqual(t.shape);
      expect(back.isContiguous()).toBe(true);
      // toEqual compares numbers with Object.is: -0 and NaN must survive exactly.
      expect(Array.from(back.dataSync())).toEqual(Array.from(t.dataSync()));
    });
  }

  it('keeps odd names as own properties, including "__proto__"', () => {
    const rec: Record<string, torch.Tensor> = {};
    Object.defineProperty(rec, '__proto__', { value: torch.ones(1), enumerable: true });
    rec['a.b/c'] = torch.zeros(1);
    const back = torch.deserialize(torch.serialize(rec)).tensors;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'a.b/c']);
  });

  it('writes aligned offsets for mixed dtypes', () => {
    const bytes = torch.serialize({
      a: torch.ones(3, { dtype: 'uint8' }),
      b: torch.ones(1, { dtype: 'float64' }),
    });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.b.data_offsets).toEqual([0, 8]);
    expect(header.a.data_offsets).toEqual([8, 11]);
  });

  it('serializeAsync gives the same bytes', async () => {
    const rec = { w: torch.linspace(-1, 1, 6).reshape(3, 2), i: torch.arange(4) };
    expect(Buffer.from(await torch.serializeAsync(rec)).equals(Buffer.from(torch.serialize(rec)))).toBe(true);
  });

  it('the portable big-endian-host path gives the same bytes and values', () => {
    const arrays: [torch.DType, torch.TypedArray][] = [
      ['float32', Float32Array.of(1.5, -0, Number.NaN)],
      ['float64', Float64Array.of(Math.E, -1e-310)],
      ['int32', Int32Array.of(-7, 2 ** 31 - 1)],
    ];
    for (const [dtype, arr] of arrays) {
      const le = encodeElements(dtype, arr, 'x', true);
      expect(Array.from(encodeElements(dtype, arr, 'x', false))).toEqual(Array.from(le));
      expect(Array.from(decodeElements(dtype, le, 'x', 'error', false))).toEqual(Array.from(arr));
    }
  });
});

describe('safetensors: serialize argument errors', () => {
  it('rejects non-tensors, the reserved name and non-string metadata', () => {
    expect(() => torch.serialize({ a: 1 as unknown as torch.Tensor })).toThrow(
      /value for 'a' is not a Tensor/,
    );
    expect(() => torch.serialize({ __metadata__: torch.ones(1) })).toThrow(torch.ValueError);
    expect(() => torch.serialize({ a: torch.ones(1) }, { n: 3 as unknown as string })).toThrow(
      /metadata value for 'n' must be a string/,
    );
  });
});

describe('safetensors: save / load files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-st-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('save then load, sync and async', async () => {
    const path = join(dir, 'a.safetensors');
    const state = { weight: torch.linspace(-2, 3, 12).reshape(4, 3), step: torch.tensor(12) };
    torch.save(state, path, { metadata: { format: 'pt' } });
    const back = torch.load(path, { device: 'cpu' });
    expect(back.weight!.tolist()).toEqual(state.weight.tolist());
    expect(torch.deserialize(readFileSync(path)).metadata).toEqual({ format: 'pt' });
    await torch.saveAsync(state, join(dir, 'b.safetensors'));
    const again = await torch.loadAsync(join(dir, 'b.safetensors'));
    expect(again.step!.item()).toBe(12);
    expect(() => torch.load(path, { device: 'nope' })).toThrow(torch.RuntimeError);
  });

  it('points to serialize/deserialize where there is no file system', () => {
    const proc = process as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect(() => torch.load('x')).toThrow(/torch.serialize \/ torch.deserialize/);
    } finally {
      proc.getBuiltinModule = saved;
    }
  });
});
