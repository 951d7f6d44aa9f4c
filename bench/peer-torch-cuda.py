"""PyTorch on CUDA, on the workloads of bench/gpu-device.ts, for the device machine's report.

Same shapes and steps (random data: only time is compared); median of timed reps after warm-up,
each rep ending with torch.cuda.synchronize(). float32, TF32 off (Kindling computes in true float32).
Usage: python3 bench/peer-torch-cuda.py [--out FILE.json]
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = "cuda"


def timed(step, reps=15):
    for _ in range(3):
        step()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return times[len(times) // 2]


def matmul(n):
    a = torch.randn(n, n, device=dev)
    b = torch.randn(n, n, device=dev)
    return lambda: a @ b


def conv():
    x = torch.randn(32, 64, 14, 14, device=dev)
    w = torch.randn(64, 64, 3, 3, device=dev)
    return lambda: F.conv2d(x, w, padding=1)


def mlp():
    sizes = [784, 512, 256, 10]
    ws = [torch.randn(o, i, device=dev).mul_(i ** -0.5).requires_grad_() for i, o in zip(sizes, sizes[1:])]
    bs = [torch.zeros(o, device=dev, requires_grad=True) for o in sizes[1:]]
    x = torch.randn(128, 784, device=dev)
    y = torch.randint(0, 10, (128,), device=dev)

    def step():
        h = x
        for l, (w, b) in enumerate(zip(ws, bs)):
            h = F.linear(h, w, b)
            if l < len(ws) - 1:
                h = h.relu()
        loss = F.cross_entropy(h, y)
        loss.backward()
        with torch.no_grad():
            for p in ws + bs:
                p.sub_(p.grad, alpha=0.01)
                p.grad = None

    return step


def cnn():
    shapes = [(32, 1, 3, 3), (32,), (64, 32, 3, 3), (64,), (128, 1600), (128,), (10, 128), (10,)]
    p = [torch.randn(*s, device=dev).mul_(0.05).requires_grad_() for s in shapes]
    x = torch.randn(64, 1, 28, 28, device=dev)
    y = torch.randint(0, 10, (64,), device=dev)

    def step():
        h = F.max_pool2d(F.conv2d(x, p[0], p[1]).relu(), 2)
        h = F.max_pool2d(F.conv2d(h, p[2], p[3]).relu(), 2)
        h = F.linear(h.reshape(64, -1), p[4], p[5]).relu()
        loss = F.cross_entropy(F.linear(h, p[6], p[7]), y)
        loss.backward()
        with torch.no_grad():
            for t in p:
                t.sub_(t.grad, alpha=0.01)
                t.grad = None

    return step


rows = {}
for name, make in [("matmul 256", lambda: matmul(256)), ("matmul 512", lambda: matmul(512)),
                   ("matmul 1024", lambda: matmul(1024)), ("matmul 2048", lambda: matmul(2048)),
                   ("conv2d forward", conv), ("MLP step", mlp), ("CNN step", cnn)]:
    rows[name] = timed(make())
    print(name, f"{rows[name]:.4f} ms", flush=True)
result = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0), "median_ms": rows}
if "--out" in sys.argv:
    with open(sys.argv[sys.argv.index("--out") + 1], "w") as f:
        json.dump(result, f, indent=2)
print(json.dumps(result))
