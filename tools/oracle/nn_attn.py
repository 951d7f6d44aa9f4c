"""Golden values for @kindling/nn's MultiheadAttention and Transformer layers, from real PyTorch 1.13.

Run from the repository root:
  /usr/bin/python3 tools/oracle/nn_attn.py
It writes packages/nn/test/fixtures/nn-attn.json.

Every case records the module's state dict, the inputs, the outputs (and attention weights), and
the gradients of sum(out * w) (+ sum(weights * w2)) with respect to every floating input and every
parameter, in eval mode. Inputs carry requires_grad, which keeps PyTorch off its inference fast
paths (those differ: the nested-tensor encoder path zeroes padded positions). Non-finite numbers
(the -inf of float masks) are written as the strings 'inf', '-inf', 'nan' because JSON has none.
"""
import json
import math
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'nn', 'test', 'fixtures')


def num(v):
    if isinstance(v, bool):
        return v
    if math.isnan(v):
        return 'nan'
    if math.isinf(v):
        return 'inf' if v > 0 else '-inf'
    return v


def enc(t):
    return {
        'shape': list(t.shape),
        'dtype': str(t.dtype).replace('torch.', ''),
        'values': [num(v) for v in t.detach().reshape(-1).tolist()],
    }


def det(shape, scale=0.37, shift=0.0, dtype=torch.float64):
    n = 1
    for s in shape:
        n *= s
    return (torch.arange(n, dtype=torch.float64).reshape(shape) * scale + shift).sin().to(dtype)


def randomize(m, seed):
    """Non-trivial parameters (biases and norms are zeros/ones by default)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5)


def run_case(name, m, inputs, kwargs, dtype=torch.float64, seed=1):
    """inputs: list of tensors (None-free); the same tensor may appear twice (self-attention)."""
    m = m.to(dtype)
    randomize(m, seed)
    m.eval()
    ids = []
    for t in inputs:
        if id(t) not in ids:
            ids.append(id(t))
    same = [ids.index(id(t)) for t in inputs]
    leaves = [None] * len(ids)
    for t, i in zip(inputs, same):
        leaves[i] = t.detach().clone().to(dtype).requires_grad_(True)
    inputs = [leaves[i] for i in same]
    res = m(*inputs, **kwargs)
    out, weights = (res if isinstance(res, tuple) else (res, None))
    w = det(out.shape, 0.53, 0.3, dtype)
    loss = (out * w).sum()
    case = {'name': name, 'state': {k: enc(v) for k, v in m.state_dict().items()},
            'inputs': [enc(t) for t in inputs],
            'same': same,
            'masks': {k: enc(v) for k, v in kwargs.items() if isinstance(v, torch.Tensor)},
            'output': enc(out), 'lossWeight': enc(w), 'weights': None}
    if weights is not None:
        w2 = det(weights.shape, 0.71, 0.1, dtype)
        loss = loss + (weights * w2).sum()
        case['weights'] = enc(weights)
        case['lossWeight2'] = enc(w2)
    loss.backward()
    case['inputGrads'] = [enc(t.grad) for t in leaves]
    case['paramGrads'] = {k: enc(p.grad) for k, p in m.named_parameters() if p.grad is not None}
    return case


def bool_mask(shape, seed, p=0.3):
    g = torch.Generator().manual_seed(seed)
    m = torch.rand(shape, generator=g) < p
    m[..., 0] = False  # keep one key visible in every row (no all -inf rows → no NaN)
    return m


def float_mask(shape, seed, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    m = torch.randn(shape, generator=g, dtype=dtype) * 0.5
    return m.masked_fill(bool_mask(shape, seed + 100), float('-inf'))


def mha_cases():
    E, H, L, S, N = 8, 2, 3, 4, 2
    d = torch.float64
    q, k, v = det((L, N, E), 0.37), det((S, N, E), 0.29, 1.0), det((S, N, E), 0.41, 2.0)
    x = det((S, N, E), 0.31, 0.5)
    cases = []
    mk = lambda **kw: nn.MultiheadAttention(E, H, **kw)  # noqa: E731
    cases.append(run_case('self', mk(), [x, x, x], {}))
    cases.append(run_case('cross', mk(), [q, k, v], {}))
    cases.append(run_case('key is value', mk(), [q, k, k], {}))
    cases.append(run_case('attn bool 2d', mk(), [q, k, v], {'attn_mask': bool_mask((L, S), 1)}))
    cases.append(run_case('attn float 2d', mk(), [q, k, v], {'attn_mask': float_mask((L, S), 2)}))
    cases.append(run_case('attn bool 3d', mk(), [q, k, v], {'attn_mask': bool_mask((N * H, L, S), 3)}))
    cases.append(run_case('attn float 3d', mk(), [q, k, v], {'attn_mask': float_mask((N * H, L, S), 4)}))
    cases.append(run_case('kpm bool', mk(), [q, k, v], {'key_padding_mask': bool_mask((N, S), 5, 0.5)}))
    cases.append(run_case('kpm float', mk(), [q, k, v], {'key_padding_mask': float_mask((N, S), 6)}))
    cases.append(run_case('attn bool + kpm bool', mk(), [q, k, v],
                          {'attn_mask': bool_mask((L, S), 7), 'key_padding_mask': bool_mask((N, S), 8, 0.4)}))
    cases.append(run_case('attn float + kpm bool', mk(), [q, k, v],
                          {'attn_mask': float_mask((L, S), 9), 'key_padding_mask': bool_mask((N, S), 10, 0.4)}))
    cases.append(run_case('attn bool + kpm float', mk(), [q, k, v],
                          {'attn_mask': bool_mask((L, S), 11),
                           'key_padding_mask': torch.zeros(N, S).masked_fill(bool_mask((N, S), 12, 0.4), -math.inf)}))
    cases.append(run_case('unbatched', mk(), [q[:, 0], k[:, 0], v[:, 0]],
                          {'attn_mask': float_mask((H, L, S), 13), 'key_padding_mask': bool_mask((S,), 14)}))
    cases.append(run_case('unbatched 2d mask', mk(), [q[:, 1], k[:, 1], v[:, 1]],
                          {'attn_mask': bool_mask((L, S), 15)}))
    qb, kb, vb = q.transpose(0, 1).contiguous(), k.transpose(0, 1).contiguous(), v.transpose(0, 1).contiguous()
    cases.append(run_case('batch first', mk(batch_first=True), [qb, kb, vb],
                          {'key_padding_mask': bool_mask((N, S), 16, 0.4)}))
    cases.append(run_case('kdim vdim', mk(kdim=5, vdim=6), [q, det((S, N, 5), 0.23), det((S, N, 6), 0.19, 1.0)],
                          {'attn_mask': bool_mask((L, S), 17)}))
    cases.append(run_case('no bias', mk(bias=False), [q, k, v], {}))
    cases.append(run_case('per-head weights', mk(), [q, k, v],
                          {'average_attn_weights': False, 'attn_mask': float_mask((L, S), 18)}))
    cases.append(run_case('no weights', mk(), [q, k, v], {'need_weights': False}))
    cases.append(run_case('bias kv + zero attn', mk(add_bias_kv=True, add_zero_attn=True), [q, k, v],
                          {'attn_mask': bool_mask((L, S), 19), 'key_padding_mask': bool_mask((N, S), 20, 0.4)}))
    cases.append(run_case('float32', mk(), [q.float(), k.float(), v.float()],
                          {'attn_mask': float_mask((L, S), 21, torch.float32)}, dtype=torch.float32))
    assert all(c['inputs'][0]['dtype'] in ('float64', 'float32') for c in cases) and d
    return cases


def transformer_cases():
    E, H, F, L, S, N = 8, 2, 16, 3, 4, 2
    src, tgt = det((S, N, E), 0.37), det((L, N, E), 0.29, 1.0)
    sq = nn.Transformer.generate_square_subsequent_mask
    cases = []
    enc_l = lambda **kw: nn.TransformerEncoderLayer(E, H, F, dropout=0.1, **kw)  # noqa: E731
    dec_l = lambda **kw: nn.TransformerDecoderLayer(E, H, F, dropout=0.1, **kw)  # noqa: E731
    cases.append(run_case('encoder layer', enc_l(), [src],
                          {'src_mask': sq(S).double(), 'src_key_padding_mask': bool_mask((N, S), 1, 0.4)}))
    cases.append(run_case('encoder layer gelu norm first batch first', enc_l(activation='gelu', norm_first=True,
                          batch_first=True), [src.transpose(0, 1).contiguous()],
                          {'src_key_padding_mask': bool_mask((N, S), 2, 0.4)}))
    cases.append(run_case('encoder layer unbatched', enc_l(), [src[:, 0]], {'src_mask': bool_mask((S, S), 3)}))
    cases.append(run_case('encoder', nn.TransformerEncoder(enc_l(), 2, nn.LayerNorm(E)), [src],
                          {'mask': float_mask((S, S), 4), 'src_key_padding_mask': bool_mask((N, S), 5, 0.4)}))
    cases.append(run_case('encoder no norm', nn.TransformerEncoder(enc_l(norm_first=True), 2), [src], {}))
    cases.append(run_case('decoder layer', dec_l(), [tgt, src],
                          {'tgt_mask': sq(L).double(), 'memory_mask': bool_mask((L, S), 6),
                           'tgt_key_padding_mask': bool_mask((N, L), 7, 0.4),
                           'memory_key_padding_mask': bool_mask((N, S), 8, 0.4)}))
    cases.append(run_case('decoder layer gelu norm first', dec_l(activation='gelu', norm_first=True), [tgt, src],
                          {'tgt_mask': sq(L).double()}))
    cases.append(run_case('decoder', nn.TransformerDecoder(dec_l(batch_first=True), 2, nn.LayerNorm(E)),
                          [tgt.transpose(0, 1).contiguous(), src.transpose(0, 1).contiguous()],
                          {'tgt_mask': sq(L).double(), 'memory_key_padding_mask': bool_mask((N, S), 9, 0.4)}))
    cases.append(run_case('transformer', nn.Transformer(E, H, 2, 1, F, dropout=0.1), [src, tgt],
                          {'tgt_mask': sq(L).double(), 'src_key_padding_mask': bool_mask((N, S), 10, 0.4),
                           'memory_key_padding_mask': bool_mask((N, S), 10, 0.4)}))
    return cases


def train_cases():
    """Training mode: dropout masks drawn after manual_seed(7), in PyTorch's order (attention
    weights, dropout1, the feed-forward dropout, dropout2); float32, where Kindling's dropout is
    bit-exact."""
    out = []
    for name, m, inputs in [
        ('encoder layer', nn.TransformerEncoderLayer(8, 2, 16, dropout=0.3), [det((4, 2, 8), 0.37, 0.0, torch.float32)]),
        ('decoder layer norm first', nn.TransformerDecoderLayer(8, 2, 16, dropout=0.3, norm_first=True),
         [det((3, 2, 8), 0.29, 1.0, torch.float32), det((4, 2, 8), 0.37, 0.0, torch.float32)]),
    ]:
        randomize(m, 3)
        m.train()
        torch.manual_seed(7)
        y = m(*inputs)
        out.append({'name': name, 'state': {k: enc(v) for k, v in m.state_dict().items()},
                    'inputs': [enc(t) for t in inputs], 'output': enc(y)})
    torch.manual_seed(7)
    mha = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = det((5, 1, 8), 0.3, 0.0, torch.float32)
    randomize(mha, 4)
    torch.manual_seed(8)
    o, w = mha(x, x, x)
    out.append({'name': 'mha weights dropout', 'state': {k: enc(v) for k, v in mha.state_dict().items()},
                'inputs': [enc(x)], 'output': enc(o), 'weights': enc(w)})
    return out


def init_cases():
    out = {}
    torch.manual_seed(0)
    out['mha_8_2'] = {k: enc(v) for k, v in nn.MultiheadAttention(8, 2).state_dict().items()}
    torch.manual_seed(1)
    m = nn.MultiheadAttention(6, 3, kdim=4, vdim=5, add_bias_kv=True)
    out['mha_6_3_kdim_vdim_biaskv'] = {k: enc(v) for k, v in m.state_dict().items()}
    torch.manual_seed(2)
    out['mha_4_1_nobias'] = {k: enc(v) for k, v in nn.MultiheadAttention(4, 1, bias=False).state_dict().items()}
    torch.manual_seed(3)
    e = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)
    out['encoder_8_2_16_x2'] = {k: enc(v) for k, v in e.state_dict().items()}
    torch.manual_seed(4)
    d = nn.TransformerDecoderLayer(8, 2, 16)
    out['decoder_layer_8_2_16'] = {k: enc(v) for k, v in d.state_dict().items()}
    torch.manual_seed(5)
    t = nn.Transformer(8, 2, 1, 2, 16)
    out['transformer_8_2_1_2_16'] = {k: enc(v) for k, v in t.state_dict().items()}
    out['after_transformer'] = enc(torch.rand(3))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    data = {
        'mha': mha_cases(),
        'transformer': transformer_cases(),
        'init': init_cases(),
        'train': train_cases(),
        'repr': {
            'decoder': repr(nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 1)),
            'mha_kdim': repr(nn.MultiheadAttention(8, 2, kdim=4, vdim=4)),
        },
        'squareMask': enc(nn.Transformer.generate_square_subsequent_mask(4)),
    }
    path = os.path.join(OUT, 'nn-attn.json')
    with open(path, 'w') as f:
        json.dump(data, f, allow_nan=False)
    print('wrote', path, os.path.getsize(path), 'bytes')


if __name__ == '__main__':
    main()
