"""Golden values for F.unfold / F.fold (im2col / col2im) and a conv2d built on them, from real PyTorch.

Run: /usr/bin/python3 tools/oracle/unfold.py > packages/kindling/test/fixtures/unfold.json
"""
import json

import torch
import torch.nn.functional as F


def det(shape, scale=0.1, shift=0.0):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * scale + shift).sin()


cases = []
for (shape, k, d, p, s) in [
    ([2, 3, 5, 6], 3, 1, 0, 1),
    ([1, 2, 7, 5], [2, 3], [2, 1], [1, 2], [2, 1]),
    ([2, 1, 4, 4], 2, 1, 1, 2),
    ([3, 6, 6], 3, 1, 1, 1),
]:
    x = det(shape).requires_grad_()
    u = F.unfold(x, k, dilation=d, padding=p, stride=s)
    w = det(list(u.shape), 0.37, 1.0)
    (u * w).sum().backward()
    fshape = shape[-2:]
    f = F.fold(w, fshape, k, dilation=d, padding=p, stride=s)
    cases.append({
        "input": shape, "kernel": k, "dilation": d, "padding": p, "stride": s,
        "unfoldShape": list(u.shape), "unfold": u.detach().flatten().tolist(),
        "grad": x.grad.flatten().tolist(), "foldShape": list(f.shape), "fold": f.flatten().tolist(),
    })

x = det([2, 3, 8, 7], 0.05)
wt = det([4, 3, 3, 3], 0.11, 0.5)
conv = F.conv2d(x, wt, padding=1, stride=2)
print(json.dumps({"cases": cases, "conv": {"out": conv.flatten().tolist(), "shape": list(conv.shape)}}))
