"""Golden values for @kindling/optim, from real PyTorch 1.13 (single-tensor, foreach=False paths).

Run with /usr/bin/python3 tools/oracle/optim.py; writes packages/optim/test/fixtures/optim.json.

Optimizers: two parameters (shapes [3] and [2, 2]) with fixed initial values are stepped 8 times
with fixed gradients per step (seeded randn in float64, cast to the case's dtype); after each step
the parameters are recorded. Some cases use two param groups with per-group options and a step in
which one parameter has no gradient (PyTorch skips it). Each case also records the final
state_dict (tensors as lists, `step` as a number) and is run in float64 and float32.

Schedulers: an optimizer with two param groups (lr 0.1 and 0.05) is stepped 30 times; the fixture
holds get_last_lr() after construction and after each step (and momentum/betas for OneCycleLR).
Floats are written by Python's json (shortest round-trip repr), so doubles survive exactly.
"""

import json
import math
import os

import torch
from torch.optim import lr_scheduler as S

OUT = os.path.join(os.path.dirname(__file__), "../../packages/optim/test/fixtures/optim.json")
STEPS = 8

torch.manual_seed(0)
INIT = [torch.randn(3, dtype=torch.float64), torch.randn(2, 2, dtype=torch.float64)]
GRADS = [[torch.randn(3, dtype=torch.float64), torch.randn(2, 2, dtype=torch.float64)] for _ in range(STEPS)]
# (step, param) pairs that get no gradient in cases with "skip"
SKIP = [(2, 1), (5, 0)]


def flat(t):
    return t.detach().reshape(-1).tolist()


def state_value(v):
    if isinstance(v, torch.Tensor):
        return float(v.item()) if v.dim() == 0 else flat(v)
    return v


def run_optimizer(cls, kwargs, dtype, groups, skip):
    params = [p.clone().to(dtype).requires_grad_(True) for p in INIT]
    if groups is None:
        opt = cls(params, **kwargs)
    else:
        opt = cls([dict(g, params=[params[i] for i in g["params"]]) for g in groups], **kwargs)
    traj = []
    for s in range(STEPS):
        for i, p in enumerate(params):
            p.grad = None if (skip and (s, i) in SKIP) else GRADS[s][i].to(dtype).clone()
        opt.step()
        traj.append([flat(p) for p in params])
    sd = opt.state_dict()
    state = {str(k): {n: state_value(v) for n, v in st.items()} for k, st in sd["state"].items()}
    groups_out = []
    for g in sd["param_groups"]:
        groups_out.append({k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()})
    return {"trajectory": traj, "state": state, "param_groups": groups_out}


G2 = [{"params": [0]}, {"params": [1], "lr": 0.03}]

OPTIMIZERS = {
    "SGD": (torch.optim.SGD, [
        ("plain", {"lr": 0.1}, None, False),
        ("momentum", {"lr": 0.1, "momentum": 0.9}, None, False),
        ("dampening", {"lr": 0.1, "momentum": 0.9, "dampening": 0.3}, None, False),
        ("nesterov", {"lr": 0.1, "momentum": 0.9, "nesterov": True}, None, False),
        ("weight_decay", {"lr": 0.1, "weight_decay": 0.1}, None, False),
        ("maximize", {"lr": 0.1, "momentum": 0.5, "maximize": True}, None, False),
        ("all", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.1, "momentum": 0.9}, [{"params": [0]}, {"params": [1], "lr": 0.03, "momentum": 0.5}], True),
    ]),
    "Adam": (torch.optim.Adam, [
        ("default", {}, None, False),
        ("lr", {"lr": 0.1}, None, False),
        ("betas", {"lr": 0.01, "betas": (0.8, 0.99)}, None, False),
        ("eps", {"lr": 0.01, "eps": 1e-2}, None, False),
        ("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, None, False),
        ("amsgrad", {"lr": 0.01, "amsgrad": True}, None, False),
        ("maximize", {"lr": 0.01, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.01}, [{"params": [0], "amsgrad": True}, {"params": [1], "lr": 0.03, "betas": (0.5, 0.9)}], True),
    ]),
    "AdamW": (torch.optim.AdamW, [
        ("default", {}, None, False),
        ("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, None, False),
        ("amsgrad", {"lr": 0.01, "amsgrad": True}, None, False),
        ("maximize", {"lr": 0.01, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.01}, G2, True),
    ]),
    "RMSprop": (torch.optim.RMSprop, [
        ("default", {}, None, False),
        ("alpha", {"lr": 0.01, "alpha": 0.9}, None, False),
        ("eps", {"lr": 0.01, "eps": 1e-3}, None, False),
        ("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, None, False),
        ("momentum", {"lr": 0.01, "momentum": 0.9}, None, False),
        ("centered", {"lr": 0.01, "centered": True}, None, False),
        ("centered_momentum", {"lr": 0.01, "centered": True, "momentum": 0.5}, None, False),
        ("maximize", {"lr": 0.01, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.01}, [{"params": [0]}, {"params": [1], "lr": 0.03, "momentum": 0.5}], True),
    ]),
    "Adagrad": (torch.optim.Adagrad, [
        ("default", {}, None, False),
        ("lr_decay", {"lr": 0.1, "lr_decay": 0.1}, None, False),
        ("weight_decay", {"lr": 0.1, "weight_decay": 0.1}, None, False),
        ("initial_accumulator_value", {"lr": 0.1, "initial_accumulator_value": 0.5}, None, False),
        ("eps", {"lr": 0.1, "eps": 1e-2}, None, False),
        ("maximize", {"lr": 0.1, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.1}, G2, True),
    ]),
    "Adamax": (torch.optim.Adamax, [
        ("default", {}, None, False),
        ("betas", {"lr": 0.01, "betas": (0.8, 0.99)}, None, False),
        ("eps", {"lr": 0.01, "eps": 0.5}, None, False),
        ("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, None, False),
        ("maximize", {"lr": 0.01, "maximize": True}, None, False),
        ("groups_skip", {"lr": 0.01}, G2, True),
    ]),
    "NAdam": (torch.optim.NAdam, [
        ("default", {}, None, False),
        ("betas", {"lr": 0.01, "betas": (0.8, 0.99)}, None, False),
        ("weight_decay", {"lr": 0.01, "weight_decay": 0.1}, None, False),
        ("momentum_decay", {"lr": 0.01, "momentum_decay": 0.05}, None, False),
        ("groups_skip", {"lr": 0.01}, G2, True),
    ]),
    "RAdam": (torch.optim.RAdam, [
        ("default", {}, None, False),
        ("rectified", {"lr": 0.01, "betas": (0.9, 0.9)}, None, False),
        ("weight_decay", {"lr": 0.01, "betas": (0.9, 0.9), "weight_decay": 0.1}, None, False),
        ("eps", {"lr": 0.01, "betas": (0.8, 0.8), "eps": 0.1}, None, False),
        ("groups_skip", {"lr": 0.01}, [{"params": [0]}, {"params": [1], "lr": 0.03, "betas": (0.9, 0.8)}], True),
    ]),
}


def optimizer_cases():
    out = []
    for name, (cls, cases) in OPTIMIZERS.items():
        for label, kwargs, groups, skip in cases:
            for dtype in (torch.float64, torch.float32):
                r = run_optimizer(cls, kwargs, dtype, groups, skip)
                out.append(dict(optimizer=name, label=label, kwargs={k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()},
                                groups=groups, skip=skip, dtype=str(dtype).replace("torch.", ""), **r))
    return out


def make_opt(kind="sgd"):
    p = torch.zeros(1, requires_grad=True)
    q = torch.zeros(1, requires_grad=True)
    if kind == "adam":
        return torch.optim.Adam([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1)
    return torch.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.05}], lr=0.1, momentum=0.9)


def record(opt, sched, steps=30, metrics=None, extra=None):
    lrs = [list(sched.get_last_lr()) if hasattr(sched, "get_last_lr") else [g["lr"] for g in opt.param_groups]]
    group_lrs = [[g["lr"] for g in opt.param_groups]]
    mom = [[extra(g) for g in opt.param_groups]] if extra else None
    for s in range(steps):
        opt.step()
        if metrics is not None:
            sched.step(metrics[s])
            lrs.append([g["lr"] for g in opt.param_groups])
        else:
            sched.step()
            lrs.append(list(sched.get_last_lr()))
        group_lrs.append([g["lr"] for g in opt.param_groups])
        if extra:
            mom.append([extra(g) for g in opt.param_groups])
    r = {"last_lr": lrs, "group_lr": group_lrs}
    if mom is not None:
        r["momentum"] = mom
    return r


METRICS = [1.0, 0.9, 0.91, 0.92, 0.9, 0.93, 0.95, 0.8, 0.81, 0.82, 0.83, 0.84, 0.799, 0.85, 0.86,
           0.87, 0.88, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]


def scheduler_cases():
    out = []

    def add(name, kwargs, build, kind="sgd", metrics=None, extra=None):
        opt = make_opt(kind)
        sched = build(opt)
        out.append(dict(scheduler=name, kwargs=kwargs, optimizer=kind, metrics=metrics,
                        **record(opt, sched, metrics=metrics, extra=extra)))

    def cls_kw(cls, **kw):
        return lambda opt: cls(opt, **kw)

    add("StepLR", {"stepSize": 7, "gamma": 0.5}, cls_kw(S.StepLR, step_size=7, gamma=0.5))
    add("MultiStepLR", {"milestones": [5, 12, 12, 20], "gamma": 0.3}, cls_kw(S.MultiStepLR, milestones=[5, 12, 12, 20], gamma=0.3))
    add("ExponentialLR", {"gamma": 0.9}, cls_kw(S.ExponentialLR, gamma=0.9))
    add("CosineAnnealingLR", {"TMax": 10, "etaMin": 0.001}, cls_kw(S.CosineAnnealingLR, T_max=10, eta_min=0.001))
    add("CosineAnnealingLR", {"TMax": 7}, cls_kw(S.CosineAnnealingLR, T_max=7))
    add("CosineAnnealingWarmRestarts", {"T0": 5, "TMult": 2, "etaMin": 0.01},
        cls_kw(S.CosineAnnealingWarmRestarts, T_0=5, T_mult=2, eta_min=0.01))
    add("CosineAnnealingWarmRestarts", {"T0": 4}, cls_kw(S.CosineAnnealingWarmRestarts, T_0=4))
    add("LinearLR", {"startFactor": 0.25, "totalIters": 8}, cls_kw(S.LinearLR, start_factor=0.25, total_iters=8))
    add("LinearLR", {"startFactor": 1.0, "endFactor": 0.1, "totalIters": 12},
        cls_kw(S.LinearLR, start_factor=1.0, end_factor=0.1, total_iters=12))
    add("ConstantLR", {"factor": 0.5, "totalIters": 4}, cls_kw(S.ConstantLR, factor=0.5, total_iters=4))
    add("ConstantLR", {}, cls_kw(S.ConstantLR))
    add("LambdaLR", {"lrLambda": "0.95 ** epoch"}, cls_kw(S.LambdaLR, lr_lambda=lambda e: 0.95 ** e))
    add("SequentialLR", {"schedulers": ["LinearLR(startFactor=0.1, totalIters=5)", "ExponentialLR(gamma=0.9)"], "milestones": [5]},
        lambda opt: S.SequentialLR(opt, [S.LinearLR(opt, start_factor=0.1, total_iters=5), S.ExponentialLR(opt, gamma=0.9)], milestones=[5]))
    add("SequentialLR", {"schedulers": ["ConstantLR(factor=0.5, totalIters=3)", "CosineAnnealingLR(TMax=10)", "StepLR(stepSize=3)"], "milestones": [4, 16]},
        lambda opt: S.SequentialLR(opt, [S.ConstantLR(opt, factor=0.5, total_iters=3), S.CosineAnnealingLR(opt, T_max=10), S.StepLR(opt, step_size=3)], milestones=[4, 16]))
    mom = lambda g: g["momentum"]  # noqa: E731
    beta1 = lambda g: g["betas"][0]  # noqa: E731
    add("OneCycleLR", {"maxLr": 0.1, "totalSteps": 30}, cls_kw(S.OneCycleLR, max_lr=0.1, total_steps=30), extra=mom)
    add("OneCycleLR", {"maxLr": [0.1, 0.2], "totalSteps": 30, "annealStrategy": "linear", "pctStart": 0.4},
        cls_kw(S.OneCycleLR, max_lr=[0.1, 0.2], total_steps=30, anneal_strategy="linear", pct_start=0.4), extra=mom)
    add("OneCycleLR", {"maxLr": 0.1, "epochs": 5, "stepsPerEpoch": 6, "threePhase": True, "divFactor": 10, "finalDivFactor": 100},
        cls_kw(S.OneCycleLR, max_lr=0.1, epochs=5, steps_per_epoch=6, three_phase=True, div_factor=10.0, final_div_factor=100.0), extra=mom)
    add("OneCycleLR", {"maxLr": 0.1, "totalSteps": 30}, cls_kw(S.OneCycleLR, max_lr=0.1, total_steps=30), kind="adam", extra=beta1)
    add("OneCycleLR", {"maxLr": 0.1, "totalSteps": 30, "cycleMomentum": False},
        cls_kw(S.OneCycleLR, max_lr=0.1, total_steps=30, cycle_momentum=False), extra=mom)
    add("ReduceLROnPlateau", {}, cls_kw(S.ReduceLROnPlateau), metrics=METRICS)
    add("ReduceLROnPlateau", {"patience": 2}, cls_kw(S.ReduceLROnPlateau, patience=2), metrics=METRICS)
    add("ReduceLROnPlateau", {"mode": "max", "factor": 0.5, "patience": 1, "thresholdMode": "abs", "threshold": 0.01, "cooldown": 2, "minLr": [0.02, 0.01]},
        cls_kw(S.ReduceLROnPlateau, mode="max", factor=0.5, patience=1, threshold_mode="abs", threshold=0.01, cooldown=2, min_lr=[0.02, 0.01]),
        metrics=METRICS)
    add("ReduceLROnPlateau", {"factor": 0.5, "patience": 0, "minLr": 0.01, "eps": 0.02},
        cls_kw(S.ReduceLROnPlateau, factor=0.5, patience=0, min_lr=0.01, eps=0.02), metrics=METRICS)
    return out


def errors():
    p = torch.zeros(2, requires_grad=True)
    msgs = {}

    def catch(key, fn):
        try:
            fn()
            msgs[key] = None
        except Exception as e:  # noqa: BLE001
            msgs[key] = [type(e).__name__, str(e)]

    catch("sgd_lr", lambda: torch.optim.SGD([p], lr=-1))
    catch("sgd_momentum", lambda: torch.optim.SGD([p], lr=0.1, momentum=-0.5))
    catch("sgd_nesterov", lambda: torch.optim.SGD([p], lr=0.1, nesterov=True))
    catch("adam_beta0", lambda: torch.optim.Adam([p], betas=(1.0, 0.999)))
    catch("adam_beta1", lambda: torch.optim.Adam([p], betas=(0.9, -0.1)))
    catch("adam_eps", lambda: torch.optim.Adam([p], eps=-1e-8))
    catch("adam_wd", lambda: torch.optim.Adam([p], weight_decay=-0.5))
    catch("rmsprop_alpha", lambda: torch.optim.RMSprop([p], alpha=-0.1))
    catch("adagrad_lr_decay", lambda: torch.optim.Adagrad([p], lr_decay=-0.1))
    catch("adagrad_init", lambda: torch.optim.Adagrad([p], initial_accumulator_value=-0.1))
    catch("nadam_momentum_decay", lambda: torch.optim.NAdam([p], momentum_decay=-0.1))
    catch("empty", lambda: torch.optim.SGD([], lr=0.1))
    catch("two_groups", lambda: torch.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1))
    catch("non_leaf", lambda: torch.optim.SGD([p * 2], lr=0.1))
    opt = torch.optim.SGD([p], lr=0.1)
    catch("load_groups", lambda: opt.load_state_dict({"state": {}, "param_groups": []}))
    catch("load_sizes", lambda: opt.load_state_dict({"state": {}, "param_groups": [dict(opt.state_dict()["param_groups"][0], params=[0, 1])]}))
    catch("step_missing", lambda: S.StepLR(opt))
    catch("cosine_missing", lambda: S.CosineAnnealingLR(opt))
    catch("constant_factor", lambda: S.ConstantLR(opt, factor=2.0))
    catch("linear_start", lambda: S.LinearLR(opt, start_factor=1.5))
    catch("warm_t0", lambda: S.CosineAnnealingWarmRestarts(opt, T_0=0))
    catch("warm_tmult", lambda: S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=0))
    catch("onecycle_none", lambda: S.OneCycleLR(opt, max_lr=0.1))
    catch("onecycle_anneal", lambda: S.OneCycleLR(opt, max_lr=0.1, total_steps=10, anneal_strategy="exp"))
    catch("onecycle_no_momentum", lambda: S.OneCycleLR(torch.optim.Adagrad([p]), max_lr=0.1, total_steps=10))
    catch("plateau_factor", lambda: S.ReduceLROnPlateau(opt, factor=1.0))
    catch("plateau_mode", lambda: S.ReduceLROnPlateau(opt, mode="avg"))
    catch("plateau_threshold_mode", lambda: S.ReduceLROnPlateau(opt, threshold_mode="pct"))
    catch("sequential_milestones", lambda: S.SequentialLR(opt, [S.StepLR(opt, 2), S.StepLR(opt, 3)], milestones=[]))
    catch("lambda_count", lambda: S.LambdaLR(opt, [lambda e: 1.0, lambda e: 1.0]))
    catch("resume_initial_lr", lambda: S.StepLR(torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1), 2, last_epoch=3))
    o2 = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    oc = S.OneCycleLR(o2, max_lr=0.1, total_steps=3, cycle_momentum=False)

    def overstep():
        for _ in range(4):
            oc.step()
    catch("onecycle_overstep", overstep)
    return msgs


def training():
    """A closure-driven training loop on a least-squares problem (autograd gradients, not fixed ones)."""
    torch.manual_seed(1)
    X = torch.randn(6, 3, dtype=torch.float64)
    y = torch.randn(6, dtype=torch.float64)
    out = {"X": flat(X), "y": flat(y), "runs": []}
    for name, make in [
        ("Adam", lambda ps: (torch.optim.Adam(ps, lr=0.05, amsgrad=True), None)),
        ("SGD+StepLR", lambda ps: (lambda o: (o, S.StepLR(o, step_size=4, gamma=0.5)))(
            torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True))),
        ("RMSprop+OneCycleLR", lambda ps: (lambda o: (o, S.OneCycleLR(o, max_lr=0.05, total_steps=12)))(
            torch.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True))),
    ]:
        w = torch.zeros(3, dtype=torch.float64, requires_grad=True)
        b = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt, sched = make([w, b])
        losses = []

        def closure():
            opt.zero_grad()
            loss = ((X @ w + b - y) ** 2).mean()
            loss.backward()
            return loss

        for _ in range(12):
            losses.append(opt.step(closure).item())
            if sched is not None:
                sched.step()
        out["runs"].append({"name": name, "losses": losses, "w": flat(w), "b": flat(b)})
    return out


def main():
    data = {
        "init": [flat(p) for p in INIT],
        "shapes": [list(p.shape) for p in INIT],
        "grads": [[flat(g) for g in gs] for gs in GRADS],
        "skip": SKIP,
        "optimizers": optimizer_cases(),
        "schedulers": scheduler_cases(),
        "errors": errors(),
        "training": training(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print("wrote", os.path.relpath(OUT), os.path.getsize(OUT), "bytes;", len(data["optimizers"]), "optimizer cases,",
          len(data["schedulers"]), "scheduler cases")
    for k, v in data["errors"].items():
        print(k, v)


if __name__ == "__main__":
    main()
