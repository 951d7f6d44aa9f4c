"""Golden values for the conv / pooling / normalisation layers of torch.nn, from real PyTorch.

Default initialisation under torch.manual_seed (bit-exact), BatchNorm running statistics over
several training steps (momentum 0.1 and None = cumulative average), eval mode, state-dict keys and
reprs.

Run: /usr/bin/python3 tools/oracle/nn_conv.py > packages/nn/test/fixtures/nn-conv.json
"""
import json

import torch
import torch.nn as nn


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": t.detach().flatten().tolist()}


out = {"init": [], "repr": {}, "batchnorm": []}

for name, ctor in [
    ("Conv2d(3, 4, 3)", lambda: nn.Conv2d(3, 4, 3)),
    ("Conv2d(4, 6, (3, 2), groups=2, bias=False)", lambda: nn.Conv2d(4, 6, (3, 2), groups=2, bias=False)),
    ("Conv1d(2, 3, 5)", lambda: nn.Conv1d(2, 3, 5)),
    ("ConvTranspose2d(4, 6, 3, groups=2)", lambda: nn.ConvTranspose2d(4, 6, 3, groups=2)),
]:
    torch.manual_seed(0)
    m = ctor()
    out["init"].append({"name": name, "state": {k: enc(v) for k, v in m.state_dict().items()}})

torch.manual_seed(0)
mods = {
    "conv": nn.Conv2d(3, 8, 3, stride=2, padding=1, dilation=2, groups=1, bias=False),
    "convSame": nn.Conv2d(3, 8, 3, padding="same"),
    "conv1": nn.Conv1d(2, 4, 3, groups=2),
    "convT": nn.ConvTranspose2d(4, 2, 3, stride=2, output_padding=1),
    "max": nn.MaxPool2d(2),
    "max3": nn.MaxPool2d((3, 2), stride=1, padding=1, dilation=2, ceil_mode=True),
    "max1": nn.MaxPool1d(3),
    "avg": nn.AvgPool2d(3, stride=2, padding=1),
    "aavg": nn.AdaptiveAvgPool2d((5, 7)),
    "aavgNone": nn.AdaptiveAvgPool2d((None, 7)),
    "amax": nn.AdaptiveMaxPool2d(1),
    "bn": nn.BatchNorm2d(16),
    "bn1": nn.BatchNorm1d(4, eps=1e-3, momentum=None, affine=False),
    "bnNoTrack": nn.BatchNorm1d(4, track_running_stats=False),
    "ln": nn.LayerNorm([4, 5]),
    "ln1": nn.LayerNorm(8, elementwise_affine=False),
    "gn": nn.GroupNorm(2, 6, eps=1e-3),
}
out["repr"] = {k: repr(v) for k, v in mods.items()}

# BatchNorm: three training steps then eval, momentum 0.1 and None, with and without affine.
for kind, mom, affine, shape in [("2d", 0.1, True, [4, 3, 2, 2]), ("1d", None, False, [5, 3]), ("1d", 0.3, True, [4, 3, 6])]:
    bn = (nn.BatchNorm2d if kind == "2d" else nn.BatchNorm1d)(3, momentum=mom, affine=affine)
    steps = []
    for s in range(3):
        n = 1
        for d in shape:
            n *= d
        x = (torch.arange(n, dtype=torch.float32).reshape(shape) * (0.3 + 0.1 * s) + s).sin() * (1 + s)
        y = bn(x)
        steps.append({"x": enc(x), "y": enc(y), "state": {k: enc(v) for k, v in bn.state_dict().items()}})
    bn.eval()
    xe = torch.arange(3 * 4, dtype=torch.float32).reshape([4, 3] + shape[2:][:0]).cos()
    if kind == "2d":
        xe = torch.arange(2 * 3 * 2 * 2, dtype=torch.float32).reshape(2, 3, 2, 2).cos()
    out["batchnorm"].append({"kind": kind, "momentum": mom, "affine": affine, "steps": steps, "evalX": enc(xe), "evalY": enc(bn(xe))})

# Upsample: reprs and values through F.interpolate.
x = torch.arange(12.0).reshape(1, 1, 3, 4)
out["upsample"] = [
    {"args": {"scaleFactor": 2}, "repr": repr(nn.Upsample(scale_factor=2)), "y": enc(nn.Upsample(scale_factor=2)(x))},
    {
        "args": {"scaleFactor": 2, "mode": "bilinear", "alignCorners": False},
        "repr": repr(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)),
        "y": enc(nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)(x)),
    },
    {"args": {"size": [5, 7]}, "repr": repr(nn.Upsample(size=(5, 7))), "y": enc(nn.Upsample(size=(5, 7))(x))},
    {"args": {"scaleFactor": [2, 3]}, "repr": repr(nn.Upsample(scale_factor=(2, 3))), "y": enc(nn.Upsample(scale_factor=(2, 3))(x))},
]

print(json.dumps(out))
