"""Golden values for convolution, pooling and normalisation (forward + gradients), from real PyTorch.

Each case names a functional, its keyword arguments (camelCase, as Kindling takes them) and its
tensor inputs, built deterministically as sin(arange(n) * scale + shift) in float64. The gradient is
that of sum(out * sin(arange * 0.37 + 1)) with respect to every tensor input.

Run: /usr/bin/python3 tools/oracle/conv.py > packages/kindling/test/fixtures/conv.json
"""
import json

import torch
import torch.nn.functional as F


def det(shape, scale=0.1, shift=0.0):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * scale + shift).sin()


def snake(kw):
    return {"".join(p if i == 0 else p.capitalize() for i, p in enumerate(k.split("_"))): v for k, v in kw.items()}


cases = []


def case(fn, pyfn, inputs, kw, extra=None):
    """inputs: list of (name, shape, scale, shift) — tensor args in the functional's order."""
    ts = [det(s, sc, sh).requires_grad_() for (_, s, sc, sh) in inputs]
    out = pyfn(*ts, **kw)
    idx = None
    if isinstance(out, tuple):
        out, idx = out
    w = det(list(out.shape), 0.37, 1.0)
    (out * w).sum().backward()
    c = {
        "fn": fn,
        "kwargs": snake(kw),
        "inputs": [{"name": n, "shape": s, "scale": sc, "shift": sh} for (n, s, sc, sh) in inputs],
        "shape": list(out.shape),
        "out": out.detach().flatten().tolist(),
        "grads": [t.grad.flatten().tolist() for t in ts],
    }
    if idx is not None:
        c["indices"] = idx.flatten().tolist()
    if extra:
        c.update(extra)
    cases.append(c)


# conv2d: stride, padding (int, pair, 'same', 'valid'), dilation, groups, bias, non-square, unbatched.
for xs, ws, kw, bias in [
    ([2, 3, 7, 6], [4, 3, 3, 3], dict(padding=1), True),
    ([2, 3, 8, 7], [4, 3, 3, 2], dict(stride=2, padding=[1, 0]), True),
    ([1, 4, 9, 9], [6, 2, 3, 3], dict(groups=2, dilation=2, padding=2), True),
    ([2, 4, 6, 5], [4, 1, 3, 3], dict(groups=4, stride=[2, 1]), False),
    ([2, 3, 6, 6], [5, 3, 4, 4], dict(padding="same"), True),
    ([2, 3, 6, 7], [5, 3, 2, 3], dict(padding="same", dilation=[1, 2]), False),
    ([1, 3, 5, 5], [2, 3, 3, 3], dict(padding="valid"), True),
    ([3, 5, 5], [2, 3, 1, 1], dict(), True),
    ([2, 8, 5, 4], [6, 8, 1, 1], dict(), False),
    ([1, 2, 10, 11], [3, 2, 3, 3], dict(stride=3, padding=1, dilation=[2, 1]), True),
]:
    inputs = [("input", xs, 0.1, 0.0), ("weight", ws, 0.13, 0.5)]
    if bias:
        inputs.append(("bias", [ws[0]], 0.7, 0.2))
    case("conv2d", F.conv2d, inputs, kw)

for xs, ws, kw in [
    ([2, 3, 10], [4, 3, 3], dict(padding=1, stride=2)),
    ([2, 4, 9], [6, 2, 2], dict(groups=2, dilation=3)),
    ([3, 8], [2, 3, 4], dict(padding="same")),
]:
    case("conv1d", F.conv1d, [("input", xs, 0.1, 0.0), ("weight", ws, 0.13, 0.5), ("bias", [ws[0]], 0.7, 0.2)], kw)

for xs, ws, kw, bias in [
    ([2, 3, 4, 5], [3, 2, 3, 3], dict(), True),
    ([2, 3, 4, 4], [3, 4, 3, 2], dict(stride=2, padding=1, output_padding=1), True),
    ([1, 4, 3, 5], [4, 3, 3, 3], dict(groups=2, stride=[2, 3], dilation=2, output_padding=[1, 0]), False),
    ([2, 5, 5], [2, 3, 2, 2], dict(stride=2), True),
]:
    inputs = [("input", xs, 0.1, 0.0), ("weight", ws, 0.13, 0.5)]
    if bias:
        inputs.append(("bias", [ws[1] * kw.get("groups", 1)], 0.7, 0.2))
    case("convTranspose2d", F.conv_transpose2d, inputs, kw)

for xs, k, kw in [
    ([2, 3, 7, 6], 2, dict()),
    ([2, 2, 7, 8], 3, dict(stride=2, padding=1)),
    ([1, 2, 9, 9], [3, 2], dict(stride=[2, 3], dilation=[2, 1], padding=[1, 1])),
    ([2, 2, 7, 7], 2, dict(ceil_mode=True)),
    ([1, 2, 8, 6], 3, dict(stride=2, padding=1, ceil_mode=True)),
    ([3, 5, 5], 3, dict(stride=1)),
    ([1, 1, 5, 5], 2, dict(stride=2, padding=1, ceil_mode=True)),
]:
    case("maxPool2d", F.max_pool2d, [("input", xs, 0.7, 0.3)], dict(kernel_size=k, return_indices=True, **kw))

for xs, k, kw in [
    ([2, 3, 9], 2, dict()),
    ([2, 3, 10], 3, dict(stride=2, padding=1, dilation=1, ceil_mode=True)),
]:
    case("maxPool1d", F.max_pool1d, [("input", xs, 0.7, 0.3)], dict(kernel_size=k, return_indices=True, **kw))

# Ties (a constant image) and -inf padding: PyTorch keeps the first in-image maximum.
case("maxPool2d", F.max_pool2d, [("input", [1, 2, 5, 4], 0.0, 0.3)], dict(kernel_size=3, stride=2, padding=1, return_indices=True))
case("adaptiveMaxPool2d", F.adaptive_max_pool2d, [("input", [1, 2, 5, 4], 0.0, 0.3)], dict(output_size=[2, 3], return_indices=True))

for xs, k, kw in [
    ([2, 3, 7, 6], 2, dict()),
    ([2, 2, 7, 8], 3, dict(stride=2, padding=1)),
    ([2, 2, 7, 8], 3, dict(stride=2, padding=1, count_include_pad=False)),
    ([1, 2, 7, 7], 2, dict(ceil_mode=True)),
    ([1, 2, 8, 6], 3, dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
    ([1, 2, 8, 6], [3, 2], dict(stride=[2, 1], padding=[1, 0], ceil_mode=True)),
    ([2, 5, 5], 2, dict(divisor_override=3)),
    ([1, 1, 5, 5], 2, dict(stride=2, padding=1, ceil_mode=True)),
    ([1, 1, 5, 5], 2, dict(stride=2, padding=1, ceil_mode=True, count_include_pad=False)),
]:
    case("avgPool2d", F.avg_pool2d, [("input", xs, 0.7, 0.3)], dict(kernel_size=k, **kw))

for xs, o in [([2, 3, 7, 6], [3, 4]), ([2, 3, 5, 5], 5), ([3, 9, 8], [4, 3]), ([1, 2, 6, 7], [1, 1])]:
    case("adaptiveAvgPool2d", F.adaptive_avg_pool2d, [("input", xs, 0.7, 0.3)], dict(output_size=o))
    case("adaptiveMaxPool2d", F.adaptive_max_pool2d, [("input", xs, 0.7, 0.3)], dict(output_size=o, return_indices=True))

# batch_norm: training (running stats updated in place), eval, no affine.
for xs, training, affine, mom in [
    ([4, 3, 5, 2], True, True, 0.1),
    ([6, 3], True, False, 0.3),
    ([4, 3, 5], False, True, 0.1),
]:
    c = xs[1]
    rm = det([c], 0.3, 0.1)
    rv = det([c], 0.2, 1.0).abs() + 0.5
    inputs = [("input", xs, 0.7, 0.3)]
    if affine:
        inputs += [("weight", [c], 0.5, 1.0), ("bias", [c], 0.9, 0.4)]
    rm2, rv2 = rm.clone(), rv.clone()

    def bn(x, *wb, rm2=rm2, rv2=rv2, training=training, mom=mom):
        w, b = (wb + (None, None))[:2]
        return F.batch_norm(x, rm2, rv2, w, b, training=training, momentum=mom, eps=1e-5)

    case("batchNorm", bn, inputs, {}, None)
    cases[-1]["kwargs"] = {"training": training, "momentum": mom, "eps": 1e-5}
    cases[-1]["runningMean"] = rm.tolist()
    cases[-1]["runningVar"] = rv.tolist()
    cases[-1]["runningMeanAfter"] = rm2.tolist()
    cases[-1]["runningVarAfter"] = rv2.tolist()

for xs, ns, affine in [([2, 3, 4], [4], True), ([2, 3, 4], [3, 4], True), ([5, 6], [6], False)]:
    inputs = [("input", xs, 0.7, 0.3)]
    if affine:
        inputs += [("weight", ns, 0.5, 1.0), ("bias", ns, 0.9, 0.4)]
    case("layerNorm", lambda x, *wb, ns=ns: F.layer_norm(x, ns, *wb, eps=1e-5), inputs, {})
    cases[-1]["kwargs"] = {"normalizedShape": ns}

for xs, g, affine in [([2, 6, 3, 2], 3, True), ([3, 4, 5], 2, True), ([2, 6], 6, False)]:
    inputs = [("input", xs, 0.7, 0.3)]
    if affine:
        inputs += [("weight", [xs[1]], 0.5, 1.0), ("bias", [xs[1]], 0.9, 0.4)]
    case("groupNorm", lambda x, *wb, g=g: F.group_norm(x, g, *wb, eps=1e-5), inputs, {})
    cases[-1]["kwargs"] = {"numGroups": g}

print(json.dumps({"cases": cases}))
