"""Result dtypes (or error messages) and values of binary ops over every dtype pair, from real PyTorch.

Run: /usr/bin/python3 tools/oracle/promotion.py > packages/kindling/test/fixtures/promotion.json
"""
import json

import torch

DT = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32, "int64": torch.int64,
      "uint8": torch.uint8, "bool": torch.bool}
NAME = {v: k for k, v in DT.items()}
OPS = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "floorDivide": torch.floor_divide, "remainder": torch.remainder, "pow": torch.pow,
    "maximum": torch.maximum, "eq": torch.eq, "lt": torch.lt, "logicalAnd": torch.logical_and,
    "bitwiseAnd": torch.bitwise_and, "atan2": torch.atan2, "fmod": torch.fmod,
}
A = [3, 1, 0, 2]
B = [2, 1, 1, 3]


def make(vals, d, zero_dim=False):
    t = torch.tensor(vals, dtype=torch.float64).to(DT[d])
    return t[0] if zero_dim else t


def run(op, a, b):
    try:
        r = OPS[op](a, b)
        return {"dtype": NAME[r.dtype], "values": r.flatten().tolist()}
    except Exception as e:  # noqa: BLE001
        return {"error": str(e).split("\n")[0]}


cases = []
for op in OPS:
    for da in DT:
        for db in DT:
            cases.append({"op": op, "a": da, "b": db, "kind": "tt", **run(op, make(A, da), make(B, db))})
            cases.append({"op": op, "a": da, "b": db, "kind": "t0", **run(op, make(A, da), make(B, db, True))})
        for s in [2, 2.5, True]:
            cases.append({"op": op, "a": da, "b": s, "kind": "ts", **run(op, make(A, da), s)})
print(json.dumps(cases))
