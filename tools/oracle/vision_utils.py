"""Golden values for @kindling/vision utils (make_grid, draw_bounding_boxes) from torchvision 0.14.

Run: /usr/bin/python3 tools/oracle/vision_utils.py
Writes packages/vision/test/fixtures/vision-utils.json.
"""
import json
import os

import torch
import torchvision.utils as U

OUT = os.path.join(os.path.dirname(__file__), "../../packages/vision/test/fixtures/vision-utils.json")


def enc(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "values": t.flatten().tolist()}


torch.manual_seed(0)
batch = torch.randn(5, 1, 4, 3)
rgb = torch.rand(3, 3, 4, 5)
grids = []
for name, x, kw in [
    ("gray batch nrow=2", batch, {"nrow": 2}),
    ("gray batch normalize padValue", batch, {"nrow": 3, "padding": 1, "normalize": True, "pad_value": 0.5}),
    ("gray batch scaleEach valueRange", batch, {"normalize": True, "scale_each": True, "value_range": (-1, 1)}),
    ("rgb nrow=8 padding=0", rgb, {"padding": 0}),
    ("single image", rgb[0], {}),
]:
    grids.append({"name": name, "input": enc(x), "kwargs": kw, "output": enc(U.make_grid(x, **kw))})

img = (torch.arange(3 * 12 * 14) * 7 % 256).to(torch.uint8).view(3, 12, 14)
boxes = torch.tensor([[1, 2, 6, 8], [3.7, 0, 13, 11.2], [-2, 5, 4, 20]], dtype=torch.float)
draws = [
    {"name": "palette width 1", "image": enc(img), "boxes": enc(boxes), "kwargs": {},
     "output": enc(U.draw_bounding_boxes(img, boxes))},
    {"name": "colors width 2", "image": enc(img), "boxes": enc(boxes),
     "kwargs": {"colors": [[255, 0, 0], [0, 255, 0], [10, 20, 30]], "width": 2},
     "output": enc(U.draw_bounding_boxes(img, boxes, colors=[(255, 0, 0), (0, 255, 0), (10, 20, 30)], width=2))},
    {"name": "gray image", "image": enc(img[:1]), "boxes": enc(boxes[:2]), "kwargs": {"width": 3},
     "output": enc(U.draw_bounding_boxes(img[:1], boxes[:2], width=3))},
]
with open(OUT, "w") as f:
    json.dump({"grids": grids, "draws": draws}, f)
print("wrote", OUT)
