"""Golden values for @kindling/nn's recurrent layers (RNN, LSTM, GRU and their cells), from real PyTorch 1.13.

Run from the repository root:
  /usr/bin/python3 tools/oracle/nn_rnn.py
It writes packages/nn/test/fixtures/nn-rnn.json with:
  - layers/cells: a module's state dict, input, initial state, outputs, final states, and the gradients
    of sum(output * w) + sum(h_n * v) (+ sum(c_n * u) for LSTM) w.r.t. input, initial state and
    every parameter;
  - init: the default weights after torch.manual_seed(s) (bit-exact comparison);
  - dropout: a 2-layer training-mode forward with inter-layer dropout after torch.manual_seed(s);
  - errors: PyTorch's error messages for malformed calls.
"""
import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'nn', 'test', 'fixtures')


def flat(t):
    return t.detach().reshape(-1).tolist()


def enc(t):
    # float32 values are written in their shortest round-trip form (numpy's float32 repr): parsed and
    # rounded to float32 (Math.fround) they give back the exact bits, at about half the JSON size.
    t = t.detach()
    if t.dtype == torch.float32:
        values = [float(str(v)) for v in t.reshape(-1).numpy()]
    else:
        values = flat(t)
    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'values': values}


def det(shape, scale=0.37, shift=0.0, dtype=torch.float32):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * scale + shift).sin().to(dtype)


KINDS = {'RNN': nn.RNN, 'LSTM': nn.LSTM, 'GRU': nn.GRU,
         'RNNCell': nn.RNNCell, 'LSTMCell': nn.LSTMCell, 'GRUCell': nn.GRUCell}

# Constructor options in Kindling's camelCase, mapped to PyTorch's keywords.
PY_NAMES = {'numLayers': 'num_layers', 'batchFirst': 'batch_first', 'projSize': 'proj_size'}


def build(kind, opts):
    kw = {PY_NAMES.get(k, k): v for k, v in opts.items()}
    if 'dtype' in kw:
        kw['dtype'] = getattr(torch, kw['dtype'])
    return KINDS[kind](**kw)


def case(name, kind, opts, seq_shape, with_state, seed):
    torch.manual_seed(seed)
    m = build(kind, opts)
    dtype = m.weight_ih_l0.dtype if hasattr(m, 'weight_ih_l0') else m.weight_ih.dtype
    x = det(seq_shape, 0.41, 0.3 + seed, dtype).requires_grad_()
    lstm = kind.startswith('LSTM')
    cell = kind.endswith('Cell')
    # Shapes of the states, from a forward without them.
    with torch.no_grad():
        probe = m(x)
    if cell:
        h_probe = probe if not lstm else probe[0]
        c_probe = probe[1] if lstm else None
    else:
        h_probe = probe[1] if not lstm else probe[1][0]
        c_probe = probe[1][1] if lstm else None
    hx = None
    states = []
    if with_state:
        h0 = det(h_probe.shape, 0.29, 1.1 + seed, dtype).requires_grad_()
        states = [h0]
        if lstm:
            c0 = det(c_probe.shape, 0.53, 2.3 + seed, dtype).requires_grad_()
            states.append(c0)
            hx = (h0, c0)
        else:
            hx = h0
    out = m(x, hx)
    if cell:
        outs = list(out) if lstm else [out]
    else:
        outs = [out[0]] + (list(out[1]) if lstm else [out[1]])
    weights = [det(o.shape, 0.7, 0.5 + i) for i, o in enumerate(outs)]
    loss = sum((o * w.to(o.dtype)).sum() for o, w in zip(outs, weights))
    loss.backward()
    return {
        'name': name,
        'kind': kind,
        'options': opts,
        'state': {k: enc(v) for k, v in m.state_dict().items()},
        'input': enc(x),
        'hx': [enc(s) for s in states] if with_state else None,
        'outputs': [enc(o) for o in outs],
        'lossWeights': [enc(w) for w in weights],
        'inputGrad': enc(x.grad),
        'hxGrads': [enc(s.grad) for s in states],
        'paramGrads': {k: enc(p.grad) for k, p in m.named_parameters()},
    }


def layer_cases():
    cases = []
    T, N, I, H = 5, 2, 3, 4
    seed = 0
    for kind in ['RNN', 'LSTM', 'GRU']:
        variants = [
            ('1 layer', {}, [T, N, I], False),
            ('1 layer h0', {}, [T, N, I], True),
            ('2 layers bidirectional h0', {'numLayers': 2, 'bidirectional': True}, [T, N, I], True),
            ('2 layers bidirectional', {'numLayers': 2, 'bidirectional': True}, [T, N, I], False),
            ('batchFirst no bias h0', {'batchFirst': True, 'bias': False}, [N, T, I], True),
            ('batchFirst 2 layers', {'batchFirst': True, 'numLayers': 2}, [N, T, I], False),
            ('unbatched h0', {}, [T, I], True),
            ('unbatched bidirectional', {'bidirectional': True}, [T, I], False),
            ('unbatched batchFirst h0', {'batchFirst': True, 'numLayers': 2}, [T, I], True),
            ('float64', {'dtype': 'float64', 'numLayers': 2}, [T, N, I], True),
        ]
        if kind == 'RNN':
            variants.append(('relu 2 layers bidirectional h0',
                             {'nonlinearity': 'relu', 'numLayers': 2, 'bidirectional': True}, [T, N, I], True))
        if kind == 'LSTM':
            variants += [
                ('proj 2 layers bidirectional h0', {'projSize': 2, 'numLayers': 2, 'bidirectional': True},
                 [T, N, I], True),
                ('proj no bias unbatched', {'projSize': 3, 'bias': False}, [T, I], False),
            ]
        for label, opts, shape, with_state in variants:
            seed += 1
            cases.append(case(f'{kind} {label}', kind, {'input_size': I, 'hidden_size': H, **opts},
                              shape, with_state, seed))
    for c in cases:  # Kindling's option names
        c['options'] = {{'input_size': 'inputSize', 'hidden_size': 'hiddenSize'}.get(k, k): v
                        for k, v in c['options'].items()}
    return cases


def cell_cases():
    cases = []
    N, I, H = 3, 4, 5
    seed = 100
    for kind in ['RNNCell', 'LSTMCell', 'GRUCell']:
        variants = [
            ('batched', {}, [N, I], False),
            ('batched hx', {}, [N, I], True),
            ('no bias hx', {'bias': False}, [N, I], True),
            ('unbatched hx', {}, [I], True),
            ('unbatched', {}, [I], False),
            ('float64 hx', {'dtype': 'float64'}, [N, I], True),
        ]
        if kind == 'RNNCell':
            variants.append(('relu hx', {'nonlinearity': 'relu'}, [N, I], True))
        for label, opts, shape, with_state in variants:
            seed += 1
            c = case(f'{kind} {label}', kind, {'input_size': I, 'hidden_size': H, **opts}, shape, with_state, seed)
            c['options'] = {{'input_size': 'inputSize', 'hidden_size': 'hiddenSize'}.get(k, k): v
                            for k, v in c['options'].items()}
            cases.append(c)
    return cases


def init_cases():
    out = []
    specs = [
        ('RNN', {'input_size': 3, 'hidden_size': 4}, 0),
        ('RNN', {'input_size': 5, 'hidden_size': 7, 'num_layers': 2, 'bidirectional': True, 'bias': False}, 1),
        ('LSTM', {'input_size': 3, 'hidden_size': 4, 'num_layers': 2, 'bidirectional': True}, 0),
        ('LSTM', {'input_size': 3, 'hidden_size': 6, 'num_layers': 2, 'proj_size': 2}, 2),
        ('GRU', {'input_size': 6, 'hidden_size': 5, 'num_layers': 3}, 0),
        ('RNNCell', {'input_size': 3, 'hidden_size': 4}, 0),
        ('LSTMCell', {'input_size': 3, 'hidden_size': 4, 'bias': False}, 3),
        ('GRUCell', {'input_size': 6, 'hidden_size': 5}, 0),
    ]
    for kind, kw, seed in specs:
        torch.manual_seed(seed)
        m = KINDS[kind](**kw)
        names = {'input_size': 'inputSize', 'hidden_size': 'hiddenSize', 'num_layers': 'numLayers',
                 'proj_size': 'projSize'}
        out.append({'kind': kind, 'options': {names.get(k, k): v for k, v in kw.items()}, 'seed': seed,
                    'state': {k: enc(v) for k, v in m.state_dict().items()}})
    return out


def dropout_cases():
    out = []
    for kind in ['RNN', 'LSTM', 'GRU']:
        torch.manual_seed(5)
        m = KINDS[kind](3, 4, num_layers=3, dropout=0.4, bidirectional=True)
        state = {k: enc(v) for k, v in m.state_dict().items()}
        x = det([6, 2, 3], 0.23, 0.7)
        torch.manual_seed(11)
        y = m(x)[0]
        out.append({'kind': kind, 'state': state, 'input': enc(x), 'seed': 11, 'output': enc(y)})
    return out


def err(fn):
    try:
        fn()
    except (RuntimeError, ValueError, AssertionError) as e:
        return {'type': type(e).__name__, 'message': str(e)}
    raise SystemExit('expected an error')


def error_cases():
    rnn = nn.RNN(4, 5, 2)
    lstm = nn.LSTM(4, 5, bidirectional=True)
    lstmp = nn.LSTM(4, 5, proj_size=2)
    cell = nn.GRUCell(4, 5)
    lcell = nn.LSTMCell(4, 5)
    return {
        'input size': err(lambda: rnn(torch.zeros(3, 2, 5))),
        'input dims 4': err(lambda: rnn(torch.zeros(3, 2, 4, 1))),
        'input dims 1': err(lambda: rnn(torch.zeros(4))),
        'hidden size': err(lambda: rnn(torch.zeros(3, 2, 4), torch.zeros(2, 2, 4))),
        'hidden batch': err(lambda: rnn(torch.zeros(3, 2, 4), torch.zeros(2, 3, 5))),
        'hidden dims batched': err(lambda: rnn(torch.zeros(3, 2, 4), torch.zeros(2, 5))),
        'hidden dims unbatched': err(lambda: rnn(torch.zeros(3, 4), torch.zeros(2, 1, 5))),
        'lstm hidden0 size': err(lambda: lstm(torch.zeros(3, 2, 4), (torch.zeros(1, 2, 5), torch.zeros(2, 2, 5)))),
        'lstm hidden1 size': err(lambda: lstm(torch.zeros(3, 2, 4), (torch.zeros(2, 2, 5), torch.zeros(2, 2, 4)))),
        'lstm proj hidden0 size': err(lambda: lstmp(torch.zeros(3, 2, 4),
                                                    (torch.zeros(1, 2, 5), torch.zeros(1, 2, 5)))),
        'lstm dims batched': err(lambda: lstm(torch.zeros(3, 2, 4), (torch.zeros(2, 5), torch.zeros(2, 2, 5)))),
        'lstm dims unbatched': err(lambda: lstm(torch.zeros(3, 4), (torch.zeros(2, 5), torch.zeros(2, 1, 5)))),
        'empty sequence': err(lambda: lstm(torch.zeros(0, 2, 4))),
        'empty sequence batchFirst': err(lambda: nn.GRU(4, 5, batch_first=True)(torch.zeros(2, 0, 4))),
        'dropout range': err(lambda: nn.GRU(4, 5, dropout=1.5)),
        'proj negative': err(lambda: nn.LSTM(4, 5, proj_size=-1)),
        'proj too big': err(lambda: nn.LSTM(4, 5, proj_size=5)),
        'proj on rnn': err(lambda: nn.RNN(4, 5, proj_size=2)),
        'nonlinearity': err(lambda: nn.RNN(4, 5, nonlinearity='gelu')),
        'cell dims': err(lambda: cell(torch.zeros(2, 3, 4))),
        'lstm cell dims': err(lambda: lcell(torch.zeros(2, 3, 4))),
        'cell input size': err(lambda: cell(torch.zeros(2, 3))),
        'cell hidden batch': err(lambda: cell(torch.zeros(2, 4), torch.zeros(3, 5))),
        'cell hidden size': err(lambda: cell(torch.zeros(2, 4), torch.zeros(2, 4))),
        'lstm cell c batch': err(lambda: lcell(torch.zeros(2, 4), (torch.zeros(2, 5), torch.zeros(3, 5)))),
    }


def reprs():
    return {
        'RNN': repr(nn.RNN(3, 4)),
        'RNN relu': repr(nn.RNN(3, 4, 2, nonlinearity='relu', bias=False, batch_first=True, dropout=0.5,
                                bidirectional=True)),
        'LSTM proj': repr(nn.LSTM(3, 4, proj_size=2)),
        'GRU': repr(nn.GRU(3, 4, num_layers=2)),
        'RNNCell relu': repr(nn.RNNCell(3, 4, nonlinearity='relu')),
        'LSTMCell': repr(nn.LSTMCell(3, 4, bias=False)),
        'GRUCell': repr(nn.GRUCell(3, 4)),
    }


def main():
    fixture = {
        'layers': layer_cases(),
        'cells': cell_cases(),
        'init': init_cases(),
        'dropout': dropout_cases(),
        'errors': error_cases(),
        'reprs': reprs(),
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'nn-rnn.json'), 'w') as f:
        json.dump(fixture, f)


if __name__ == '__main__':
    main()
