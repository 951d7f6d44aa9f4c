"""Golden values for @kindling/nn's Module system, layers, nn.init and nn.utils, from real PyTorch 1.13.

Run from the repository root:
  /usr/bin/python3 tools/oracle/nn_core.py
It writes packages/nn/test/fixtures/nn-core.json and packages/nn/test/fixtures/mlp.safetensors
(a Sequential(Linear(4, 8), ReLU(), Linear(8, 3)) state dict, laid out by tools/oracle/safetensors.py).

  /usr/bin/python3 tools/oracle/nn_core.py check FILE
loads a safetensors state dict written by Kindling into the same MLP in PyTorch and prints its
outputs on the fixture's input next to the expected ones.
"""
import json
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
import safetensors as st  # noqa: E402  (tools/oracle/safetensors.py, the hand-written writer)

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'nn', 'test', 'fixtures')


def flat(t):
    return t.detach().reshape(-1).tolist()


def enc(t):
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'values': flat(t)}


def det(shape, scale=0.37, shift=0.0, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * scale + shift).sin().to(dtype)


def init_cases():
    out = {}
    torch.manual_seed(0)
    lin = nn.Linear(4, 3)
    out['linear_4_3'] = {'weight': enc(lin.weight), 'bias': enc(lin.bias)}
    torch.manual_seed(0)
    seq = [nn.Linear(20, 7), nn.Linear(3, 5, bias=False)]
    out['linear_seq'] = [enc(p) for m in seq for p in m.parameters()]
    torch.manual_seed(1)
    bl = nn.Bilinear(2, 3, 4)
    out['bilinear_2_3_4'] = {'weight': enc(bl.weight), 'bias': enc(bl.bias)}
    torch.manual_seed(2)
    out['embedding_5_3'] = enc(nn.Embedding(5, 3).weight)
    out['embedding_10_4_pad'] = enc(nn.Embedding(10, 4, padding_idx=-2).weight)
    torch.manual_seed(3)
    i = nn.init
    out['xavier_uniform'] = enc(i.xavier_uniform_(torch.empty(5, 7), gain=2.0))
    out['xavier_normal'] = enc(i.xavier_normal_(torch.empty(4, 6, 3)))
    out['kaiming_uniform'] = enc(i.kaiming_uniform_(torch.empty(3, 5)))
    out['kaiming_normal'] = enc(i.kaiming_normal_(torch.empty(8, 4, 3), mode='fan_out', nonlinearity='relu'))
    out['uniform'] = enc(i.uniform_(torch.empty(3, 6), -2.0, 0.5))
    out['normal'] = enc(i.normal_(torch.empty(20), 1.0, 0.3))
    out['trunc_normal'] = enc(i.trunc_normal_(torch.empty(40), 0.5, 2.0, -1.0, 3.0))
    out['orthogonal_3_5'] = enc(i.orthogonal_(torch.empty(3, 5)))
    out['orthogonal_6_2_2'] = enc(i.orthogonal_(torch.empty(6, 2, 2), gain=1.5))
    out['after_all'] = enc(torch.rand(3))
    out['gains'] = [i.calculate_gain(n, p) for n, p in
                    [('linear', None), ('tanh', None), ('relu', None), ('leaky_relu', None), ('leaky_relu', 0.2),
                     ('selu', None), ('conv2d', None)]]
    out['fans'] = list(i._calculate_fan_in_and_fan_out(torch.empty(8, 4, 3, 2)))
    return out


def layer_case(name, module, inputs, grad_inputs=True):
    xs = [x.clone().requires_grad_(grad_inputs and x.is_floating_point()) for x in inputs]
    y = module(*xs)
    w = det(list(y.shape), 0.53, 0.25)
    (y * w).sum().backward()
    return {
        'name': name,
        'state': {k: enc(v) for k, v in module.state_dict().items()},
        'inputs': [enc(x) for x in inputs],
        'output': enc(y),
        'lossWeight': enc(w),
        'inputGrads': [enc(x.grad) if x.grad is not None else None for x in xs],
        'paramGrads': {k: enc(p.grad) for k, p in module.named_parameters()},
    }


def layer_cases():
    torch.manual_seed(10)
    x = det([3, 4], 0.91, 0.1) * 3
    cases = [
        layer_case('Linear(4,3)', nn.Linear(4, 3), [x]),
        layer_case('Linear(4,2,bias=False) 3d', nn.Linear(4, 2, bias=False), [det([2, 3, 4], 0.3)]),
        layer_case('Bilinear(4,2,3)', nn.Bilinear(4, 2, 3), [x, det([3, 2], 0.7)]),
        layer_case('Identity', nn.Identity(), [x]),
        layer_case('Flatten', nn.Flatten(), [det([2, 3, 2, 2])]),
        layer_case('Flatten(0,1)', nn.Flatten(0, 1), [det([2, 3, 2])]),
        layer_case('Unflatten(1,[2,3])', nn.Unflatten(1, (2, 3)), [det([2, 6, 2])]),
        layer_case('Embedding(6,3,paddingIdx=1)', nn.Embedding(6, 3, padding_idx=1),
                   [torch.tensor([[0, 1, 5], [1, 2, 2]])]),
        layer_case('Embedding(6,3,maxNorm=1)', nn.Embedding(6, 3, max_norm=1.0), [torch.tensor([4, 0, 4, 3])]),
    ]
    xa = torch.tensor([-30.0, -3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.0, 25.0, 100.0]).reshape(2, 5)
    for name, m in [('ReLU', nn.ReLU()), ('LeakyReLU(0.2)', nn.LeakyReLU(0.2)), ('GELU', nn.GELU()),
                    ("GELU('tanh')", nn.GELU('tanh')), ('SiLU', nn.SiLU()), ('Sigmoid', nn.Sigmoid()),
                    ('Tanh', nn.Tanh()), ('Softmax(1)', nn.Softmax(1)), ('LogSoftmax(0)', nn.LogSoftmax(0)),
                    ('ELU(0.5)', nn.ELU(0.5)), ('Hardtanh(-1,2)', nn.Hardtanh(-1.0, 2.0)),
                    ('Softplus(2,10)', nn.Softplus(2, 10)), ('Mish', nn.Mish())]:
        cases.append(layer_case(name, m, [xa]))
    # Hardtanh's gradient is zero at the bounds themselves.
    cases.append(layer_case('Hardtanh bounds', nn.Hardtanh(), [torch.tensor([-1.0, 1.0, 0.5, -2.0])]))
    return cases


def dropout_cases():
    out = []
    for seed, p, shape in [(0, 0.3, [4, 5]), (5, 0.5, [40]), (7, 0.9, [3, 3, 3])]:
        torch.manual_seed(seed)
        x = det(shape, 0.3, 1.0).requires_grad_()
        y = nn.Dropout(p)(x)
        y.sum().backward()
        out.append({'seed': seed, 'p': p, 'input': enc(x), 'output': enc(y), 'grad': enc(x.grad)})
    return out


def utils_cases():
    a = nn.Parameter(det([3, 4], 0.4))
    b = nn.Parameter(det([5], 0.9))
    res = {}
    for norm in [2.0, 1.0, math.inf]:
        a.grad = det([3, 4], 1.3, 0.2) * 4
        b.grad = det([5], 0.7) * 3
        total = nn.utils.clip_grad_norm_([a, b], 1.5, norm)
        res[str(norm)] = {'total': total.item(), 'a': flat(a.grad), 'b': flat(b.grad)}
    a.grad = det([3, 4], 1.3, 0.2) * 4
    nn.utils.clip_grad_value_([a], 0.75)
    res['value'] = flat(a.grad)
    return res


def mlp():
    torch.manual_seed(42)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    x = det([5, 4], 0.77, 0.3) * 2
    return model, x


def main():
    os.makedirs(OUT, exist_ok=True)
    model, x = mlp()
    with open(os.path.join(OUT, 'mlp.safetensors'), 'wb') as f:
        f.write(st.write(model.state_dict()))
    fixture = {
        'init': init_cases(),
        'layers': layer_cases(),
        'dropout': dropout_cases(),
        'utils': utils_cases(),
        'mlp': {'input': enc(x), 'output': enc(model(x)), 'keys': list(model.state_dict().keys())},
    }
    with open(os.path.join(OUT, 'nn-core.json'), 'w') as f:
        json.dump(fixture, f)


def check(path):
    model, x = mlp()
    with open(path, 'rb') as f:
        sd, _ = st.read(f.read())
    model.load_state_dict(sd)
    print(json.dumps({'output': flat(model(x))}))


if __name__ == '__main__':
    if len(sys.argv) > 2 and sys.argv[1] == 'check':
        check(sys.argv[2])
    else:
        main()
