"""Golden values for @kindling/nn's functional API (activations, losses, pad, interpolate, ...), from
real PyTorch 1.13.

Run from the repository root:
    /usr/bin/python3 tools/oracle/nn_functional.py > packages/nn/test/fixtures/nn_functional.json

Each case names the Kindling function (`fn`), how to call it (`args`: literals, `{"$t": name}` tensor
references and options objects whose values may be references), its inputs (values, dtype, whether
they require grad), and PyTorch's output and the gradients of `(out * w).sum()` for the stored `w`
— or the error PyTorch raises (class name and first line of the message).
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
CASES = []


def det(shape, scale=0.37, shift=0.1, amp=2.0, dtype=torch.float64):
    n = math.prod(shape)
    return ((torch.arange(n, dtype=torch.float64) * scale + shift).sin() * amp).reshape(shape).to(dtype)


def enc(t):
    if t.dtype == torch.bool:
        data = [bool(v) for v in t.flatten().tolist()]
    else:
        data = [v if math.isfinite(v) else repr(v) for v in t.detach().double().flatten().tolist()]
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


def ref(name):
    return {"$t": name}


def case(name, fn, inputs, js, py, grad=True, seed=None):
    """inputs: name -> tensor (leaf; floating ones get requires_grad if grad); js: call arguments."""
    leaves = {}
    for k, v in inputs.items():
        v = v.detach().clone()
        # PyTorch's losses refuse gradients for class weights / pos_weight: those stay constants.
        frozen = k in ("w", "pw") and "Loss" in fn or k in ("w", "pw") and fn.startswith(("binary", "cross"))
        if grad and v.is_floating_point() and not frozen:
            v.requires_grad_(True)
        leaves[k] = v
    entry = {"name": name, "fn": fn, "args": js,
             "inputs": {k: {**enc(v), "requiresGrad": v.requires_grad} for k, v in leaves.items()}}
    if seed is not None:
        entry["seed"] = seed
        torch.manual_seed(seed)
    try:
        out = py(**leaves)
    except Exception as e:  # noqa: BLE001 - recording PyTorch's error is the point
        entry["error"] = {"type": type(e).__name__, "message": str(e).split("\n")[0]}
        CASES.append(entry)
        return
    entry["out"] = enc(out)
    if out.requires_grad:
        w = (torch.arange(out.numel(), dtype=torch.float64) * 0.7).cos().add(0.3).reshape(out.shape).to(out.dtype)
        (out * w).sum().backward()
        entry["w"] = enc(w)
        entry["grads"] = {k: enc(v.grad) for k, v in leaves.items() if v.requires_grad and v.grad is not None}
    CASES.append(entry)


X = det([3, 5])
# Values on and around the kinks (0, ±1, ±3, 6) so the gradients there are checked too.
KINKS = torch.tensor([-7.0, -3.0, -2.5, -1.0, -0.5, 0.0, 0.5, 1.0, 2.9, 3.0, 5.0, 6.0, 7.5, 25.0], dtype=torch.float64)

# ---- activations
ACTS = [
    ("relu", [], lambda x: F.relu(x)),
    ("relu6", [], lambda x: F.relu6(x)),
    ("leakyRelu", [], lambda x: F.leaky_relu(x)),
    ("leakyRelu", [0.2], lambda x: F.leaky_relu(x, 0.2)),
    ("elu", [], lambda x: F.elu(x)),
    ("elu", [{"alpha": 0.7}], lambda x: F.elu(x, alpha=0.7)),
    ("selu", [], lambda x: F.selu(x)),
    ("celu", [], lambda x: F.celu(x)),
    ("celu", [1.5], lambda x: F.celu(x, 1.5)),
    ("gelu", [], lambda x: F.gelu(x)),
    ("gelu", ["tanh"], lambda x: F.gelu(x, approximate="tanh")),
    ("silu", [], lambda x: F.silu(x)),
    ("mish", [], lambda x: F.mish(x)),
    ("sigmoid", [], lambda x: torch.sigmoid(x)),
    ("tanh", [], lambda x: torch.tanh(x)),
    ("hardtanh", [], lambda x: F.hardtanh(x)),
    ("hardtanh", [-2, 3], lambda x: F.hardtanh(x, -2.0, 3.0)),
    ("hardtanh", [{"minVal": -0.5, "maxVal": 0.5}], lambda x: F.hardtanh(x, min_val=-0.5, max_val=0.5)),
    ("hardsigmoid", [], lambda x: F.hardsigmoid(x)),
    ("hardswish", [], lambda x: F.hardswish(x)),
    ("softplus", [], lambda x: F.softplus(x)),
    ("softplus", [2, 5], lambda x: F.softplus(x, 2, 5)),
    ("softplus", [{"beta": 0.5}], lambda x: F.softplus(x, beta=0.5)),
    ("softsign", [], lambda x: F.softsign(x)),
    ("logsigmoid", [], lambda x: F.logsigmoid(x)),
    ("softmin", [0], lambda x: F.softmin(x, 0)),
    ("threshold", [0.5, -2], lambda x: F.threshold(x, 0.5, -2.0)),
    ("hardshrink", [], lambda x: F.hardshrink(x)),
    ("hardshrink", [1], lambda x: F.hardshrink(x, 1.0)),
    ("softshrink", [], lambda x: F.softshrink(x)),
    ("softshrink", [{"lambd": 1}], lambda x: F.softshrink(x, lambd=1.0)),
    ("tanhshrink", [], lambda x: F.tanhshrink(x)),
]
for fn, extra, py in ACTS:
    for label, x in (("det", X), ("kinks", KINKS)):
        case(f"{fn}{json.dumps(extra)} {label}", fn, {"x": x}, [ref("x"), *extra], lambda x, py=py: py(x))
    case(f"{fn}{json.dumps(extra)} float32", fn, {"x": X.float()}, [ref("x"), *extra], lambda x, py=py: py(x))

for dim in [0, 1, -1]:
    case(f"softmax dim={dim}", "softmax", {"x": X}, [ref("x"), dim], lambda x, dim=dim: F.softmax(x, dim))
    case(f"logSoftmax dim={dim}", "logSoftmax", {"x": X}, [ref("x"), dim], lambda x, dim=dim: F.log_softmax(x, dim))
case("softmax implicit dim (2-D → 1)", "softmax", {"x": X}, [ref("x")], lambda x: F.softmax(x, _stacklevel=5))
case("softmax implicit dim (3-D → 0)", "softmax", {"x": det([2, 3, 2])}, [ref("x")], lambda x: F.softmax(x))
case("logSoftmax dtype float64", "logSoftmax", {"x": X.float()}, [ref("x"), {"dim": 1, "dtype": "float64"}],
     lambda x: F.log_softmax(x, 1, dtype=torch.float64))
PRW = torch.tensor([0.25, -0.5, 1.5], dtype=torch.float64)
case("prelu per channel", "prelu", {"x": det([2, 3, 4]), "w": PRW}, [ref("x"), ref("w")], lambda x, w: F.prelu(x, w))
case("prelu single weight", "prelu", {"x": KINKS, "w": PRW[:1]}, [ref("x"), ref("w")], lambda x, w: F.prelu(x, w))
case("prelu 1-D channels", "prelu", {"x": det([3]), "w": PRW}, [ref("x"), ref("w")], lambda x, w: F.prelu(x, w))
case("prelu channel mismatch", "prelu", {"x": det([2, 4]), "w": PRW}, [ref("x"), ref("w")], lambda x, w: F.prelu(x, w), grad=False)
for dim in (-1, 0, 1):
    case(f"glu dim={dim}", "glu", {"x": det([4, 6])}, [ref("x"), dim], lambda x, dim=dim: F.glu(x, dim))
case("glu odd dim", "glu", {"x": det([3, 5])}, [ref("x")], lambda x: F.glu(x), grad=False)
case("hardtanh min > max", "hardtanh", {"x": X}, [ref("x"), 2, 1], lambda x: F.hardtanh(x, 2.0, 1.0))
case("celu alpha 0", "celu", {"x": X}, [ref("x"), 0], lambda x: F.celu(x, 0.0))
case("softmax dim out of range", "softmax", {"x": X}, [ref("x"), 2], lambda x: F.softmax(x, 2))

# ---- regression losses
A = det([3, 4])
B = det([3, 4], 0.23, 0.7, 1.5)
B_TIES = A.clone()
B_TIES[0, :2] += 0.5  # |diff| exactly beta/delta = 0.5, and zeros elsewhere in that row
B_TIES[1] = A[1] + torch.tensor([1.0, -1.0, 2.0, -0.25], dtype=torch.float64)
for red in ["mean", "sum", "none"]:
    for tgt_name, tgt in (("det", B), ("ties", B_TIES)):
        case(f"mseLoss {red} {tgt_name}", "mseLoss", {"a": A, "b": tgt}, [ref("a"), ref("b"), {"reduction": red}],
             lambda a, b, red=red: F.mse_loss(a, b, reduction=red))
        case(f"l1Loss {red} {tgt_name}", "l1Loss", {"a": A, "b": tgt}, [ref("a"), ref("b"), {"reduction": red}],
             lambda a, b, red=red: F.l1_loss(a, b, reduction=red))
        for beta in [1.0, 0.5, 0.0]:
            case(f"smoothL1Loss {red} beta={beta} {tgt_name}", "smoothL1Loss", {"a": A, "b": tgt},
                 [ref("a"), ref("b"), {"reduction": red, "beta": beta}],
                 lambda a, b, red=red, beta=beta: F.smooth_l1_loss(a, b, reduction=red, beta=beta))
        for delta in [1.0, 0.5, 2.0]:
            case(f"huberLoss {red} delta={delta} {tgt_name}", "huberLoss", {"a": A, "b": tgt},
                 [ref("a"), ref("b"), {"reduction": red, "delta": delta}],
                 lambda a, b, red=red, delta=delta: F.huber_loss(a, b, reduction=red, delta=delta))
case("mseLoss broadcast target", "mseLoss", {"a": A, "b": det([4])}, [ref("a"), ref("b")],
     lambda a, b: F.mse_loss(a, b))
case("mseLoss bad reduction", "mseLoss", {"a": A, "b": B}, [ref("a"), ref("b"), {"reduction": "bad"}],
     lambda a, b: F.mse_loss(a, b, reduction="bad"))
case("mseLoss shape mismatch", "mseLoss", {"a": A, "b": det([2, 4])}, [ref("a"), ref("b")],
     lambda a, b: F.mse_loss(a, b))
case("smoothL1Loss negative beta", "smoothL1Loss", {"a": A, "b": B}, [ref("a"), ref("b"), {"beta": -1}],
     lambda a, b: F.smooth_l1_loss(a, b, beta=-1.0))
case("huberLoss zero delta", "huberLoss", {"a": A, "b": B}, [ref("a"), ref("b"), {"delta": 0}],
     lambda a, b: F.huber_loss(a, b, delta=0.0))


def long(v):
    return torch.tensor(v, dtype=torch.long)


# ---- nll / cross entropy
LOGITS = det([4, 5], 0.61, 0.3, 1.7)
TGT = long([1, 0, 4, 2])
TGT_IGN = long([1, -100, 4, 1])
TGT_IGN3 = long([3, 2, 3, 0])
W = torch.tensor([0.2, 1.0, 0.5, 2.0, 1.3], dtype=torch.float64)
LOGITS_ND = det([2, 3, 2, 2], 0.29, 0.5, 1.2)
TGT_ND = long([[[0, 2], [1, 1]], [[2, -100], [0, 1]]])
LOGITS_3D = det([2, 3, 4], 0.41, 0.2, 1.4)
TGT_3D = long([[0, 2, 1, -100], [2, 2, 0, 1]])
LOGITS_5D = det([2, 3, 2, 1, 2], 0.53, 0.1, 1.1)
TGT_5D = long([[[[0, 1]], [[2, 2]]], [[[1, -100]], [[0, 2]]]])
SETS = [
    ("2d", LOGITS, TGT, W),
    ("2d ignore", LOGITS, TGT_IGN, W),
    ("unbatched", det([5]), long(3), W),
    ("4d", LOGITS_ND, TGT_ND, W[:3]),
    ("3d", LOGITS_3D, TGT_3D, W[:3]),
    ("5d", LOGITS_5D, TGT_5D, W[:3]),
]
for red in ["mean", "sum", "none"]:
    for label, x, t, w in SETS:
        for use_w in [False, True]:
            for ii in ([-100, 3] if label == "2d" else [-100]):
                opts = {"reduction": red, "ignoreIndex": ii}
                pyk = {"reduction": red, "ignore_index": ii}
                inputs = {"x": x, "t": t}
                if use_w:
                    inputs["w"] = w
                    opts["weight"] = ref("w")
                tag = f"{label}{' weight' if use_w else ''} ignore={ii} {red}"
                case(f"nllLoss {tag}", "nllLoss", inputs, [ref("x"), ref("t"), opts],
                     lambda x, t, w=None, pyk=pyk: F.nll_loss(x, t, weight=w, **pyk))
                for ls in [0.0, 0.15]:
                    o = {**opts, "labelSmoothing": ls}
                    case(f"crossEntropy {tag} ls={ls}", "crossEntropy", inputs, [ref("x"), ref("t"), o],
                         lambda x, t, w=None, pyk=pyk, ls=ls: F.cross_entropy(x, t, weight=w, label_smoothing=ls, **pyk))
case("crossEntropy all ignored mean", "crossEntropy", {"x": LOGITS, "t": long([-100] * 4)}, [ref("x"), ref("t")],
     lambda x, t: F.cross_entropy(x, t))
case("crossEntropy default options", "crossEntropy", {"x": LOGITS, "t": TGT}, [ref("x"), ref("t")],
     lambda x, t: F.cross_entropy(x, t))
case("crossEntropy float32", "crossEntropy", {"x": LOGITS.float(), "t": TGT}, [ref("x"), ref("t")],
     lambda x, t: F.cross_entropy(x, t))

PROBS = det([4, 5], 0.77, 0.4).softmax(1)
PROBS_ND = det([2, 3, 2, 2], 0.31, 0.9).softmax(1)
for red in ["mean", "sum", "none"]:
    for label, x, p, w in (("2d", LOGITS, PROBS, W), ("4d", LOGITS_ND, PROBS_ND, W[:3]), ("unbatched", det([5]), PROBS[0], W)):
        for use_w in [False, True]:
            for ls in [0.0, 0.2]:
                opts = {"reduction": red, "labelSmoothing": ls}
                inputs = {"x": x, "p": p}
                if use_w:
                    inputs["w"] = w
                    opts["weight"] = ref("w")
                case(f"crossEntropy probs {label}{' weight' if use_w else ''} ls={ls} {red}", "crossEntropy", inputs,
                     [ref("x"), ref("p"), opts],
                     lambda x, p, w=None, red=red, ls=ls: F.cross_entropy(x, p, weight=w, reduction=red, label_smoothing=ls))

ERR = [
    ("nllLoss batch mismatch", "nllLoss", {"x": LOGITS, "t": long([0, 1])}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss target out of bounds", "nllLoss", {"x": LOGITS, "t": long([0, 1, 5, 2])}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss negative target", "nllLoss", {"x": LOGITS, "t": long([0, 1, -1, 2])}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss float target", "nllLoss", {"x": LOGITS, "t": TGT.double()}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss 2-D target", "nllLoss", {"x": LOGITS, "t": torch.zeros(4, 2, dtype=torch.long)}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss 0-D input", "nllLoss", {"x": torch.tensor(1.0, dtype=torch.float64), "t": long(0)}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss 3-D target size", "nllLoss", {"x": LOGITS_3D, "t": torch.zeros(2, 5, dtype=torch.long)}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss 4-D target dims", "nllLoss", {"x": LOGITS_ND, "t": torch.zeros(2, 2, dtype=torch.long)}, lambda x, t: F.nll_loss(x, t)),
    ("nllLoss 4-D target size", "nllLoss", {"x": LOGITS_ND, "t": torch.zeros(2, 3, 2, dtype=torch.long)}, lambda x, t: F.nll_loss(x, t)),
    ("crossEntropy int probabilities", "crossEntropy", {"x": LOGITS, "t": torch.zeros(4, 5, dtype=torch.long)}, lambda x, t: F.cross_entropy(x, t)),
    ("crossEntropy label smoothing > 1", "crossEntropy", {"x": LOGITS, "t": TGT}, lambda x, t: F.cross_entropy(x, t, label_smoothing=1.5)),
]
for name, fn, inputs, py in ERR:
    js = [ref("x"), ref("t")]
    if "label smoothing" in name:
        js.append({"labelSmoothing": 1.5})
    case(name, fn, inputs, js, py, grad=False)
case("crossEntropy ignoreIndex with probabilities", "crossEntropy", {"x": LOGITS, "p": PROBS},
     [ref("x"), ref("p"), {"ignoreIndex": 1}], lambda x, p: F.cross_entropy(x, p, ignore_index=1), grad=False)
case("nllLoss weight size", "nllLoss", {"x": LOGITS, "t": TGT, "w": W[:3]}, [ref("x"), ref("t"), {"weight": ref("w")}],
     lambda x, t, w: F.nll_loss(x, t, weight=w), grad=False)
case("crossEntropy probs weight size", "crossEntropy", {"x": LOGITS, "p": PROBS, "w": W[:3]},
     [ref("x"), ref("p"), {"weight": ref("w")}], lambda x, p, w: F.cross_entropy(x, p, weight=w), grad=False)

# ---- binary cross entropy
P = det([3, 4], 0.43, 0.2).sigmoid()
P_EDGE = torch.tensor([[0.0, 1.0, 1e-50, 0.3], [0.5, 0.999, 0.001, 0.7]], dtype=torch.float64)
Y = det([3, 4], 0.91, 0.6).sigmoid()
Y_EDGE = torch.tensor([[0.0, 1.0, 1.0, 0.2], [1.0, 0.0, 0.5, 0.7]], dtype=torch.float64)
BW = det([4], 0.5, 0.3).abs() + 0.5
LG = det([3, 4], 0.47, 0.1, 30.0)  # includes large |x| where a naive sigmoid + log would overflow
PW = det([4], 0.8, 0.2).abs() + 0.25
for red in ["mean", "sum", "none"]:
    for use_w in [False, True]:
        opts = {"reduction": red}
        inputs = {"x": P, "y": Y}
        if use_w:
            inputs["w"] = BW
            opts["weight"] = ref("w")
        case(f"binaryCrossEntropy{' weight' if use_w else ''} {red}", "binaryCrossEntropy", inputs,
             [ref("x"), ref("y"), opts], lambda x, y, w=None, red=red: F.binary_cross_entropy(x, y, weight=w, reduction=red))
        for use_pw in [False, True]:
            o2 = dict(opts)
            i2 = {"x": LG, "y": Y, **({"w": BW} if use_w else {})}
            if use_pw:
                i2["pw"] = PW
                o2["posWeight"] = ref("pw")
            case(f"binaryCrossEntropyWithLogits{' weight' if use_w else ''}{' posWeight' if use_pw else ''} {red}",
                 "binaryCrossEntropyWithLogits", i2, [ref("x"), ref("y"), o2],
                 lambda x, y, w=None, pw=None, red=red: F.binary_cross_entropy_with_logits(x, y, weight=w, reduction=red, pos_weight=pw))
case("binaryCrossEntropy at 0 and 1: log clamped at -100, finite input gradient", "binaryCrossEntropy",
     {"x": P_EDGE, "y": Y_EDGE}, [ref("x"), ref("y"), {"reduction": "none"}],
     lambda x, y: F.binary_cross_entropy(x, y, reduction="none"))
case("binaryCrossEntropy size mismatch", "binaryCrossEntropy", {"x": P, "y": Y[:2]}, [ref("x"), ref("y")],
     lambda x, y: F.binary_cross_entropy(x, y), grad=False)
case("binaryCrossEntropy input out of [0, 1]", "binaryCrossEntropy", {"x": P + 1, "y": Y}, [ref("x"), ref("y")],
     lambda x, y: F.binary_cross_entropy(x, y), grad=False)
case("binaryCrossEntropyWithLogits size mismatch", "binaryCrossEntropyWithLogits", {"x": LG, "y": Y[:2]},
     [ref("x"), ref("y")], lambda x, y: F.binary_cross_entropy_with_logits(x, y), grad=False)

# ---- kl_div, cosine embedding, margin ranking
LOGP = det([3, 4], 0.52, 0.3).log_softmax(1)
Q = det([3, 4], 0.33, 0.8).softmax(1)
Q0 = Q.clone()
Q0[0, 1] = 0.0
for red in ["mean", "sum", "none", "batchmean"]:
    for lt in [False, True]:
        q = Q.log() if lt else Q
        case(f"klDiv {red} logTarget={lt}", "klDiv", {"x": LOGP, "q": q}, [ref("x"), ref("q"), {"reduction": red, "logTarget": lt}],
             lambda x, q, red=red, lt=lt: F.kl_div(x, q, reduction=red, log_target=lt))
    case(f"klDiv {red} zero target (input grad only)", "klDiv", {"x": LOGP, "q": Q0},
         [ref("x"), ref("q"), {"reduction": red}], lambda x, q, red=red: F.kl_div(x, q.detach(), reduction=red))

X1 = det([4, 5], 0.3, 0.1)
X2 = det([4, 5], 0.45, 0.9)
YS = torch.tensor([1.0, -1.0, -1.0, 1.0], dtype=torch.float64)
for red in ["mean", "sum", "none"]:
    for margin in [0.0, 0.3, -0.2]:
        case(f"cosineEmbeddingLoss margin={margin} {red}", "cosineEmbeddingLoss", {"a": X1, "b": X2, "y": YS},
             [ref("a"), ref("b"), ref("y"), {"margin": margin, "reduction": red}],
             lambda a, b, y, margin=margin, red=red: F.cosine_embedding_loss(a, b, y.detach(), margin=margin, reduction=red))
        case(f"marginRankingLoss margin={margin} {red}", "marginRankingLoss", {"a": X1[:, 0], "b": X2[:, 0], "y": YS},
             [ref("a"), ref("b"), ref("y"), {"margin": margin, "reduction": red}],
             lambda a, b, y, margin=margin, red=red: F.margin_ranking_loss(a, b, y.detach(), margin=margin, reduction=red))
case("cosineEmbeddingLoss unbatched", "cosineEmbeddingLoss", {"a": X1[0], "b": X2[0], "y": torch.tensor(-1.0, dtype=torch.float64)},
     [ref("a"), ref("b"), ref("y"), {"margin": 0.1}], lambda a, b, y: F.cosine_embedding_loss(a, b, y.detach(), margin=0.1))
case("cosineEmbeddingLoss 2-D target", "cosineEmbeddingLoss", {"a": X1, "b": X2, "y": YS.view(4, 1)},
     [ref("a"), ref("b"), ref("y")], lambda a, b, y: F.cosine_embedding_loss(a, b, y), grad=False)
case("cosineEmbeddingLoss 0-D target with 2-D inputs", "cosineEmbeddingLoss", {"a": X1, "b": X2, "y": YS[0]},
     [ref("a"), ref("b"), ref("y")], lambda a, b, y: F.cosine_embedding_loss(a, b, y), grad=False)
case("marginRankingLoss dims differ", "marginRankingLoss", {"a": X1, "b": X2, "y": YS},
     [ref("a"), ref("b"), ref("y")], lambda a, b, y: F.margin_ranking_loss(a, b, y), grad=False)
case("klDiv bad reduction", "klDiv", {"x": LOGP, "q": Q}, [ref("x"), ref("q"), {"reduction": "bad"}],
     lambda x, q: F.kl_div(x, q, reduction="bad"), grad=False)

exec(open(__file__.replace("nn_functional.py", "nn_functional_more.py")).read())

print(json.dumps({"cases": CASES}))
