"""Goldens for Conv1d/Conv2d with padding_mode reflect/replicate/circular (incl. 'same'), from PyTorch.

Run: /usr/bin/python3 tools/oracle/conv_padding_modes.py > packages/nn/test/fixtures/conv-padding-modes.json
"""
import json

import torch

torch.manual_seed(0)
cases = []
for nd, mode, padding, kernel, stride, dilation in [
    (2, "reflect", 1, 3, 1, 1),
    (2, "replicate", (2, 1), (3, 2), (2, 1), 1),
    (2, "circular", "same", 3, 1, 2),
    (1, "circular", 2, 3, 1, 1),
    (1, "reflect", "same", 4, 1, 1),
]:
    cls = torch.nn.Conv2d if nd == 2 else torch.nn.Conv1d
    m = cls(2, 3, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=mode).double()
    shape = [2, 2, 7, 6] if nd == 2 else [2, 2, 9]
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    y = m(x)
    w = torch.randn(*y.shape, dtype=torch.float64)
    (y * w).sum().backward()
    cases.append({
        "nd": nd, "mode": mode, "padding": padding, "kernel": kernel, "stride": stride, "dilation": dilation,
        "repr": repr(m),
        "state": {k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in m.state_dict().items()},
        "x": {"shape": shape, "values": x.detach().flatten().tolist()},
        "w": w.flatten().tolist(), "y": {"shape": list(y.shape), "values": y.detach().flatten().tolist()},
        "gx": x.grad.flatten().tolist(), "gweight": m.weight.grad.flatten().tolist(),
    })
print(json.dumps(cases))
