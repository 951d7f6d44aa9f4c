#!/usr/bin/python3
"""Golden values for Kindling's indexing / gather-scatter / joining ops, computed by real PyTorch.

Run from the repository root with Debian's PyTorch 1.13:

    /usr/bin/python3 tools/oracle/indexing.py

It writes packages/kindling/test/fixtures/indexing.json. Each case names a call (a Tensor method,
a torch function, a subscript read `x[...]` or a subscript write `y = x.clone(); y[...] = v`), its
arguments, and either the result (values, shape, dtype) plus the gradients of sum(result * w) with
respect to every input made with requires_grad, or the error PyTorch raises (class and message).
"""
import json
import os
import warnings

import torch

warnings.filterwarnings("ignore")
torch.manual_seed(0)

DT = {
    torch.float32: "float32",
    torch.float64: "float64",
    torch.int32: "int32",
    torch.int64: "int64",
    torch.uint8: "uint8",
    torch.bool: "bool",
}
ALL = [torch.float32, torch.float64, torch.int32, torch.int64, torch.uint8, torch.bool]


def rand(*shape, dtype=torch.float32, grad=False, lo=-5, hi=6):
    if dtype.is_floating_point:
        t = torch.randn(*shape, dtype=dtype)
    elif dtype == torch.bool:
        t = torch.rand(*shape) > 0.5
    else:
        t = torch.randint(0 if dtype == torch.uint8 else lo, hi, shape, dtype=dtype)
    return t.requires_grad_(grad)


def idx(*data):
    return torch.tensor(data[0] if len(data) == 1 else list(data), dtype=torch.int64)


class S:
    """A slice in a subscript case."""

    def __init__(self, start=None, stop=None, step=None):
        self.s = slice(start, stop, step)


_ids = []


def enc(v):
    """Encodes an argument; a tensor used twice in one case keeps one id (so gradients add up)."""
    if isinstance(v, torch.Tensor):
        if not any(v is o for o in _ids):
            _ids.append(v)
        i = next(k for k, o in enumerate(_ids) if o is v)
        return {"t": {"id": i, "data": v.detach().reshape(-1).tolist(), "shape": list(v.shape), "dtype": DT[v.dtype], "grad": v.requires_grad}}
    if isinstance(v, S):
        return {"slice": [v.s.start, v.s.stop, v.s.step]}
    if v is Ellipsis:
        return {"ellipsis": True}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    return v


def enc_out(v):
    if isinstance(v, torch.Tensor):
        return {"data": v.detach().reshape(-1).tolist(), "shape": list(v.shape), "dtype": DT[v.dtype]}
    return [enc_out(x) for x in v]


def leaves(v, out):
    if isinstance(v, torch.Tensor):
        if v.requires_grad and not any(v is o for o in out):
            out.append(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            leaves(x, out)
    return out


def unwrap(v):
    if isinstance(v, S):
        return v.s
    if isinstance(v, tuple):
        return tuple(unwrap(x) for x in v)
    return v


cases = []


def case(name, kind, fn=None, self=None, args=(), kwargs=None, value=None):
    """kind: 'method', 'func', 'getitem' (args = subscript entries) or 'setitem' (plus value)."""
    kwargs = kwargs or {}
    _ids.clear()
    c = {"name": name, "kind": kind, "fn": fn, "self": enc(self) if self is not None else None, "args": enc(list(args)), "kwargs": kwargs}
    if kind == "setitem":
        c["value"] = enc(value)
    inputs = leaves([self, list(args), value], [])
    try:
        if kind == "method":
            out = getattr(self, fn)(*args, **kwargs)
        elif kind == "func":
            out = getattr(torch, fn)(*args, **kwargs)
        elif kind == "getitem":
            out = self[unwrap(tuple(args))]
        else:
            out = self.clone()
            out[unwrap(tuple(args))] = value
    except Exception as e:  # noqa: BLE001 - the error is the expected result
        c["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        cases.append(c)
        return
    c["out"] = enc_out(out)
    if inputs and isinstance(out, torch.Tensor) and out.requires_grad:
        w = torch.randn(out.shape, dtype=torch.float64).to(out.dtype)
        grads = torch.autograd.grad((out * w).sum(), inputs, allow_unused=True)
        c["weight"] = w.reshape(-1).tolist()
        c["grads"] = [None if g is None else g.reshape(-1).tolist() for g in grads]
    cases.append(c)


# --- gather / scatter -----------------------------------------------------------------------
x = rand(3, 4, grad=True)
case("gather dim0", "method", "gather", x, [0, idx([[2, 0, 1, 1], [0, 0, 2, 1]])])
case("gather dim1", "method", "gather", x, [1, idx([[3, 0], [1, 1], [2, 0]])])
case("gather dim -1 larger dim", "method", "gather", x, [-1, idx([[3, 0, 3, 3, 1, 0]] * 2)])
case("gather 3d", "method", "gather", rand(2, 3, 4, grad=True), [1, torch.randint(0, 3, (2, 5, 3))])
case("gather 0-d", "method", "gather", torch.tensor(2.5, requires_grad=True), [0, torch.tensor(0)])
case("gather non-contiguous", "method", "gather", rand(4, 3, grad=True).t(), [1, idx([[0, 3], [2, 2], [1, 0]])])
case("torch.gather", "func", "gather", None, [x, 1, idx([[0], [3], [1]])])
for dt in ALL:
    case(f"gather {DT[dt]}", "method", "gather", rand(3, 3, dtype=dt), [0, idx([[2, 1, 0], [0, 0, 0]])])
case("gather oob", "method", "gather", x, [0, idx([[5, 0, 0, 0]])])
case("gather negative", "method", "gather", x, [0, idx([[-1, 0, 0, 0]])])
case("gather int32 index", "method", "gather", x, [0, torch.tensor([[0]], dtype=torch.int32)])
case("gather ndim", "method", "gather", x, [0, idx([0, 1])])
case("gather size", "method", "gather", x, [0, idx([[0, 0, 0, 0, 0]])])

src = rand(2, 4, grad=True)
case("scatter src", "method", "scatter", x, [0, idx([[2, 0, 1, 0], [1, 2, 0, 1]]), src])
case("scatter value", "method", "scatter", x, [1, idx([[0], [3], [1]]), 7.5])
case("scatter smaller src", "method", "scatter", x, [1, idx([[0, 1], [3, 2]]), rand(3, 5)])
case("scatter reduce add", "method", "scatter", rand(3, 4), [0, idx([[2, 2, 1, 0]]), rand(1, 4)], {"reduce": "add"})
case("scatter reduce multiply", "method", "scatter", rand(3, 4), [0, idx([[2, 2, 1, 0], [2, 2, 2, 2]]), rand(2, 4)], {"reduce": "multiply"})
case("scatter_add duplicates", "method", "scatter_add", x, [0, idx([[2, 2, 2, 0], [2, 2, 1, 0]]), src])
case("torch.scatter_add", "func", "scatter_add", None, [rand(5), 0, idx([0, 0, 4, 1]), rand(4)])
case("scatter_ in place", "method", "scatter_", rand(3, 4), [1, idx([[3], [0]]), rand(2, 1)])
case("scatter_add_ in place", "method", "scatter_add_", rand(3, 4, dtype=torch.int64), [1, idx([[3, 3], [0, 3]]), rand(2, 2, dtype=torch.int64)])
for dt in ALL:
    case(f"scatter {DT[dt]}", "method", "scatter", rand(3, 3, dtype=dt), [0, idx([[2, 1, 0]]), rand(1, 3, dtype=dt)])
    if dt != torch.bool:
        case(f"scatter_add {DT[dt]}", "method", "scatter_add", rand(3, 3, dtype=dt), [0, idx([[2, 2, 0], [2, 1, 0]]), rand(2, 3, dtype=dt)])
case("scatter oob", "method", "scatter", x, [0, idx([[5, 0, 0, 0]]), 1.0])
case("scatter dtype", "method", "scatter", x, [0, idx([[1, 0, 0]]), rand(1, 3, dtype=torch.float64)])
case("scatter index dtype", "method", "scatter", x, [0, torch.tensor([[1]], dtype=torch.int32), src])
case("scatter ndim", "method", "scatter", x, [0, idx([1, 0]), src])
case("scatter size", "method", "scatter", x, [0, idx([[1, 0, 0]]), rand(1, 2)])
case("scatter size value", "method", "scatter", x, [0, idx([[1, 0, 0, 0, 0]]), 1.0])
case("scatter bad reduce", "method", "scatter", x, [0, idx([[1, 0, 0]]), 2.0], {"reduce": "mean"})
case("scatter_add dtype", "method", "scatter_add", x, [0, idx([[1, 0, 0]]), rand(1, 3, dtype=torch.float64)])

# --- index_select / index_add / take ---------------------------------------------------------
case("index_select dim0", "method", "index_select", x, [0, idx([2, 0, 2])])
case("index_select dim1", "method", "index_select", x, [1, idx([3, 1])])
case("index_select int32", "method", "index_select", x, [1, torch.tensor([3, 1], dtype=torch.int32)])
case("index_select 0-d index", "method", "index_select", x, [0, torch.tensor(1)])
case("index_select empty", "method", "index_select", x, [0, torch.tensor([], dtype=torch.int64)])
case("index_select non-contiguous", "method", "index_select", rand(4, 3, grad=True).t(), [1, idx([3, 3, 0])])
case("torch.index_select", "func", "index_select", None, [x, -1, idx([0])])
for dt in ALL:
    case(f"index_select {DT[dt]}", "method", "index_select", rand(3, 2, dtype=dt), [0, idx([1, 1, 0])])
case("index_select oob", "method", "index_select", x, [0, idx([5])])
case("index_select negative", "method", "index_select", x, [0, idx([-1])])
case("index_select 2-d index", "method", "index_select", x, [0, idx([[1]])])
case("index_select float index", "method", "index_select", x, [0, torch.tensor([1.0])])

case("index_add", "method", "index_add", x, [0, idx([2, 0, 2]), rand(3, 4, grad=True)])
case("index_add alpha", "method", "index_add", x, [1, idx([1, 1]), rand(3, 2, grad=True)], {"alpha": 2.5})
case("index_add_ in place", "method", "index_add_", rand(4, 2), [0, idx([3, 0, 3]), rand(3, 2)])
case("torch.index_add", "func", "index_add", None, [rand(5), 0, idx([4, 4, 0]), rand(3)])
for dt in [torch.float32, torch.float64, torch.int32, torch.int64, torch.uint8]:
    case(f"index_add {DT[dt]}", "method", "index_add", rand(3, 2, dtype=dt), [0, idx([1, 1]), rand(2, 2, dtype=dt)])
case("index_add oob", "method", "index_add", x, [0, idx([5]), rand(1, 4)])
case("index_add count", "method", "index_add", x, [0, idx([1]), rand(2, 4)])
case("index_add dtype", "method", "index_add", x, [0, idx([1]), rand(1, 4, dtype=torch.float64)])

case("take", "method", "take", x, [idx([[0, 11], [-1, 5]])])
case("torch.take", "func", "take", None, [rand(2, 3, dtype=torch.int32), idx([5, 0, -6])])
case("take oob", "method", "take", x, [idx([12])])
case("take int32", "method", "take", x, [torch.tensor([1], dtype=torch.int32)])

# --- nonzero / masked ------------------------------------------------------------------------
for dt in ALL:
    case(f"nonzero {DT[dt]}", "method", "nonzero", rand(3, 4, dtype=dt).clamp(min=0) if dt.is_floating_point else rand(3, 4, dtype=dt).remainder(2) if dt != torch.bool else rand(3, 4, dtype=dt), [])
case("nonzero 0-d", "method", "nonzero", torch.tensor(3.0), [])
case("nonzero 0-d zero", "method", "nonzero", torch.tensor(0.0), [])
case("nonzero empty", "method", "nonzero", torch.zeros(0, 3), [])
case("nonzero 3d", "func", "nonzero", None, [rand(2, 3, 2, dtype=torch.bool)])
case("nonzero as_tuple", "func", "nonzero", None, [rand(3, 3, dtype=torch.bool)], {"as_tuple": True})

m = rand(3, 4, dtype=torch.bool)
case("masked_fill", "method", "masked_fill", x, [m, -2.0])
case("masked_fill broadcast mask", "method", "masked_fill", x, [rand(4, dtype=torch.bool), 3.0])
case("masked_fill broadcast self", "method", "masked_fill", rand(4, grad=True), [m, 3.0])
case("masked_fill tensor value", "method", "masked_fill", x, [m, torch.tensor(1.5, requires_grad=True)])
case("masked_fill uint8 mask", "method", "masked_fill", x, [m.to(torch.uint8), 0.0])
case("masked_fill_ in place", "method", "masked_fill_", rand(3, 4), [m, 9.0])
for dt in ALL:
    case(f"masked_fill {DT[dt]}", "method", "masked_fill", rand(3, 4, dtype=dt), [m, 1])
case("masked_fill int float value", "method", "masked_fill", rand(3, dtype=torch.int64), [rand(3, dtype=torch.bool), 2.7])
case("masked_fill value ndim", "method", "masked_fill", x, [m, torch.tensor([1.0, 2.0])])
case("masked_fill_ broadcast", "method", "masked_fill_", rand(4), [m, 1.0])
case("masked_select", "method", "masked_select", x, [m])
case("masked_select broadcast", "func", "masked_select", None, [rand(4, grad=True), m])
case("masked_select uint8", "method", "masked_select", x, [m.to(torch.uint8)])
case("masked_select float mask", "method", "masked_select", x, [m.float()])

# --- cat / stack -----------------------------------------------------------------------------
a = rand(2, 3, grad=True)
b = rand(4, 3, grad=True)
case("cat dim0", "func", "cat", None, [[a, b]])
case("cat dim1", "func", "cat", None, [[a, rand(2, 2, grad=True)], 1])
case("cat dim -1 three", "func", "cat", None, [[a, a, rand(2, 1, grad=True)], -1])
case("cat promote", "func", "cat", None, [[a, rand(1, 3, dtype=torch.int64), rand(1, 3, dtype=torch.bool)]])
case("cat ints", "func", "cat", None, [[rand(2, dtype=torch.int32), rand(3, dtype=torch.uint8)]])
case("cat legacy empty", "func", "cat", None, [[a, torch.zeros(0), b]])
case("cat empty dim", "func", "cat", None, [[torch.zeros(0, 3), a]])
case("cat non-contiguous", "func", "cat", None, [[rand(3, 2, grad=True).t(), a], 1])
case("concat", "func", "concat", None, [[a, b]], {"dim": 0})
for dt in ALL:
    case(f"cat {DT[dt]}", "func", "cat", None, [[rand(2, 2, dtype=dt), rand(1, 2, dtype=dt)]])
case("cat ndim", "func", "cat", None, [[a, rand(3)]])
case("cat sizes", "func", "cat", None, [[a, rand(2, 2)]])
case("cat sizes dim1", "func", "cat", None, [[a, rand(3, 2), rand(2, 2)], 1])
case("cat empty list", "func", "cat", None, [[]])
case("cat zero-dim", "func", "cat", None, [[torch.tensor(1.0), torch.tensor(2.0)]])
case("cat dim range", "func", "cat", None, [[a], 2])
case("stack", "func", "stack", None, [[a, a.detach() * 2]])
case("stack dim -1", "func", "stack", None, [[a, rand(2, 3, grad=True), a], -1])
case("stack sizes", "func", "stack", None, [[a, b]])
case("stack empty", "func", "stack", None, [[]])
case("stack dim range", "func", "stack", None, [[a, a], 3])
case("hstack 1d", "func", "hstack", None, [[rand(2, grad=True), rand(3)]])
case("hstack 2d", "func", "hstack", None, [[a, rand(2, 1)]])
case("vstack", "func", "vstack", None, [[rand(3, grad=True), a]])

# --- flip / roll / repeat / tile / tril / triu -----------------------------------------------
y3 = rand(2, 3, 4, grad=True)
case("flip 0", "method", "flip", y3, [[0]])
case("flip 0 2", "method", "flip", y3, [[0, 2]])
case("flip -1 non-contiguous", "method", "flip", y3.transpose(0, 2), [[-1, 1]])
case("flip none", "method", "flip", y3, [[]])
for dt in ALL:
    case(f"flip {DT[dt]}", "func", "flip", None, [rand(3, 2, dtype=dt), [0, 1]])
case("flip repeated", "method", "flip", y3, [[0, 0]])
case("roll flat", "method", "roll", y3, [5])
case("roll dim", "method", "roll", y3, [-1, 1])
case("roll dims", "method", "roll", y3, [[1, 7], [0, 2]])
case("roll non-contiguous", "func", "roll", None, [y3.transpose(1, 2), 2, 1])
case("roll int", "method", "roll", rand(5, dtype=torch.int64), [2])
case("roll mismatch", "method", "roll", y3, [[1], [0, 1]])
case("repeat", "method", "repeat", a, [2, 1])
case("repeat more dims", "method", "repeat", a, [2, 1, 3])
case("repeat int", "method", "repeat", rand(3, dtype=torch.int32), [2, 2])
case("repeat too few", "method", "repeat", a, [2])
case("tile", "method", "tile", a, [[2]])
case("tile func", "func", "tile", None, [rand(2, grad=True), [2, 3]])
case("tril", "method", "tril", rand(4, 5, grad=True), [])
case("tril diag 1", "method", "tril", rand(4, 5, grad=True), [1])
case("tril diag -2 batched", "method", "tril", rand(2, 3, 3, grad=True), [-2])
case("triu", "method", "triu", rand(4, 5, grad=True), [])
case("triu diag -1", "func", "triu", None, [rand(3, 4, grad=True), -1])
for dt in ALL:
    case(f"tril {DT[dt]}", "method", "tril", rand(3, 3, dtype=dt), [])
case("tril 1-d", "method", "tril", rand(3), [])

# --- subscript reads -------------------------------------------------------------------------
z = rand(3, 4, 5, grad=True)
case("get int", "getitem", None, z, [1])
case("get negative int", "getitem", None, z, [-1, 2])
case("get slice", "getitem", None, z, [S(1, None), S(None, None, 2)])
case("get slice negative bounds", "getitem", None, z, [S(-2, None), S(-10, 3), S(1, -1, 3)])
case("get none ellipsis", "getitem", None, z, [None, Ellipsis, 0, None])
case("get ellipsis middle", "getitem", None, z, [0, Ellipsis, 1])
case("get empty slice", "getitem", None, z, [S(2, 1)])
case("get list", "getitem", None, z, [[0, 2, 2]])
case("get tensor negative", "getitem", None, z, [idx([-1, 0])])
case("get two adjacent", "getitem", None, z, [S(), idx([0, 3]), idx([[1], [4]])])
case("get two separated", "getitem", None, z, [idx([0, 2]), S(), idx([1, 4])])
case("get int and tensor", "getitem", None, z, [0, S(), idx([0, 1])])
case("get tensor with none", "getitem", None, z, [None, idx([0, 1]), None, idx([0, 1])])
case("get three tensors", "getitem", None, z, [idx([0, 2]), idx([1, 3]), idx([[4], [0]])])
case("get bool mask", "getitem", None, z, [z.detach()[:, :, 0] > 0])
case("get bool mask full", "getitem", None, z, [z.detach() > 0.5])
case("get bool mask middle", "getitem", None, z, [S(), torch.tensor([True, False, True, True])])
case("get bool list", "getitem", None, z, [[True, False, True]])
case("get True", "getitem", None, z, [True])
case("get False", "getitem", None, z, [False])
case("get 0-d index tensor", "getitem", None, z, [torch.tensor(2)])
case("get scalar True on 0-d", "getitem", None, torch.tensor(5.0), [True])
case("get non-contiguous", "getitem", None, z.transpose(0, 2), [idx([4, 0]), S(1, 3)])
for dt in ALL:
    case(f"get {DT[dt]}", "getitem", None, rand(3, 4, dtype=dt), [idx([2, 0]), S(None, None, 2)])
case("get oob int", "getitem", None, z, [5])
case("get oob second int", "getitem", None, z, [0, 7])
case("get oob tensor", "getitem", None, z, [S(), S(), idx([9])])
case("get oob second tensor", "getitem", None, z, [idx([0]), idx([9])])
case("get too many", "getitem", None, z, [0, 0, 0, 0])
case("get mask shape", "getitem", None, z, [torch.tensor([True, False])])
case("get broadcast mismatch", "getitem", None, z, [idx([0, 1, 2]), idx([0, 1])])
case("get int32 tensor", "getitem", None, z, [torch.tensor([0], dtype=torch.int32)])
case("get 0-d int", "getitem", None, torch.tensor(5.0), [0])
case("get empty dim", "getitem", None, torch.zeros(0, 3), [[0]])
case("get empty index", "getitem", None, torch.zeros(0, 3), [S(), [0, 2]])
case("get ellipsis tensors none", "getitem", None, rand(2, 3, 4), [Ellipsis, [0, 1], None, [1, 2]])

# --- subscript writes ------------------------------------------------------------------------
w3 = rand(3, 4, grad=True)
case("set int scalar", "setitem", None, w3, [1], value=5.0)
case("set slice tensor", "setitem", None, w3, [S(), S(1, 3)], value=rand(3, 2, grad=True))
case("set broadcast row", "setitem", None, w3, [S(0, 2)], value=rand(4, grad=True))
case("set list", "setitem", None, w3, [[0, 2]], value=rand(1, 4, grad=True))
case("set two tensors", "setitem", None, w3, [idx([0, 2, -1]), idx([1, 3, 0])], value=rand(3, grad=True))
case("set mask", "setitem", None, w3, [w3.detach() > 0], value=0.0)
case("set separated", "setitem", None, rand(3, 4, 5), [idx([0, 2]), S(), idx([1, 4])], value=rand(2, 4))
case("set adjacent middle", "setitem", None, rand(3, 4, 5), [S(), idx([0, 3]), idx([1, 1])], value=rand(3, 2))
case("set none ellipsis", "setitem", None, rand(3, 4), [None, Ellipsis, 1], value=rand(1, 3))
case("set duplicate indices", "setitem", None, rand(4), [idx([1, 1])], value=torch.tensor([5.0, 5.0]))
for dt in ALL:
    case(f"set {DT[dt]}", "setitem", None, rand(3, 3, dtype=dt), [idx([2, 0]), 1], value=rand(2, dtype=dt))
case("set shape mismatch", "setitem", None, rand(3, 4), [idx([1])], value=rand(2))
case("set basic shape mismatch", "setitem", None, rand(3, 4), [0], value=rand(3))
case("set oob", "setitem", None, rand(3, 4), [idx([3])], value=1.0)

case("index_put values", "method", "index_put", w3, [(idx([0, 2]), idx([1, 3])), rand(2, grad=True)])
case("index_put accumulate", "method", "index_put", w3, [(idx([0, 0, 2]),), rand(3, 4, grad=True), True])
case("index_put mask", "method", "index_put", w3, [(w3.detach() > 0,), torch.tensor(1.0)])
case("index_put_ accumulate", "method", "index_put_", torch.zeros(3), [(idx([0, 0, 2]),), torch.tensor([1.0, 2.0, 3.0])], {"accumulate": True})
case("index_put oob", "method", "index_put_", rand(2, 3), [(idx([5]),), torch.tensor(1.0)])
case("index_put dtype", "method", "index_put", rand(2, 3), [(idx([1]),), torch.tensor([1.0], dtype=torch.float64)])
case("index_put too many", "method", "index_put", rand(2, 3), [(idx([1]), idx([1]), idx([1])), torch.tensor([1.0])])
case("index_put float index", "method", "index_put", rand(2, 3), [(torch.tensor([1.0]),), torch.tensor([1.0])])
case("index_put broadcast", "method", "index_put", rand(2, 3), [(idx([1, 0, 1]), idx([0, 1])), torch.tensor([1.0, 2.0])])

out = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "kindling", "test", "fixtures", "indexing.json")
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")
