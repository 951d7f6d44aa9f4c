"""Golden values for Kindling's random number generation, from real PyTorch 1.13 (CPU, AVX2).

Run with /usr/bin/python3 tools/oracle/rng.py; writes packages/kindling/test/fixtures/rng.json.
Floats are stored as hex bit patterns ('f32:3f800000', 'f64:3ff0000000000000') so that tests
compare bits; integers as numbers. Each case reseeds, so cases are independent.
"""

import json
import math
import os
import struct

import torch

assert torch.__config__.show().find("CPU capability usage: AVX2") >= 0, "run on an AVX2 build/CPU"


def enc(t):
    t = t.detach().contiguous()
    flat = t.reshape(-1).tolist()
    if t.dtype == torch.float32:
        vals = [struct.pack(">f", v).hex() for v in flat]
    elif t.dtype == torch.float64:
        vals = [struct.pack(">d", v).hex() for v in flat]
    else:
        vals = [int(v) for v in flat]
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": vals}


cases = {}

torch.manual_seed(0)
cases["rand_seed0"] = enc(torch.rand(5))
torch.manual_seed(42)
cases["rand_3x4"] = enc(torch.rand(3, 4))
torch.manual_seed(42)
cases["rand_f64"] = enc(torch.rand(7, dtype=torch.float64))

for n in [1, 10, 15, 16, 17, 33, 100, 1000]:
    torch.manual_seed(1)
    cases[f"randn_f32_{n}"] = enc(torch.randn(n))
for n in [10, 16, 17, 33, 100]:
    torch.manual_seed(1)
    cases[f"randn_f64_{n}"] = enc(torch.randn(n, dtype=torch.float64))

# Scalar path leaves a cached sine sample; the vector path neither uses nor clears it.
torch.manual_seed(3)
cases["mixed"] = [
    enc(torch.randn(5)),
    enc(torch.randn(20)),
    enc(torch.rand(3)),
    enc(torch.randn(3)),
    enc(torch.randn(1, dtype=torch.float64)),
    enc(torch.randn(2, 3)),
]

torch.manual_seed(4)
cases["randint"] = [
    enc(torch.randint(0, 10, (20,))),
    enc(torch.randint(-5, 5, (2, 3))),
    enc(torch.randint(0, 2**40, (5,))),
    enc(torch.randint(3, (4,), dtype=torch.int32)),
    enc(torch.randint(0, 10, (4,), dtype=torch.float32)),
]

torch.manual_seed(5)
cases["randperm"] = [enc(torch.randperm(10)), enc(torch.randperm(1)), enc(torch.randperm(0)), enc(torch.randperm(100))]

torch.manual_seed(6)
p32 = torch.linspace(0, 1, 20)
p64 = torch.linspace(0, 1, 20, dtype=torch.float64)
cases["bernoulli"] = {
    "p32": enc(p32),
    "p64": enc(p64),
    "out": [enc(torch.bernoulli(p32)), enc(torch.bernoulli(p64)), enc(torch.empty(10).bernoulli_(0.3)),
            enc(torch.zeros(2, 3, dtype=torch.int64).bernoulli_(0.5))],
}

torch.manual_seed(7)
mean_t = torch.tensor([0.0, 1.0, -2.0, 10.0])
std_t = torch.tensor([1.0, 0.5, 2.0, 3.0])
cases["normal"] = {
    "mean_t": enc(mean_t),
    "std_t": enc(std_t),
    "out": [
        enc(torch.normal(2.0, 3.0, (10,))),
        enc(torch.normal(2.0, 3.0, (20,))),
        enc(torch.normal(-1.0, 0.5, (33,), dtype=torch.float64)),
        enc(torch.normal(mean_t, std_t)),
        enc(torch.normal(mean_t, 0.5)),
        enc(torch.normal(0.5, std_t)),
        enc(torch.empty(40).normal_(0.25, 1.5)),
    ],
}


def kaiming_bound(fan_in):
    a = math.sqrt(5)
    gain = math.sqrt(2.0 / (1 + a**2))
    return math.sqrt(3.0) * (gain / math.sqrt(fan_in))


torch.manual_seed(8)
lin = torch.nn.Linear(4, 3)
torch.manual_seed(9)
conv = torch.nn.Conv2d(3, 8, 3)
torch.manual_seed(10)
conv2 = torch.nn.Conv2d(16, 32, 3)
cases["init"] = {
    "linear_bound": kaiming_bound(4),
    "linear": [enc(lin.weight), enc(lin.bias)],
    "conv": [enc(conv.weight), enc(conv.bias)],
    "conv2": [enc(conv2.weight), enc(conv2.bias)],
    "uniform_f64": None,
}
torch.manual_seed(8)
cases["init"]["uniform_f64"] = enc(torch.empty(3, 4, dtype=torch.float64).uniform_(-kaiming_bound(4), kaiming_bound(4)))

g = torch.Generator().manual_seed(123)
torch.manual_seed(0)
cases["generators"] = [
    enc(torch.rand(3, generator=g)),
    enc(torch.rand(3)),
    enc(torch.randn(4, generator=g)),
    enc(torch.randperm(5, generator=g)),
    enc(torch.randn(3)),
]

torch.manual_seed(10)
torch.randn(5)  # leaves a cached double sample
state = torch.get_rng_state()
cases["state"] = {"bytes": bytes(state.tolist()).hex(), "after": [enc(torch.randn(3)), enc(torch.rand(4))]}

torch.manual_seed(11)
x = torch.empty(4, 5).t()
x.uniform_(-1, 1)
y = torch.empty(4, 5).t()
y.normal_()
z = torch.empty(6, 8)[:, ::2]
z.normal_(1.0, 2.0)
w = torch.empty(3, 4, 5).permute(2, 0, 1)
w.bernoulli_(torch.rand(5, 1, 1))
cases["noncontiguous"] = [enc(x), enc(y), enc(z), enc(w)]

torch.manual_seed(12)
cases["exponential"] = [enc(torch.empty(10).exponential_(1.5)), enc(torch.empty(5, dtype=torch.float64).exponential_())]

torch.manual_seed(13)
cases["random_"] = [enc(torch.empty(5, dtype=torch.int64).random_(0, 100)), enc(torch.empty(5).random_(10)),
                    enc(torch.empty(3, dtype=torch.int32).random_(-3, 3))]

torch.manual_seed(2**40 + 5)
hi = enc(torch.rand(2))
torch.manual_seed(-1)
cases["seeds"] = {"high_bits": hi, "neg_initial": str(torch.initial_seed()), "neg_rand": enc(torch.rand(2))}

out = os.path.join(os.path.dirname(__file__), "../../packages/kindling/test/fixtures/rng.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
print("wrote", os.path.normpath(out))
