"""Golden values for creation functions and dtype inference, from real PyTorch.

Run: /usr/bin/python3 tools/oracle/creation.py > packages/kindling/test/fixtures/creation.json
"""
import json

import torch

D = {torch.float32: "float32", torch.float64: "float64", torch.int32: "int32", torch.int64: "int64",
     torch.uint8: "uint8", torch.bool: "bool"}


def rec(name, t):
    return {"name": name, "dtype": D[t.dtype], "shape": list(t.shape), "values": t.flatten().tolist()}


cases = [
    rec("arange(5)", torch.arange(5)),
    rec("arange(1, 4)", torch.arange(1, 4)),
    rec("arange(0, 1, 0.1)", torch.arange(0, 1, 0.1)),
    rec("arange(10, 0, -3)", torch.arange(10, 0, -3)),
    rec("arange(0.5, 3)", torch.arange(0.5, 3)),
    rec("arange(-2.5, 2.5, 0.7) f64", torch.arange(-2.5, 2.5, 0.7, dtype=torch.float64)),
    rec("linspace(-1.3, 2.7, 7)", torch.linspace(-1.3, 2.7, 7)),
    rec("linspace(0, 1, 11)", torch.linspace(0, 1, 11)),
    rec("linspace(3, -7, 9) f64", torch.linspace(3, -7, 9, dtype=torch.float64)),
    rec("linspace(0, 10, 4) int64", torch.linspace(0, 10, 4, dtype=torch.int64)),
    rec("linspace(2, 5, 1)", torch.linspace(2, 5, 1)),
    rec("linspace(2, 5, 0)", torch.linspace(2, 5, 0)),
    rec("eye(3)", torch.eye(3)),
    rec("eye(2, 4)", torch.eye(2, 4)),
    rec("full([2], 7)", torch.full([2], 7)),
    rec("full([2], 7.5)", torch.full([2], 7.5)),
    rec("full([2], True)", torch.full([2], True)),
    rec("tensor([1, 2])", torch.tensor([1, 2])),
    rec("tensor([1, 2.5])", torch.tensor([1, 2.5])),
    rec("tensor([True, False])", torch.tensor([True, False])),
    rec("tensor([[1, 2], [3, 4]])", torch.tensor([[1, 2], [3, 4]])),
    rec("tensor(3.5)", torch.tensor(3.5)),
    rec("tensor([]) ", torch.tensor([])),
    rec("tensor([2.7, -2.7]) int32", torch.tensor([2.7, -2.7]).to(torch.int32)),
    rec("tensor([300, -1]) uint8", torch.tensor([300, -1]).to(torch.uint8)),
    rec("tensor([0.5, 0, -2]) bool", torch.tensor([0.5, 0, -2]).to(torch.bool)),
]
print(json.dumps(cases))
