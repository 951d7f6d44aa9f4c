"""Golden repr() strings from real PyTorch, for Kindling's printing conformance test.

Each case is a recipe both sides can follow exactly: flat values (nan/inf as strings), a shape, a
dtype, optional requires_grad, an optional op applied afterwards (to get a grad_fn or a view) and
optional print options. PyTorch builds the tensor from the recipe and records repr(t).

Usage (repository root): /usr/bin/python3 tools/oracle/printing.py
writes packages/kindling/test/fixtures/printing.json
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'kindling', 'test', 'fixtures', 'printing.json')
DTYPES = {'float32': torch.float32, 'float64': torch.float64, 'int32': torch.int32, 'int64': torch.int64,
          'uint8': torch.uint8, 'bool': torch.bool}
OPS = {
    'mul2': lambda t: t * 2,
    'add1': lambda t: t + 1,
    'exp': lambda t: t.exp(),
    'neg': lambda t: t.neg(),
    'sum': lambda t: t.sum(),
    'mean': lambda t: t.mean(),
    'transpose': lambda t: t.t(),
}

nan, inf = float('nan'), float('inf')


def case(name, values, shape=None, dtype='float32', requires_grad=False, op=None, opts=None):
    return {'name': name, 'values': values, 'shape': [len(values)] if shape is None else shape, 'dtype': dtype,
            'requires_grad': requires_grad, 'op': op, 'opts': opts or {}}


def rng(n, f=lambda i: i):
    return [f(i) for i in range(n)]


CASES = [
    case('int64 vector', [1, 2, 3], dtype='int64'),
    case('int64 matrix', [1, 2, 3, 4], [2, 2], dtype='int64'),
    case('int64 widths', [-100, 5, 12345, 0], dtype='int64'),
    case('int64 beyond 2^53', [2**53, -5, -(2**60)], dtype='int64'),
    case('float integer-valued', [1.0, 2.0, 3.0]),
    case('float integer-valued widths', [100.0, -1.0, 7.0]),
    case('float fractions', [0.5, 1.25, -3.75]),
    case('float thirds', [1 / 3, 2 / 3, -1 / 3]),
    case('float small -> sci', [1e-5, 1.0, 0.5]),
    case('float large -> sci', [1e9, 1.5]),
    case('float int-valued large -> sci', [1.0, 1e9]),
    case('float int-valued ratio > 1000 -> sci', [1.0, 2000.0]),
    case('float int-valued at 1e8', [1e8, 5e7]),
    case('float int-valued float32 rounding', [123456789.0, 1.0]),
    case('float ratio > 1000 -> sci', [0.1, 200.5]),
    case('float64 tiny exponent', [1e-300, 1.0], dtype='float64'),
    case('float nan inf', [nan, inf, -inf, 1.5]),
    case('float nan inf int-valued', [nan, inf, 2.0]),
    case('float all nan', [nan, nan]),
    case('float zeros', [0.0, 0.0, 0.0]),
    case('float negative zero int-valued', [-0.0, 1.0]),
    case('float negative zero', [-0.0, 1.5]),
    case('float round half even fixed', [0.03125, 1.03125, -0.03125]),
    case('float round half even sci', [1.03125, 2000.5]),
    case('float 2-D with nan', [1.5, nan, -2.0, 3.25], [2, 2]),
    case('float64 fractions', [1.5, 2.25], dtype='float64'),
    case('float64 integer-valued', [1.0, 2.0], dtype='float64'),
    case('int32', [1, -2, 300], dtype='int32'),
    case('uint8', [0, 255, 7], dtype='uint8'),
    case('bool mixed', [True, False, True], dtype='bool'),
    case('bool all true', [True, True], [1, 2], dtype='bool'),
    case('0-d float', [3.5], []),
    case('0-d int64', [7], [], dtype='int64'),
    case('0-d bool', [True], [], dtype='bool'),
    case('0-d float64', [2.0], [], dtype='float64'),
    case('0-d nan', [nan], []),
    case('0-d negative zero', [-0.0], []),
    case('0-d sci', [1e-8], []),
    case('empty (0,)', [], [0]),
    case('empty (2, 0)', [], [2, 0]),
    case('empty int64 (0,)', [], [0], dtype='int64'),
    case('empty bool (0, 3)', [], [0, 3], dtype='bool'),
    case('empty float64 (0,)', [], [0], dtype='float64'),
    case('3-D int64', rng(24), [2, 3, 4], dtype='int64'),
    case('3-D float', rng(24, lambda i: i / 7 - 1), [2, 3, 4]),
    case('4-D float', rng(16, lambda i: i * 0.5), [2, 2, 2, 2]),
    case('summarised 1-D int64', rng(2000), dtype='int64'),
    case('summarised 1-D float', rng(1001, lambda i: i / 3)),
    case('summarised 2-D', rng(2500, lambda i: math.sin(i)), [50, 50]),
    case('summarised 3-D', rng(2000, lambda i: i), [20, 10, 10], dtype='int64'),
    case('summarised rows only', rng(2000, lambda i: i * 0.25), [1000, 2]),
    case('wrapping float row', rng(40, lambda i: i * 1.5)),
    case('wrapping int row', rng(100), dtype='int64'),
    case('wrapping nested rows', rng(90, lambda i: i / 11), [3, 30]),
    case('wrapping sci row', rng(20, lambda i: (i + 1) * 1e-5)),
    case('suffix wraps to a new line', [1e-5, 2, 3, 4, 5, 6], dtype='float64'),
    case('suffix wraps after multi-line body', rng(30, lambda i: i * 1e-5 + 1e-5), dtype='float64'),
    case('requires_grad', [1.0, 2.0], requires_grad=True),
    case('requires_grad float64', [0.5], [1, 1], dtype='float64', requires_grad=True),
    case('grad_fn mul', [1.0, 2.0], requires_grad=True, op='mul2'),
    case('grad_fn add', [1.5, -2.0], requires_grad=True, op='add1'),
    case('grad_fn exp', [0.0, 1.0], requires_grad=True, op='exp'),
    case('grad_fn neg', [0.5], requires_grad=True, op='neg'),
    case('grad_fn sum', [1.0, 2.0, 3.0], requires_grad=True, op='sum'),
    case('grad_fn mean float64', [1.0, 2.0], dtype='float64', requires_grad=True, op='mean'),
    case('transposed view', rng(6, lambda i: i * 1.5), [2, 3], op='transpose'),
    case('opts precision 2', [1 / 3, 2.5], opts={'precision': 2}),
    case('opts sci_mode False', [1e22, 0.5], dtype='float64', opts={'sci_mode': False}),
    case('opts sci_mode True', [1.0, 2.5], opts={'sci_mode': True}),
    case('opts sci_mode True int-valued', [1.0, 2.0], opts={'sci_mode': True}),
    case('opts threshold and edgeitems', rng(10), dtype='int64', opts={'threshold': 5, 'edgeitems': 2}),
    case('opts linewidth', rng(12, lambda i: i / 4), opts={'linewidth': 40}),
]


# Python's float formatting, which the printer is built on: ties, carries, subnormals, huge values.
NUMBERS = [0.5, 1.5, 2.5, -0.5, 0.03125, 1.03125, -1.03125, 9.99995, 9.999949999, 99999.5, 0.00015625,
           5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e21, 1e22, 123456789.123, -0.0, 0.0,
           1e-5, 1e16, 2**53 + 2, 0.1, 1 / 3, 1e100, 9.5, 10.5, 0.999995, 1e-4, 6.02214076e23]


def build(c):
    t = torch.tensor(c['values'], dtype=DTYPES[c['dtype']]).reshape(c['shape'])
    if c['requires_grad']:
        t.requires_grad_(True)
    if c['op']:
        t = OPS[c['op']](t)
    return t


def encode(v):
    if isinstance(v, float) and not math.isfinite(v):
        return 'nan' if math.isnan(v) else ('inf' if v > 0 else '-inf')
    return v


def main():
    out = []
    for c in CASES:
        torch.set_printoptions(profile='default')
        torch.set_printoptions(**c['opts'])
        out.append({**c, 'values': [encode(v) for v in c['values']], 'repr': repr(build(c))})
    torch.set_printoptions(profile='default')
    numbers = [{'value': v, 'f0': f'{v:.0f}', 'f4': f'{v:.4f}', 'e4': f'{v:.4e}', 'e0': f'{v:.0e}', 'e8': f'{v:.8e}'}
               for v in NUMBERS]
    # One case per line: readable diffs without one line per value of the 2,000-element cases.
    lines = lambda items: ',\n'.join('  ' + json.dumps(x) for x in items)
    with open(OUT, 'w') as f:
        f.write(f'{{"torch": {json.dumps(torch.__version__)},\n"cases": [\n{lines(out)}\n],\n'
                f'"numbers": [\n{lines(numbers)}\n]}}\n')
    print(f'wrote {len(out)} cases to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
