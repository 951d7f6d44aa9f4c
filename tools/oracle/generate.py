#!/usr/bin/python3
"""Golden values for Kindling's backend conformance suite, computed by real PyTorch.

Reads the sample table exported from TypeScript (tools/oracle/export-samples.ts), rebuilds every
input with the same LCG, runs the op in PyTorch and writes forward values and the gradients of
`(out * w).sum()` to packages/backend-cpu/test/fixtures/conformance.json. See README.md.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(ROOT, 'packages', 'backend-cpu', 'test', 'fixtures', 'conformance.json')

DTYPES = {
    'float32': torch.float32,
    'float64': torch.float64,
    'int32': torch.int32,
    'int64': torch.int64,
    'uint8': torch.uint8,
    'bool': torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}


# ---- the suite's generator, bit for bit as in packages/core/src/testing/lcg.ts and inputs.ts ----

class Lcg:
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return self.state / 4294967296


def fnv1a(s):
    h = 0x811C9DC5
    for ch in s:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h


def is_float(d):
    return d in ('float32', 'float64')


def draw(spec, dtype, u):
    gen = spec.get('gen')
    if gen == 'bool' or (gen is None and dtype == 'bool'):
        return 1.0 if u < 0.5 else 0.0
    if gen == 'int' or not is_float(dtype):
        lo = spec.get('low', 0 if dtype == 'uint8' else -5)
        hi = spec.get('high', 10 if dtype == 'uint8' else 5)
        if dtype == 'uint8':
            lo = max(lo, 0)
        return float(math.floor(lo + (hi - lo) * u))
    lo = spec.get('low', -2)
    hi = spec.get('high', 2)
    return lo + (hi - lo) * u


def cast(values, shape, dtype):
    """Doubles → a tensor of `dtype` (round to nearest for float32, exact integers, v != 0 for bool)."""
    return torch.tensor(values, dtype=torch.float64).reshape(shape).to(DTYPES[dtype])


def make_inputs(sample, dtype, probe):
    rng = Lcg(sample['seed'])
    out = []
    for j, spec in enumerate(sample['inputs']):
        d = spec.get('dtype', dtype)
        gen_shape = spec.get('expandFrom', spec['shape'])
        n = math.prod(gen_shape)
        base = cast([draw(spec, d, rng.next()) for _ in range(n)], gen_shape, d)
        got = base.reshape(-1)[:3].double().tolist()
        if got != probe[j]:
            sys.exit(f"{sample['key']} input {j} ({d}): LCG mismatch with TypeScript: {got} != {probe[j]}")
        out.append(base.expand(spec['shape']).contiguous())
    return out


def weights(seed, shape, dtype):
    rng = Lcg(seed)
    return cast([-1 + 2 * rng.next() for _ in range(math.prod(shape))], list(shape), dtype)


# ---- calling ops by their Kindling names ----

def snake(name):
    return re.sub(r'([A-Z])', r'_\1', name).lower()


def py_slice(x, dim, start=None, end=None, step=1):
    dim = dim % x.dim()
    return x[(slice(None),) * dim + (slice(start, end, step),)]


# Kindling names that are not Tensor methods in PyTorch, or differ in how they are called.
METHOD_OVERRIDES = {
    'gelu': F.gelu,
    'softplus': F.softplus,
    'silu': F.silu,
    'slice': py_slice,
}
# Kindling takes these keyword-only PyTorch arguments positionally too: (op → names after `other`).
KEYWORD_ONLY = {'add': ['alpha'], 'sub': ['alpha'], 'div': ['rounding_mode']}


def convert(arg, inputs):
    if isinstance(arg, list):
        return [convert(a, inputs) for a in arg]
    if isinstance(arg, dict) and 'input' in arg:
        return inputs[arg['input']]
    if isinstance(arg, str) and arg in DTYPES:
        return DTYPES[arg]
    return arg


def call(entry, sample, inputs):
    args = [convert(a, inputs) for a in sample['args']]
    kwargs = {snake(k): convert(v, inputs) for k, v in sample['kwargs'].items()}
    op = entry['op']
    if entry['call'] == 'function':
        return getattr(torch, snake(op))(*args, **kwargs)
    if op in KEYWORD_ONLY:
        extra = args[1:]
        args = args[:1]
        for name, v in zip(KEYWORD_ONLY[op], extra):
            kwargs[name] = v
    fn = METHOD_OVERRIDES.get(op)
    if fn is not None:
        return fn(inputs[0], *args, **kwargs)
    return getattr(inputs[0], snake(op))(*args, **kwargs)


def outputs_of(result):
    if isinstance(result, torch.Tensor):
        return [result]
    return list(result)


# ---- encoding ----

def encode(t):
    flat = t.detach().reshape(-1)
    if t.dtype == torch.bool:
        return [int(v) for v in flat.tolist()]
    if not t.dtype.is_floating_point:
        return flat.tolist()
    out = []
    for v in flat.tolist():
        if math.isnan(v):
            out.append('nan')
        elif math.isinf(v):
            out.append('inf' if v > 0 else '-inf')
        elif t.dtype == torch.float32:
            out.append(float('%.9g' % v))  # 9 significant digits round-trip any float32
        else:
            out.append(v)
    return out


def run_case(entry, sample, case):
    dtype = case['dtype']
    inputs = make_inputs(sample, dtype, case['probe'])
    for t, rg in zip(inputs, case['requiresGrad']):
        if rg:
            t.requires_grad_(True)
    try:
        outs = outputs_of(call(entry, sample, inputs))
    except Exception as e:  # PyTorch rejects the call: Kindling must throw too
        return {'spec': sample['hash'], 'error': str(e).strip().split('\n')[0]}
    golden = {
        'spec': sample['hash'],
        'outputs': [
            {'shape': list(o.shape), 'dtype': NAMES[o.dtype], 'values': encode(o), 'requiresGrad': o.requires_grad}
            for o in outs
        ],
    }
    terms = [
        (o * weights(fnv1a(f"{sample['key']}:w{k}"), o.shape, NAMES[o.dtype])).sum()
        for k, o in enumerate(outs)
        if o.requires_grad
    ]
    if terms:
        try:
            sum(terms).backward()
        except Exception as e:  # e.g. floor_divide: the output requires grad but has no derivative
            golden['gradError'] = str(e).strip().split('\n')[0]
            return golden
        golden['grads'] = [None if t.grad is None else encode(t.grad) for t in inputs]
    return golden


def export_samples():
    path = os.path.join(tempfile.mkdtemp(), 'samples.json')
    subprocess.run(
        ['node', '--conditions=kindling-source', '--import', 'tsx', 'tools/oracle/export-samples.ts', path],
        cwd=ROOT,
        check=True,
    )
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--samples', help='sample table JSON (default: export it now with node)')
    parser.add_argument('--out', default=DEFAULT_OUT)
    a = parser.parse_args()
    with open(a.samples or export_samples()) as f:
        table = json.load(f)
    torch.set_default_dtype(torch.float32)
    cases = {}
    errors = 0
    for entry in table['entries']:
        for sample in entry['samples']:
            for case in sample['cases']:
                g = run_case(entry, sample, case)
                errors += 'error' in g
                cases[f"{sample['key']}:{case['dtype']}"] = g
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, 'w') as f:
        json.dump({'torch': torch.__version__, 'cases': cases}, f, separators=(',', ':'), allow_nan=False)
        f.write('\n')
    print(f'wrote {len(cases)} cases ({errors} where PyTorch raises) to {os.path.relpath(a.out, ROOT)}')


if __name__ == '__main__':
    main()
