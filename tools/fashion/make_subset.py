"""Writes the demo's embedded Fashion-MNIST subset from the real data (Debian's dataset-fashion-mnist).

Run: /usr/bin/python3 tools/fashion/make_subset.py
Output: examples/fashion/data/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz — the first 5,000
training and 1,000 test images, in the original IDX format (so the same reader loads both).
"""
import gzip
import os
import struct

SRC = "/usr/share/datasets/fashion-mnist"
DST = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "fashion", "data")
COUNTS = {"train": 5000, "t10k": 1000}


def subset(prefix, n):
    for kind, magic in (("images-idx3", 2051), ("labels-idx1", 2049)):
        name = f"{prefix}-{kind}-ubyte.gz"
        with gzip.open(os.path.join(SRC, name), "rb") as f:
            data = f.read()
        got_magic, total = struct.unpack(">II", data[:8])
        assert got_magic == magic and total >= n, name
        if magic == 2051:
            rows, cols = struct.unpack(">II", data[8:16])
            out = struct.pack(">IIII", magic, n, rows, cols) + data[16:16 + n * rows * cols]
        else:
            out = struct.pack(">II", magic, n) + data[8:8 + n]
        # mtime=0 keeps the files byte-for-byte reproducible.
        with open(os.path.join(DST, name), "wb") as f:
            f.write(gzip.compress(out, compresslevel=9, mtime=0))


os.makedirs(DST, exist_ok=True)
for prefix, n in COUNTS.items():
    subset(prefix, n)
print("wrote", sorted(os.listdir(DST)))
