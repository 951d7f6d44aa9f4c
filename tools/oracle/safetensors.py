"""Golden safetensors files written from real PyTorch tensors, and a checker for Kindling's output.

The `safetensors` package is not installed here, so the format is written by hand with struct + json,
exactly as the reference Rust writer lays it out (safetensors/src/tensor.rs `serialize`):
  * tensors sorted by dtype, descending in the reference's Dtype enum (I64 > F64 > F32 > I32 > U8 > BOOL),
    then by name (code-point order, as Rust compares UTF-8 bytes);
  * compact JSON, "__metadata__" first, each entry {"dtype", "shape", "data_offsets"} in that order,
    non-ASCII written raw (serde_json does not escape it);
  * header padded with spaces to a multiple of 8 bytes; u64 little-endian header length first.

Usage (from the repository root, with /usr/bin/python3 which has torch):
  /usr/bin/python3 tools/oracle/safetensors.py generate   # writes packages/kindling/test/fixtures/*
  /usr/bin/python3 tools/oracle/safetensors.py check FILE # parses a Kindling-written file and compares
"""
import json
import math
import os
import struct
import sys

import torch

FIXTURES = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'kindling', 'test', 'fixtures')

CODE = {torch.float32: 'F32', torch.float64: 'F64', torch.int32: 'I32', torch.int64: 'I64',
        torch.uint8: 'U8', torch.bool: 'BOOL'}
DTYPE = {v: k for k, v in CODE.items()}
RANK = {'I64': 0, 'F64': 1, 'F32': 2, 'I32': 3, 'U8': 4, 'BOOL': 5}
NAME = {torch.float32: 'float32', torch.float64: 'float64', torch.int32: 'int32', torch.int64: 'int64',
        torch.uint8: 'uint8', torch.bool: 'bool'}


def tensor_bytes(t):
    # numpy is little-endian on this machine; contiguous() makes views dense, as the reference requires.
    assert sys.byteorder == 'little'
    return t.detach().contiguous().numpy().tobytes()


def write(tensors, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (RANK[CODE[kv[1].dtype]], kv[0]))
    header = {}
    if metadata is not None:
        header['__metadata__'] = metadata
    offset = 0
    blobs = []
    for name, t in items:
        b = tensor_bytes(t)
        header[name] = {'dtype': CODE[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    js = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    js += b' ' * ((8 - len(js) % 8) % 8)
    return struct.pack('<Q', len(js)) + js + b''.join(blobs)


def read(data):
    """A strict reader: the same checks as the reference deserializer."""
    (n,) = struct.unpack('<Q', data[:8])
    assert n <= 100_000_000 and 8 + n <= len(data), 'bad header length'
    text = data[8:8 + n].decode('utf-8')
    assert text.startswith('{')
    header = json.loads(text, object_pairs_hook=lambda pairs: (
        dict(pairs) if len(pairs) == len(dict(pairs)) else (_ for _ in ()).throw(ValueError('duplicate key'))))
    metadata = header.pop('__metadata__', None)
    buf = data[8 + n:]
    out = {}
    at = 0
    for name, info in sorted(header.items(), key=lambda kv: tuple(kv[1]['data_offsets'])):
        begin, end = info['data_offsets']
        assert begin == at and end >= begin, f'{name}: offsets do not tile the buffer'
        dtype = DTYPE[info['dtype']]
        numel = math.prod(info['shape'])
        assert end - begin == numel * torch.empty((), dtype=dtype).element_size(), f'{name}: wrong byte length'
        raw = bytearray(buf[begin:end])
        t = torch.frombuffer(raw, dtype=dtype) if numel else torch.empty(0, dtype=dtype)
        out[name] = t.reshape(info['shape'])
        at = end
    assert at == len(buf), 'trailing bytes'
    return out, metadata


def golden():
    """Tensors covering every dtype, 0-d, empty and non-contiguous sources, awkward names."""
    torch.manual_seed(0)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.5
    return {
        'f32': torch.tensor([[1.5, -2.25, 0.0], [float('nan'), float('inf'), -float('inf')]]),
        'f32_neg_zero': torch.tensor([-0.0, 1e-45, 3.4028234663852886e38]),
        'f32_transposed': base.t(),  # non-contiguous source
        'f64': torch.tensor([math.pi, -1e300, 5e-324, 0.1], dtype=torch.float64),
        'i32': torch.tensor([[-2147483648, -1], [0, 2147483647]], dtype=torch.int32),
        'i64': torch.tensor([0, -1, 2**53, -(2**53), 2**62, -(2**63), 123456789012345], dtype=torch.int64),
        'u8': torch.tensor([0, 1, 127, 128, 255], dtype=torch.uint8),
        'bool': torch.tensor([[True, False, True]]),
        'scalar_f64': torch.tensor(2.5, dtype=torch.float64),
        'scalar_i64': torch.tensor(-7),
        'empty_f32': torch.zeros(0),
        'empty_2x0_i64': torch.zeros(2, 0, dtype=torch.int64),
        'randn_3d': torch.randn(2, 3, 4),
        '0': torch.tensor([1, 2], dtype=torch.int32),
        '10': torch.tensor([3], dtype=torch.int32),
        'qu"ote\\name': torch.tensor([True]),
        '\uff5e': torch.tensor([1], dtype=torch.uint8),
        '\U0001F600': torch.tensor([2], dtype=torch.uint8),
    }


METADATA = {'format': 'pt', 'note': 'written by tools/oracle/safetensors.py', 'ünï': 'çødé'}


def as_json(t):
    def enc(v):
        if isinstance(v, float) and not math.isfinite(v):
            return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
        return v
    flat = [enc(v) for v in t.reshape(-1).tolist()]
    # float32 values are given as the exact doubles numpy reads, so JSON round-trips them exactly.
    return {'dtype': NAME[t.dtype], 'shape': list(t.shape), 'values': flat,
            'contiguous': t.is_contiguous()}


def generate():
    os.makedirs(FIXTURES, exist_ok=True)
    tensors = golden()
    data = write(tensors, METADATA)
    back, meta = read(data)
    assert meta == METADATA
    for k, t in tensors.items():
        assert torch.equal(back[k].nan_to_num(), t.nan_to_num()) or t.numel() == 0, k
    with open(os.path.join(FIXTURES, 'pytorch.safetensors'), 'wb') as f:
        f.write(data)
    with open(os.path.join(FIXTURES, 'pytorch.safetensors.json'), 'w') as f:
        json.dump({'metadata': METADATA, 'tensors': {k: as_json(t) for k, t in tensors.items()}}, f,
                  ensure_ascii=False, indent=1)
    # No metadata at all: the header has no "__metadata__" key.
    with open(os.path.join(FIXTURES, 'pytorch-nometa.safetensors'), 'wb') as f:
        f.write(write({'w': torch.tensor([[1.0, 2.0]]), 'b': torch.tensor([3], dtype=torch.int64)}))
    # 2^53 + 1 needs 54 bits: Kindling's float64-backed int64 cannot hold it.
    with open(os.path.join(FIXTURES, 'int64-inexact.safetensors'), 'wb') as f:
        f.write(write({'big': torch.tensor([1, 2**53 + 1], dtype=torch.int64)}))
    print('wrote fixtures to', os.path.normpath(FIXTURES))


def check(path):
    with open(path, 'rb') as f:
        data = f.read()
    tensors, meta = read(data)
    expected = golden()
    assert meta == METADATA, meta
    assert sorted(tensors) == sorted(expected), sorted(tensors)
    for k, t in expected.items():
        got = tensors[k]
        assert got.dtype == t.dtype and got.shape == t.shape, (k, got.dtype, got.shape)
        assert torch.equal(got.nan_to_num(), t.nan_to_num()) and torch.equal(got.isnan(), t.isnan()), k
    assert data == write(expected, METADATA), 'bytes differ from the reference layout'
    print(f'{path}: {len(tensors)} tensors read by PyTorch, values and bytes match')


if __name__ == '__main__':
    if sys.argv[1:2] == ['generate']:
        generate()
    elif sys.argv[1:2] == ['check'] and len(sys.argv) == 3:
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
