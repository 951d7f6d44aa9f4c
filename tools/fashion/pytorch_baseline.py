"""The demo's CNN trained in real PyTorch on the same machine, for the README's comparison.

Run: /usr/bin/python3 tools/fashion/pytorch_baseline.py [epochs]   (needs Debian's dataset-fashion-mnist)
Same model, optimizer, batch size and data order logic as examples/fashion-demo.ts.
"""
import gzip
import struct
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return torch.frombuffer(bytearray(data[16:]), dtype=torch.uint8).reshape(n, 1, rows, cols)
    return torch.frombuffer(bytearray(data[8:]), dtype=torch.uint8).long()


class SimpleCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.manual_seed(0)
    xtr = (idx(f"{ROOT}/train-images-idx3-ubyte.gz").float() / 255 - 0.2860) / 0.3530
    ytr = idx(f"{ROOT}/train-labels-idx1-ubyte.gz")
    xte = (idx(f"{ROOT}/t10k-images-idx3-ubyte.gz").float() / 255 - 0.2860) / 0.3530
    yte = idx(f"{ROOT}/t10k-labels-idx1-ubyte.gz")
    model = SimpleCNN()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        t0 = time.time()
        perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            F.cross_entropy(model(xtr[b]), ytr[b]).backward()
            opt.step()
        dt = time.time() - t0
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        print(f"epoch {epoch + 1}: {dt:.1f} s, test accuracy {acc * 100:.2f}%  (torch {torch.__version__}, {torch.get_num_threads()} thread(s))")


main()
