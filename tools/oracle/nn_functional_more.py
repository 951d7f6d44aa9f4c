# Part two of tools/oracle/nn_functional.py (executed inside it): pad, interpolate, one_hot,
# distances, linear/bilinear/embedding, dropout and scaled dot-product attention.
# ruff: noqa: F821 - names come from nn_functional.py

# ---- pad
PX3 = det([2, 3, 5], 0.31, 0.2)
PX4 = det([1, 2, 4, 5], 0.27, 0.4)
PX5 = det([1, 1, 3, 3, 4], 0.21, 0.6)
for mode in ["constant", "reflect", "replicate", "circular"]:
    for label, x, pads in (
        ("3d", PX3, [2, 1]),
        ("3d crop", PX3, [-1, 2]),
        ("2d unbatched", PX3[0], [0, 3]),
        ("4d", PX4, [1, 2, 3, 1]),
        ("4d crop", PX4, [2, -1, -1, 2]),
        ("5d", PX5, [1, 1, 2, 0, 1, 2]),
    ):
        js = [ref("x"), pads, mode]
        if mode == "constant":
            js = [ref("x"), pads, {"mode": "constant", "value": 0.75}]
        case(f"pad {mode} {label} {pads}", "pad", {"x": x}, js,
             lambda x, pads=pads, mode=mode: F.pad(x, pads, mode=mode, value=0.75 if mode == "constant" else None))
case("pad constant 1 dim of 4", "pad", {"x": PX4}, [ref("x"), [1, 2]], lambda x: F.pad(x, [1, 2]))
case("pad constant all dims", "pad", {"x": PX3}, [ref("x"), [1, 0, 0, 1, 2, 1]], lambda x: F.pad(x, [1, 0, 0, 1, 2, 1]))
for label, x, pads, mode, val in (
    ("odd length", PX3, [1], "constant", None),
    ("too long", PX3, [1, 1, 1, 1, 1, 1, 1, 1], "constant", None),
    ("reflect too large", PX3, [5, 5], "reflect", None),
    ("circular wraps twice", PX3, [6, 0], "circular", None),
    ("reflect with value", PX3, [1, 1], "reflect", 1.0),
    ("unknown mode", PX3, [1, 1], "foo", None),
    ("replicate on 4-D with one pair", PX4, [1, 1], "replicate", None),
):
    o = {"mode": mode}
    if val is not None:
        o["value"] = val
    case(f"pad error {label}", "pad", {"x": x}, [ref("x"), pads, o],
         lambda x, pads=pads, mode=mode, val=val: F.pad(x, pads, mode=mode, value=val), grad=False)

# ---- interpolate
IX3 = det([2, 2, 5], 0.37, 0.1)
IX4 = det([1, 2, 4, 5], 0.29, 0.3)
IX5 = det([1, 1, 2, 3, 4], 0.23, 0.5)
SPECS = [
    (IX3, "nearest", {"size": 8}), (IX3, "nearest", {"size": 3}), (IX3, "nearest", {"scaleFactor": 1.7}),
    (IX3, "nearest", {"scaleFactor": 2}), (IX3, "nearest", {"scaleFactor": 0.6}),
    (IX3, "nearest-exact", {"size": 7}), (IX3, "nearest-exact", {"scaleFactor": 1.3}),
    (IX4, "nearest", {"size": [7, 3]}), (IX4, "nearest", {"scaleFactor": [1.5, 2.2]}),
    (IX4, "nearest", {"scaleFactor": 0.5}), (IX4, "nearest", {"scaleFactor": 1.7, "recomputeScaleFactor": True}),
    (IX5, "nearest", {"size": [3, 5, 6]}),
    (IX3, "linear", {"size": 9}), (IX3, "linear", {"size": 9, "alignCorners": True}), (IX3, "linear", {"scaleFactor": 2.5}),
    (IX3, "linear", {"size": 2}), (IX3, "linear", {"size": 1, "alignCorners": True}),
    (IX4, "bilinear", {"size": [7, 8]}), (IX4, "bilinear", {"size": [7, 8], "alignCorners": True}),
    (IX4, "bilinear", {"scaleFactor": 1.5}), (IX4, "bilinear", {"scaleFactor": [0.7, 1.9]}),
    (IX4, "bilinear", {"scaleFactor": 1.5, "alignCorners": True}), (IX4, "bilinear", {"size": [3, 3]}),
    (IX4, "bilinear", {"size": [4, 9]}), (IX4, "bilinear", {"scaleFactor": 1.3, "recomputeScaleFactor": True}),
    (IX5, "trilinear", {"size": [3, 4, 6]}), (IX5, "trilinear", {"scaleFactor": 1.5, "alignCorners": True}),
]
SNAKE = {"size": "size", "scaleFactor": "scale_factor", "alignCorners": "align_corners", "recomputeScaleFactor": "recompute_scale_factor"}
for x, mode, o in SPECS:
    pyk = {SNAKE[k]: (tuple(v) if isinstance(v, list) else v) for k, v in o.items()}
    for dt in (torch.float64, torch.float32):
        case(f"interpolate {mode} {json.dumps(o)} {list(x.shape)} {str(dt)[6:]}", "interpolate", {"x": x.to(dt)},
             [ref("x"), {**o, "mode": mode}], lambda x, mode=mode, pyk=pyk: F.interpolate(x, mode=mode, **pyk))
for label, x, o in (
    ("size and scale", IX4, {"size": 2, "scaleFactor": 2}),
    ("neither", IX4, {}),
    ("size length", IX4, {"size": [2]}),
    ("scale length", IX4, {"scaleFactor": [2, 2, 2]}),
    ("alignCorners with nearest", IX4, {"size": 2, "alignCorners": True}),
    ("bilinear on 3-D", IX3, {"size": 2, "mode": "bilinear"}),
    ("linear on 4-D", IX4, {"size": 2, "mode": "linear"}),
    ("2-D input", IX4[0, 0], {"size": 2}),
    ("recompute with size", IX4, {"size": 2, "recomputeScaleFactor": True}),
):
    pyk = {SNAKE.get(k, k): v for k, v in o.items()}
    case(f"interpolate error {label}", "interpolate", {"x": x}, [ref("x"), o],
         lambda x, pyk=pyk: F.interpolate(x, **pyk), grad=False)

# ---- one_hot, normalize, cosine_similarity, pairwise_distance
for label, t, n in (("infer", long([0, 3, 1, 1]), -1), ("given", long([[0, 2], [1, 0]]), 4), ("scalar", long(2), 3)):
    case(f"oneHot {label}", "oneHot", {"t": t}, [ref("t"), n], lambda t, n=n: F.one_hot(t, n), grad=False)
for label, t, n in (("float", torch.tensor([1.0]), -1), ("negative", long([-1]), -1), ("too big", long([3]), 2),
                    ("empty infer", torch.zeros(0, dtype=torch.long), -1)):
    case(f"oneHot error {label}", "oneHot", {"t": t}, [ref("t"), n], lambda t, n=n: F.one_hot(t, n), grad=False)
case("oneHot empty with count", "oneHot", {"t": torch.zeros(0, dtype=torch.long)}, [ref("t"), 3],
     lambda t: F.one_hot(t, 3), grad=False)
NX = det([3, 4, 2], 0.41, 0.3)
for p, dim in ((2, 1), (1, -1), (3, 0)):
    case(f"normalize p={p} dim={dim}", "normalize", {"x": NX}, [ref("x"), {"p": p, "dim": dim}],
         lambda x, p=p, dim=dim: F.normalize(x, p=p, dim=dim))
case("normalize zero row", "normalize", {"x": torch.tensor([[0.0, 0.0], [3.0, 4.0]], dtype=torch.float64)}, [ref("x")],
     lambda x: F.normalize(x))
C1 = det([3, 4], 0.3, 0.1)
C2 = det([3, 4], 0.55, 0.7)
for dim in (1, 0):
    case(f"cosineSimilarity dim={dim}", "cosineSimilarity", {"a": C1, "b": C2}, [ref("a"), ref("b"), dim],
         lambda a, b, dim=dim: F.cosine_similarity(a, b, dim))
case("cosineSimilarity broadcast", "cosineSimilarity", {"a": C1, "b": C2[:1]}, [ref("a"), ref("b")],
     lambda a, b: F.cosine_similarity(a, b))
case("cosineSimilarity ints", "cosineSimilarity", {"a": long([1, 2]), "b": long([3, 4])}, [ref("a"), ref("b"), 0],
     lambda a, b: F.cosine_similarity(a, b, 0), grad=False)
for p, keep in ((2, False), (1, True), (3, False)):
    case(f"pairwiseDistance p={p} keepdim={keep}", "pairwiseDistance", {"a": C1, "b": C2},
         [ref("a"), ref("b"), {"p": p, "keepdim": keep}], lambda a, b, p=p, keep=keep: F.pairwise_distance(a, b, p=p, keepdim=keep))

# ---- linear, bilinear, embedding
LX = det([2, 3, 4], 0.3, 0.2)
LW = det([5, 4], 0.7, 0.4, 0.5)
LB = det([5], 0.9, 0.1)
case("linear with bias", "linear", {"x": LX, "w": LW, "b": LB}, [ref("x"), ref("w"), ref("b")], lambda x, w, b: F.linear(x, w, b))
case("linear no bias", "linear", {"x": LX[0, 0], "w": LW}, [ref("x"), ref("w")], lambda x, w: F.linear(x, w))
case("linear shape mismatch", "linear", {"x": LX, "w": LW[:, :3]}, [ref("x"), ref("w")], lambda x, w: F.linear(x, w), grad=False)
BW3 = det([3, 4, 2], 0.37, 0.5, 0.6)
B2 = det([2, 3, 2], 0.53, 0.3)
case("bilinear", "bilinear", {"a": LX, "b": B2, "w": BW3, "c": LB[:3]}, [ref("a"), ref("b"), ref("w"), ref("c")],
     lambda a, b, w, c: F.bilinear(a, b, w, c))
case("bilinear size mismatch", "bilinear", {"a": LX, "b": B2, "w": det([3, 3, 2])}, [ref("a"), ref("b"), ref("w")],
     lambda a, b, w: F.bilinear(a, b, w), grad=False)
EW = det([6, 3], 0.61, 0.2)
EI = long([[0, 2, 5], [2, 2, 1]])
case("embedding", "embedding", {"i": EI, "w": EW}, [ref("i"), ref("w")], lambda i, w: F.embedding(i, w))
case("embedding paddingIdx", "embedding", {"i": EI, "w": EW}, [ref("i"), ref("w"), 2], lambda i, w: F.embedding(i, w, padding_idx=2))
case("embedding negative paddingIdx", "embedding", {"i": EI, "w": EW}, [ref("i"), ref("w"), {"paddingIdx": -1}],
     lambda i, w: F.embedding(i, w, padding_idx=-1))
case("embedding maxNorm renormalises rows", "embedding", {"i": EI, "w": EW * 3}, [ref("i"), ref("w"), {"maxNorm": 1.5}],
     lambda i, w: F.embedding(i, w, max_norm=1.5))
case("embedding maxNorm normType 1", "embedding", {"i": EI, "w": EW * 3}, [ref("i"), ref("w"), {"maxNorm": 2.0, "normType": 1}],
     lambda i, w: F.embedding(i, w, max_norm=2.0, norm_type=1.0))
case("embedding float indices", "embedding", {"i": EI.float(), "w": EW}, [ref("i"), ref("w")], lambda i, w: F.embedding(i, w), grad=False)
case("embedding index out of range", "embedding", {"i": long([6]), "w": EW}, [ref("i"), ref("w")], lambda i, w: F.embedding(i, w), grad=False)

# ---- dropout (bit-exact with the seeded generator)
DX = det([4, 6], 0.3, 0.2).float()
for p in (0.3, 0.5, 0.0, 1.0):
    case(f"dropout p={p}", "dropout", {"x": DX}, [ref("x"), p], lambda x, p=p: F.dropout(x, p), seed=7)
case("dropout eval", "dropout", {"x": DX}, [ref("x"), {"p": 0.4, "training": False}], lambda x: F.dropout(x, 0.4, False), seed=7)
case("dropout float64", "dropout", {"x": DX.double()}, [ref("x"), 0.25], lambda x: F.dropout(x, 0.25), seed=3)
case("dropout bad p", "dropout", {"x": DX}, [ref("x"), 1.5], lambda x: F.dropout(x, 1.5), grad=False)
case("alphaDropout", "alphaDropout", {"x": DX}, [ref("x"), 0.2, True], lambda x: F.alpha_dropout(x, 0.2, True), seed=11)
case("alphaDropout eval default", "alphaDropout", {"x": DX}, [ref("x"), 0.2], lambda x: F.alpha_dropout(x, 0.2), seed=11)


# ---- scaled dot-product attention: PyTorch 2's documented math, evaluated with 1.13 tensors
def sdpa(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1)) if scale is None else scale
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias = attn_bias.masked_fill(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_mask + attn_bias
    attn_weight = query @ key.transpose(-2, -1) * scale_factor
    attn_weight = attn_weight + attn_bias
    attn_weight = torch.softmax(attn_weight, dim=-1)
    attn_weight = torch.dropout(attn_weight, dropout_p, train=True)
    return attn_weight @ value


QQ = det([2, 3, 4, 8], 0.31, 0.1)
KK = det([2, 3, 5, 8], 0.47, 0.6)
VV = det([2, 3, 5, 6], 0.23, 0.9)
BOOLM = torch.tensor([[True, False, True, True, False]] * 2 + [[False, True, True, False, True]] * 2)
FLOATM = det([4, 5], 0.9, 0.3, 1.0)
QKV = {"q": QQ, "k": KK, "v": VV}
case("sdpa plain", "scaledDotProductAttention", QKV, [ref("q"), ref("k"), ref("v")], lambda q, k, v: sdpa(q, k, v))
case("sdpa causal", "scaledDotProductAttention", QKV, [ref("q"), ref("k"), ref("v"), {"isCausal": True}],
     lambda q, k, v: sdpa(q, k, v, is_causal=True))
case("sdpa bool mask", "scaledDotProductAttention", {**QKV, "m": BOOLM}, [ref("q"), ref("k"), ref("v"), {"attnMask": ref("m")}],
     lambda q, k, v, m: sdpa(q, k, v, attn_mask=m))
case("sdpa float mask", "scaledDotProductAttention", {**QKV, "m": FLOATM}, [ref("q"), ref("k"), ref("v"), {"attnMask": ref("m")}],
     lambda q, k, v, m: sdpa(q, k, v, attn_mask=m))
case("sdpa scale", "scaledDotProductAttention", QKV, [ref("q"), ref("k"), ref("v"), {"scale": 0.2}],
     lambda q, k, v: sdpa(q, k, v, scale=0.2))
case("sdpa dropout", "scaledDotProductAttention", {"q": QQ.float(), "k": KK.float(), "v": VV.float()},
     [ref("q"), ref("k"), ref("v"), {"dropoutP": 0.3}], lambda q, k, v: sdpa(q, k, v, dropout_p=0.3), seed=5)
