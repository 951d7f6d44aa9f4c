"""Golden fixtures for reductions, scans, sorting, softmax and einsum (PyTorch 1.13 as the oracle).

Run: /usr/bin/python3 tools/oracle/reduce.py  → packages/kindling/test/fixtures/reduce.json
Each case names a Kindling call (a Tensor method, or a `torch.*` function), its inputs, positional
args and keyword args (camelCase in JSON, snake_case for PyTorch); the expected outputs (or error),
and for float inputs the gradient of sum(out_i * w_i) with the stored weights w_i.
"""
import json
import math
import os
import warnings

import torch

warnings.simplefilter("ignore")
torch.manual_seed(0)

DT = {"float32": torch.float32, "float64": torch.float64, "int32": torch.int32, "int64": torch.int64,
      "uint8": torch.uint8, "bool": torch.bool}
NAME = {v: k for k, v in DT.items()}
SNAKE = {"keepdim": "keepdim", "dtype": "dtype", "unbiased": "unbiased", "correction": "correction",
         "descending": "descending", "stable": "stable", "largest": "largest", "sorted": "sorted", "dim": "dim",
         "k": "k", "p": "p", "ord": "ord"}
PYFN = {"vectorNorm": "linalg.vector_norm", "logSoftmax": "log_softmax", "varMean": "var_mean",
        "stdMean": "std_mean"}


def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def flat(t):
    return [enc(float(x)) if t.is_floating_point() else (bool(x) if t.dtype == torch.bool else int(x))
            for x in t.detach().reshape(-1).tolist()]


def tdesc(t):
    return {"data": flat(t), "shape": list(t.shape), "dtype": NAME[t.dtype]}


def pyval(v):
    if isinstance(v, str) and v in DT:
        return DT[v]
    if v == "inf":
        return math.inf
    if v == "-inf":
        return -math.inf
    if isinstance(v, list):
        return tuple(v)
    return v


def T(shape, dtype="float32", data=None, lo=-3, hi=4):
    if data is not None:
        t = torch.tensor(data, dtype=DT[dtype])
        return t.reshape(shape) if shape is not None else t
    if dtype in ("float32", "float64"):
        return torch.randn(shape, dtype=DT[dtype])
    if dtype == "bool":
        return torch.rand(shape) > 0.5
    if dtype == "uint8":
        return torch.randint(0, hi + 3, shape, dtype=torch.uint8)
    return torch.randint(lo, hi, shape, dtype=DT[dtype])


cases = []


def case(name, call, inputs, args=(), kwargs=None, grad=True, kind="method", first=()):
    kwargs = kwargs or {}
    ins = [t.clone() for t in inputs]
    diff = grad and all(t.is_floating_point() for t in ins)
    if diff:
        ins = [t.requires_grad_() for t in ins]
    pyargs = [pyval(a) for a in args]
    pykw = {SNAKE[k]: pyval(v) for k, v in kwargs.items()}
    entry = {"name": name, "call": call, "kind": kind, "first": list(first),
             "inputs": [tdesc(t) for t in inputs], "args": [enc(a) for a in args], "kwargs": kwargs}
    try:
        if kind == "method":
            out = getattr(ins[0], PYFN.get(call, call))(*pyargs, **pykw)
        else:
            fn = torch
            for part in PYFN.get(call, call).split("."):
                fn = getattr(fn, part)
            out = fn(*first, *ins, *pyargs, **pykw)
    except Exception as e:  # noqa: BLE001 - the error is the expected result
        entry["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        cases.append(entry)
        return
    outs = list(out) if isinstance(out, tuple) else [out]
    entry["outputs"] = [tdesc(o) for o in outs]
    floats = [o for o in outs if o.is_floating_point() and o.requires_grad]
    if diff and floats:
        weights = [torch.randn(o.shape, dtype=o.dtype) for o in floats]
        loss = sum((o * w).sum() for o, w in zip(floats, weights))
        grads = torch.autograd.grad(loss, ins, allow_unused=True)
        entry["weights"] = [tdesc(w) for w in weights]
        entry["grads"] = [tdesc(g) if g is not None else None for g in grads]
    cases.append(entry)


nan, inf = float("nan"), float("inf")
x23 = T([2, 3])
x234 = T([2, 3, 4])
xnan = T([2, 3], data=[[1.0, nan, 3.0], [nan, 2.0, -1.0]])
ties = T([2, 3], data=[[1.0, 5.0, 5.0], [2.0, 0.0, 2.0]])
empty03 = torch.zeros(0, 3)
scalar = T([], data=2.5)

# --- existing reductions ---
for call in ["sum", "prod", "mean", "amax", "amin"]:
    case(f"{call} all", call, [x234])
    case(f"{call} dim1", call, [x234], [1])
    case(f"{call} dims keepdim", call, [x234], [[0, -1]], {"keepdim": True})
    case(f"{call} 0-d", call, [scalar], [0])
    case(f"{call} empty dim0", call, [empty03], [0])
    case(f"{call} empty dim1", call, [empty03], [1])
case("prod zeros grad", "prod", [T([3, 3], data=[[1.0, 0.0, 5.0], [0.0, 0.0, 1.0], [2.0, 3.0, 4.0]])], [1])
case("sum int", "sum", [T([2, 3], "int32")])
case("sum bool", "sum", [T([5], "bool")])
case("sum dtype int32", "sum", [T([2, 3], "int64")], [], {"dtype": "int32"})
case("sum dtype float64", "sum", [T([2, 3], "int64")], [1], {"dtype": "float64"})
case("prod int", "prod", [T([4], "int32")])
case("mean int error", "mean", [T([3], "int64")])
case("mean dtype", "mean", [T([2, 3], "int64")], [], {"dtype": "float64"})
case("sum dup dims", "sum", [x23], [[0, 0]])
case("sum bad dim", "sum", [x23], [2])
case("sum 0-d bad dim", "sum", [scalar], [1])
case("amax ties grad", "amax", [ties], [1])
case("amin ties grad all", "amin", [ties])
case("max all ties", "max", [ties])
case("max nan", "max", [xnan], grad=False)
case("amax nan dim", "amax", [xnan], [1], grad=False)
case("max dim", "max", [x234], [1])
case("min dim keepdim", "min", [x234], [-1], {"keepdim": True})
case("max dim nan", "max", [xnan], [1], grad=False)
case("min dim nan", "min", [xnan], [0], grad=False)
case("max dim 0-d", "max", [scalar], [0])
case("max empty", "max", [empty03])
case("amax empty all", "amax", [empty03])
case("max empty dim0", "max", [empty03], [0])
case("max empty dim1", "max", [empty03], [1])
case("argmax", "argmax", [x234])
case("argmax dim", "argmax", [x234], [2])
case("argmax keepdim", "argmax", [x234], [], {"keepdim": True})
case("argmin dim keepdim", "argmin", [x234], [0], {"keepdim": True})
case("argmax nan", "argmax", [xnan], [1])
case("argmin nan", "argmin", [xnan])
case("argmax empty", "argmax", [empty03])
case("argmax empty dim1", "argmax", [empty03], [1])
case("argmax bool", "argmax", [T([3], "bool")])
case("all", "all", [T([2, 3], "bool")], [1])
case("any", "any", [T([2, 3], "bool")], [0])
case("all empty", "all", [empty03])
case("any empty", "any", [empty03])
case("all uint8", "all", [T([2, 3], "uint8")])
case("any uint8 dim", "any", [T([2, 3], "uint8")], [1])
case("all float", "all", [T([2, 3], data=[[1.0, 0.0, 2.0], [1.0, 1.0, nan]])], [1])

# --- var / std ---
for call in ["var", "std"]:
    case(f"{call} all", call, [x234])
    case(f"{call} dim", call, [x234], [1])
    case(f"{call} dims keepdim", call, [x234], [[0, 2]], {"keepdim": True})
    case(f"{call} unbiased false", call, [x234], [1, False])
    case(f"{call} legacy bool", call, [x234], [False])
    case(f"{call} correction 0", call, [x234], [-1], {"correction": 0})
    case(f"{call} correction 2", call, [x234], [2], {"correction": 2})
    case(f"{call} correction >= N", call, [x234], [1], {"correction": 3}, grad=False)
    case(f"{call} 0-d", call, [scalar], grad=False)
    case(f"{call} empty", call, [empty03], [0], grad=False)
    case(f"{call} empty other dim", call, [empty03], [1])
    case(f"{call} int error", call, [T([3], "int64")])
case("std constant grad", "std", [T([2, 3], data=[[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]])], [1])
case("varMean", "varMean", [x234], [1], kind="fn")
case("stdMean", "stdMean", [x234], [[0, 1]], {"unbiased": False, "keepdim": True}, kind="fn")

# --- logsumexp / norm ---
case("logsumexp dim", "logsumexp", [x234], [1])
case("logsumexp dims keepdim", "logsumexp", [x234], [[0, 2]], {"keepdim": True})
case("logsumexp big", "logsumexp", [T([2], data=[1000.0, 1000.0])], [0])
case("logsumexp inf", "logsumexp", [T([2, 2], data=[[inf, 1.0], [-inf, -inf]])], [1], grad=False)
case("logsumexp mixed inf", "logsumexp", [T([2], data=[inf, -inf])], [0], grad=False)
case("logsumexp nan", "logsumexp", [T([2], data=[nan, 1.0])], [0], grad=False)
case("logsumexp int", "logsumexp", [T([3], "int64")], [0])
case("logsumexp empty", "logsumexp", [empty03], [0], grad=False)
case("logsumexp 0-d", "logsumexp", [scalar], [0])
xn = T([2, 3], data=[[1.0, -2.0, 3.0], [4.0, 5.0, -7.0]])
for p in [None, 1, 3, 0.5, "inf", "-inf", 0, -1]:
    args = [] if p is None else [p]
    case(f"norm p={p}", "norm", [xn], args)
    case(f"norm p={p} dim", "norm", [xn], args + [1] if args else ["fro", 1])
case("norm keepdim dims", "norm", [x234], [2, [0, 2]], {"keepdim": True})
case("norm zero grad", "norm", [T([2, 2], data=[[0.0, 0.0], [3.0, 4.0]])], [2, 1])
case("norm inf ties grad", "norm", [T([3], data=[-3.0, 3.0, 1.0])], ["inf"])
case("norm int error", "norm", [T([2], "int64")])
case("norm dtype", "norm", [x23], [2, 1], {"dtype": "float64"})
case("norm empty", "norm", [empty03])
case("norm empty inf", "norm", [empty03], ["inf", 0], grad=False)
case("vectorNorm", "vectorNorm", [x234], [], kind="fn")
case("vectorNorm ord dim", "vectorNorm", [x234], [3, [1, 2]], kind="fn")
case("vectorNorm inf empty", "vectorNorm", [empty03], ["-inf", 0], kind="fn")
case("vectorNorm int", "vectorNorm", [T([2], "int64")], kind="fn")

# --- scans ---
for call in ["cumsum", "cumprod", "logcumsumexp"]:
    case(f"{call} dim0", call, [x234], [0])
    case(f"{call} dim-1", call, [x234], [-1])
    case(f"{call} 0-d", call, [scalar], [0])
    case(f"{call} empty", call, [empty03], [0])
    case(f"{call} noncontig", call, [x234.transpose(0, 2)], [1])
case("cumsum int32", "cumsum", [T([2, 3], "int32")], [1])
case("cumsum bool", "cumsum", [T([4], "bool")], [0])
case("cumsum dtype", "cumsum", [T([4], "int64")], [0], {"dtype": "float32"})
case("cumprod uint8", "cumprod", [T([4], "uint8")], [0])
case("cumsum bad dim", "cumsum", [x23], [2])
case("cumprod one zero", "cumprod", [T([5], data=[2.0, 3.0, 0.0, 4.0, 0.5])], [0])
case("cumprod two zeros", "cumprod", [T([2, 5], data=[[2.0, 0.0, 3.0, 0.0, 4.0], [0.0, 1.5, 2.0, -1.0, 3.0]])], [1])
case("logcumsumexp infs", "logcumsumexp", [T([4], data=[-inf, 1.0, inf, 2.0])], [0], grad=False)
case("logcumsumexp int", "logcumsumexp", [T([2], "int64")], [0])

# --- sort family (distinct values where gradients are checked) ---
xs = torch.randperm(24).reshape(2, 3, 4).float() / 4 - 2
xsn = T([2, 4], data=[[3.0, 1.0, 2.0, 1.0], [nan, 0.0, -inf, nan]])
case("sort", "sort", [xs])
case("sort dim0 desc", "sort", [xs], [0, True])
case("sort ties nan", "sort", [xsn], grad=False)
case("sort ties nan desc", "sort", [xsn], [], {"descending": True}, grad=False)
case("sort stable kw", "sort", [xsn], [], {"stable": True, "dim": 0}, grad=False)
case("sort bool", "sort", [T([5], "bool")])
case("sort int desc", "sort", [T([6], "int32")], [0, True])
case("sort 0-d", "sort", [scalar])
case("sort empty", "sort", [empty03], [0])
case("sort noncontig", "sort", [xs.transpose(0, 2)], [1])
case("sort bad dim", "sort", [x23], [2])
case("argsort", "argsort", [xs], [1])
case("argsort desc", "argsort", [xsn], [], {"descending": True})
case("topk", "topk", [xs], [2])
case("topk smallest dim", "topk", [xs], [2, 1], {"largest": False})
case("topk nan", "topk", [xsn], [2], grad=False)
case("topk 0", "topk", [xs], [0])
case("topk too big", "topk", [xs], [5])
case("topk negative", "topk", [xs], [-1])
case("topk 0-d", "topk", [scalar], [1])
case("topk bool", "topk", [T([3], "bool")], [1])
case("topk uint8", "topk", [T([5], "uint8")], [2])
case("kthvalue", "kthvalue", [xs], [2])
case("kthvalue dim keepdim", "kthvalue", [xs], [3, 1], {"keepdim": True})
case("kthvalue ties nan", "kthvalue", [xsn], [2], grad=False)
case("kthvalue out of range", "kthvalue", [xs], [5])
case("median dim", "median", [xs], [2])
case("median ties nan", "median", [xsn], [1], grad=False)
case("median all", "median", [T([4], data=[4.0, 1.0, 3.0, 2.0])])
case("median all nan", "median", [xsn], grad=False)
case("median empty", "median", [torch.zeros(0)], grad=False)
case("median empty dim", "median", [torch.zeros(2, 0)], [1])

# --- softmax family ---
xinf = T([2, 3], data=[[1.0, 2.0, 3.0], [-inf, 0.0, -inf]])
for call in ["softmax", "logSoftmax"]:
    case(f"{call} last", call, [x234], [-1])
    case(f"{call} middle", call, [x234], [1])
    case(f"{call} first", call, [x234], [0])
    case(f"{call} noncontig", call, [x234.transpose(0, 2)], [2])
    case(f"{call} inf", call, [xinf], [1], grad=False)
    case(f"{call} all -inf", call, [T([2], data=[-inf, -inf])], [0], grad=False)
    case(f"{call} +inf", call, [T([2], data=[inf, 1.0])], [0], grad=False)
    case(f"{call} large", call, [T([3], data=[1000.0, 1001.0, 1002.0])], [0])
    case(f"{call} 0-d", call, [scalar], [0])
    case(f"{call} empty", call, [empty03], [0])
    case(f"{call} int error", call, [T([3], "int64")], [0])
    case(f"{call} int error dim0", call, [T([2, 3], "int64")], [0])
    case(f"{call} int dtype", call, [T([3], "int64")], [0], {"dtype": "float64"})
    case(f"{call} float64 dtype", call, [x23], [1], {"dtype": "float64"})
    case(f"{call} bad dim", call, [x23], [2])
    case(f"{call} fn", call, [x23], [0], kind="fn")

# --- einsum ---
a, b, c, v = T([2, 3]), T([3, 4]), T([3, 3]), T([3])
def es(name, eq, *ops, grad=True):
    case(name, "einsum", list(ops), first=[eq], kind="fn", grad=grad)
es("einsum matmul implicit", "ij,jk", a, b)
es("einsum matmul explicit", "ij,jk->ik", a, b)
es("einsum full contraction", "ij,jk->", a, b)
es("einsum transpose", "ij->ji", a)
es("einsum trace", "ii", c)
es("einsum diag", "ii->i", c)
es("einsum diag 3", "iij->ji", T([3, 3, 2]))
es("einsum outer", "i,j->ij", v, T([2]))
es("einsum batch", "bij,bjk->bik", T([2, 3, 4]), T([2, 4, 5]))
es("einsum ellipsis", "...ij->...ji", T([2, 3, 4]))
es("einsum ellipsis bcast", "...i,...i", T([2, 3]), T([3]))
es("einsum ellipsis middle", "i...j,j...->...", T([2, 5, 3]), T([3, 5]))
es("einsum three operands", "ij,jk,kl->il", a, b, T([4, 2]))
es("einsum sum over one", "ijk->j", T([2, 3, 4]))
es("einsum broadcast size1", "ij,ij->ij", T([2, 3]), T([1, 3]))
es("einsum uppercase order", "iA", T([2, 3]))
es("einsum spaces", "i j , j k", a, b)
es("einsum bilinear", "bn,anm,bm->ba", T([2, 3]), T([4, 3, 5]), T([2, 5]))
es("einsum int", "i,i", T([3], "int64"), T([3], "int64"))
es("einsum int32", "ij->j", T([2, 3], "int32"))
es("einsum bool", "i,j", T([2], "bool"), T([3], "bool"))
es("einsum bool contraction", "i,i", T([2], "bool"), T([2], "bool"))
es("einsum bool sum", "ij->", T([2, 3], "bool"))
es("einsum int32 pair", "ij,j->i", T([2, 3], "int32"), T([3], "int32"))
es("einsum int32 early sums", "ij,jk->", T([2, 3], "int32"), T([3, 4], "int32"))
es("einsum int32 diag", "ii->i", T([3, 3], "int32"))
es("einsum empty", "ij,jk->ik", torch.zeros(2, 0), torch.zeros(0, 3))
es("einsum 0-d", "", scalar)
es("einsum fewer", "ij,jk", a)
es("einsum more", "ij,jk", a, b, b)
es("einsum ndim mismatch", "ijk", c)
es("einsum output missing", "ij->ik", a)
es("einsum output repeated", "ij->ii", a)
es("einsum invalid subscript", "ij->j->", a)
es("einsum digit", "i1", v)
es("einsum size mismatch", "ij,jk", a, T([4, 4]))
es("einsum dots", "..ij", T([2, 3, 4]))
es("einsum dots twice", "...i...", T([2, 3]))
es("einsum dots output", "ij->j.", a)
es("einsum repeated size mismatch", "iij->ij", T([2, 3, 4]))
es("einsum dtype mismatch", "i,i", T([2], "int64"), T([2]))

out = {"torch": torch.__version__, "cases": cases}
path = os.path.join(os.path.dirname(__file__), "..", "..", "packages", "kindling", "test", "fixtures", "reduce.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"{len(cases)} cases → {os.path.normpath(path)}")
